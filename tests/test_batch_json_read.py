"""Batch lines read through orjson give what the strict parse gives, or are left to it.

`_jsonfast.loads_plain` answers a value only where orjson reads the line as
`batch._parse_json` does (same values, same types, duplicate keys refused) and
otherwise NOT_SURE, so that the strict parse decides and words the error: the
checks of docs/reliability.md (duplicate keys, NaN, Infinity, too large, too deep) hold.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from regkit._jsonfast import NOT_SURE, loads_plain
from regkit.batch import Options, _parse_json, encode_line
from regkit.errors import HistoryError

from strategies import json_values

pytest.importorskip("orjson")


def _typed(value):
    """The value with every number's type and exact digits kept (1 == 1.0 == True in Python)."""
    if isinstance(value, dict):
        return {"dict": [(key, _typed(item)) for key, item in value.items()]}
    if isinstance(value, list):
        return {"list": [_typed(item) for item in value]}
    return (type(value).__name__, repr(value))


def _strict(raw: bytes):
    try:
        return _typed(_parse_json(raw.decode("utf-8")))
    except (HistoryError, UnicodeDecodeError) as exc:
        return exc


def _agrees(raw: bytes) -> bool:
    """loads_plain's value is the strict parse's, or it is NOT_SURE; whether it was sure."""
    value = loads_plain(raw)
    if value is NOT_SURE:
        return False
    assert _typed(value) == _strict(raw)
    return True


@settings(max_examples=400, deadline=None)
@given(json_values(), st.booleans(), st.sampled_from([None, 0, 2]))
def test_any_json_value_reads_as_the_strict_parse(value, ascii_only, indent):
    _agrees(json.dumps(value, ensure_ascii=ascii_only, indent=indent).encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_values(max_leaves=5), min_size=1, max_size=4),
       st.data())
def test_a_key_given_twice_is_never_read_by_orjson(mapping, data):
    text = json.dumps(mapping, ensure_ascii=False)
    key = data.draw(st.sampled_from(sorted(mapping)))
    again = json.dumps({key: data.draw(json_values(max_leaves=3))}, ensure_ascii=False)[1:-1]
    twice = text[:-1] + ", " + again + "}"
    assert loads_plain(twice.encode("utf-8")) is NOT_SURE
    assert isinstance(_strict(twice.encode("utf-8")), HistoryError)
    nested = json.dumps({"events": [{"x": 1}], "id": 0})[:-1] + ', "inner": ' + twice + "}"
    assert loads_plain(nested.encode("utf-8")) is NOT_SURE


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=40) | st.text(alphabet='{}[]":,0123456789.eE-+ ntrufalsNIy\\\u4e2d', max_size=40)
       .map(lambda t: t.encode("utf-8")))
def test_any_bytes_read_as_the_strict_parse_or_are_left_to_it(raw):
    _agrees(raw)


@pytest.mark.parametrize("raw", [
    b'{"a": 1, "a": 2}', b'{"a": {"b": 1, "b": 1}}', b'{"k:": 1, "k:": 1}', b'[NaN]', b'[Infinity]', b'[1e400]',
    b'[123456789012345678901234567890]', b'[-9223372036854775809]', b'"\\ud800"', b'"\\u003a"',
    b"[" * 300 + b"]" * 300, b'\xef\xbb\xbf{}', b'{"a": "\xff"}', b'[1,]', b'',
])
def test_what_only_the_strict_parse_may_decide(raw):
    assert loads_plain(raw) is NOT_SURE


@pytest.mark.parametrize("raw", [
    b'{"id": 7, "as_of": "2026-11-22", "events": [{"type": "catalog.change", "date": "2026-03-02", '
    b'"actor": "\xe7\x9c\x81:\xe5\xb1\x80", "subject": "a:b"}]}',
    b'[1.5, -0.0, 1e-400, 922337203685477580, -1, true, null, "x"]',
])
def test_plain_lines_are_read_by_orjson(raw):
    assert _agrees(raw)


def test_a_line_with_a_key_twice_still_gives_its_error_record():
    line = b'{"jurisdiction": "hebei", "as_of": "2026-11-22", "events": [], "events": []}'
    written, ok = encode_line(line, 3, Options(record="compact"))
    assert not ok and json.loads(written)["error"] == "[events]: duplicate key 'events'"
