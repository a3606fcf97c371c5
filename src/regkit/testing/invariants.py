"""The properties every answer of regkit must have, whatever the pack: each function returns
the messages of what it found broken ([] when all holds), so a test asserts `== []` and
`regkit check` prints them.

They restate counting rules of docs/deadlines.md: a period "N个工作日内" ends on a working
day; a period counted from a later day ends no earlier; an extension counts from the
original due date and never exceeds the article's maximum; a duty done by 24:00 of its due
date is on time, and lateness is zero exactly then.
"""

from __future__ import annotations

import types as _types
import typing
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

from ..model.events import EVENT_ATTRIBUTES
from ..model.packs import Deadline, EventMatch

__all__ = ["check_extension", "check_library", "check_result", "check_trigger_order", "matching_event"]


def matching_event(match: EventMatch, day: date, subject: str = "default", **extra: Any) -> dict[str, Any]:
    """The plainest valid event that `match` (a trigger, `done_by` or grant of a pack) accepts."""
    event: dict[str, Any] = {"type": match.event, "date": day.isoformat(), "subject": subject}
    for name, (annotation, default) in EVENT_ATTRIBUTES[match.event].items():
        if default is ...:
            event[name] = _plain(match.event, name, annotation)
    event.update(match.where)
    for name in match.absent:
        event.pop(name, None)
    event.update(extra)
    return event


def _plain(event_type: str, name: str, annotation: Any) -> Any:
    if (event_type, name) == ("report.submitted", "period"):
        return "2026-01"
    return _first_value(annotation)


def _first_value(annotation: Any) -> Any:
    """A deterministic valid value: the first literal, False, 1, 'x'."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, _types.UnionType):
        return _first_value(next(a for a in args if a is not type(None)))
    return {bool: False, int: 1, str: "x"}.get(annotation, "x")


def check_result(result: dict[str, Any], calendar: Any = None) -> list[str]:
    """What a single result must satisfy: working-day due dates are working days; lateness is
    zero exactly when the duty is on time; a minimum period is never late, only breached."""
    from ..calendar import default_calendar

    calendar = calendar or default_calendar()
    broken = []
    for d in result["deadlines"]:
        where = f"{d['rule']} ({d['subject']}, trigger {d['trigger']['date']})"
        if d["due"] and d["period"]["unit"] == "working_days" \
                and not calendar.is_working_day(date.fromisoformat(d["due"])):
            broken.append(f"{where}: due {d['due']} is not a working day")
        if d["bound"] != "deadline":
            if d["late_by"] != 0:
                broken.append(f"{where}: a minimum period is late by {d['late_by']}")
            continue
        on_time = d["status"] in ("met", "pending", "not_applicable")
        if (d["late_by"] == 0) != on_time:
            broken.append(f"{where}: status {d['status']} with late_by {d['late_by']}")
        if d["status"] in ("met", "late") and (d["completed_on"] <= d["due"]) != (d["status"] == "met"):
            broken.append(f"{where}: done {d['completed_on']}, due {d['due']}, yet {d['status']}")
    return broken


def _entry(engine: Any, jurisdiction: str, rule: Deadline, events: list[dict], as_of: date) -> dict | None:
    result = engine.evaluate(events, jurisdiction=jurisdiction, as_of=as_of, layers="local")
    found = [d for d in result["deadlines"] if d["rule"] == rule.id]
    return found[0] if found else None


def check_trigger_order(engine: Any, jurisdiction: str, rule: Deadline, first: date,
                        days: int = 15) -> list[str]:
    """A period counted from a later day ends no earlier (for a minimum period: the earliest
    permitted date does not move back), over `days` consecutive trigger days from `first`."""
    key = "earliest" if rule.bound == "minimum" else "due"
    ends = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        entry = _entry(engine, jurisdiction, rule, [matching_event(rule.trigger, day)], first + timedelta(days=days))
        if entry is not None and entry["status"] != "not_applicable":
            ends.append((day, entry[key]))
    if ends != sorted(ends, key=lambda pair: pair[1]):
        return [f"{rule.id}: a later trigger gives an earlier {key}: "
                + ", ".join(f"{d.isoformat()}->{end}" for d, end in ends)]
    return []


def check_extension(engine: Any, jurisdiction: str, rule: Deadline, day: date, after: int,
                    amount: int) -> list[str]:
    """A grant of `amount`, `after` days after a trigger on `day`, moves the due date later or
    not at all, and by no more than the article's maximum."""
    from ..errors import HistoryError

    if rule.extension is None:
        return []
    trigger = matching_event(rule.trigger, day)
    grant = matching_event(rule.extension.granted_by, day + timedelta(days=after), amount=amount)
    as_of = day + timedelta(days=120)
    try:
        extended = _entry(engine, jurisdiction, rule, [trigger, grant], as_of)
    except HistoryError:  # a refused grant shortens nothing
        return []
    plain = _entry(engine, jurisdiction, rule, [trigger], as_of)
    if plain is None or extended is None or plain["status"] == "not_applicable":
        return []
    cal = engine.calendar
    if cal is None:
        from ..calendar import default_calendar
        cal = default_calendar()
    maximum = rule.extension.max.amount
    if rule.period.unit.value == "working_days":
        longest = cal.add_working_days(date.fromisoformat(plain["due"]), maximum).isoformat()
    else:
        longest = "9999-12-31"  # other units: the extended_by check below still holds
    where = f"{rule.id} (trigger {day.isoformat()}, grant of {amount} after {after} days)"
    broken = []
    if not plain["due"] <= extended["due"] <= longest:
        broken.append(f"{where}: due {extended['due']}, without the grant {plain['due']}, at most {longest}")
    if not 0 <= extended["period"]["extended_by"] <= maximum:
        broken.append(f"{where}: extended by {extended['period']['extended_by']}, the most is {maximum}")
    return broken


