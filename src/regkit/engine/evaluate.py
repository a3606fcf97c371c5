"""`regkit.evaluate`: one history, one jurisdiction, one `as_of`: the result of DESIGN §6.

Validation happens once at the edge (events, jurisdiction, dates); evaluation then
runs on plain structures. The result is a plain JSON-able dict with a stable key
and list order, so the same input always gives byte-identical JSON.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Iterable

from .. import __version__
from ..calendar import WorkingDayCalendar, default_calendar
from ..history import parse_events
from ..model.events import Event, HistoryError, to_china_date
from ..packs import get_pack
from ..model.packs import CLASSIFICATION_INPUTS
from .classify import classify_claim
from .compiled import layers_for
from .deadlines import Counter, evaluate_subject
from .liability import find

__all__ = ["evaluate", "to_json"]

_STATUS_ORDER = {"overdue": 0, "late": 1, "breached": 2, "pending": 3, "met": 4, "not_applicable": 5}


def _as_date(value: Any, name: str) -> date:
    value = to_china_date(value)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise HistoryError(f"{name} is not a date (YYYY-MM-DD): {value!r}", field=name) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise HistoryError(f"{name} must be a date, not {type(value).__name__}", field=name)


def evaluate(events: Iterable[Any], *, jurisdiction: str, as_of: date | str,
             layers: str = "all", calendar: WorkingDayCalendar | None = None) -> dict[str, Any]:
    """Evaluate a history under `jurisdiction` as it stands on `as_of`.

    `events`: event mappings (DESIGN §4) or `Event`s, in any order. `layers`:
    'all' (the jurisdiction and the ancestors that bind it) or 'local' (its pack
    alone). `calendar`: a `WorkingDayCalendar` (e.g. with loaded schedules, or
    strict); the default is the library's.
    """
    if layers not in ("all", "local"):
        raise HistoryError(f"layers must be 'all' or 'local', not {layers!r}", field="layers")
    get_pack(jurisdiction)  # an unknown id fails here, with a suggestion
    as_of = _as_date(as_of, "as_of")
    cal = calendar or default_calendar()
    if as_of > cal.last_day:  # lateness so far could not be counted
        raise HistoryError(f"as_of {as_of.isoformat()} is after the last day of the working-day "
                           f"calendar ({cal.last_day.isoformat()})", field="as_of")
    parsed = parse_events(events)  # already built Events pass through; one sort either way
    warnings: list[dict[str, Any]] = []
    later = [e for e in parsed if e.date > as_of]
    if later:
        warnings.append({"code": "events_after_as_of",
                         "message": f"{len(later)} event(s) dated after as_of {as_of.isoformat()} "
                                    f"were not considered (first: event {later[0].index}, {later[0].type})"})
        parsed = tuple(e for e in parsed if e.date <= as_of)

    compiled = layers_for(jurisdiction, layers)
    deadlines = [rule for layer in compiled for rule in layer.deadlines]
    recurring = [rule for layer in compiled for rule in layer.recurring]
    by_subject: dict[str, list[Event]] = {}
    for event in parsed:
        by_subject.setdefault(event.subject, []).append(event)

    counter = Counter(cal)
    entries: list[dict[str, Any]] = []
    for subject in sorted(by_subject):
        entries.extend(evaluate_subject(by_subject[subject], deadlines, recurring, as_of, counter, warnings))
    _mark_binding(entries)
    depth = {layer.pack.id: layer.depth for layer in compiled}
    entries.sort(key=lambda e: (e["subject"], e["_order"], e["kind"], -depth[e["jurisdiction"]], e["rule"],
                                e["period"]["covers"] if e["period"] and "covers" in e["period"] else ""))
    liability_rules = [rule for layer in compiled for rule in layer.liability]
    findings = find(liability_rules, entries, list(parsed), as_of)
    covered = {f["evidence"].get("deadline") for f in findings} - {None}
    findings += [_breach_finding(e) for e in entries if e["status"] == "breached" and e["rule"] not in covered]
    findings.sort(key=lambda f: (f["subject"], f["date"] or "", f["rule"]))
    for entry in entries:
        for key in ("_group", "_order", "_trigger", "_done"):
            entry.pop(key, None)

    classifications = []
    for event in parsed:
        if event.type != "data.classified":
            continue
        claim = {name: event.attrs[name] for name in CLASSIFICATION_INPUTS}
        for item in classify_claim(jurisdiction, claim, on=event.date, layers=layers):
            item["subject"] = event.subject
            item["event"] = {"index": event.index, "date": event.date.isoformat()}
            classifications.append(item)
    classifications.sort(key=lambda item: (item["subject"], item["event"]["date"], item["event"]["index"]))
    provisional = any(e["provisional"] for e in entries)
    calendar_receipt = cal.receipt()
    return {
        "jurisdiction": jurisdiction,
        "as_of": as_of.isoformat(),
        "layers": layers,
        "regkit_version": __version__,
        "calendar": {"provisional": provisional, "official_through": calendar_receipt["official_through"]},
        "deadlines": entries,
        "classifications": classifications,
        "findings": findings,
        "conflicts": [],
        "warnings": _unique(warnings),
        "receipt": {
            "regkit_version": __version__,
            "packs": [layer.pack.receipt() for layer in compiled],
            "calendar": calendar_receipt,
        },
    }


# What doing the restrained act too early is called, per minimum-period kind.
_BREACH_CONDUCT = {
    "records_retention": "records_destroyed_before_retention_ended",
    "logs_retention": "logs_deleted_before_retention_ended",
    "resource_transition": "resource_retired_before_transition_ended",
}


def _breach_finding(entry: dict[str, Any]) -> dict[str, Any]:
    """A minimum period cut short is a violation of the rule that sets it.

    Which sanctions follow is the liability chapter's answer, added by the liability
    rules; until a pack supplies them the lists are empty, not guessed.
    """
    return {
        "rule": entry["rule"],
        "kind": "violation",
        "conduct": _BREACH_CONDUCT.get(entry["kind"], entry["kind"] + "_breached"),
        "jurisdiction": entry["jurisdiction"],
        "party": entry["party"],
        "enforcer": None,
        "subject": entry["subject"],
        "date": entry["completed_on"],
        "evidence": {"deadline": entry["rule"], "status": "breached", "due": None,
                     "earliest": entry["earliest"], "completed_on": entry["completed_on"]},
        "sanctions": [],
        "escalation": [],
        "exemptions": [],
        "reading": entry["reading"],
        "source": entry["source"],
    }


def _mark_binding(entries: list[dict[str, Any]]) -> None:
    """Within each obligation (same kind, party, subject, fulfilling event and cycle), the
    earliest due date binds; for a minimum period, the latest earliest-permitted date."""
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["status"] != "not_applicable":
            groups.setdefault(entry["_group"], []).append(entry)
    for members in groups.values():
        if members[0]["bound"] == "minimum":
            best = max(m["earliest"] for m in members)
            for m in members:
                m["binding"] = m["earliest"] == best
        else:
            best = min(m["due"] for m in members)
            for m in members:
                m["binding"] = m["due"] == best


def _unique(warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for warning in warnings:
        key = json.dumps(warning, sort_keys=True, ensure_ascii=False)
        if key not in seen:
            seen.add(key)
            out.append(warning)
    return out


def to_json(result: dict[str, Any]) -> str:
    """The canonical JSON text of a result: sorted keys, UTF-8 text, newline-terminated."""
    return json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
