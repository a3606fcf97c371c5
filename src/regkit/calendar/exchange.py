"""A year's schedule in and out: the library's data as a schedule, holiday-cn JSON, and schedule YAML.

holiday-cn (a community project that publishes each year's notice as data) keeps one
JSON file per year: ``{"year": 2020, "papers": [notice URL, ...], "days": [{"name": "春节",
"date": "2020-01-24", "isOffDay": true}, ...]}``. `days` lists the days the notices
change (days off, weekend days inside a break, make-up working days); a December day may
appear in the next year's file, since that year's notice arranges New Year's Day.

Everything here speaks `Schedule`, so an import is validated exactly as a transcription
is, and `check` applies to it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from ..errors import ScheduleError
from ..schedules import Break, Notice, Schedule, parse_schedule
from .law import statutory_days

__all__ = ["dump_holiday_cn", "dump_yaml", "library_schedule", "load_holiday_cn"]

_YEARLY_TITLE = "国务院办公厅关于{year}年部分节假日安排的通知"


def library_schedule(calendar, year: int) -> Schedule:
    """The days the calendar's data for `year` changes, as a schedule: from 1 December of the
    year before to 30 November (a December day belongs to the next year's notice)."""
    first, last = date(year - 1, 12, 1), date(year, 11, 30)
    if first < calendar.first_day:
        first = date(year, 1, 1)
    special, workdays = set(), set()
    day = first
    while day <= last:
        working = calendar.is_working_day(day)
        if day.weekday() < 5 and not working:
            special.add(day)
        elif day.weekday() >= 5 and working:
            workdays.add(day)
        day += timedelta(1)
    statutory = {**statutory_days(year - 1), **statutory_days(year)}
    breaks = []
    for run in _runs(calendar, special | {d for d in statutory if first <= d <= last}, first, last):
        # each festival once (2020-10-01 is 中秋节、国庆节 and 2020-10-02 国庆节: the break is 中秋节、国庆节)
        names = dict.fromkeys(part for d in run if d in statutory for part in statutory[d].split("、"))
        breaks.append(Break(run[0], run[-1], "、".join(names) or None))
    notice = Notice(_YEARLY_TITLE.format(year=year), None, None, f"holidays {calendar.holidays_version}")
    return Schedule(year=year, notices=(notice,), days_off=frozenset(d for b in breaks for d in _span(b)),
                    workdays=frozenset(workdays), breaks=tuple(breaks), serves=_served(year, workdays, breaks))


def _served(year: int, workdays: set[date], breaks: list[Break]) -> tuple[tuple[date, str], ...]:
    """Each make-up working day and the break it serves, from the library's own record of which
    day off each one pays for (holidays' `special_public_holidays`: 2026-10-06 off, worked on
    2026-09-20, so 20 September serves 国庆节, not the nearer 中秋节)."""
    from holidays.countries.china import ChinaStaticHolidays
    by_day = {d: b.name for b in breaks if b.name for d in _span(b)}
    served = {}
    for key in (year - 1, year):
        for entry in ChinaStaticHolidays.special_public_holidays.get(key, ()):
            if len(entry) != 4 or not all(isinstance(n, int) for n in entry):
                continue  # another shape of entry: a day off without a make-up day
            try:
                off, worked = date(key, entry[0], entry[1]), date(key, entry[2], entry[3])
            except ValueError:
                continue
            if worked in workdays and off in by_day:
                served[worked] = by_day[off]
    return tuple(sorted(served.items()))


def _span(b: Break) -> list[date]:
    return [b.first + timedelta(k) for k in range((b.last - b.first).days + 1)]


def _runs(calendar, seeds: set[date], first: date, last: date) -> list[list[date]]:
    """The unbroken runs of days off around `seeds`, weekends included, kept within [first, last]."""
    runs, seen = [], set()
    for seed in sorted(seeds):
        if seed in seen or calendar.is_working_day(seed):
            continue
        lo = hi = seed
        while lo - timedelta(1) >= first and not calendar.is_working_day(lo - timedelta(1)):
            lo -= timedelta(1)
        while hi + timedelta(1) <= last and not calendar.is_working_day(hi + timedelta(1)):
            hi += timedelta(1)
        run = [lo + timedelta(k) for k in range((hi - lo).days + 1)]
        seen.update(run)
        runs.append(run)
    return runs


def _name_of(day: date, breaks: tuple[Break, ...], serves: tuple[tuple[date, str], ...] = ()) -> str:
    """The name of the break a make-up day serves: as the data says (`Schedule.serves`), else the
    break nearest to it (usually the one next to it)."""
    said = dict(serves).get(day)
    if said:
        return said
    named = [b for b in breaks if b.name]
    if not named:
        return "调休"
    return min(named, key=lambda b: min(abs((day - b.first).days), abs((day - b.last).days))).name


# -- holiday-cn ------------------------------------------------------------------------------


def dump_holiday_cn(schedule: Schedule) -> str:
    """The schedule as a holiday-cn year file (keys in holiday-cn's order, days by date)."""
    names = {d: b.name or _name_of(d, schedule.breaks) for b in schedule.breaks for d in _span(b)}
    days = [{"name": names.get(d) or _name_of(d, schedule.breaks), "date": d.isoformat(), "isOffDay": True}
            for d in schedule.days_off]
    days += [{"name": _name_of(d, schedule.breaks, schedule.serves), "date": d.isoformat(), "isOffDay": False}
             for d in schedule.workdays]
    days.sort(key=lambda item: item["date"])
    papers = [n.source for n in schedule.notices if n.source and "://" in n.source]
    return json.dumps({"year": schedule.year, "papers": papers, "days": days}, ensure_ascii=False, indent=4) + "\n"


def load_holiday_cn(text: str, file: str = "<string>") -> Schedule:
    """A holiday-cn year file as a validated schedule (via the schedule YAML, so every rule applies).

    The notices are the file's `papers`: the first is taken as the yearly notice, whose
    title is standard; a later one's title is not in the file. Issue dates and document
    numbers are not in the file either: they are left empty, to be filled in from the notice."""
    def fail(message: str) -> ScheduleError:
        return ScheduleError(f"not a holiday-cn year file: {message}", file=file)

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        keys = [k for k, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                raise fail(f"the key {key!r} appears twice in one object")
        return dict(pairs)

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except ValueError as exc:
        if isinstance(exc, ScheduleError):
            raise
        raise fail(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise fail("the top level must be an object with year, papers and days")
    unknown = sorted(k for k in data if k not in ("year", "papers", "days") and not k.startswith("$"))
    missing = [k for k in ("year", "papers", "days") if k not in data]
    if unknown or missing:
        raise fail(f"unknown key(s) {unknown}" if unknown else f"missing key(s) {missing}")
    year, papers, days = data["year"], data["papers"], data["days"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise fail(f"year must be a whole number, got {year!r}")
    if not isinstance(papers, list) or not all(isinstance(p, str) and p.strip() for p in papers):
        raise fail("papers must be a list of notice addresses")
    if not isinstance(days, list):
        raise fail("days must be a list")
    off, work = [], []
    for i, item in enumerate(days):
        if (not isinstance(item, dict) or set(item) != {"name", "date", "isOffDay"}
                or not isinstance(item["isOffDay"], bool) or not isinstance(item["name"], str)
                or not isinstance(item["date"], str)):
            raise fail(f"days[{i}] must be an object with exactly name (text), date (text) and isOffDay "
                       f"(true or false), got {item!r}")
        try:
            day = date.fromisoformat(item["date"])
        except ValueError:
            raise fail(f"days[{i}].date is not a date (YYYY-MM-DD): {item['date']!r}") from None
        (off if item["isOffDay"] else work).append((day, item["name"]))
    notices = papers or [None]
    lines = [f"year: {year}", "notices:"]
    for k, paper in enumerate(notices):
        title = _YEARLY_TITLE.format(year=year) if k == 0 else f"（第{k + 1}份通知，标题见来源）"
        lines += [f"  - title: {json.dumps(title, ensure_ascii=False)}", "    number: null", "    issued: null"]
        if paper is not None:
            lines.append(f"    source: {json.dumps(paper.strip(), ensure_ascii=False)}")
    lines.append("days_off:" + ("" if off else " []"))
    for start, end, name in _blocks(sorted(off)):
        lines.append(f"  - {{name: {json.dumps(name, ensure_ascii=False)}, from: {start}, to: {end}}}")
    lines.append("workdays:" + ("" if work else " []"))
    lines += [f"  - {day}    # {name}" for day, name in sorted(work)]
    try:
        schedule = parse_schedule("\n".join(lines) + "\n", file)
    except ScheduleError as exc:  # its line would be of the YAML made here, not of the file
        raise ScheduleError(exc.reason, file=file) from None
    return replace(schedule, serves=tuple(sorted((day, name) for day, name in work if name)))


def _blocks(days: list[tuple[date, str]]) -> list[tuple[date, date, str]]:
    """Consecutive days of the same name joined into ranges."""
    blocks: list[list] = []
    for day, name in days:
        if blocks and blocks[-1][2] == name and blocks[-1][1] + timedelta(1) == day:
            blocks[-1][1] = day
        else:
            blocks.append([day, day, name])
    return [tuple(b) for b in blocks]


# -- schedule YAML -----------------------------------------------------------------------------


def dump_yaml(schedule: Schedule, header: str | None = None) -> str:
    """The schedule as a schedule file, in the form `load_schedule` reads, under a comment `header`."""
    def text(value: str | None) -> str:
        return "null" if value is None else json.dumps(value, ensure_ascii=False)

    lines = [f"# {line}" for line in (header or "").splitlines()]
    lines += [f"year: {schedule.year}", "notices:"]
    for n in schedule.notices:
        lines += [f"  - title: {text(n.title)}", f"    number: {text(n.number)}",
                  f"    issued: {n.issued.isoformat() if n.issued else 'null'}"]
        if n.source:
            lines.append(f"    source: {text(n.source)}")
    covered = {d for b in schedule.breaks for d in _span(b)}
    items = [(b.first, b) for b in schedule.breaks] + [(d, None) for d in schedule.days_off - covered]
    lines.append("days_off:" + ("" if items else " []"))
    for first, b in sorted(items, key=lambda item: item[0]):
        if b is None:
            lines.append(f"  - {first}")
            continue
        extra = (f"name: {text(b.name)}, " if b.name else "")
        count = f", days: {b.days}" if b.days is not None else ""
        lines.append(f"  - {{{extra}from: {b.first}, to: {b.last}{count}}}")
    lines.append("workdays:" + ("" if schedule.workdays else " []"))
    lines += [f"  - {d}    # {_name_of(d, schedule.breaks, schedule.serves)}" for d in sorted(schedule.workdays)]
    return "\n".join(lines) + "\n"
