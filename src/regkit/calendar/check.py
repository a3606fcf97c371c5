"""Check a schedule file against the law and the library before anyone counts with it.

A transcription of a notice is wrong in a few typical ways: a statutory holiday left
out, a make-up day put on a weekday, a break's days miscounted, a make-up Saturday
forgotten. `check_schedule` finds them, and for a year the library already carries,
every day where the two differ. Each finding is one line naming its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..schedules import Schedule
from .law import holiday_days, revision_for, statutory_days

__all__ = ["Finding", "check_schedule"]

_STATUS = {True: "a working day", False: "a day off"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of a check. `problem` findings make `regkit calendar check` exit 1; notes do not."""

    day: date | None
    message: str
    problem: bool = True

    def __str__(self) -> str:
        where = f"{self.day.isoformat()}: " if self.day else ""
        return f"{where}{self.message}" if self.problem else f"note: {where}{self.message}"


def check_schedule(schedule: Schedule, calendar=None) -> list[Finding]:
    """The findings for `schedule`, by date; `calendar` (with the schedule loaded) adds the
    days where it differs from the library's data for the same year."""
    findings: list[Finding] = []
    revision = revision_for(schedule.year)
    law = f"{revision.title}（{revision.number}）"
    statutory = statutory_days(schedule.year)
    for day, name in statutory.items():
        if schedule.is_working_day(day):
            findings.append(Finding(day, f"{name} is a statutory holiday under {law}, but the schedule "
                                         "makes it a working day"))
    for b in schedule.breaks:
        length = (b.last - b.first).days + 1
        if b.days is not None and b.days != length:
            findings.append(Finding(b.first, f"{b.name or 'the break'} from {b.first.isoformat()} to "
                                             f"{b.last.isoformat()} is {length} days, but the notice's "
                                             f"count is {b.days}"))
    findings.extend(_balance(schedule, statutory, law))
    if calendar is not None:
        for day in calendar.differences().get(schedule.year, ()):
            findings.append(Finding(day, f"the library (holidays {calendar.holidays_version}) has "
                                         f"{_STATUS[not calendar.is_working_day(day)]}, the schedule "
                                         f"{_STATUS[calendar.is_working_day(day)]}"))
    return sorted(findings, key=lambda f: (f.day or date.min, f.message))


def _balance(schedule: Schedule, statutory: dict[date, str], law: str) -> list[Finding]:
    """调休 balances: every weekday off that is not a statutory holiday either stands in for one
    that fell on a weekend (补假, 第六条) or is paid back by a make-up working day."""
    extra = sorted(d for d in schedule.days_off if d.weekday() < 5 and d not in statutory)
    # a holiday day on a weekend is owed a weekday (第六条); so, in the notices' practice
    # (2009, 2020), is a holiday day that falls on another holiday's day
    days = [d for d, _ in holiday_days(schedule.year)]
    weekdays = [d for d in days if d.weekday() < 5]
    owed_for = len(days) - len(weekdays) + len(weekdays) - len(set(weekdays))
    if len(extra) == owed_for + len(schedule.workdays):
        return []
    expected = owed_for + len(schedule.workdays)
    hint = "a day off is missing" if len(extra) < expected else "a make-up working day is missing"
    message = (f"the 调休 does not balance: {len(extra)} weekday(s) off beyond the statutory holidays, but "
               f"{owed_for} owed for statutory holidays on a weekend or on another holiday ({law}, 第六条) "
               f"and {len(schedule.workdays)} make-up working day(s) make {expected}: {hint} (weekdays off: "
               + (", ".join(d.isoformat() for d in extra) or "none") + ")")
    if len(schedule.notices) > 1:  # a later notice (2020's extension) may add days off unpaid
        return [Finding(None, message + "; the year has several notices, so this may be intended", problem=False)]
    return [Finding(None, message)]


