"""Every answer that is not a result: one JSON object, never a traceback.

`{"error": message, "error_type": kind}`, plus `field` and `line` where the message
names them: the same message the command line prints for the same input. Where the
caller asks for Chinese (`lang=zh`, or an Accept-Language of zh*), the message is the
Chinese line `--lang zh` prints; `error_type`, `field` and `line` never change.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from typing_extensions import NotRequired, TypedDict

from ..errors import InputError, LookupFailed, RegkitError

__all__ = ["ErrorBody", "error_body", "error_bytes", "localized", "of_exception", "status_of"]


class ErrorBody(TypedDict):
    """An error answer: what went wrong, in one line, and where (`field`, `line`)."""

    error: str
    error_type: str
    field: NotRequired[Optional[str]]
    line: NotRequired[Optional[int]]


def error_body(message: str, error_type: str, *, field: str | None = None,
               line: int | None = None) -> ErrorBody:
    body: ErrorBody = {"error": message, "error_type": error_type}
    if field is not None:
        body["field"] = field
    if line is not None:
        body["line"] = line
    return body


def localized(message: str, lang: str | None) -> str:
    """An English error sentence in `lang` (None: as it is), from the error templates."""
    if lang in (None, "en"):
        return message
    from ..i18n import translator
    from ..i18n.error_texts import translate_error
    return translate_error(translator(lang), message)


def of_exception(exc: BaseException, lang: str | None = None) -> ErrorBody:
    """The error answer for an exception: a regkit error says what and where (in `lang`);
    anything else is a bug, reported in one line (in English: it is for the maintainers)."""
    if isinstance(exc, RegkitError):
        message = str(exc)
        if lang not in (None, "en"):
            from ..i18n.error_texts import error_line
            message = error_line(exc, lang)
        if isinstance(exc, InputError):
            return error_body(message, type(exc).__name__, field=exc.field, line=exc.line)
        return error_body(message, type(exc).__name__)
    return error_body(f"internal error: {type(exc).__name__}: {exc} (please report this)", "InternalError")


def status_of(exc: BaseException, *, lookup: int = 422) -> int:
    """422 for input the service refuses; `lookup` (404 on a path naming the thing) for a name
    that does not exist; 500 for a bug."""
    if isinstance(exc, LookupFailed):
        return lookup
    if isinstance(exc, RegkitError):
        return 422
    return 500


def error_bytes(body: ErrorBody | dict[str, Any]) -> bytes:
    return (json.dumps(body, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
