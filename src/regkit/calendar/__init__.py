"""The Chinese statutory working-day calendar, precomputed once.

A legal deadline such as "自调整、变化发生之日起10个工作日内" is counted in working days of
the national calendar: Monday to Friday, minus statutory holidays and the substituted
days off, plus the weekend days the State Council makes into working days (调休上班).
The source is `holidays.China`, which transcribes the General Office of the State
Council's yearly notices; user schedule files (`regkit.schedules`) add or override a
year. Conventions (docs/calendar.md, docs/design.md, Counting):

* `add_working_days(start, n)` is the n-th working day strictly after `start` (the
  start day is not counted); n < 0 counts back; n == 0 is `start` itself.
* `working_days_between(a, b)` counts working days in (a, b].
* natural-day, month and year periods (`add_days`, `add_months`, `add_years`) end on
  the corresponding day, or the last day of a month that has no such day.

The whole range (2001-01-01 to 31 December of the last announced year + 10) is
built into flat arrays when the calendar is made, so each query is a few list look-ups
after `date.toordinal()`, never a walk over days. Years with no announced schedule
are estimated from the law (`law.estimate_days_off`: statutory days and 补假, no make-up
workdays) and are *provisional*: `provisional_dates` names the affected dates so results
can be flagged, `provisional_range` gives where an answer can still move, and a strict
calendar refuses to answer for them.

Dates are `datetime.date`. A `datetime` is refused: reducing it to a date depends on
its time zone (an instant late on 1 October UTC is 2 October in Beijing), which is the
caller's business (the engine reduces event times in Asia/Shanghai).
"""

from __future__ import annotations

import calendar as _gregorian
import operator
import os
import warnings
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate

from .._copy import fresh
from ..errors import CalendarRangeError, ProvisionalDateError, ScheduleError
from ..schedules import Notice, Schedule, load_schedule, parse_schedule
from .law import estimate_days_off, uncertain_days

__all__ = [
    "FIRST_YEAR",
    "HORIZON_YEARS",
    "Notice",
    "Schedule",
    "ScheduleWarning",
    "WorkingDayCalendar",
    "add_days",
    "add_months",
    "add_working_days",
    "add_years",
    "default_calendar",
    "schedules_from_environment",
    "is_working_day",
    "load_schedule",
    "parse_schedule",
    "working_days_between",
]

#: The first year `holidays` checks against the State Council's notices.
FIRST_YEAR = 2001
#: How many years past the last announced one the calendar still answers (provisionally).
HORIZON_YEARS = 10


class ScheduleWarning(UserWarning):
    """A loaded schedule differs from the data the library carries for the same year."""


def _check_date(value: object, name: str = "date") -> None:
    """Refuse anything but a plain date (the fast path has already accepted `type is date`)."""
    if isinstance(value, datetime):
        raise TypeError(
            f"{name} must be a datetime.date, not a datetime ({value!r}); reduce it to the "
            "date in China Standard Time first, e.g. value.astimezone(ZoneInfo('Asia/Shanghai')).date()")
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__} ({value!r})")


def _count(n: object) -> int:
    """A whole number of days; bools and floats are refused rather than guessed at."""
    if type(n) is int:
        return n
    if isinstance(n, bool) or not hasattr(type(n), "__index__"):
        raise TypeError(f"the number of days must be an int, not {type(n).__name__} ({n!r})")
    return operator.index(n)


