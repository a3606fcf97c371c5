"""The compact record loses nothing but what a rule id and the receipt pin down.

The test rebuilds each full entry and finding from its compact form plus the rule's
own compiled data (looked up by id), and expects the full result back exactly: a
compact record that dropped anything the history decided could not be rebuilt.
"""

from __future__ import annotations

import json

from hypothesis import given, settings

import regkit
from regkit.batch import Options, evaluate_record
from regkit.compact import compact_result
from regkit.engine.plan import plan_for
from strategies import evaluations

_DEADLINE_KEYS = ["rule", "subject", "trigger", "due", "earliest", "status", "completed_on", "late_by",
                  "extended_by", "binding", "provisional", "reason"]


def _rules(jurisdiction: str) -> dict[str, object]:
    plan = plan_for(jurisdiction)
    rules = {rule.id: rule for rule, _depth in (*plan.deadlines, *plan.recurring)}
    rules.update({rule.id: rule for rule in plan.liability.rules})
    rules.update({rule.id: rule for rule in plan.liability.responsibilities})
    return rules


def _rebuilt_deadline(entry: dict, rule) -> dict:
    if entry["reason"] is not None and hasattr(rule, "due_day"):
        period, bound = None, "deadline"  # a monthly duty not in force: no month was counted
    elif hasattr(rule, "due_day"):
        period = {"amount": rule.due_day, "unit": "day_of_next_month", "extended_by": entry["extended_by"],
                  "covers": entry["covers"]}
        bound = "deadline"
    else:
        period = {"amount": rule.amount, "unit": rule.unit, "extended_by": entry["extended_by"]}
        bound = "minimum" if rule.minimum else "deadline"
    rebuilt = {"rule": rule.id, "kind": rule.kind, "jurisdiction": rule.jurisdiction, "subject": entry["subject"],
               "party": rule.party, "trigger": entry["trigger"], "period": period, "bound": bound,
               "due": entry["due"], "earliest": entry["earliest"], "status": entry["status"],
               "completed_on": entry["completed_on"], "late_by": entry["late_by"], "binding": entry["binding"],
               "provisional": entry["provisional"], "reading": rule.reading, "reason": entry["reason"],
               "source": rule.source}
    if "provisional_range" in entry:
        rebuilt["provisional_range"] = entry["provisional_range"]
    if "alternative" in entry:
        rebuilt["alternative"] = {**entry["alternative"], "reading": rule.alternative}
    return rebuilt


def _rebuilt_finding(finding: dict, rule) -> dict:
    if hasattr(rule, "bears"):  # who bears an outcome: everything but the occurrence is the rule's
        return {"rule": rule.id, "kind": "responsibility", "conduct": rule.outcome,
                "jurisdiction": rule.jurisdiction, "party": rule.bears[0], "enforcer": None,
                "subject": finding["subject"], "date": finding["date"], "evidence": finding["evidence"],
                "bears": list(rule.bears), "not_borne_by": list(rule.not_borne_by), "sanctions": [],
                "escalation": [], "exemptions": [], "discretionary": [], "reading": rule.reading,
                "source": rule.source}
    applied = set(finding["escalated_upon"])
    sources = {flag: source for flag, _effect, source in rule.exemptions}
    return {"rule": rule.id, "kind": finding["kind"], "conduct": rule.conduct, "jurisdiction": rule.jurisdiction,
            "party": rule.party, "enforcer": rule.enforcer, "subject": finding["subject"],
            "date": finding["date"], "evidence": finding["evidence"], "sanctions": finding["sanctions"],
            "escalation": [{"upon": on, "sanctions": list(sanctions), "by": by, "applies": on in applied,
                            "source": source} for on, sanctions, by, source in rule.escalation],
            "exemptions": [{**e, "source": sources[e["flag"]]} for e in finding["exemptions"]],
            "discretionary": list(rule.discretionary), "reading": rule.reading, "source": rule.source}


@settings(max_examples=80)
@given(evaluations())
def test_a_compact_result_and_the_rules_rebuild_the_full_result(case):
    jurisdiction, events, as_of = case
    full = regkit.evaluate(events, jurisdiction=jurisdiction, as_of=as_of)
    compact = compact_result(full)
    rules = _rules(jurisdiction)
    for entry in compact["deadlines"]:
        assert list(entry)[:len(_DEADLINE_KEYS)] == _DEADLINE_KEYS
    assert [_rebuilt_deadline(e, rules[e["rule"]]) for e in compact["deadlines"]] == full["deadlines"]
    assert len(compact["findings"]) == len(full["findings"])
    for short, long in zip(compact["findings"], full["findings"]):
        rule = rules[short["rule"]]
        if hasattr(rule, "conduct") or hasattr(rule, "bears"):  # a liability or responsibility finding
            assert _rebuilt_finding(short, rule) == long
        else:  # a minimum period cut short: the deadline's own violation, without sanctions
            assert {k: long[k] for k in ("rule", "kind", "subject", "date", "evidence", "sanctions")} == \
                {k: short[k] for k in ("rule", "kind", "subject", "date", "evidence", "sanctions")}
    assert [(c["lower"], c["higher"], c["kind"], c["subjects"]) for c in compact["conflicts"]] == \
        [(c["lower"]["rule"], c["higher"]["rule"], c["kind"], c["subjects"]) for c in full["conflicts"]]
    for key in ("jurisdiction", "as_of", "layers", "calendar", "warnings", "receipt"):
        assert compact[key] == full[key]


def test_a_compact_record_is_marked_and_much_smaller():
    history = {"jurisdiction": "hebei", "as_of": "2026-11-22", "id": "x", "events": [
        {"type": "catalog.change", "date": "2026-09-28", "subject": "catalog"},
        {"type": "catalog.updated", "date": "2026-10-15", "subject": "catalog"}]}
    full, ok_full = evaluate_record(json.dumps(history), Options())
    compact, ok_compact = evaluate_record(json.dumps(history), Options(record="compact"))
    assert ok_full and ok_compact
    assert compact["record"] == "compact" and "record" not in full and compact["id"] == "x"
    assert compact["result"] == compact_result(full["result"])
    # the quotes and readings are what the compact record leaves to the rule ids
    assert "quote" not in json.dumps(compact) and "quote" in json.dumps(full)
    assert len(json.dumps(compact)) * 2 < len(json.dumps(full))
    bad, ok = evaluate_record("{", Options(record="compact"))
    assert not ok and bad["record"] == "compact" and bad["error"].startswith("malformed JSON")
