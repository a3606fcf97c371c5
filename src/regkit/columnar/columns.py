"""The columnar engine's deadline entries as a decision table (columns of COLUMNS['deadlines'])."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.plan import Plan
from .engine import STATUSES, Prepared

__all__ = ["deadline_columns"]

_EPOCH = 719163  # date(1970, 1, 1).toordinal()


def _valid(values: np.ndarray, missing: np.ndarray):
    """`values` (a numpy array) as an Arrow array, null where `missing`: the validity bitmap is
    packed by numpy, the values are not copied (pa.array with a mask is about 30 times slower)."""
    import pyarrow as pa
    values = np.ascontiguousarray(values)
    nulls = int(np.count_nonzero(missing))
    if not nulls:
        return pa.array(values)
    valid = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), len(values), [valid, pa.py_buffer(values)],
                                 null_count=nulls)


def _dates(ordinals: np.ndarray):
    """date32 of day ordinals, null where negative (the value under a null is not read)."""
    import pyarrow as pa
    ordinals = np.asarray(ordinals)
    return _valid((ordinals - _EPOCH).astype(np.int32), ordinals < 0).view(pa.date32())


def _none(n: int, kind):
    """A column of n nulls of `kind` (a text column: dictionary-encoded, as every other)."""
    import pyarrow as pa
    if kind == pa.string():
        return pa.DictionaryArray.from_arrays(pa.nulls(n, pa.int32()), pa.array([], type=kind))
    return pa.nulls(n, type=kind)


def _per_rule(values: list, rule: np.ndarray, kind):
    """values[rule] for each row, built at its table type: text as a dictionary column (each
    distinct text stored once), numbers through numpy; a rule number of -1 is a null row."""
    import pyarrow as pa
    rule = np.asarray(rule, dtype=np.int64)
    if kind == pa.string():  # a None value is a null row, never a null in the dictionary
        distinct: dict[str, int] = {}
        remap = np.array([-1 if v is None else distinct.setdefault(v, len(distinct)) for v in values] + [-1],
                         dtype=np.int32)
        codes = remap.take(rule)  # -1 takes the last: null
        return pa.DictionaryArray.from_arrays(_valid(codes, codes < 0), pa.array(list(distinct), type=kind))
    if kind == pa.int64():
        number = np.array([0 if v is None else v for v in values] + [0], dtype=np.int64)
        missing = np.array([v is None for v in values] + [True])
        return _valid(number.take(rule), missing.take(rule))
    if pa.types.is_list(kind):  # the items of each row's list gathered through numpy: Arrow's take
        return _lists(values, rule, kind)  # of a list column took a second for a million histories
    return pa.array(values, type=kind).take(pa.array(rule))


def _lists(values: list, rule: np.ndarray, kind):
    """values[rule] for each row of a list column (a value None, or a rule of -1: a null row)."""
    import pyarrow as pa
    lengths = np.array([0 if v is None else len(v) for v in values] + [0], dtype=np.int64)
    missing = np.array([v is None for v in values] + [True]).take(rule)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])  # each value's first item in `items`
    items = pa.array([item for v in values if v is not None for item in v], type=kind.value_type)
    per_row = lengths.take(rule)
    offsets = np.zeros(len(rule) + 1, dtype=np.int64)
    np.cumsum(per_row, out=offsets[1:])
    starts = np.repeat(offsets[:-1], per_row)
    at = np.repeat(first.take(rule), per_row) + np.arange(int(offsets[-1])) - starts
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), items.take(pa.array(at)), type=kind,
                                    mask=pa.array(missing) if missing.any() else None)


def _same(value: str, n: int):
    import pyarrow as pa
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([value], type=pa.string()))


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
        "under": _same(under, n),
        "as_of": _dates(as_of_day[entries["hist"]]),
        "rule": _per_rule([r.id for r in rules], rule, text),
        "kind": _per_rule([r.kind for r in rules], rule, text),
        "jurisdiction": _per_rule([r.jurisdiction for r in rules], rule, text),
        "subject": _per_rule(prepared.subjects, entries["subj"], text),
        "party": _per_rule([r.party for r in rules], rule, text),
        "trigger_type": _per_rule([r.trigger_type for r in rules], rule, text),
        "trigger_date": _dates(entries["day"]),
        "received_type": _per_rule([e.type if e is not None else None for e in prepared.combo_events],
                                   entries["received_type"], text),
        "received_date": _dates(entries["received_day"]),
        "period_amount": _per_rule([r.amount for r in rules], rule, integer),
        "period_unit": _per_rule([r.unit for r in rules], rule, text),
        "extended_by": pa.array(entries["extended"], type=integer),
        "covers": _none(n, text),
        "bound": _per_rule(["minimum" if r.minimum else "deadline" for r in rules], rule, text),
        "due": _dates(entries["due"]),
        "earliest": _dates(entries["earliest"]),
        "status": _per_rule(list(STATUSES), entries["status"], text),
        "completed_on": _dates(entries["completed"]),
        "late_by": pa.array(entries["late_by"], type=integer),
        "binding": pa.array(entries["binding"], type=pa.bool_()),
        "provisional": pa.array(entries["provisional"], type=pa.bool_()),
        # a provisional entry's range and a monthly duty's alternative come from the scalar engine
        "provisional_earliest": _none(n, pa.date32()), "provisional_latest": _none(n, pa.date32()),
        "alternative_due": _none(n, pa.date32()), "alternative_status": _none(n, text),
        "reason": _per_rule(entries["reason_text"], entries["reason"], text),
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
    hist = findings["hist"]
    n = len(position)
    of_entry = position >= 0  # else established by an event (position -1)
    safe = np.where(of_entry, position, 0)

    def entry_date(key):
        return _dates(np.where(of_entry, entries[key][safe], -1)) if len(entries[key]) else _none(n, pa.date32())

    entry_rule = np.where(of_entry, entries["rule"][safe], -1) if len(entries["rule"]) else np.full(n, -1)
    entry_status = np.where(of_entry, entries["status"][safe], -1) if len(entries["status"]) else np.full(n, -1)
    columns = {
        "under": _same(under, n),
        "as_of": _dates(as_of_day[hist]),
        "rule": _per_rule([r.id for r in rules], liable, text),
        "kind": _same("violation", n),
        "conduct": _per_rule([r.conduct for r in rules], liable, text),
        "jurisdiction": _per_rule([r.jurisdiction for r in rules], liable, text),
        "party": _per_rule([r.party for r in rules], liable, text),
        "enforcer": _per_rule([r.enforcer for r in rules], liable, text),
        "subject": _per_rule(prepared.subjects, findings["subj"], text),
        "date": _dates(findings["when"]),
        "evidence_deadline": _per_rule([r.id for r in deadlines], entry_rule, text),
        "evidence_status": _per_rule(list(STATUSES), entry_status, text),
        "evidence_due": entry_date("due"),
        "evidence_earliest": entry_date("earliest"),
        "evidence_completed_on": entry_date("completed"),
        "evidence_event": _per_rule(findings["types"], findings["event_type"], text),
        "evidence_index": _valid(np.asarray(findings["event_index"], dtype=np.int64), findings["event_index"] < 0),
        "evidence_role": _none(n, text),
        "evidence_without": _none(n, text),
        "evidence_followed_by": _none(n, text),
        "bears": pa.nulls(n, type=lists), "not_borne_by": pa.nulls(n, type=lists),
        "sanctions": _per_rule([m[0] for m in made], variant, lists),
        "escalated_upon": _per_rule([m[2] for m in made], variant, lists),
        "escalation": _per_rule([_json(m[1]) for m in made], variant, text),
        "exemptions": _same("[]", n),
        "discretionary": _per_rule([list(r.discretionary) for r in rules], liable, lists),
        "reading": _per_rule([r.reading for r in rules], liable, text),
        "source": _per_rule([_json(r.source) for r in rules], liable, text),
    }
    return pa.table(columns), hist


def conflict_columns(found: dict[str, Any], prepared: Prepared, under: str,
                     as_of_day: np.ndarray) -> tuple[Any, np.ndarray]:
    """(conflicts table without history_id, history number of each row)."""
    import pyarrow as pa
    conflicts, number, hist = found["conflicts"], found["number"], found["hist"]
    text = pa.string()
    subjects = pa.ListArray.from_arrays(pa.array(found["offsets"].astype(np.int32)),
                                        pa.array(prepared.subjects, type=text).take(pa.array(found["subjects"])))

    def each(get):
        return _per_rule([get(c) for c in conflicts], number, text)

    columns = {
        "under": _same(under, len(hist)),
        "as_of": _dates(as_of_day[hist]),
        "kind": each(lambda c: c["kind"]), "topic": each(lambda c: c["topic"]),
        "lower_rule": each(lambda c: c["lower"]["rule"]), "lower_jurisdiction": each(lambda c: c["lower"]["jurisdiction"]),
        "higher_rule": each(lambda c: c["higher"]["rule"]),
        "higher_jurisdiction": each(lambda c: c["higher"]["jurisdiction"]),
        "prevails": each(lambda c: c["prevails"]), "subjects": subjects, "summary": each(lambda c: c["summary"]),
    }
    return pa.table(columns), hist
