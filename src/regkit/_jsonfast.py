"""JSON records of `regkit batch` written through orjson when it is installed: the same bytes.

orjson (`pip install "regkit[fast]"`) writes JSON several times faster than the standard
library. It is used only where its bytes are known to be the standard library's: orjson
writes floats in another notation (1e-07 is 1e-7 there) and NaN as null, so a record whose
`id` holds a float (the only value a user puts in a record) is written by the standard
library, as is any record orjson refuses (an integer beyond 64 bits, a lone surrogate).
Everything else regkit writes is text, whole numbers, booleans and nulls, on which the two
agree byte for byte (tests/test_jsonfast.py). Reading stays with the standard library,
whose strict parse (`batch._parse_json`: duplicate keys, NaN and nesting refused) orjson
does not match.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # the standard library alone
    orjson = None

__all__ = ["dumps_line"]


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def dumps_line(record: dict[str, Any]) -> str:
    """The record as compact, key-sorted JSON text with its newline, as json.dumps writes it
    (NaN and infinities refused with ValueError, as there)."""
    if orjson is not None and not _has_float(record.get("id")):
        try:
            return orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE).decode("utf-8")
        except TypeError:  # orjson refuses the value: the standard library writes it (or refuses it)
            pass
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n"
