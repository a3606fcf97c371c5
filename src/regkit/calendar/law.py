"""What the law fixes about a year before its notice: the statutory holidays and the days a notice may move.

全国年节及纪念日放假办法 names the days off for all citizens (its revisions are data, in
`festivals.yaml`); the State Council's yearly notice then arranges the rest: it gives a
weekday off in place of a holiday that falls on a weekend (第六条, 补假), joins days into
a break, and makes weekend days working days to balance them (调休). So for a year without
a notice:

* the **estimate** is the statutory days off plus, for each one on a Saturday or Sunday,
  a substitute weekday off right after its holiday (补假); no make-up working days;
* the days a notice can still change (`uncertain_days`) are the non-statutory weekdays
  within `OFF_REACH` calendar days of a statutory day (a notice may give them off) and the
  weekend days within `WORK_REACH` days (a notice may make them working days), plus the
  estimate's substitute days. These reaches are the widest the notices of 2008-2026 went
  (a weekday off 5 days from a statutory day, 2020-10-08; a make-up day 10 days from one,
  2024-05-11); tests check every announced year against them. One extraordinary decision
  went further and is outside this promise: the one-off anniversary holiday of 2015-09-03.

Dates of the Chinese calendar come from `holidays`' lunisolar tables (1901-2099).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

__all__ = ["OFF_REACH", "WORK_REACH", "Revision", "estimate_days_off", "holiday_days", "revision_for",
           "statutory_days", "uncertain_days"]

#: How far (calendar days) from a statutory day the notices of 2008-2026 gave a weekday off.
OFF_REACH = 5
#: How far (calendar days) from a statutory day the notices of 2008-2026 set a make-up working day.
WORK_REACH = 10


@dataclass(frozen=True, slots=True)
class Revision:
    """One revision of 全国年节及纪念日放假办法 and the holidays it gives all citizens."""

    number: str
    title: str
    in_force: date
    holidays: tuple[tuple[str, str, int, int], ...]  # (name, anchor, offset, days)


@cache
def _revisions() -> tuple[Revision, ...]:
    from .._yaml import load_yaml_text
    text = files(__package__).joinpath("festivals.yaml").read_text(encoding="utf-8")
    data = load_yaml_text(text, "festivals.yaml").data
    return tuple(
        Revision(r["number"], r["title"], r["in_force"],
                 tuple((h["name"], str(h["anchor"]), h.get("offset", 0), h["days"]) for h in r["holidays"]))
        for r in sorted(data["revisions"], key=lambda r: r["in_force"]))


def revision_for(year: int) -> Revision:
    """The revision in force on 1 January of `year` (every revision since 2008 took effect on a 1 January)."""
    found = [r for r in _revisions() if r.in_force <= date(year, 1, 1)]
    if not found:
        raise ValueError(f"no revision of 全国年节及纪念日放假办法 in force in {year}")
    return found[-1]


def _anchor(anchor: str, year: int) -> date:
    from holidays.calendars.chinese import _ChineseLunisolar
    lunar = _ChineseLunisolar()
    if anchor == "new_year":
        return lunar.lunar_new_year_date(year)[0]
    if anchor == "qingming":
        return lunar.qingming_date(year)[0]
    if anchor == "dragon_boat":
        return lunar.dragon_boat_date(year)[0]
    if anchor == "mid_autumn":
        return lunar.mid_autumn_date(year)[0]
    month, day = anchor.split("-")
    return date(year, int(month), int(day))


@cache
def holiday_days(year: int) -> tuple[tuple[date, str], ...]:
    """Each statutory holiday's days of `year`, with its name, by date; a day two holidays share
    (中秋节 on 10月1日-3日, as in 2009 and 2020) is listed once for each."""
    days = []
    for name, anchor, offset, count in revision_for(year).holidays:
        first = _anchor(anchor, year) + timedelta(offset)
        days += [(first + timedelta(k), name) for k in range(count)]
    return tuple(sorted(days, key=lambda item: item[0]))  # stable: the law's order on a shared day


@cache
def statutory_days(year: int) -> dict[date, str]:
    """The statutory days off of `year` for all citizens, by date, each with its holiday's name
    (two names joined by 、 on a day two holidays share)."""
    days: dict[date, str] = {}
    for day, name in holiday_days(year):
        days[day] = f"{days[day]}、{name}" if day in days else name
    return days


@cache
def estimate_days_off(year: int) -> frozenset[date]:
    """The days off of `year` as the law alone fixes them: statutory days, and for each one on a
    weekend a substitute weekday off, the first after its holiday that is not already off (第六条)."""
    statutory = statutory_days(year)
    off = set(statutory)
    for day in statutory:
        if day.weekday() < 5:
            continue
        substitute = day + timedelta(1)
        while substitute.weekday() >= 5 or substitute in off:
            substitute += timedelta(1)
        off.add(substitute)
    return frozenset(off)


@cache
def uncertain_days(year: int) -> frozenset[date]:
    """The days whose status the notice for `year` can still change (see the module's docstring).

    They may lie in the previous December: a notice arranges New Year's Day across the
    turn of the year (the 2019 notice made 2018-12-29 a working day and 2018-12-31 a day off)."""
    statutory = statutory_days(year)
    reach = max(OFF_REACH, WORK_REACH)
    found = set(estimate_days_off(year) - statutory.keys())
    for day in statutory:
        for k in range(-reach, reach + 1):
            near = day + timedelta(k)
            if near in statutory:
                continue
            if abs(k) <= (WORK_REACH if near.weekday() >= 5 else OFF_REACH):
                found.add(near)
    return frozenset(found)
