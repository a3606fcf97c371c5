"""JSON records of `regkit batch` written through orjson when it is installed: the same bytes.

orjson (`pip install "regkit[fast]"`) writes JSON several times faster than the standard
library. It is used only where its bytes are known to be the standard library's: orjson
writes floats in another notation (1e-07 is 1e-7 there) and NaN as null, so a record whose
`id` holds a float (the only value a user puts in a record) is written by the standard
library, as is any record orjson refuses (an integer beyond 64 bits, a lone surrogate).
Everything else regkit writes is text, whole numbers, booleans and nulls, on which the two
agree byte for byte (tests/test_jsonfast.py).

Reading goes through orjson too, but only for a line on which it provably gives what the
strict standard parse (`batch._parse_json`) gives, and otherwise answers "not sure" so that
the strict parse decides and words the error (`loads_plain`). orjson keeps the last of two
equal keys silently, reads an integer beyond 64 bits as a float, and nests deeper than
Python's parser: a line with an escape (backslash), a run of 19 digits or many brackets is
left to the strict parse, and a duplicate key is caught by counting colons (below).
"""

from __future__ import annotations

import json
import re
from typing import Any

try:
    import orjson
except ImportError:  # the standard library alone
    orjson = None

__all__ = ["NOT_SURE", "dumps_line", "dumps_line_bytes", "loads_plain"]

#: What `loads_plain` answers when orjson's reading may differ from the strict parse.
NOT_SURE = object()
_LONG_NUMBER = re.compile(rb"[0-9]{19}")  # 18 digits always fit in 64 bits
_MAX_BRACKETS = 200  # far below the depth at which either parser gives up


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


def dumps_line_bytes(record: dict[str, Any]) -> bytes:
    """`dumps_line` as UTF-8 bytes (what a batch worker writes), without a round trip through str."""
    if orjson is not None and not _has_float(record.get("id")):
        try:
            return orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            pass
    return dumps_line(record).encode("utf-8")


def loads_plain(raw: bytes) -> Any:
    """The JSON value of `raw` as the strict parse reads it, or NOT_SURE.

    Without a backslash a string's text is its bytes, so each colon of the line is either a
    member's or inside a string, and orjson writing the value back gives one colon per member
    it kept and every colon of the strings it kept: one fewer there means a key that was given
    twice (whose member orjson dropped). Numbers of 19 digits or more are the strict parse's
    (orjson reads them as floats), as is anything orjson refuses (the strict parse words it)."""
    if orjson is None or b"\\" in raw or raw.count(b"[") + raw.count(b"{") > _MAX_BRACKETS \
            or _LONG_NUMBER.search(raw):
        return NOT_SURE
    try:
        value = orjson.loads(raw)
        if raw.count(b":") != orjson.dumps(value).count(b":"):
            return NOT_SURE
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return NOT_SURE
    return value
