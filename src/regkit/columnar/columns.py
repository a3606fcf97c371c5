"""The columnar engine's deadline entries as a decision table (columns of COLUMNS['deadlines'])."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.plan import Plan
from .engine import STATUSES, Prepared

__all__ = ["deadline_columns"]

_EPOCH = 719163  # date(1970, 1, 1).toordinal()


def _dates(ordinals: np.ndarray):
    import pyarrow as pa
    days = np.where(ordinals < 0, 0, ordinals - _EPOCH).astype(np.int32)
    return pa.array(days, mask=ordinals < 0).view(pa.date32())


def _per_rule(values: list, rule: np.ndarray, kind):
    import pyarrow as pa
    return pa.array(values, type=kind).take(pa.array(rule))


def deadline_columns(entries: dict[str, Any], plan: Plan, prepared: Prepared, under: str,
                     as_of_day: np.ndarray) -> tuple[Any, np.ndarray]:
    """(table without history_id, history number of each row)."""
    import pyarrow as pa
    rules = [rule for rule, _depth in plan.deadlines]
    rule = entries["rule"]
    n = len(rule)
    text, integer = pa.string(), pa.int64()

    def source(key):
        return _per_rule([r.source.get(key) for r in rules], rule, integer if key in ("article", "paragraph", "item")
                         else text)

    columns = {
        "under": pa.array([under] * n, type=text) if n else pa.array([], type=text),
        "as_of": _dates(as_of_day[entries["hist"]]),
        "rule": _per_rule([r.id for r in rules], rule, text),
        "kind": _per_rule([r.kind for r in rules], rule, text),
        "jurisdiction": _per_rule([r.jurisdiction for r in rules], rule, text),
        "subject": pa.array(prepared.subjects, type=text).take(pa.array(entries["subj"])),
        "party": _per_rule([r.party for r in rules], rule, text),
        "trigger_type": _per_rule([r.trigger_type for r in rules], rule, text),
        "trigger_date": _dates(entries["day"]),
        "period_amount": _per_rule([r.amount for r in rules], rule, integer),
        "period_unit": _per_rule([r.unit for r in rules], rule, text),
        "extended_by": pa.array(entries["extended"], type=integer),
        "covers": pa.nulls(n, type=text),
        "bound": _per_rule(["minimum" if r.minimum else "deadline" for r in rules], rule, text),
        "due": _dates(entries["due"]),
        "earliest": _dates(entries["earliest"]),
        "status": pa.array(list(STATUSES), type=text).take(pa.array(entries["status"].astype(np.int64))),
        "completed_on": _dates(entries["completed"]),
        "late_by": pa.array(entries["late_by"], type=integer),
        "binding": pa.array(entries["binding"], type=pa.bool_()),
        "provisional": pa.array(entries["provisional"], type=pa.bool_()),
        "reason": pa.array(entries["reason_text"] + [None], type=text).take(
            pa.array(np.where(entries["reason"] < 0, len(entries["reason_text"]), entries["reason"]))),
        "reading": _per_rule([r.reading for r in rules], rule, text),
        "source_jurisdiction": source("jurisdiction"),
        "source_document": source("document"),
        "source_article": source("article"),
        "source_paragraph": source("paragraph"),
        "source_item": source("item"),
        "source_quote": source("quote"),
    }
    return pa.table(columns), entries["hist"]


def _steps(rule, repeated: bool) -> tuple[list, list, list]:
    """(sanctions now, escalation steps, upon of the steps applied) of a finding whose history
    shows no flags and no rectification: only `repeated` can apply."""
    now, steps, upon = list(rule.sanctions), [], []
    for on, sanctions, by, source in rule.escalation:
        applies = on == "repeated" and repeated
        steps.append({"upon": on, "sanctions": list(sanctions), "by": by, "applies": applies,
                      "source": dict(source) if source else None})
        if applies:
            now.extend(s for s in sanctions if s not in now)
            upon.append(on)
    return now, steps, upon


def finding_columns(findings: dict[str, Any], entries: dict[str, Any], plan: Plan, prepared: Prepared,
                    under: str, as_of_day: np.ndarray) -> tuple[Any, np.ndarray]:
    """(findings table without history_id, history number of each row)."""
    import pyarrow as pa
    from .schema import _json
    rules = plan.liability.rules
    deadlines = [rule for rule, _depth in plan.deadlines]
    position, liable = findings["position"], findings["liable"]
    variant = liable * 2 + findings["repeated"].astype(np.int64)
    made = [_steps(rules[n // 2], bool(n % 2)) for n in range(2 * len(rules))]
    text, lists = pa.string(), pa.list_(pa.string())
    hist = entries["hist"][position]
    n = len(position)
    columns = {
        "under": pa.array([under] * n, type=text),
        "as_of": _dates(as_of_day[hist]),
        "rule": _per_rule([r.id for r in rules], liable, text),
        "kind": pa.array(["violation"] * n, type=text),
        "conduct": _per_rule([r.conduct for r in rules], liable, text),
        "jurisdiction": _per_rule([r.jurisdiction for r in rules], liable, text),
        "party": _per_rule([r.party for r in rules], liable, text),
        "enforcer": _per_rule([r.enforcer for r in rules], liable, text),
        "subject": pa.array(prepared.subjects, type=text).take(pa.array(entries["subj"][position])),
        "date": _dates(findings["when"]),
        "evidence_deadline": _per_rule([r.id for r in deadlines], entries["rule"][position], text),
        "evidence_status": pa.array(list(STATUSES), type=text).take(
            pa.array(entries["status"][position].astype(np.int64))),
        "evidence_due": _dates(entries["due"][position]),
        "evidence_earliest": _dates(entries["earliest"][position]),
        "evidence_completed_on": _dates(entries["completed"][position]),
        "evidence_event": pa.nulls(n, type=text),
        "evidence_index": pa.nulls(n, type=pa.int64()),
        "evidence_without": pa.nulls(n, type=text),
        "sanctions": _per_rule([m[0] for m in made], variant, lists),
        "escalated_upon": _per_rule([m[2] for m in made], variant, lists),
        "escalation": _per_rule([_json(m[1]) for m in made], variant, text),
        "exemptions": pa.array(["[]"] * n, type=text),
        "discretionary": _per_rule([list(r.discretionary) for r in rules], liable, lists),
        "reading": _per_rule([r.reading for r in rules], liable, text),
        "source": _per_rule([_json(r.source) for r in rules], liable, text),
    }
    return pa.table(columns), hist
