"""regkit.calendar: agreement with holidays, hand-worked golden cases, provisional years, errors."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import holidays
import pytest

import regkit.calendar as cal
from regkit.calendar import WorkingDayCalendar
from regkit.errors import CalendarRangeError, ProvisionalDateError

D = date


@pytest.fixture(scope="module")
def c() -> WorkingDayCalendar:
    return cal.default_calendar()


@pytest.fixture(scope="module")
def strict() -> WorkingDayCalendar:
    return WorkingDayCalendar(strict=True)


# -- agreement with the reference ----------------------------------------------------------


def test_every_day_status_matches_holidays(c):
    ref = holidays.China(years=range(c.first_day.year, c.last_day.year + 1))
    day, wrong = c.first_day, []
    while day <= c.last_day:
        if c.is_working_day(day) != ref.is_working_day(day):
            wrong.append(day)
        day += timedelta(1)
    assert not wrong, wrong[:10]


def test_add_working_days_agrees_with_holidays_for_every_start_and_n(c):
    """Every start 2019-01-01..2026-12-31 and every n in [-60, 60] except 0: ~350k reference calls."""
    ref = holidays.China(years=range(2018, 2028))  # the same data as holidays.China(), preloaded
    nth, ours = ref.get_nth_working_day, c.add_working_days
    ns = [n for n in range(-60, 61) if n]
    mismatches = []
    start, end = D(2019, 1, 1), D(2026, 12, 31)
    checked = 0
    while start <= end:
        for n in ns:
            expected = nth(start, n)
            if ours(start, n) != expected:
                mismatches.append((start, n, ours(start, n), expected))
        checked += len(ns)
        start += timedelta(1)
    assert checked == 2922 * 120
    assert not mismatches, mismatches[:10]


# -- golden cases, worked by hand from the State Council's notices -------------------------
# 2025: 元旦 Jan 1; 春节 Jan 28 (Tue)-Feb 4 (Tue) off, Jan 26 (Sun) and Feb 8 (Sat) work;
#       清明 Apr 4-6; 劳动节 May 1 (Thu)-5 (Mon) off, Apr 27 (Sun) work; 端午 May 31-Jun 2;
#       国庆/中秋 Oct 1 (Wed)-8 (Wed) off, Sep 28 (Sun) and Oct 11 (Sat) work.
# 2026: 元旦 Jan 1 (Thu)-3 off, Jan 4 (Sun) work; 春节 Feb 15 (Sun)-23 (Mon) off, Feb 14 (Sat)
#       and Feb 28 (Sat) work; 清明 Apr 4-6; 劳动节 May 1 (Fri)-5 (Tue) off, May 9 (Sat) work;
#       端午 Jun 19-21; 中秋 Sep 25-27; 国庆 Oct 1 (Thu)-7 (Wed) off, Sep 20 (Sun), Oct 10 (Sat) work.

GOLDEN_ADD = [
    # National Day 2026: Sep 29=1, Sep 30=2, Oct 1-7 off, Oct 8=3, Oct 9=4, Oct 10 (Sat, make-up)=5,
    # Oct 11 (Sun) off, Oct 12..16 = 6..10.
    (D(2026, 9, 28), 10, D(2026, 10, 16)),
    # National Day 2025: Sep 27 (Sat) off, Sep 28 (Sun, make-up)=1, Sep 29=2, Sep 30=3, Oct 1-8 off,
    # Oct 9=4, Oct 10=5, Oct 11 (Sat, make-up)=6, Oct 12 (Sun) off, Oct 13..16 = 7..10.
    (D(2025, 9, 26), 10, D(2025, 10, 16)),
    # Spring Festival 2026: Feb 13 (Fri)=1, Feb 14 (Sat, make-up)=2, Feb 15-23 off, Feb 24=3,
    # Feb 25=4, Feb 26=5.
    (D(2026, 2, 12), 5, D(2026, 2, 26)),
    # ... and on: Feb 14=1, Feb 24..27 = 2..5, Feb 28 (Sat, make-up)=6, Mar 1 (Sun) off, Mar 2..5 = 7..10.
    (D(2026, 2, 13), 10, D(2026, 3, 5)),
    # Spring Festival 2025: Jan 25 (Sat) off, Jan 26 (Sun, make-up)=1, Jan 27=2, Jan 28-Feb 4 off, Feb 5=3.
    (D(2025, 1, 24), 3, D(2025, 2, 5)),
    # Feb 6=1, Feb 7=2, Feb 8 (Sat, make-up)=3, Feb 9 (Sun) off, Feb 10=4, Feb 11=5.
    (D(2025, 2, 5), 5, D(2025, 2, 11)),
    # Labour Day 2025: Apr 26 (Sat) off, Apr 27 (Sun, make-up)=1, Apr 28=2, Apr 29=3.
    (D(2025, 4, 25), 3, D(2025, 4, 29)),
    # Apr 30=1, May 1-5 off, May 6=2, May 7=3.
    (D(2025, 4, 29), 3, D(2025, 5, 7)),
    # Labour Day 2026: May 1-5 off, May 6=1, 7=2, 8=3, May 9 (Sat, make-up)=4, May 10 (Sun) off, May 11=5.
    (D(2026, 4, 30), 5, D(2026, 5, 11)),
    # New Year 2026: Jan 1-3 off, Jan 4 (Sun, make-up)=1, Jan 5=2.
    (D(2025, 12, 31), 2, D(2026, 1, 5)),
    # Negative n: Oct 7..1 off, Sep 30=-1, Sep 29=-2, Sep 28=-3.
    (D(2026, 10, 8), -3, D(2026, 9, 28)),
    # Feb 4..Jan 28 off, Jan 27 (Mon)=-1, Jan 26 (Sun, make-up)=-2.
    (D(2025, 2, 5), -2, D(2025, 1, 26)),
    # A make-up Saturday as the start: Oct 11 (Sun) off, Oct 12 (Mon)=1; back: Oct 9 (Fri)=-1.
    (D(2026, 10, 10), 1, D(2026, 10, 12)),
    (D(2026, 10, 10), -1, D(2026, 10, 9)),
    # A holiday as the start (not counted): Oct 2-7 off, Oct 8=1; back: Sep 30=-1.
    (D(2026, 10, 1), 1, D(2026, 10, 8)),
    (D(2026, 10, 1), -1, D(2026, 9, 30)),
    # n = 0 is the start itself, even on a holiday ("立即": same day).
    (D(2026, 10, 3), 0, D(2026, 10, 3)),
    (D(2026, 9, 28), 0, D(2026, 9, 28)),
]


@pytest.mark.parametrize(("start", "n", "due"), GOLDEN_ADD)
def test_golden_add_working_days(c, start, n, due):
    assert c.add_working_days(start, n) == due
    assert cal.add_working_days(start, n) == due
    if n > 0 or (n < 0 and c.is_working_day(start)):  # a non-working start is not in (due, start]
        assert c.working_days_between(start, due) == n


def test_n_zero_differs_from_holidays_on_purpose(c):
    # holidays rolls a non-working day forward for n == 0; regkit does not.
    assert holidays.China(years=2026).get_nth_working_day(D(2026, 10, 3), 0) == D(2026, 10, 8)
    assert c.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)


GOLDEN_BETWEEN = [
    # (Sep 28, Oct 16] holds Sep 29, Sep 30, Oct 8, 9, 10 (make-up), 12-16: 10.
    (D(2026, 9, 28), D(2026, 10, 16), 10),
    (D(2026, 10, 16), D(2026, 9, 28), -10),
    # (Oct 9, Oct 12]: Oct 10 (Sat, make-up)=1, Oct 11 (Sun) no, Oct 12=2.
    (D(2026, 10, 9), D(2026, 10, 12), 2),
    # (Dec 31, Jan 5]: Jan 1-3 off, Jan 4 (Sun, make-up)=1, Jan 5=2.
    (D(2025, 12, 31), D(2026, 1, 5), 2),
    # The whole of 2026: 261 weekdays (52 weeks + Thu Dec 31) minus weekdays off
    # (Jan 1, 2; Feb 16-20, 23; Apr 6; May 1, 4, 5; Jun 19; Sep 25; Oct 1, 2, 5, 6, 7 = 19) plus 6 make-up days.
    (D(2025, 12, 31), D(2026, 12, 31), 248),
    # The whole of 2025: 261 weekdays (52 weeks + Wed Dec 31) minus weekdays off
    # (Jan 1; Jan 28-31, Feb 3, 4; Apr 4; May 1, 2, 5; Jun 2; Oct 1, 2, 3, 6, 7, 8 = 18) plus 5 make-up days.
    (D(2024, 12, 31), D(2025, 12, 31), 248),
    # The same day: nothing in (a, a].
    (D(2026, 10, 3), D(2026, 10, 3), 0),
    # Within a holiday block: (Oct 1, Oct 7] is all off.
    (D(2026, 10, 1), D(2026, 10, 7), 0),
]


@pytest.mark.parametrize(("a", "b", "count"), GOLDEN_BETWEEN)
def test_golden_working_days_between(c, a, b, count):
    assert c.working_days_between(a, b) == count
    assert cal.working_days_between(a, b) == count


@pytest.mark.parametrize(("day", "working"), [
    (D(2026, 10, 10), True),   # Saturday, make-up
    (D(2026, 9, 20), True),    # Sunday, make-up
    (D(2026, 10, 11), False),  # ordinary Sunday
    (D(2026, 10, 5), False),   # Monday in the National Day block
    (D(2026, 2, 23), False),   # Monday, substituted day off
    (D(2026, 2, 24), True),
    (D(2025, 1, 26), True),    # Sunday, make-up
])
def test_golden_is_working_day(c, day, working):
    assert c.is_working_day(day) is working
    assert cal.is_working_day(day) is working


GOLDEN_MONTHS = [
    (D(2025, 1, 31), 1, D(2025, 2, 28)),   # February 2025 has no 31st: its last day
    (D(2024, 1, 31), 1, D(2024, 2, 29)),   # leap year
    (D(2025, 3, 31), -1, D(2025, 2, 28)),
    (D(2025, 8, 31), 1, D(2025, 9, 30)),
    (D(2025, 11, 30), 3, D(2026, 2, 28)),  # across a year end
    (D(2025, 12, 15), 1, D(2026, 1, 15)),  # the corresponding day exists
    (D(2026, 1, 15), -13, D(2024, 12, 15)),
    (D(2026, 2, 28), 1, D(2026, 3, 28)),   # never "last day to last day"
    (D(2026, 5, 20), 0, D(2026, 5, 20)),
]


@pytest.mark.parametrize(("start", "n", "due"), GOLDEN_MONTHS)
def test_golden_add_months(c, start, n, due):
    assert c.add_months(start, n) == due
    assert cal.add_months(start, n) == due


def test_golden_add_years_and_days(c):
    assert c.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert c.add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert c.add_years(D(2026, 3, 1), -1) == D(2025, 3, 1)
    assert cal.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    # Sep 28 + 2 = Sep 30 (September has 30 days), + 18 more = Oct 18; holidays do not matter.
    assert c.add_days(D(2026, 9, 28), 20) == D(2026, 10, 18)
    assert cal.add_days(D(2026, 3, 1), -1) == D(2026, 2, 28)


# -- provisional years and strict mode -----------------------------------------------------
# With holidays 0.109 the last announced year is 2026; the literal cases below assume it,
# the others are written relative to official_through so a newer holidays still runs them.

from holidays.countries.china import ChinaStaticHolidays  # noqa: E402

LAST_ANNOUNCED = max(ChinaStaticHolidays.special_public_holidays)
announced_through_2026 = pytest.mark.skipif(
    LAST_ANNOUNCED != 2026, reason=f"holidays {holidays.__version__} announces through {LAST_ANNOUNCED}")


def test_official_through_comes_from_holidays_data(c):
    assert c.official_through == D(LAST_ANNOUNCED, 12, 31)
    assert c.first_day == D(2001, 1, 1)
    assert c.last_day == D(LAST_ANNOUNCED + 10, 12, 31)
    assert c.holidays_version == holidays.__version__


@announced_through_2026
def test_result_across_the_year_end_is_provisional(c):
    # Dec 29=1, 30=2, 31=3, Jan 1 2027 (estimated holiday) off, Jan 4..8 = 4..8, Jan 11=9, Jan 12=10.
    due = c.add_working_days(D(2026, 12, 28), 10)
    assert due == D(2027, 1, 12)
    assert c.provisional_dates(D(2026, 12, 28), due) == (D(2027, 1, 1), D(2027, 1, 12))
    assert c.provisional_dates(due, D(2026, 12, 28)) == (D(2027, 1, 1), D(2027, 1, 12))


@announced_through_2026
def test_strict_mode_names_the_provisional_dates(strict):
    with pytest.raises(ProvisionalDateError) as info:
        strict.add_working_days(D(2026, 12, 28), 10)
    err = info.value
    assert (err.first, err.last, err.official_through) == (D(2027, 1, 1), D(2027, 1, 12), D(2026, 12, 31))
    assert "2027-01-01 to 2027-01-12" in str(err)


def test_provisional_dates_relative_to_official_through(c):
    end = c.official_through
    first = end + timedelta(1)
    assert c.provisional_dates(D(2001, 1, 1), end) is None
    assert c.provisional_dates(end, end) is None
    assert c.provisional_dates(first, first) == (first, first)
    assert c.provisional_dates(D(2020, 1, 1), c.last_day) == (first, c.last_day)
    start = end - timedelta(3)
    due = c.add_working_days(start, 10)
    assert c.provisional_dates(start, due) == (first, due)


def test_strict_mode_refuses_provisional_dates(strict):
    first = strict.official_through + timedelta(1)
    with pytest.raises(ProvisionalDateError) as info:
        strict.add_working_days(first - timedelta(3), 10)
    assert info.value.first == first and info.value.official_through == strict.official_through
    with pytest.raises(ProvisionalDateError):
        strict.working_days_between(first - timedelta(30), first + timedelta(4))
    with pytest.raises(ProvisionalDateError):
        strict.is_working_day(first + timedelta(59))
    with pytest.raises(ProvisionalDateError):
        strict.add_working_days(first + timedelta(10), -30)  # the result is announced, the start is not
    with pytest.raises(ProvisionalDateError):
        strict.add_working_days(first + timedelta(3), 0)


def test_strict_mode_answers_announced_spans(strict, c):
    assert strict.add_working_days(D(2026, 12, 21), 8) == D(2026, 12, 31)  # Dec 22..25, 28..31
    assert strict.working_days_between(D(2026, 9, 28), D(2026, 10, 16)) == 10
    assert strict.is_working_day(D(2026, 12, 31)) is True
    # natural-day periods need no schedule, so strict mode lets them through
    assert strict.add_days(D(2026, 12, 28), 10) == D(2027, 1, 7)
    assert strict.add_months(D(2026, 12, 31), 2) == D(2027, 2, 28)
    # a non-strict calendar still answers past official_through, from holidays' estimate
    first = c.official_through + timedelta(1)
    assert c.add_working_days(first, 5) > first


# -- range and type errors -------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda c: c.is_working_day(D(2000, 12, 31)),
    lambda c: c.add_working_days(D(2037, 1, 1), 1),
    lambda c: c.working_days_between(D(2026, 1, 1), D(2040, 1, 1)),
    lambda c: c.provisional_dates(D(1999, 1, 1), D(2026, 1, 1)),
    lambda c: c.add_days(D(1990, 1, 1), 1),
    lambda c: c.add_months(D(2050, 1, 1), 1),
])
def test_dates_outside_the_range_raise(c, call):
    with pytest.raises(CalendarRangeError) as info:
        call(c)
    assert info.value.first == D(2001, 1, 1) and info.value.last == c.last_day


@pytest.mark.parametrize(("start", "n"), [
    (D(2036, 12, 30), 10),   # runs past the last day
    (D(2001, 1, 5), -10),    # runs before the first day
])
def test_results_outside_the_range_raise(c, start, n):
    with pytest.raises(CalendarRangeError):
        c.add_working_days(start, n)


def test_natural_results_outside_the_range_raise(c):
    with pytest.raises(CalendarRangeError) as info:
        c.add_days(D(2036, 12, 1), 31)
    assert info.value.day == D(2037, 1, 1)
    with pytest.raises(CalendarRangeError):
        c.add_years(D(2026, 1, 1), 11)
    with pytest.raises(CalendarRangeError):
        c.add_months(D(2001, 1, 31), -1)
    with pytest.raises(CalendarRangeError):
        c.add_days(D(2026, 1, 1), 10**9)  # past what datetime.date can hold: still our error


def test_range_edges_are_answered(c):
    assert c.is_working_day(c.first_day) is False  # 2001-01-01, New Year's Day
    assert c.add_days(c.last_day, 0) == c.last_day
    assert c.add_months(D(2036, 11, 30), 1) == D(2036, 12, 30)


@pytest.mark.parametrize("bad", [
    datetime(2026, 9, 28, 12, 0),
    "2026-09-28",
    20260928,
    None,
])
def test_only_dates_are_accepted(c, bad):
    for call in (lambda: c.is_working_day(bad), lambda: c.add_working_days(bad, 1),
                 lambda: c.working_days_between(bad, D(2026, 1, 1)),
                 lambda: c.working_days_between(D(2026, 1, 1), bad),
                 lambda: c.add_days(bad, 1), lambda: c.add_months(bad, 1),
                 lambda: cal.add_working_days(bad, 1)):
        with pytest.raises(TypeError, match="datetime.date"):
            call()


@pytest.mark.parametrize("bad", [True, 1.0, "3", None])
def test_counts_must_be_ints(c, bad):
    for call in (lambda: c.add_working_days(D(2026, 1, 5), bad), lambda: c.add_days(D(2026, 1, 5), bad),
                 lambda: c.add_months(D(2026, 1, 5), bad), lambda: c.add_years(D(2026, 1, 5), bad)):
        with pytest.raises(TypeError, match="int"):
            call()


def test_datetime_message_says_how_to_reduce():
    with pytest.raises(TypeError, match="Asia/Shanghai"):
        cal.is_working_day(datetime(2026, 1, 1))


# -- the default calendar and the receipt ----------------------------------------------------


def test_default_calendar_is_built_once():
    assert cal.default_calendar() is cal.default_calendar()
    assert cal.default_calendar().strict is False


def test_receipt_is_stable_plain_data(c):
    receipt = c.receipt()
    assert receipt == json.loads(json.dumps(receipt))
    assert list(receipt) == sorted(receipt)
    assert receipt["holidays_version"] == holidays.__version__
    assert receipt["official_through"] == c.official_through.isoformat()
    first = c.official_through + timedelta(1)
    assert receipt["provisional"] == [[first.isoformat(), c.last_day.isoformat()]]
    assert receipt["schedules"] == []
    assert WorkingDayCalendar().receipt() == receipt
