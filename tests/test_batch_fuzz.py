"""Fuzzing the batch line reader: whatever the lines hold, one record per line, in order.

Each input line is an arbitrary JSON value (strings with lone surrogates, huge and
non-finite numbers, deep nesting, duplicate keys written by hand) or arbitrary bytes.
The reader must give one valid JSON record per non-blank line, numbered as the
input is, and never raise.
"""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from regkit.batch import Options
from regkit.batchfile import run_stream

_text = st.one_of(st.text(max_size=12), st.sampled_from(["\ud800", "a\udfffb", "\x1b]0;t\x07", "中文"]))
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), _text)
_json_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)), max_leaves=12)
_history_like = st.fixed_dictionaries(
    {"events": st.lists(st.dictionaries(st.sampled_from(["type", "date", "subject", "actor"]), _scalars,
                                        max_size=4), max_size=3)},
    optional={"jurisdiction": st.sampled_from(["cn", "hebei", "nowhere", 7]), "as_of": _scalars, "id": _json_values})


def _encode(value_and_ascii) -> bytes:
    """JSON text of the value: escaped (a lone surrogate as the valid JSON `\\ud800`) or raw
    UTF-8 (a lone surrogate as bytes that are not UTF-8)."""
    value, ascii_only = value_and_ascii
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def _strict(text: str):
    """JSON as the standard has it: no NaN or Infinity (Python's `json` reads them)."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


_special = st.sampled_from([b'{"id": "\\ud800", "events": []}', b'{"events": [{"type": "\\udc00"}], "id": 1}',
                            b"9" * 4400, b"[" * 5000 + b"]" * 5000, b'{"a": 1, "a": 2}', b"NaN", b"-Infinity",
                            b"1e999", b'{"events": [], "jurisdiction": "cn", "as_of": "2026-11-22", "id": 1e400}',
                            b"\xff\xfe", b"\x00", b"\r", b"  "])
_lines = st.lists(st.one_of(st.tuples(_json_values, st.booleans()).map(_encode),
                            st.tuples(_history_like, st.booleans()).map(_encode),
                            st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), _special),
                  min_size=1, max_size=8)


@given(_lines)
def test_one_record_per_line_in_order_whatever_the_lines_hold(lines):
    data = b"\n".join(lines) + b"\n"
    sink = io.BytesIO()
    summary = run_stream(io.BytesIO(data), sink, Options(default_as_of=None), workers=1, chunk_lines=3)
    expected = [n for n, line in enumerate(lines, 1) if line.strip()]
    out = sink.getvalue()
    assert out == b"" or out.endswith(b"\n")
    # split on b"\n" only: str.splitlines would also split at U+0085 or U+2028 inside a string
    records = [_strict(line.decode("utf-8")) for line in out.split(b"\n")[:-1]]
    assert [r["line"] for r in records] == expected
    assert all(("result" in r) != ("error" in r) for r in records)
    assert (summary.histories, summary.results + summary.errors) == (len(expected), len(expected))
