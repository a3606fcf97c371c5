"""`regkit.evaluate`: one history, one jurisdiction, one `as_of`: the result of docs/design.md, Results.

Validation happens once at the edge (events, jurisdiction, dates); evaluation then
runs on plain structures. The result is a plain JSON-able dict with a stable key
and list order, so the same input always gives byte-identical JSON.
"""

from __future__ import annotations

import gc
import json
import threading
from operator import itemgetter
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from .. import __version__
from ..calendar import WorkingDayCalendar, default_calendar
from ..history import History, parse_events
from ..model.events import Event, HistoryError, to_china_date
from ..model.packs import CLASSIFICATION_INPUTS
from ..packs import get_pack
from .classify import classify_claim
from .conflicts import conflicts_for_result
from .deadlines import Row, counter_for, evaluate_subject
from .liability import find
from .plan import Plan, plan_for

if TYPE_CHECKING:
    from ..model.results import Finding, Result, ResultWarning

__all__ = ["evaluate", "evaluate_parsed", "plan_for", "to_json"]

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


def evaluate(events: Iterable[Any] | History, *, jurisdiction: str | None = None, as_of: date | str | None = None,
             layers: str = "all", calendar: WorkingDayCalendar | None = None) -> Result:
    """Evaluate a history under `jurisdiction` as it stands on `as_of`.

    `events`: event mappings (docs/design.md, Events) or `Event`s, in any order, or a `History`
    (`load_history`), whose own jurisdiction and as_of apply unless given here.
    `layers`: 'all' (the jurisdiction and the ancestors that bind it) or 'local' (its
    pack alone). `calendar`: a `WorkingDayCalendar` (e.g. with loaded schedules, or
    strict); the default is the library's.
    """
    if isinstance(events, History):
        jurisdiction = jurisdiction or events.jurisdiction
        as_of = as_of or events.as_of
        if as_of is None:
            raise HistoryError("no as_of: give as_of=... or put one in the history", field="as_of")
        events = events.events
    if layers not in ("all", "local"):
        raise HistoryError(f"layers must be 'all' or 'local', not {layers!r}", field="layers")
    if not isinstance(jurisdiction, str):
        get_pack(jurisdiction)  # raises UnknownJurisdiction, before the cached look-up cannot hash it
    plan = plan_for(jurisdiction, layers)  # an unknown id fails here, with a suggestion
    as_of = _as_date(as_of, "as_of")
    parsed = parse_events(events)  # already built Events pass through; one sort either way
    return evaluate_parsed(parsed, plan, as_of, calendar or default_calendar())


_pause_lock = threading.Lock()
_pausing = 0  # evaluations running with the collector paused
_resume_collector = False  # whether the first of them found it on


def evaluate_parsed(parsed: Sequence[Event], plan: Plan, as_of: date,
                    cal: WorkingDayCalendar) -> Result:
    """The lean entry point behind `evaluate`, for callers that validated already.

    `parsed`: events as `history.parse_events` returns them (validated, sorted by
    date); `plan`: `plan_for(jurisdiction, layers)`; `as_of`: a `date`. Nothing
    is checked again here, which is what makes batch evaluation cheap.

    Python's cyclic garbage collector is paused meanwhile, as `timeit` does: the
    result of a long history is tens of thousands of containers, which cannot form
    cycles but which the collector would otherwise walk again and again while they
    are built (a history of 1,000 events took 1.5 times as long per event as one of
    10). The collector is one per process: while any thread evaluates, it is off for
    every thread, and it is turned on again when the last concurrent evaluation ends,
    if the first one found it on. So a collector the caller turned off before
    evaluating stays off; but a thread that calls `gc.disable()` while another thread
    is evaluating finds it on again when that evaluation ends (turn it off before the
    evaluations start, or not at all).
    """
    return run_paused(_evaluate, parsed, plan, as_of, cal)


