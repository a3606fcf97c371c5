"""orjson in `regkit batch`: the same records and the same bytes as the standard library."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from regkit import _jsonfast
from regkit.batch import Options, evaluate_record, record_json

from strategies import json_values

orjson = pytest.importorskip("orjson")


def _standard(record) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


@settings(max_examples=300, deadline=None)
@given(json_values(), st.text())
def test_a_record_is_written_byte_for_byte_as_the_standard_library_writes_it(value, text):
    record = {"id": value, "error": text + "\x00\x1f\u2028\ud7ff", "line": 2**70 if len(text) % 2 else 3}
    assert record_json(record) == _standard(record)


@settings(max_examples=300, deadline=None)
@given(json_values())
def test_a_line_means_what_the_standard_library_reads(value):
    text = json.dumps(value)
    fast = _jsonfast.fast_loads(text.encode("utf-8"))
    if fast is not _jsonfast.MISSING:
        assert fast == json.loads(text)


@pytest.mark.parametrize("line", [b'{"events": [], "as_of": 1E400}', b'{"id": "\\ud800", "events": []}',
                                  b'\xff{}', b'{"id": NaN}', b'{"id": 123456789012345678901234567890, "events": []}',
                                  b'{"events": [', b'[1]'])
def test_lines_orjson_refuses_give_the_standard_librarys_record(line, monkeypatch):
    options = Options(jurisdiction="hebei", as_of=None, default_as_of=None)
    fast = evaluate_record(line, options)
    monkeypatch.setattr(_jsonfast, "orjson", None)
    assert evaluate_record(line, options) == fast
    assert record_json(fast[0]) == _standard(fast[0])
