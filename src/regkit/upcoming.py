"""What falls due (`regkit agenda`): the binding duties of many histories that are overdue or due soon.

An official's question is rarely one history: it is "what must my departments do this
week?". `agenda` evaluates each history under its own jurisdiction and keeps the
binding deadlines that are overdue or fall due within `within` working days of
`as_of` (a minimum period restrains an act and is never "due"), sorted by due date.
Each item carries a stable `uid` (jurisdiction, rule, subject, trigger, period), so a
calendar that imports the iCalendar form twice updates its entries instead of
duplicating them (render/ical.py).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, Iterable

from .calendar import WorkingDayCalendar, default_calendar
from .errors import InputError
from .history import History

__all__ = ["agenda"]


def _uid(entry: dict[str, Any]) -> str:
    period = entry["period"] or {}
    key = "|".join((entry["jurisdiction"], entry["rule"], entry["subject"], entry["trigger"]["type"],
                    entry["trigger"]["date"], period.get("covers") or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + "@regkit"


def agenda(histories: Iterable[History], *, within: int = 5, as_of: date | None = None,
           layers: str = "all", calendar: WorkingDayCalendar | None = None) -> dict[str, Any]:
    """`{"as_of", "within", "items": [...]}`: each item is a binding deadline that is overdue or
    due within `within` working days of `as_of` (default: each history's own, else today),
    with `working_days_left` (negative: working days overdue) and the history it came from."""
    from .engine import evaluate
    from .model.events import today_in_china

    if type(within) is not int or within < 0:
        raise InputError(f"--within must be a whole number of working days ≥ 0, not {within!r}", field="within")
    cal = calendar or default_calendar()
    items = []
    days = set()
    for history in histories:
        if not history.jurisdiction:
            raise InputError("no jurisdiction: put 'jurisdiction:' in the history", file=history.file)
        when = as_of or history.as_of or today_in_china()
        days.add(when)
        result = evaluate(history.events, jurisdiction=history.jurisdiction, as_of=when, layers=layers,
                          calendar=cal)
        for entry in result["deadlines"]:
            if not entry["binding"] or entry["bound"] != "deadline" or entry["status"] not in ("pending", "overdue"):
                continue
            due = date.fromisoformat(entry["due"])
            left = cal.working_days_between(when, due) if due >= when else -cal.working_days_between(due, when)
            if entry["status"] == "pending" and left > within:
                continue
            items.append({
                "uid": _uid(entry), "due": entry["due"], "status": entry["status"], "working_days_left": left,
                "party": entry["party"], "subject": entry["subject"], "rule": entry["rule"], "kind": entry["kind"],
                "jurisdiction": entry["jurisdiction"], "history": history.file, "as_of": when.isoformat(),
                "trigger": dict(entry["trigger"]), "provisional": entry["provisional"],
                "source": dict(entry["source"]),
            })
    items.sort(key=lambda i: (i["due"], i["jurisdiction"], i["subject"], i["rule"], i["trigger"]["date"],
                              i["history"] or ""))
    shown = as_of or (min(days) if len(days) == 1 else None)
    return {"as_of": shown.isoformat() if shown else None, "within": within, "items": items}