def run_paused(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` with the cyclic collector paused (see `evaluate_parsed`)."""
    global _pausing, _resume_collector
    with _pause_lock:
        if _pausing == 0:
            _resume_collector = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        return function(*args)
    finally:
        with _pause_lock:
            _pausing -= 1
            if _pausing == 0 and _resume_collector:
                gc.enable()


def decide(parsed: Sequence[Event], plan: Plan, as_of: date, cal: WorkingDayCalendar,
           compact: bool = False) -> tuple[Sequence[Event], dict[str, list[Event]], list[Row], list]:
    """What every record of a history starts from, full or compact (`compact.evaluate_compact`):
    (the events considered, those events by subject, the deadline rows bound and in result
    order, the warnings so far); `compact`: the rows' entries in the compact record's form."""
    if as_of > cal.last_day:  # lateness so far could not be counted
        raise HistoryError(f"as_of {as_of.isoformat()} is after the last day of the working-day "
                           f"calendar ({cal.last_day.isoformat()})", field="as_of")
    warnings: list[ResultWarning] = []
    later = [e for e in parsed if e.date > as_of] if parsed and parsed[-1].date > as_of else None
    if later:
        warnings.append({"code": "events_after_as_of",
                         "message": f"{len(later)} event(s) dated after as_of {as_of.isoformat()} "
                                    f"were not considered (first: event {later[0].index}, {later[0].type})"})
        parsed = tuple(e for e in parsed if e.date <= as_of)

    by_subject: dict[str, list[Event]] = {}
    for event in parsed:
        same = by_subject.get(event.subject)
        if same is None:
            by_subject[event.subject] = [event]
        else:
            same.append(event)

    counter = counter_for(cal)
    rows: list[Row] = []
    for subject in sorted(by_subject):
        rows.extend(evaluate_subject(by_subject[subject], plan, as_of, counter, warnings, compact))
    _mark_binding(rows)
    rows.sort(key=itemgetter(2))  # the sort key made with each row
    return parsed, by_subject, rows, warnings


def classify_events(parsed: Sequence[Event], plan: Plan) -> list[dict[str, Any]]:
    """The classification items of the history's `data.classified` events, in result order."""
    classifications = []
    for event in parsed:
        if event.type != "data.classified":
            continue
        claim = {name: event.attrs[name] for name in CLASSIFICATION_INPUTS}
        for item in classify_claim(plan.jurisdiction, claim, on=event.date, layers=plan.layers):
            item["subject"] = event.subject
            item["event"] = {"index": event.index, "date": event.date.isoformat()}
            classifications.append(item)
    if classifications:
        classifications.sort(key=lambda item: (item["subject"], item["event"]["date"], item["event"]["index"]))
    return classifications


def _evaluate(parsed: Sequence[Event], plan: Plan, as_of: date, cal: WorkingDayCalendar) -> Result:
    parsed, by_subject, rows, warnings = decide(parsed, plan, as_of, cal)
    entries = [row[0] for row in rows]
    findings = find(plan.liability, rows, parsed, by_subject, as_of) \
        if plan.liability.rules or plan.liability.responsibilities else []
    with_breaches(findings, rows, _breach_finding)
    classifications = classify_events(parsed, plan)
    conflicts = []
    if plan.layers == "all":  # with one layer there is no higher rule to conflict with
        conflicts = conflicts_for_result(plan.jurisdiction, entries, parsed)
    receipt = result_receipt(plan, cal)
    return {
        "jurisdiction": plan.jurisdiction,
        "as_of": as_of.isoformat(),
        "layers": plan.layers,
        "regkit_version": __version__,
        "calendar": {"provisional": any(e["provisional"] for e in entries),
                     "official_through": receipt["calendar"]["official_through"]},
        "deadlines": entries,
        "classifications": classifications,
        "findings": findings,
        "conflicts": conflicts,
        "warnings": unique_warnings(warnings),
        "receipt": receipt,
    }


def with_breaches(findings: list[dict[str, Any]], rows: list[Row], make: Callable[[Row], dict[str, Any]]) -> None:
    """Add the finding `make` gives for each breached minimum period (a row) no liability
    rule covered, and put the findings in result order."""
    breached = [row for row in rows if row[0]["status"] == "breached"]
    if breached:
        covered = {f["evidence"].get("deadline") for f in findings} - {None}
        findings += [make(row) for row in breached if row[0]["rule"] not in covered]
    if len(findings) > 1:
        findings.sort(key=_finding_order)


def _finding_order(finding: dict[str, Any]) -> tuple:
    return finding["subject"], finding["date"] or "", finding["rule"]


def result_receipt(plan: Plan, cal: WorkingDayCalendar) -> dict[str, Any]:
    """What pins down every answer of a result: regkit's version, the packs, the calendar."""
    return {
        "regkit_version": __version__,
        "packs": [{"id": i, "version": v, "sha256": h} for i, v, h in plan.receipts],
        "calendar": cal.receipt(),
    }


def unique_warnings(warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The warnings in order, each given once."""
    return _unique(warnings) if len(warnings) > 1 else warnings


# What doing the restrained act too early is called, per minimum-period kind.
_BREACH_CONDUCT = {
    "records_retention": "records_destroyed_before_retention_ended",
    "logs_retention": "logs_deleted_before_retention_ended",
    "resource_transition": "resource_retired_before_transition_ended",
}


def _breach_finding(row: Row) -> Finding:
    """A minimum period cut short is a violation of the rule that sets it.

    Which sanctions follow is the liability chapter's answer, added by the liability
    rules; until a pack supplies them the lists are empty, not guessed. The row's entry
    may be full or compact: what the rule fixes is read off the rule.
    """
    entry, rule = row[0], row[5]
    return {
        "rule": entry["rule"],
        "kind": "violation",
        "conduct": _BREACH_CONDUCT.get(rule.kind, rule.kind + "_breached"),
        "jurisdiction": rule.jurisdiction,
        "party": rule.party,
        "enforcer": None,
        "subject": entry["subject"],
        "date": entry["completed_on"],
        "evidence": {"deadline": entry["rule"], "status": "breached", "due": None,
                     "earliest": entry["earliest"], "completed_on": entry["completed_on"]},
        "sanctions": [],
        "escalation": [],
        "exemptions": [],
        "discretionary": [],
        "reading": rule.reading,
        "source": dict(rule.source),
    }


def _mark_binding(rows: list[Row]) -> None:
    """Within each obligation (same kind, party, subject, fulfilling event and cycle), the
    earliest due date binds; for a minimum period, the latest earliest-permitted date.

    A minimum period and a deadline on the same act (a local wait before a reply its parent
    times) are two bounds of it, not one figure: each binds among its own bound."""
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        if row[0]["status"] != "not_applicable":
            members = groups.get(row[1])
            if members is None:
                groups[row[1]] = [row]
            else:
                members.append(row)
    for members in groups.values():
        if len(members) == 1:  # alone in its obligation: it binds
            members[0][0]["binding"] = True
            continue
        minimum = members[0][5].minimum
        if any(row[5].minimum is not minimum for row in members):
            _bind([row for row in members if row[5].minimum], True)
            _bind([row for row in members if not row[5].minimum], False)
        else:
            _bind(members, minimum)


def _bind(members: list[Row], minimum: bool) -> None:
    days = [row[0]["earliest"] if minimum else row[0]["due"] for row in members]
    best = max(days) if minimum else min(days)
    for row, day in zip(members, days):
        row[0]["binding"] = day == best


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
