"""The columnar engine's answers per day (working-day arithmetic, rules in force) equal the engine's.

`_add_working_days` and `_late_by_working_days` read the calendar's own table
(`WorkingDayCalendar.working_day_flags`) over whole columns; the scalar engine asks
`add_working_days` and `Counter.late_by` one date at a time. Every day of the calendar's
range is checked, with the failures (a date or result outside the range) at both ends.
"""

from __future__ import annotations

from datetime import date

import pytest

np = pytest.importorskip("numpy")

from regkit.calendar import default_calendar  # noqa: E402
from regkit.columnar.engine import _add_working_days, _late_by_working_days  # noqa: E402
from regkit.engine.deadlines import counter_for  # noqa: E402
from regkit.errors import CalendarRangeError  # noqa: E402


def _expected(call):
    try:
        return call(), False
    except CalendarRangeError:
        return 0, True


def test_flags_are_the_calendar_days():
    cal = default_calendar()
    first, flags = cal.working_day_flags()
    assert first == cal.first_day and len(flags) == (cal.last_day - cal.first_day).days + 1
    # 国务院办公厅关于2026年部分节假日安排的通知: 10月1日至7日放假调休;
    # 9月20日（周日）、10月10日（周六）上班
    for day, working in ((date(2026, 10, 1), 0), (date(2026, 10, 7), 0), (date(2026, 10, 8), 1),
                         (date(2026, 9, 20), 1), (date(2026, 10, 10), 1), (date(2026, 10, 11), 0)):
        assert flags[day.toordinal() - first.toordinal()] == working, day


@pytest.mark.parametrize("n", [1, 2, 10, 15, 20, 30])
def test_add_working_days_equals_the_method_on_every_day(n):
    cal = default_calendar()
    start = np.arange(cal.first_day.toordinal() - 3, cal.last_day.toordinal() + 4, dtype=np.int64)
    got, failed = _add_working_days(cal, start, n)
    for ordinal, value, bad in zip(start.tolist(), got.tolist(), failed.tolist()):
        try:
            day = date.fromordinal(ordinal)
        except ValueError:  # pragma: no cover - the range is far from date's own limits
            continue
        want, want_bad = _expected(lambda: cal.add_working_days(day, n).toordinal())
        assert (bad, value if not bad else 0) == (want_bad, want), (day, n)


def test_add_working_days_per_row_amounts():
    cal = default_calendar()
    start = np.array([date(2026, 9, 29).toordinal()] * 4 + [cal.last_day.toordinal()], dtype=np.int64)
    amounts = np.array([1, 3, 10, 20, 1], dtype=np.int64)
    got, failed = _add_working_days(cal, start, amounts)
    assert failed.tolist() == [False, False, False, False, True]
    for s, n, value in zip(start[:4].tolist(), amounts[:4].tolist(), got[:4].tolist()):
        assert value == cal.add_working_days(date.fromordinal(s), n).toordinal()


def test_late_by_equals_the_counter_on_every_pair_of_nearby_days():
    cal = default_calendar()
    counter = counter_for(cal)
    due, when = [], []
    for ordinal in range(cal.first_day.toordinal() - 2, cal.last_day.toordinal() + 3):
        for gap in (1, 2, 3, 9, 40):
            due.append(ordinal)
            when.append(ordinal + gap)
    due, when = np.array(due, dtype=np.int64), np.array(when, dtype=np.int64)
    got, failed = _late_by_working_days(cal, due, when)
    for a, b, value, bad in zip(due.tolist(), when.tolist(), got.tolist(), failed.tolist()):
        want, want_bad = _expected(lambda: counter.late_by("working_days", date.fromordinal(a), date.fromordinal(b)))
        assert (bad, value if not bad else 0) == (want_bad, want), (date.fromordinal(a), date.fromordinal(b))


def test_in_force_codes_equal_the_engine_on_every_day_for_every_rule():
    # the columnar engine answers by class of day (before, after, unknown); the scalar engine per day
    from regkit.columnar.engine import _in_force_codes
    from regkit.engine.deadlines import _in_force
    from regkit.engine.plan import plan_for
    from regkit.packs import current_packs
    cal = default_calendar()
    days = np.arange(cal.first_day.toordinal(), cal.last_day.toordinal() + 1, dtype=np.int64)
    seen = 0
    for name in sorted(current_packs()):
        for rule, _depth in plan_for(name, "all").deadlines:
            reasons: list[str] = []
            codes = _in_force_codes(rule, days, reasons)
            got = [None if c < 0 else reasons[c] for c in codes.tolist()]
            assert got == [_in_force(rule, date.fromordinal(d)) for d in days.tolist()], rule.id
            seen += 1
    assert seen > 50
