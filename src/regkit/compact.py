"""The compact record: a result without what its rule ids and receipt already pin down.

A full result (docs/design.md, Results) repeats, in every entry, the rule's kind, party, period,
bound, reading and cited text. Over a million histories that is most of the
output: the same quotes, a million times. A compact result keeps what the history
decided (due dates, statuses, lateness, findings, sanctions applied, warnings) and
names each rule by its id; the pack versions and hashes in its receipt fix what
every id means, and `regkit explain RULE` prints it. The two never disagree: batch
builds the compact result directly (`evaluate_compact`), from the same decisions as the
full one but without its citations, escalation steps and conflict copies, and a
differential test (tests/test_compact_direct.py) proves it equal to the projection of
the full result (`compact_result`) on every record.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:
    from .calendar import WorkingDayCalendar
    from .engine.plan import Plan
    from .model.events import Event
    from .model.results import CompactResult, Result

__all__ = ["RECORD_FORMATS", "compact_result", "evaluate_compact"]

#: The record formats of `regkit batch --record` and `regkit.dask.evaluate_bag(record=...)`.
RECORD_FORMATS = ("full", "compact")


def compact_result(result: Result) -> CompactResult:
    """The compact form of one full result of `regkit.evaluate`."""
    return {
        "jurisdiction": result["jurisdiction"],
        "as_of": result["as_of"],
        "layers": result["layers"],
        "calendar": result["calendar"],
        "deadlines": [_deadline(entry) for entry in result["deadlines"]],
        "classifications": [_classification(item) for item in result["classifications"]],
        "findings": [_finding(finding) for finding in result["findings"]],
        "conflicts": [{"kind": c["kind"], "lower": c["lower"]["rule"], "higher": c["higher"]["rule"],
                       "subjects": c["subjects"]} for c in result["conflicts"]],
        "warnings": result["warnings"],
        "receipt": result["receipt"],
    }


def evaluate_compact(parsed: Sequence[Event], plan: Plan, as_of: date, cal: WorkingDayCalendar) -> CompactResult:
    """The compact result of `engine.evaluate.evaluate_parsed`, built directly: equal to
    `compact_result(evaluate_parsed(...))`, without making the full result first."""
    engine = _engine or _load_engine()
    return engine.run_paused(_evaluate_compact, engine, parsed, plan, as_of, cal)


_engine: Any = None  # the engine's steps, bound on first use (`_load_engine`)


def _load_engine() -> Any:
    """The engine's steps, imported on first use, not with this module: every command's
    parser reads RECORD_FORMATS here, and the engine takes most of a second to import."""
    global _engine
    from types import SimpleNamespace

    from .engine.evaluate import (_breach_finding, classify_events, decide, result_receipt, run_paused,
                                  unique_warnings, with_breaches)
    from .engine.liability import _allocations, exempted, judge, sanctions_now
    from .engine.conflicts import conflicts_met
    _engine = SimpleNamespace(
        allocations=_allocations, breach_finding=_breach_finding, classify_events=classify_events,
        conflicts_met=conflicts_met, decide=decide, exempted=exempted, judge=judge,
        result_receipt=result_receipt, run_paused=run_paused, sanctions_now=sanctions_now,
        unique_warnings=unique_warnings, with_breaches=with_breaches)
    return _engine


def _evaluate_compact(engine: Any, parsed: Sequence[Event], plan: Plan, as_of: date,
                      cal: WorkingDayCalendar) -> CompactResult:
    # the steps of engine.evaluate._evaluate, each giving its compact form: the deadline entries
    # are made in it (engine.deadlines._base); findings and conflicts are made without what the
    # compact form drops; the rare items (classifications, breaches, responsibilities) are made
    # full and projected one by one
    parsed, by_subject, rows, warnings = engine.decide(parsed, plan, as_of, cal, compact=True)
    entries = [row[0] for row in rows]
    findings: list[dict[str, Any]] = []
    liability = plan.liability
    if liability.rules:
        for rule, subject, when, evidence, applies, exemptions in engine.judge(liability, rows, parsed, by_subject,
                                                                             as_of):
            exempt = engine.exempted(exemptions)
            findings.append({
                "rule": rule.id,
                "kind": "exempted" if exempt else "violation",
                "subject": subject,
                "date": when,
                "evidence": evidence,
                "sanctions": [] if exempt else engine.sanctions_now(rule, applies),
                "escalated_upon": [step[0] for step, applied in zip(rule.escalation, applies) if applied]
                if True in applies else [],
                "exemptions": [{"flag": flag, "value": value, "effect": effect}
                               for flag, value, effect, _source in exemptions] if exemptions else [],
            })
    if liability.responsibilities:
        findings += [_finding(finding) for finding in engine.allocations(liability, parsed)]
    engine.with_breaches(findings, rows, lambda row: _finding(engine.breach_finding(row)))
    conflicts = []
    if plan.layers == "all":  # with one layer there is no higher rule to conflict with
        conflicts = [{"kind": c["kind"], "lower": c["lower"]["rule"], "higher": c["higher"]["rule"],
                      "subjects": subjects} for c, subjects in engine.conflicts_met(plan.jurisdiction, entries, parsed)]
    receipt = engine.result_receipt(plan, cal)
    return {
        "jurisdiction": plan.jurisdiction,
        "as_of": as_of.isoformat(),
        "layers": plan.layers,
        "calendar": {"provisional": True in [e["provisional"] for e in entries],
                     "official_through": receipt["calendar"]["official_through"]},
        "deadlines": entries,  # made in their compact form
        "classifications": [_classification(item) for item in engine.classify_events(parsed, plan)],
        "findings": findings,
        "conflicts": conflicts,
        "warnings": engine.unique_warnings(warnings),
        "receipt": receipt,
    }


def _deadline(entry: dict[str, Any]) -> dict[str, Any]:
    # kept: what the history decided; dropped: kind, jurisdiction, party, bound, reading,
    # source and the period's amount and unit, all fixed by the rule id
    period = entry["period"] or {}
    out = {
        "rule": entry["rule"],
        "subject": entry["subject"],
        "trigger": entry["trigger"],
        "due": entry["due"],
        "earliest": entry["earliest"],
        "status": entry["status"],
        "completed_on": entry["completed_on"],
        "late_by": entry["late_by"],
        "extended_by": period.get("extended_by", 0),
        "binding": entry["binding"],
        "provisional": entry["provisional"],
        "reason": entry["reason"],
    }
    if "covers" in period:  # a monthly duty: which month the entry is for
        out["covers"] = period["covers"]
    if "provisional_range" in entry:  # where a provisional date can still fall: the calendar's, not the rule's
        out["provisional_range"] = entry["provisional_range"]
    if "alternative" in entry:  # the due date and status under the rejected reading
        out["alternative"] = {"due": entry["alternative"]["due"], "status": entry["alternative"]["status"]}
    return out


def _finding(finding: dict[str, Any]) -> dict[str, Any]:
    # dropped: conduct, jurisdiction, party, enforcer, discretionary powers, reading, source and
    # the escalation steps that did not apply, all fixed by the rule id
    return {
        "rule": finding["rule"],
        "kind": finding["kind"],
        "subject": finding["subject"],
        "date": finding["date"],
        "evidence": finding["evidence"],
        "sanctions": finding["sanctions"],
        "escalated_upon": [step["upon"] for step in finding["escalation"] if step["applies"]],
        "exemptions": [{"flag": e["flag"], "value": e["value"], "effect": e["effect"]}
                       for e in finding["exemptions"]],
    }


def _classification(item: dict[str, Any]) -> dict[str, Any]:
    # dropped: the claim (it is the event's own attributes), the procedure's steps, the
    # readings and the citations, fixed by the rule ids
    return {
        "rule": item["rule"],
        "jurisdiction": item["jurisdiction"],
        "subject": item["subject"],
        "event": item["event"],
        "valid": item["valid"],
        "result": item["result"],
        "unmet": [requirement["rule"] for requirement in item["requirements"]],
        "reason": item["reason"],
    }