class WorkingDayCalendar:
    """The working-day calendar over a fixed range of years, with O(1) queries.

    `schedules` add or replace whole years (see `regkit.schedules`); each makes its
    year announced. `strict=True` makes the working-day queries raise
    `ProvisionalDateError` instead of answering when they touch a provisional date.
    """

    __slots__ = ("_base", "_size", "_is_work", "_cum", "_work", "_runs", "_prov_min", "_strict",
                 "_schedules", "_through", "_first", "_last", "_version", "_receipt", "_library_through",
                 "_differences", "_bounds")

    def __init__(self, schedules: Iterable[Schedule] = (), *, strict: bool = False) -> None:
        import holidays  # imported here: it is slow to import and only the build needs it
        from holidays.countries.china import ChinaStaticHolidays

        by_year: dict[int, Schedule] = {}
        for schedule in schedules:
            if not isinstance(schedule, Schedule):
                raise TypeError(f"schedules must be Schedule objects (see load_schedule), "
                                f"not {type(schedule).__name__}")
            if schedule.year < FIRST_YEAR:
                raise ScheduleError(f"year {schedule.year} is before the calendar's first year {FIRST_YEAR}",
                                    file=schedule.source, line=schedule.line, field="year")
            if schedule.year in by_year:
                other = by_year[schedule.year]
                where = f"{other.source}:{other.line}" if other.source else "another schedule"
                raise ScheduleError(f"a second schedule for {schedule.year} (the first is {where})",
                                    file=schedule.source, line=schedule.line, field="year")
            by_year[schedule.year] = schedule
        self._schedules = tuple(by_year[y] for y in sorted(by_year))
        self._strict = bool(strict)
        self._version = str(holidays.__version__)

        # Official through the end of the run of announced years starting at FIRST_YEAR:
        # holidays' per-year table of special days ends at its last announced year.
        library_last = max(ChinaStaticHolidays.special_public_holidays)
        self._library_through = date(library_last, 12, 31)
        announced = set(range(FIRST_YEAR, library_last + 1))
        announced.update(by_year)
        through = FIRST_YEAR - 1
        while through + 1 in announced:
            through += 1
        last_year = through + HORIZON_YEARS
        for schedule in self._schedules:  # notices come a year ahead: a far year is a typo
            if schedule.year > last_year:
                raise ScheduleError(f"year {schedule.year} is more than {HORIZON_YEARS} years past the "
                                    f"last announced year {through}",
                                    file=schedule.source, line=schedule.line, field="year")
        self._through = date(through, 12, 31)
        self._first = date(FIRST_YEAR, 1, 1)
        self._last = date(last_year, 12, 31)
        self._base = self._first.toordinal()
        self._size = self._last.toordinal() - self._base + 1

        # Day status exactly as holidays.HolidayBase.is_working_day decides it: a weekend
        # day works only if it is a make-up day, a weekday works unless it is a holiday.
        china = holidays.China(years=range(FIRST_YEAR, last_year + 1))
        days_off = set(china.keys())
        makeup = china.weekend_workdays
        is_work = bytearray(self._size)
        for i in range(self._size):
            day = date.fromordinal(self._base + i)
            is_work[i] = (day in makeup) if day.weekday() >= 5 else (day not in days_off)
        # A year without a notice: the law's estimate (equal to holidays' today, tested).
        for year in range(FIRST_YEAR, last_year + 1):
            if year not in announced:
                off = estimate_days_off(year)
                for day in _days_of(year):
                    is_work[day.toordinal() - self._base] = day.weekday() < 5 and day not in off
        library = bytes(is_work)
        self._apply(is_work, self._schedules)
        self._differences = {
            s.year: tuple(date.fromordinal(self._base + i)
                          for i in sorted({d.toordinal() - self._base for d in _days_of(s.year)} |
                                          {d.toordinal() - self._base for d in s.outside_days
                                           if d >= self._first})
                          if library[i] != is_work[i])
            for s in self._schedules if s.year <= library_last}
        self._bounds = None
        for year, days in self._differences.items():
            if days:
                warnings.warn(ScheduleWarning(
                    f"{by_year[year].source or 'a schedule'}: the {year} schedule differs from the announced data "
                    f"of holidays {self._version} on {', '.join(d.isoformat() for d in days)}; answers follow "
                    "the schedule"), stacklevel=2)

        self._is_work = is_work
        self._cum = list(accumulate(is_work))  # working days in [first, first + i]
        self._work = [date.fromordinal(self._base + i) for i in range(self._size) if is_work[i]]

        # Provisional years as merged ordinal runs; _prov_min lets every query in an
        # announced span skip the check with one comparison.
        runs: list[list[int]] = []
        for year in range(FIRST_YEAR, last_year + 1):
            if year in announced:
                continue
            lo, hi = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            if runs and runs[-1][1] + 1 == lo:
                runs[-1][1] = hi
            else:
                runs.append([lo, hi])
        self._runs = tuple((lo, hi) for lo, hi in runs)
        self._prov_min = runs[0][0] if runs else self._last.toordinal() + 1
        self._receipt = self._make_receipt()

    def _apply(self, is_work: bytearray, schedules: tuple[Schedule, ...]) -> None:
        """Set each scheduled year from its file: the whole year except the December days it does
        not list (those belong to the next year's notice), then the listed days of a previous December."""
        for schedule in schedules:
            listed = schedule.days_off | schedule.workdays
            for day in _days_of(schedule.year):
                if day.month != 12 or day in listed:
                    is_work[day.toordinal() - self._base] = schedule.is_working_day(day)
        for schedule in schedules:
            for day in schedule.outside_days:
                if day >= self._first:
                    is_work[day.toordinal() - self._base] = schedule.is_working_day(day)

    # -- properties -------------------------------------------------------------------

    @property
    def first_day(self) -> date:
        """The first day the calendar answers for (2001-01-01)."""
        return self._first

    @property
    def last_day(self) -> date:
        """The last day the calendar answers for (31 December of the last announced year + 10)."""
        return self._last

    @property
    def official_through(self) -> date:
        """The last day of the unbroken run of announced years from 2001; later days may be provisional."""
        return self._through

    def working_day_flags(self) -> tuple[date, bytes]:
        """(the first day of the range, one byte per day from it: 1 a working day, 0 a day off).

        The table every working-day answer above is read from, for a caller that counts
        over whole columns of dates at once (the columnar engine); in strict mode such a
        caller must still ask the methods, which refuse provisional dates."""
        return self._first, bytes(self._is_work)

    @property
    def first_provisional_day(self) -> date | None:
        """The first day of a year without an announced schedule (None: there is none in range).

        Any span that ends before it is official, which lets a caller skip
        `provisional_dates` in the common case."""
        if self._prov_min > self._last.toordinal():
            return None
        return date.fromordinal(self._prov_min)

    @property
    def holidays_version(self) -> str:
        """The installed `holidays` release the calendar was built from."""
        return self._version

    @property
    def library_through(self) -> date:
        """31 December of the last year the installed `holidays` carries as announced."""
        return self._library_through

    def differences(self) -> dict[int, tuple[date, ...]]:
        """For each loaded schedule of a year the library also carries: the days whose status
        differs from the library's (answers follow the schedule)."""
        return dict(self._differences)

    @property
    def strict(self) -> bool:
        """Whether working-day queries refuse provisional dates."""
        return self._strict

    @property
    def schedules(self) -> tuple[Schedule, ...]:
        """The loaded user schedules, by year."""
        return self._schedules

    def __repr__(self) -> str:
        return (f"<WorkingDayCalendar {self._first}..{self._last}, official through {self._through}, "
                f"holidays {self._version}, {len(self._schedules)} schedule(s)"
                f"{', strict' if self._strict else ''}>")

    # -- internals ----------------------------------------------------------------------

    def _index(self, day: date, name: str = "date") -> int:
        if type(day) is not date:
            _check_date(day, name)
        i = day.toordinal() - self._base
        if 0 <= i < self._size:
            return i
        raise CalendarRangeError(day, self._first, self._last)

    def _outside(self, ordinal: int, why: str) -> CalendarRangeError:
        """The error for a result outside the range; `ordinal` may be past what `date` can hold."""
        try:
            day = date.fromordinal(ordinal)
        except (ValueError, OverflowError):
            day = date.max if ordinal > 0 else date.min
        exc = CalendarRangeError(day, self._first, self._last)
        exc.add_note(why)
        return exc

    def _guard(self, lo: int, hi: int) -> None:
        """Strict mode: refuse if the ordinal span [lo, hi] touches a provisional day."""
        if hi >= self._prov_min:
            span = self._provisional(lo, hi)
            if span is not None:
                raise ProvisionalDateError(span[0], span[1], self._through)

    def _provisional(self, lo: int, hi: int) -> tuple[date, date] | None:
        first = last = None
        for run_lo, run_hi in self._runs:  # a handful of year runs, not days
            if run_lo > hi:
                break
            if run_hi < lo:
                continue
            if first is None:
                first = max(lo, run_lo)
            last = min(hi, run_hi)
        if first is None:
            return None
        return date.fromordinal(first), date.fromordinal(last)

    # -- working days -------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day on the statutory calendar."""
        i = self._index(day)
        if self._strict:
            self._guard(i + self._base, i + self._base)
        return bool(self._is_work[i])

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start` (n < 0: strictly before).

        The start day is never counted, whether or not it is a working day, as in
        "自X之日起N个工作日内". For n != 0 this equals
        `holidays.China().get_nth_working_day(start, n)`. n == 0 returns `start`
        unchanged, even on a non-working day: zero working days after a day is that day,
        which is how regkit counts "立即" (same day). holidays instead rolls a
        non-working start forward to the next working day for n == 0.
        """
        i = self._index(start, "start")
        n = _count(n)
        if n > 0:
            j = self._cum[i] + n - 1
            if j >= len(self._work):
                raise self._outside(self._last.toordinal() + 1,
                                    f"{n} working days after {start} runs past {self._last}")
        elif n < 0:
            j = self._cum[i] - self._is_work[i] + n
            if j < 0:
                raise self._outside(self._base - 1,
                                    f"{-n} working days before {start} runs before {self._first}")
        else:
            if self._strict:
                self._guard(i + self._base, i + self._base)
            return start
        result = self._work[j]
        if self._strict:
            o = result.toordinal()
            self._guard(min(o, i + self._base), max(o, i + self._base))
        return result

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: `a` is not counted, `b` is. Negative when b < a.

        So `working_days_between(s, add_working_days(s, n)) == n` for every n > 0 (for
        n < 0 only when s is itself a working day, since s is then the counted end), and
        counts are additive: between(a, b) + between(b, c) == between(a, c).
        """
        ia = self._index(a, "a")
        ib = self._index(b, "b")
        if self._strict:
            self._guard(min(ia, ib) + self._base, max(ia, ib) + self._base)
        return self._cum[ib] - self._cum[ia]

    def provisional_dates(self, a: date, b: date) -> tuple[date, date] | None:
        """The first and last dates between a and b (either order, inclusive) in a year without
        an announced schedule, or None when the whole span is announced.

        A result computed over such a span rests on holidays' estimate (statutory days
        by rule, no make-up workdays) and is provisional until the year's notice is out.
        The check is conservative: the start day counts as part of the span.
        """
        ia = self._index(a, "a") + self._base
        ib = self._index(b, "b") + self._base
        lo, hi = min(ia, ib), max(ia, ib)
        if hi < self._prov_min:
            return None
        return self._provisional(lo, hi)

    def provisional_range(self, start: date, n: int) -> tuple[date, date] | None:
        """The earliest and latest date `add_working_days(start, n)` can become once the notices
        of the provisional years it touches appear (None: the answer is not provisional).

        The days a notice can still change (`regkit.calendar.law.uncertain_days`) counted as
        working days give the earliest date, counted as days off the latest (for n < 0 the
        other way round). Strict mode does not refuse: this is the answer to a refusal."""
        i = self._index(start, "start")
        n = _count(n)
        if n == 0:
            return None
        due = self._work[self._nth(self._cum, self._work, self._is_work, i, n)]
        if self.provisional_dates(start, due) is None:
            return None
        if self._bounds is None:
            self._bounds = self._make_bounds()
        ends = [variant[1][self._nth(*variant, i, n)] for variant in self._bounds]
        return min(ends), max(ends)

    def _nth(self, cum: list[int], work: list[date], is_work, i: int, n: int) -> int:
        """The index in `work` of the n-th working day after index i (n != 0), or CalendarRangeError."""
        j = cum[i] + n - 1 if n > 0 else cum[i] - is_work[i] + n
        if not 0 <= j < len(work):
            raise self._outside(self._last.toordinal() + 1 if n > 0 else self._base - 1,
                                f"{n} working days from {date.fromordinal(self._base + i)} leave the calendar "
                                "once the provisional days are counted as days off")
        return j

    def _make_bounds(self) -> tuple[tuple, tuple]:
        """(cum, work, is_work) with every uncertain day of the provisional years as a working
        day, and as a day off; made on first use."""
        uncertain = set()
        for lo, hi in self._runs:
            for year in range(date.fromordinal(lo).year, date.fromordinal(hi).year + 1):
                uncertain.update(o - self._base for o in map(date.toordinal, uncertain_days(year))
                                 if 0 <= o - self._base < self._size)
        variants = []
        for status in (1, 0):
            is_work = bytearray(self._is_work)
            for i in uncertain:
                is_work[i] = status
            variants.append((list(accumulate(is_work)),
                             [date.fromordinal(self._base + i) for i in range(self._size) if is_work[i]],
                             is_work))
        return variants[0], variants[1]

    # -- natural days, months, years --------------------------------------------------
    # These need no holiday data, so strict mode does not apply; start and result must
    # still lie in the calendar's range, so every date regkit returns can be classified.

    def add_days(self, start: date, n: int) -> date:
        """`start` plus n natural (calendar) days; the start day is not counted."""
        i = self._index(start, "start")
        o = i + self._base + _count(n)
        if not self._base <= o <= self._last.toordinal():
            raise self._outside(o, f"{start} {n:+d} days is outside the calendar")
        return date.fromordinal(o)

    def add_months(self, start: date, n: int) -> date:
        """The corresponding day n months after `start` (n < 0: before), or the last day
        of the target month when it has no such day: 2025-01-31 + 1 month = 2025-02-28."""
        self._index(start, "start")
        months = start.year * 12 + start.month - 1 + _count(n)
        year, month = divmod(months, 12)
        month += 1
        if not self._first.year <= year <= self._last.year:
            edge = self._last + timedelta(1) if year > self._last.year else self._first - timedelta(1)
            raise self._outside(edge.toordinal(), f"{start} {n:+d} months is in year {year}, "
                                                  "outside the calendar")
        return date(year, month, min(start.day, _gregorian.monthrange(year, month)[1]))

    def add_years(self, start: date, n: int) -> date:
        """The corresponding day n years after `start`; 29 February becomes 28 February
        in a common year (2024-02-29 + 1 year = 2025-02-28)."""
        return self.add_months(start, 12 * _count(n))

    # -- provenance -----------------------------------------------------------------------

    def receipt(self) -> dict:
        """Plain JSON-able data that pins down what this calendar answers (keys sorted).

        Every result carries it, so it is made once and handed out as a fresh copy."""
        return fresh(self._receipt)

    def _make_receipt(self) -> dict:
        return {
            "holidays_version": self._version,
            "official_through": self._through.isoformat(),
            "provisional": [[date.fromordinal(lo).isoformat(), date.fromordinal(hi).isoformat()]
                            for lo, hi in self._runs],
            "schedules": [
                {
                    "differs_from_library": [d.isoformat() for d in self._differences.get(s.year, ())],
                    "notice": _notice_json(s.notice),
                    "notices": [_notice_json(n) for n in s.notices],
                    "sha256": s.sha256,
                    "year": s.year,
                }
                for s in self._schedules
            ],
        }


def _notice_json(notice: Notice) -> dict:
    return {"issued": notice.issued.isoformat() if notice.issued else None, "number": notice.number,
            "source": notice.source, "title": notice.title}


def _days_of(year: int) -> Iterable[date]:
    first = date(year, 1, 1).toordinal()
    return map(date.fromordinal, range(first, date(year, 12, 31).toordinal() + 1))


#: The environment variable naming schedule files every default calendar loads (separated
#: like PATH entries): how a deployment adds a newly announced year without changing code.
SCHEDULES_VARIABLE = "REGKIT_SCHEDULES"


def schedules_from_environment() -> list[Schedule]:
    """The schedules named by REGKIT_SCHEDULES (none when it is unset or empty)."""
    value = os.environ.get(SCHEDULES_VARIABLE, "")
    return [load_schedule(path) for path in value.split(os.pathsep) if path.strip()]


@cache
def default_calendar() -> WorkingDayCalendar:
    """The calendar from the installed `holidays` data and the schedules of REGKIT_SCHEDULES,
    non-strict; built once per process."""
    return WorkingDayCalendar(schedules_from_environment())


def is_working_day(day: date) -> bool:
    """`WorkingDayCalendar.is_working_day` on the default calendar."""
    return default_calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """`WorkingDayCalendar.add_working_days` on the default calendar (n == 0 returns `start`)."""
    return default_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    """`WorkingDayCalendar.working_days_between` on the default calendar: working days in (a, b]."""
    return default_calendar().working_days_between(a, b)


def add_days(start: date, n: int) -> date:
    """`WorkingDayCalendar.add_days` on the default calendar."""
    return default_calendar().add_days(start, n)


def add_months(start: date, n: int) -> date:
    """`WorkingDayCalendar.add_months` on the default calendar."""
    return default_calendar().add_months(start, n)


def add_years(start: date, n: int) -> date:
    """`WorkingDayCalendar.add_years` on the default calendar."""
    return default_calendar().add_years(start, n)
