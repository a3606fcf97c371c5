"""The compact record: a result without what its rule ids and receipt already pin down.

A full result (docs/design.md, Results) repeats, in every entry, the rule's kind, party, period,
bound, reading and cited text. Over a million histories that is most of the
output: the same quotes, a million times. A compact result keeps what the history
decided (due dates, statuses, lateness, findings, sanctions applied, warnings) and
names each rule by its id; the pack versions and hashes in its receipt fix what
every id means, and `regkit explain RULE` prints it. The two never disagree: the
compact result is computed from the full one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model.results import CompactResult, Result

__all__ = ["RECORD_FORMATS", "compact_result"]

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
