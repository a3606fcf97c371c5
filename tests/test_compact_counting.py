"""The engine's working-day counts (engine.deadlines.Counter) are the calendar's own, on every day.

The counter reads the calendar's answers into a table once, so that the compact record's many
counts are look-ups (docs/performance.md); where the table does not reach (a date outside the
calendar, a count past its end, n <= 0, an argument of another type, a strict calendar) it
asks the calendar. Both sides are compared here: each answer, and each error's type and words.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from regkit.calendar import WorkingDayCalendar, default_calendar
from regkit.engine.deadlines import Counter


def _outcome(function, *args):
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001 - the error is part of the answer compared
        return type(exc).__name__, str(exc)


def _days(cal: WorkingDayCalendar, step: int = 1):
    day = cal.first_day
    while day <= cal.last_day:
        yield day
        day += timedelta(days=step)


def test_adding_working_days_is_the_calendars_answer_on_every_day():
    cal = default_calendar()
    add = Counter(cal).add["working_days"]
    for day in _days(cal):
        for n in (1, 2, 3, 5, 10, 15, 20, 30, 60):
            assert _outcome(add, day, n) == _outcome(cal.add_working_days, day, n), (day, n)


def test_where_the_table_does_not_reach_the_calendar_answers():
    cal = default_calendar()
    add = Counter(cal).add["working_days"]
    near_end = cal.last_day - timedelta(days=3)
    cases = [(near_end, 1), (near_end, 5), (cal.last_day, 1), (cal.first_day, 1), (date(2026, 5, 2), 0),
             (date(2026, 5, 6), -3), (cal.first_day, -1), (date(2000, 12, 31), 1), (date(2037, 1, 1), 1),
             (datetime(2026, 5, 6, 9, 30), 3), ("2026-05-06", 3), (date(2026, 5, 6), True), (date(2026, 5, 6), 2.0)]
    for start, n in cases:
        assert _outcome(add, start, n) == _outcome(cal.add_working_days, start, n), (start, n)


def test_lateness_in_working_days_is_counted_as_the_calendar_counts_it():
    cal = default_calendar()
    counter = Counter(cal)
    for due in _days(cal, 5):
        for offset in (1, 2, 3, 6, 7, 30, 400):
            when = due + timedelta(days=offset)
            expected = _outcome(lambda: cal.working_days_between(due, when) + (not cal.is_working_day(when)))
            assert _outcome(counter.late_by, "working_days", due, when) == expected, (due, when)
    assert counter.late_by("working_days", date(2026, 5, 6), date(2026, 5, 6)) == 0


@pytest.mark.parametrize("strict", [False, True])
def test_a_strict_calendar_refuses_as_itself(strict):
    """A strict calendar refuses a count over a provisional year: the counter leaves it every query."""
    cal = WorkingDayCalendar(strict=strict)
    counter = Counter(cal)
    start = cal.official_through - timedelta(days=2)
    for n in (1, 10):
        assert _outcome(counter.add["working_days"], start, n) == _outcome(cal.add_working_days, start, n)
    when = cal.official_through + timedelta(days=20)
    assert _outcome(counter.late_by, "working_days", start, when) == _outcome(
        lambda: cal.working_days_between(start, when) + (not cal.is_working_day(when)))
