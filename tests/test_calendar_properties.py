"""Properties of regkit.calendar that must hold for any dates and counts (hypothesis)."""

from __future__ import annotations

import calendar as gregorian
from datetime import date, timedelta

import holidays
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regkit.calendar import default_calendar

C = default_calendar()
# Far enough inside the range that +-300 working days (about 14 months) cannot leave it.
inner = st.dates(min_value=C.first_day + timedelta(500), max_value=C.last_day - timedelta(500))
anywhere = st.dates(min_value=C.first_day, max_value=C.last_day)
counts = st.integers(min_value=-300, max_value=300)
nonzero = counts.filter(bool)

# Calendar checks are cheap: at least 300 examples each, more under a larger profile
# (conftest.py); applied per module so the profile of the other tests is left alone.
_examples = settings(max_examples=max(300, settings().max_examples))


@_examples
@given(inner, nonzero)
def test_results_are_working_days_on_the_right_side(start, n):
    due = C.add_working_days(start, n)
    assert C.is_working_day(due)
    assert (due > start) if n > 0 else (due < start)


@_examples
@given(inner, nonzero)
def test_add_and_between_are_inverse(start, n):
    due = C.add_working_days(start, n)
    if n > 0:
        assert C.working_days_between(start, due) == n
    else:
        # n < 0: exactly -n working days in [due, start), i.e. in (due - 1, start - 1].
        assert C.working_days_between(due - timedelta(1), start - timedelta(1)) == n * -1
    if C.is_working_day(start):
        assert C.working_days_between(start, due) == n
        assert C.add_working_days(due, -n) == start


@_examples
@given(inner, inner, counts)
def test_monotone_in_start(s1, s2, n):
    s1, s2 = min(s1, s2), max(s1, s2)
    assert C.add_working_days(s1, n) <= C.add_working_days(s2, n)


@_examples
@given(inner, counts, counts)
def test_strictly_monotone_in_n(start, n1, n2):
    if n1 == n2:
        return
    n1, n2 = min(n1, n2), max(n1, n2)
    assert C.add_working_days(start, n1) < C.add_working_days(start, n2)


@_examples
@given(anywhere, anywhere, anywhere)
def test_between_is_additive_and_antisymmetric(a, b, c):
    ab, bc, ac = C.working_days_between(a, b), C.working_days_between(b, c), C.working_days_between(a, c)
    assert ab + bc == ac
    assert C.working_days_between(b, a) == -ab
    assert C.working_days_between(a, a) == 0


@_examples
@given(anywhere, st.integers(min_value=0, max_value=120))
def test_between_counts_working_days_one_by_one(a, span):
    b = min(a + timedelta(span), C.last_day)
    by_hand = sum(C.is_working_day(a + timedelta(k)) for k in range(1, (b - a).days + 1))
    assert C.working_days_between(a, b) == by_hand


@_examples
@given(st.dates(min_value=date(2002, 1, 1), max_value=date(2026, 12, 31)), st.integers(-250, 250).filter(bool))
def test_agrees_with_holidays_over_all_announced_years(start, n):
    assert C.add_working_days(start, n) == _REFERENCE.get_nth_working_day(start, n)


_REFERENCE = holidays.China(years=range(2000, 2028))


@_examples
@given(anywhere, st.integers(min_value=-240, max_value=240))
def test_add_months_month_end_rule(start, n):
    months = start.year * 12 + start.month - 1 + n
    assume(C.first_day.year <= months // 12 <= C.last_day.year)
    due = C.add_months(start, n)
    assert (due.year, due.month) == (months // 12, months % 12 + 1)
    last = gregorian.monthrange(due.year, due.month)[1]
    assert due.day <= start.day
    assert due.day == (start.day if start.day <= last else last)


@_examples
@given(anywhere, st.integers(min_value=-20, max_value=20))
def test_add_years_is_twelve_months(start, n):
    assume(C.first_day.year <= start.year + n <= C.last_day.year)
    assert C.add_years(start, n) == C.add_months(start, 12 * n)


@_examples
@given(inner, st.integers(min_value=-400, max_value=400))
def test_add_days_is_plain_arithmetic(start, n):
    assert C.add_days(start, n) == start + timedelta(n)
    assert C.add_days(C.add_days(start, n), -n) == start


# -- the range of a provisional answer ------------------------------------------------------


def _notice_for(year: int, flips: list[bool]):
    """A schedule a notice for `year` could set: every statutory day off, and each day the law
    leaves open (regkit.calendar.law.uncertain_days) decided by `flips`: a weekday off or a
    weekend day worked when True. Every other day is as the law's estimate has it."""
    from regkit.calendar.law import estimate_days_off, statutory_days, uncertain_days
    from regkit.schedules import Notice, Schedule

    open_days = sorted(uncertain_days(year))
    off = set(statutory_days(year)) | (estimate_days_off(year) - set(open_days))
    work = set()
    for day, flip in zip(open_days, flips):
        if day.weekday() < 5 and flip:
            off.add(day)
        elif day.weekday() >= 5 and flip:
            work.add(day)
        elif day.weekday() >= 5:
            off.add(day)
    return Schedule(year=year, notices=(Notice("a notice as it could be", None, None),),
                    days_off=frozenset(off), workdays=frozenset(work))


_RANGE_YEAR = C.official_through.year + 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=200, max_size=200),
       st.dates(min_value=date(_RANGE_YEAR, 1, 1), max_value=date(_RANGE_YEAR, 12, 10)),
       st.integers(min_value=-40, max_value=60).filter(bool))
def test_any_notice_keeping_the_law_lands_within_the_range(flips, start, n):
    """For any schedule a notice could set for the first unannounced year, the due date it
    gives lies within the provisional range computed before the notice."""
    from regkit.calendar import WorkingDayCalendar
    from regkit.calendar.law import uncertain_days

    assume(len(uncertain_days(_RANGE_YEAR)) <= len(flips))
    bounds = C.provisional_range(start, n)
    assert bounds is not None  # every answer counted across the year is provisional
    actual = WorkingDayCalendar([_notice_for(_RANGE_YEAR, flips)]).add_working_days(start, n)
    assert bounds[0] <= actual <= bounds[1]


def test_the_range_is_tight_at_both_ends():
    """The two extreme notices reach the two ends (so the range claims no more than it must)."""
    from regkit.calendar import WorkingDayCalendar
    from regkit.calendar.law import uncertain_days

    size = len(uncertain_days(_RANGE_YEAR))
    start = date(_RANGE_YEAR, 1, 28)
    earliest, latest = C.provisional_range(start, 15)
    all_working = [d.weekday() >= 5 for d in sorted(uncertain_days(_RANGE_YEAR))]
    assert WorkingDayCalendar([_notice_for(_RANGE_YEAR, all_working)]).add_working_days(start, 15) == earliest
    all_off = [d.weekday() < 5 for d in sorted(uncertain_days(_RANGE_YEAR))]
    assert WorkingDayCalendar([_notice_for(_RANGE_YEAR, all_off)]).add_working_days(start, 15) == latest
    assert len(all_off) == size and earliest < latest