#: Trigger fortnights that cross weekends, make-up workdays and the long holidays.
_FIRST_DAYS = (date(2025, 9, 22), date(2026, 1, 26), date(2026, 2, 9), date(2026, 9, 21), date(2026, 12, 24))


def check_library(engine: Any, scenario_files: Iterable[str | Path] = (),
                  jurisdictions: Iterable[str] | None = None) -> list[str]:
    """Every invariant on `engine`'s library: on the history of every scenario, and on every
    deadline rule of `jurisdictions` (default: the packs not bundled with regkit, or all of
    them for the bundled library) triggered around weekends and holidays."""
    from .._yaml import load_yaml_file
    from ..errors import RegkitError
    from ..library import Library

    library = engine.library
    if jurisdictions is None:
        bundled = Library.bundled().packs
        jurisdictions = [j for j in library.order() if j not in bundled] or library.order()
    broken: list[str] = []
    for file in scenario_files:
        try:
            scenarios = load_yaml_file(file).data
            for scenario in scenarios if isinstance(scenarios, list) else ():
                result = engine.evaluate(scenario["events"], jurisdiction=scenario["jurisdiction"],
                                         as_of=scenario["as_of"], layers=scenario.get("layers", "all"))
                broken += [f"{file}: {scenario.get('name')}: {m}" for m in check_result(result, engine.calendar)]
        except (RegkitError, KeyError, TypeError):
            continue  # the scenario run reports a scenario that cannot be evaluated
    for jurisdiction in jurisdictions:
        pack = library.packs[jurisdiction]
        for rule in pack.rules:
            if not isinstance(rule, Deadline):
                continue
            for first in _FIRST_DAYS:
                broken += check_trigger_order(engine, jurisdiction, rule, first)
                if rule.extension is not None:
                    for amount in (1, rule.extension.max.amount, rule.extension.max.amount + 3):
                        broken += check_extension(engine, jurisdiction, rule, first, 3, amount)
    return broken
