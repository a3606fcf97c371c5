"""JSON for `regkit batch` through orjson when it is installed: the same values in, the same bytes out.

orjson (`pip install "regkit[fast]"`) parses and writes JSON several times faster than the
standard library. It is used only where its answer is known to be the standard library's:

* reading: when orjson refuses a text (a number out of its range, a lone surrogate escape,
  NaN, bad UTF-8, malformed JSON), or the text has a run of 19 digits (orjson would read an
  integer beyond 64 bits as a float, silently), the standard library reads it and words any
  error, so what a line means and every error message stay as they were;
* writing: orjson writes floats in another notation (1e-07 is 1e-7 there), so a record
  whose `id` holds a float (the only value a user puts in a record) is written by the
  standard library, as is any record orjson refuses (an integer beyond 64 bits, a lone
  surrogate). Everything else regkit writes is text, whole numbers, booleans and nulls,
  on which the two agree byte for byte (tests/test_jsonfast.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

try:
    import orjson
except ImportError:  # the standard library alone
    orjson = None

__all__ = ["MISSING", "dumps_line", "fast_loads"]

MISSING = object()  # "orjson did not read it": the caller's standard-library path decides


# digits to "0", every other byte to " ": a run of 19 digits is then a plain substring search
_DIGITS_ONLY = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_RUN = b"0" * 19
_LONG_NUMBER_TEXT = re.compile(r"[0-9]{19}")


def _long_number(text: bytes | str) -> bool:
    if isinstance(text, bytes):
        return _LONG_RUN in text.translate(_DIGITS_ONLY)
    return _LONG_NUMBER_TEXT.search(text) is not None


def fast_loads(text: bytes | str) -> Any:
    """The value of a JSON text as orjson reads it, or MISSING (no orjson, or it refused the text,
    or the text has a run of 19 digits: orjson reads an integer beyond 64 bits as a float)."""
    if orjson is None:
        return MISSING
    if _long_number(text):
        return MISSING
    try:
        return orjson.loads(text)
    except ValueError:  # JSONDecodeError, and text orjson cannot take as UTF-8
        return MISSING


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def dumps_line(record: dict[str, Any]) -> str:
    """The record as compact, key-sorted JSON text with its newline, as json.dumps writes it."""
    if orjson is not None and not _has_float(record.get("id")):
        try:
            return orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE).decode("utf-8")
        except TypeError:  # orjson refuses the value: the standard library writes it
            pass
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
