"""The decision tables: their columns, in order, and how a scalar result fills them.

A decision table is the JSON result of `regkit.evaluate` flattened: one row per
deadline entry, finding, conflict met or classification, keyed by `history_id`
and by `under` (the jurisdiction the history was evaluated under; an entry's own
`jurisdiction` is the pack of its rule). Nested parts that have no fixed shape
(a finding's escalation steps and exemptions, a classification's result) are kept
as canonical JSON text, so nothing of the result is lost.

`flatten` is the reference: the columnar engine's tables must equal the tables
`flatten` makes of the scalar engine's results (tests/test_columnar_differential.py).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["COLUMNS", "TABLES", "flatten", "error_row"]

_KEY = ("history_id", "under", "as_of")

#: table -> its columns, in order
COLUMNS: dict[str, tuple[str, ...]] = {
    "deadlines": _KEY + (
        "rule", "kind", "jurisdiction", "subject", "party", "trigger_type", "trigger_date",
        "received_type", "received_date", "period_amount", "period_unit", "extended_by", "covers", "bound", "due", "earliest", "status",
        "completed_on", "late_by", "binding", "provisional", "provisional_earliest", "provisional_latest",
        "alternative_due", "alternative_status", "reason", "reading",
        "source_jurisdiction", "source_document", "source_article", "source_paragraph", "source_item",
        "source_quote"),
    "findings": _KEY + (
        "rule", "kind", "conduct", "jurisdiction", "party", "enforcer", "subject", "date",
        "evidence_deadline", "evidence_status", "evidence_due", "evidence_earliest", "evidence_completed_on",
        "evidence_event", "evidence_index", "evidence_role", "evidence_without", "evidence_followed_by",
        "bears", "not_borne_by", "sanctions", "escalated_upon",
        "escalation", "exemptions", "discretionary", "reading", "source"),
    "conflicts": _KEY + (
        "kind", "topic", "lower_rule", "lower_jurisdiction", "higher_rule", "higher_jurisdiction",
        "prevails", "subjects", "summary"),
    "classifications": _KEY + (
        "rule", "jurisdiction", "subject", "event_index", "event_date", "valid", "result", "unmet", "reason"),
    "errors": ("history_id", "under", "row", "error", "error_type"),
}
TABLES = tuple(COLUMNS)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _source(source: dict[str, Any], prefix: str = "source_") -> dict[str, Any]:
    return {prefix + "jurisdiction": source["jurisdiction"], prefix + "document": source.get("document"),
            prefix + "article": source["article"], prefix + "paragraph": source.get("paragraph"),
            prefix + "item": source.get("item"), prefix + "quote": source["quote"]}


def deadline_row(key: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    period = entry["period"] or {}
    trigger = entry["trigger"] or {}
    return {**key, "rule": entry["rule"], "kind": entry["kind"], "jurisdiction": entry["jurisdiction"],
            "subject": entry["subject"], "party": entry["party"], "trigger_type": trigger.get("type"),
            "trigger_date": trigger.get("date"), "received_type": trigger.get("received", {}).get("type"),
            "received_date": trigger.get("received", {}).get("date"), "period_amount": period.get("amount"),
            "period_unit": period.get("unit"), "extended_by": period.get("extended_by"),
            "covers": period.get("covers"), "bound": entry["bound"], "due": entry["due"],
            "earliest": entry["earliest"], "status": entry["status"], "completed_on": entry["completed_on"],
            "late_by": entry["late_by"], "binding": entry["binding"], "provisional": entry["provisional"],
            "provisional_earliest": entry.get("provisional_range", {}).get("earliest"),
            "provisional_latest": entry.get("provisional_range", {}).get("latest"),
            "alternative_due": entry.get("alternative", {}).get("due"),
            "alternative_status": entry.get("alternative", {}).get("status"),
            "reason": entry["reason"], "reading": entry["reading"], **_source(entry["source"])}


def _finding_row(key: dict[str, Any], finding: dict[str, Any]) -> dict[str, Any]:
    evidence = finding["evidence"]
    return {**key, "rule": finding["rule"], "kind": finding["kind"], "conduct": finding["conduct"],
            "jurisdiction": finding["jurisdiction"], "party": finding["party"], "enforcer": finding["enforcer"],
            "subject": finding["subject"], "date": finding["date"],
            "evidence_deadline": evidence.get("deadline"), "evidence_status": evidence.get("status"),
            "evidence_due": evidence.get("due"), "evidence_earliest": evidence.get("earliest"),
            "evidence_completed_on": evidence.get("completed_on"), "evidence_event": evidence.get("event"),
            "evidence_index": evidence.get("index"), "evidence_role": evidence.get("role"),
            "evidence_without": evidence.get("without"), "evidence_followed_by": evidence.get("followed_by"),
            "bears": finding.get("bears"), "not_borne_by": finding.get("not_borne_by"),
            "sanctions": list(finding["sanctions"]),
            "escalated_upon": [step["upon"] for step in finding["escalation"] if step["applies"]],
            "escalation": _json(finding["escalation"]), "exemptions": _json(finding["exemptions"]),
            "discretionary": list(finding["discretionary"]), "reading": finding["reading"],
            "source": _json(finding["source"])}


def conflict_row(key: dict[str, Any], conflict: dict[str, Any]) -> dict[str, Any]:
    return {**key, "kind": conflict["kind"], "topic": conflict["topic"],
            "lower_rule": conflict["lower"]["rule"], "lower_jurisdiction": conflict["lower"]["jurisdiction"],
            "higher_rule": conflict["higher"]["rule"], "higher_jurisdiction": conflict["higher"]["jurisdiction"],
            "prevails": conflict["prevails"], "subjects": list(conflict["subjects"]), "summary": conflict["summary"]}


def _classification_row(key: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    return {**key, "rule": item["rule"], "jurisdiction": item["jurisdiction"], "subject": item["subject"],
            "event_index": item["event"]["index"], "event_date": item["event"]["date"], "valid": item["valid"],
            "result": _json(item["result"]), "unmet": [r["rule"] for r in item["requirements"]],
            "reason": item["reason"]}


def flatten(history_id: Any, result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of one scalar result, table by table (errors: none)."""
    key = {"history_id": history_id, "under": result["jurisdiction"], "as_of": result["as_of"]}
    return {
        "deadlines": [deadline_row(key, entry) for entry in result["deadlines"]],
        "findings": [_finding_row(key, finding) for finding in result["findings"]],
        "conflicts": [conflict_row(key, conflict) for conflict in result["conflicts"]],
        "classifications": [_classification_row(key, item) for item in result["classifications"]],
        "errors": [],
    }


def error_row(history_id: Any, under: str | None, row: int | None, error: str | BaseException,
              error_type: str) -> dict[str, Any]:
    """An errors-table row. `error`: its text, or the exception itself, which the row keeps (as
    `_exception`) until it is put in a table, so that it can be worded in another language."""
    found = {"history_id": history_id, "under": under, "row": row, "error": str(error), "error_type": error_type}
    if isinstance(error, BaseException):
        found["_exception"] = error
    return found
