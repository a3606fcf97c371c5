"""orjson in `regkit batch`: the same records and the same bytes as the standard library."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from regkit import _jsonfast
from regkit.batch import Options, record_json

from strategies import json_values

orjson = pytest.importorskip("orjson")


def _standard(record) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n"


@settings(max_examples=300, deadline=None)
@given(json_values(), st.text())
def test_a_record_is_written_byte_for_byte_as_the_standard_library_writes_it(value, text):
    record = {"id": value, "error": text + "\x00\x1f\u2028\ud7ff", "line": 2**70 if len(text) % 2 else 3}
    try:
        expected = _standard(record)
    except ValueError:  # NaN or an infinity: refused either way
        with pytest.raises(ValueError):
            record_json(record)
        return
    assert record_json(record) == expected


@pytest.mark.parametrize("line", [b'{"id": 1.5, "events": []}', b'{"id": "\\ud800", "events": []}',
                                  b'{"id": 123456789012345678901234567890, "events": []}', b'{"id": [1e-7], "x": 1}'])
def test_records_orjson_cannot_write_alike_are_written_by_the_standard_library(line, monkeypatch):
    from regkit.batch import encode_line
    options = Options(jurisdiction="hebei", as_of=None, default_as_of=None)
    fast = encode_line(line, 1, options)
    monkeypatch.setattr(_jsonfast, "orjson", None)
    assert encode_line(line, 1, options) == fast
