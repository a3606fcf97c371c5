"""The exceptions regkit raises, and only these.

Every error a caller can provoke with bad input is a :class:`RegkitError`; the
command line prints its message on one line and exits with code 2. Anything else
escaping regkit is a bug.

    RegkitError
    ├── InputError                 bad input, located: file, line, field or event
    │   ├── PackError              a rule pack breaks the pack format
    │   ├── ScheduleError          a holiday-schedule file breaks its format
    │   └── HistoryError           an event history (or one of its events) is malformed
    ├── OutputError                an output cannot be written (disk full, closed, no encoding)
    ├── LookupFailed               a name that does not exist
    │   ├── UnknownJurisdiction    no pack with that id
    │   └── UnknownArticle         no such article in a source text
    └── CalendarError              a date the calendar cannot answer for
        ├── CalendarRangeError     outside the years the calendar holds at all
        └── ProvisionalDateError   strict mode: past the last announced schedule
"""

from __future__ import annotations

import sys
from datetime import date

__all__ = [
    "CalendarError",
    "CalendarRangeError",
    "HistoryError",
    "InputError",
    "LookupFailed",
    "OutputError",
    "PackError",
    "ProvisionalDateError",
    "RegkitError",
    "ScheduleError",
    "UnknownArticle",
    "UnknownJurisdiction",
]


class RegkitError(Exception):
    """Base of every error regkit raises on purpose."""


class InputError(RegkitError, ValueError):
    """Bad input; the message names where it is (file, line, field)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.file:
            where = _printable(self.file) + (f":{self.line}" if self.line else "")
        if self.field:
            field = _printable(self.field)
            where = f"{where} [{field}]" if where else f"[{field}]"
        return f"{where}: {self.reason}" if where else self.reason


def _printable(text: str) -> str:
    """File names, keys and subjects come from users: a newline in one must not split the
    error's line, nor an escape sequence recolour or retitle the terminal."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    """A non-printable character as Python writes it in a string literal (ESC: \\x1b)."""
    return repr(char)[1:-1] if char not in "'\"" else char


class OutputError(RegkitError):
    """An output cannot be written: a full disk, a closed standard output, an encoding it lacks.

    Like bad input, this is the environment's doing, not a bug: exit code 2, one line."""


def number_too_large(exc: ValueError) -> str:
    """Python's refusal of an integer too long to read, worded for the one who wrote it."""
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    return f"a number has more than {limit:,} digits" if "digits" in str(exc) else f"a number cannot be read: {exc}"


class PackError(InputError):
    """A rule pack is malformed or refers to something that does not exist."""


class ScheduleError(InputError):
    """A holiday-schedule file is malformed or contradicts itself."""


class HistoryError(InputError):
    """A history (or one of its events) is malformed; the message names the event."""


class LookupFailed(RegkitError, LookupError):
    """A name (jurisdiction, article, rule) that does not exist."""


class UnknownJurisdiction(LookupFailed):
    """No pack has this jurisdiction id."""


class UnknownArticle(LookupFailed):
    """The source text has no such article."""


class CalendarError(RegkitError):
    """The working-day calendar cannot answer for a date."""


class CalendarRangeError(CalendarError, ValueError):
    """A date outside the years the calendar holds any data for."""

    def __init__(self, day: date, first: date, last: date) -> None:
        self.day, self.first, self.last = day, first, last
        super().__init__(
            f"{day.isoformat()} is outside the working-day calendar "
            f"({first.isoformat()} to {last.isoformat()})"
        )


class ProvisionalDateError(CalendarError):
    """Strict mode: the computation needs a year whose schedule is not announced."""

    def __init__(self, first: date, last: date, official_through: date) -> None:
        self.first, self.last, self.official_through = first, last, official_through
        super().__init__(
            f"dates {first.isoformat()} to {last.isoformat()} are past the last announced "
            f"holiday schedule (official through {official_through.isoformat()}); "
            "load the year's schedule or leave strict mode"
        )
