"""Holiday-schedule files: one year of the State Council's announced days off and make-up workdays.

`holidays` carries the announced schedules only up to its release; each November or
December the General Office of the State Council announces the next year's
(国务院办公厅关于XXXX年部分节假日安排的通知). A schedule file lets a user add that year
without waiting for a new `holidays` release, and pins the calendar to a text they
have checked against the notice. The format (see docs/calendar.md)::

    year: 2026
    notice:
      title: 国务院办公厅关于2026年部分节假日安排的通知
      number: null                # document number, when known
      issued: 2025-11-04          # or null, when not known
      source: https://…           # optional: where the text was taken from
    days_off:                     # holidays and substituted days off (weekend days allowed)
      - {name: 元旦, from: 2026-01-01, to: 2026-01-03, days: 3}
      - 2026-04-06
    workdays:                     # weekend days that are make-up working days (调休上班)
      - 2026-01-04

For that year a day is a working day when it is (Monday to Friday and not in
`days_off`) or in `workdays`. All four keys are required (`workdays` may be `[]`),
so that a forgotten make-up Saturday is an error rather than a wrong deadline.
A year that more than one notice arranged (2020: the extension of Spring Festival)
lists them under `notices:` instead of `notice:`, in the order they were issued. A
range may carry the break's `name` and the count of days the notice states (`days`,
checked). Days of the previous December may be listed too: a notice arranges New
Year's Day across the turn of the year (the 2019 notice made 2018-12-29 a working day).
Every mistake is a `ScheduleError` naming the file, the line and the field.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ._yaml import Located, load_yaml_text, read_file
from .errors import ScheduleError

__all__ = ["Break", "Notice", "Schedule", "load_schedule", "parse_schedule"]

_TOP_KEYS = ("year", "notice", "days_off", "workdays")
_TOP_KEYS_MANY = ("year", "notices", "days_off", "workdays")
_NOTICE_KEYS = ("title", "number", "issued")
_NOTICE_OPTIONAL = ("source",)
_RANGE_KEYS = ("from", "to")
_RANGE_OPTIONAL = ("name", "days")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Notice:
    """The notice a schedule transcribes: its title, document number and issue date (None when
    not known), and where the text was taken from (a web address, or the data's origin)."""

    title: str
    number: str | None
    issued: date | None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Break:
    """A range of days off as the notice states it: its name and stated count, when given."""

    first: date
    last: date
    name: str | None = None
    days: int | None = None


@dataclass(frozen=True, slots=True)
class Schedule:
    """One year's announced schedule, validated.

    `days_off` and `workdays` are the expanded sets of single days; `notices` are all
    the notices, in the order issued (`notice` is the first); `breaks` are the listed
    ranges. Days before 1 January are in the previous December. `sha256` is the
    hash of the file's bytes (what `sha256sum FILE` prints), so a result's receipt
    names exactly the text it was computed from; `source` and `line` (of `year:`)
    locate the schedule in error messages.
    """

    year: int
    notices: tuple[Notice, ...]
    days_off: frozenset[date]
    workdays: frozenset[date]
    breaks: tuple[Break, ...] = ()
    sha256: str | None = None
    source: str | None = None
    line: int | None = None
    #: (make-up working day, the name of the break it serves) where the data says so: the
    #: library's substitutions, a holiday-cn file's names. Not read from a schedule file.
    serves: tuple[tuple[date, str], ...] = ()

    @property
    def notice(self) -> Notice:
        """The first notice (the year's ordinary notice)."""
        return self.notices[0]

    @property
    def outside_days(self) -> frozenset[date]:
        """The listed days of the previous December."""
        return frozenset(d for d in self.days_off | self.workdays if d.year != self.year)

    def is_working_day(self, day: date) -> bool:
        """The rule for a scheduled year: a weekday not off, or an announced make-up day."""
        return day in self.workdays or (day.weekday() < 5 and day not in self.days_off)


def load_schedule(path: str | Path) -> Schedule:
    """Read and validate a schedule file; raise `ScheduleError` with file and line on any mistake."""
    raw, text = read_file(path, error=ScheduleError)
    return _build(load_yaml_text(text, str(path), error=ScheduleError), hashlib.sha256(raw).hexdigest())


def parse_schedule(text: str, file: str = "<string>") -> Schedule:
    """Validate a schedule given as YAML text (same rules as `load_schedule`)."""
    located = load_yaml_text(text, file, error=ScheduleError)
    return _build(located, hashlib.sha256(text.encode("utf-8")).hexdigest())


class _Checker:
    """Validation helpers that turn a data path into file, line and field for the error."""

    def __init__(self, located: Located) -> None:
        self.located = located

    def fail(self, path: tuple[str | int, ...], message: str) -> ScheduleError:
        field = ""
        for part in path:
            field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else part)
        return ScheduleError(message, file=self.located.file, line=self.located.line_of(path),
                             field=field or None)

    def mapping(self, value: Any, path: tuple, allowed: tuple[str, ...], what: str,
                optional: tuple[str, ...] = ()) -> dict:
        """A mapping with the `allowed` keys (and maybe `optional` ones): unknown ones get a did-you-mean."""
        if not isinstance(value, dict):
            raise self.fail(path, f"{what} must be a mapping with keys {', '.join(allowed)}")
        for key in value:
            if key not in allowed and key not in optional:
                close = difflib.get_close_matches(str(key), allowed + optional, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f" (allowed: {', '.join(allowed)})"
                raise self.fail(path + (str(key),), f"unknown key {key!r}{hint}")
        for key in allowed:
            if key not in value:
                raise self.fail(path, f"{what} is missing the key {key!r}")
        return value

    def day(self, value: Any, path: tuple, year: int | None = None) -> date:
        """A YAML date (unquoted YYYY-MM-DD), inside `year` or its previous December when given."""
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.fail(path, f"expected a date written as YYYY-MM-DD (unquoted), got {value!r}")
        if year is not None and value.year != year and not (value.year == year - 1 and value.month == 12):
            raise self.fail(path, f"{value.isoformat()} is not in the schedule's year {year} "
                                  f"(nor in December {year - 1}, which a notice may arrange)")
        return value

    def notice(self, value: Any, path: tuple) -> Notice:
        raw = self.mapping(value, path, _NOTICE_KEYS, "notice", _NOTICE_OPTIONAL)
        title, number, source = raw["title"], raw["number"], raw.get("source")
        if not isinstance(title, str) or not title.strip():
            raise self.fail(path + ("title",), "the notice's title must be non-empty text")
        if number is not None and (not isinstance(number, str) or not number.strip()):
            raise self.fail(path + ("number",), "the document number must be text, or null when unknown")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            raise self.fail(path + ("source",), "the source must be text (a web address), or left out")
        issued = None if raw["issued"] is None else self.day(raw["issued"], path + ("issued",))
        return Notice(title.strip(), number.strip() if number else None, issued,
                      source.strip() if source else None)


def _build(located: Located, sha256: str) -> Schedule:
    check = _Checker(located)
    many = isinstance(located.data, dict) and "notices" in located.data and "notice" not in located.data
    top = check.mapping(located.data, (), _TOP_KEYS_MANY if many else _TOP_KEYS, "a schedule")

    year = top["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise check.fail(("year",), f"year must be a whole number such as 2027, got {year!r}")

    if many:
        if not isinstance(top["notices"], list) or not top["notices"]:
            raise check.fail(("notices",), "notices must be a non-empty list of notices, in the order issued")
        notices = tuple(check.notice(n, ("notices", i)) for i, n in enumerate(top["notices"]))
        for i in range(1, len(notices)):
            earlier, later = notices[i - 1].issued, notices[i].issued
            if earlier is not None and later is not None and later < earlier:
                raise check.fail(("notices", i, "issued"), "notices must be listed in the order issued")
    else:
        notices = (check.notice(top["notice"], ("notice",)),)

    # Each day remembers where it was first listed, so a repeat (usually a typo for
    # another day) and an off/workday contradiction can name both lines.
    off: dict[date, tuple] = {}
    breaks: list[Break] = []
    items = top["days_off"]
    if not isinstance(items, list):
        raise check.fail(("days_off",), "days_off must be a list of dates and {from:, to:} ranges")
    for i, item in enumerate(items):
        path = ("days_off", i)
        if isinstance(item, dict):
            check.mapping(item, path, _RANGE_KEYS, "a range", _RANGE_OPTIONAL)
            first = check.day(item["from"], path + ("from",), year)
            last = check.day(item["to"], path + ("to",), year)
            if last < first:
                raise check.fail(path, f"range runs backwards: from {first.isoformat()} to {last.isoformat()}")
            name, days = item.get("name"), item.get("days")
            if name is not None and (not isinstance(name, str) or not name.strip()):
                raise check.fail(path + ("name",), "a break's name must be non-empty text")
            if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
                raise check.fail(path + ("days",), f"days must be the whole number of days the notice "
                                                   f"states (共N天), got {days!r}")
            breaks.append(Break(first, last, name.strip() if name else None, days))
        else:
            first = last = check.day(item, path, year)
        for ordinal in range(first.toordinal(), last.toordinal() + 1):
            _add_once(check, off, date.fromordinal(ordinal), path, "days_off")

    work: dict[date, tuple] = {}
    items = top["workdays"]
    if not isinstance(items, list):
        raise check.fail(("workdays",), "workdays must be a list of dates (use [] when there are none)")
    for i, item in enumerate(items):
        path = ("workdays", i)
        day = check.day(item, path, year)
        if day.weekday() < 5:
            raise check.fail(path, f"{day.isoformat()} is a {_WEEKDAYS[day.weekday()]}; "
                                   "a make-up workday is a Saturday or Sunday")
        if day in off:
            raise check.fail(path, f"{day.isoformat()} is also a day off (line {located.line_of(off[day])})")
        _add_once(check, work, day, path, "workdays")

    return Schedule(year=year, notices=notices, days_off=frozenset(off), workdays=frozenset(work),
                    breaks=tuple(breaks), sha256=sha256, source=located.file, line=located.line_of(("year",)))


def _add_once(check: _Checker, seen: dict[date, tuple], day: date, path: tuple, field: str) -> None:
    if day in seen:
        raise check.fail(path, f"{day.isoformat()} is listed twice in {field} "
                               f"(also on line {check.located.line_of(seen[day])})")
    seen[day] = path
