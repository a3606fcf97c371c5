"""The summary of decision tables: per jurisdiction, party and rule, and the what-if difference.

* deadlines: counts by status; the on-time rate (met among the duties already decided:
  met, late, overdue); lateness percentiles (late_by of late and overdue entries, in the
  rule's unit, nearest rank);
* findings: counts by conduct (violations and exempted);
* how the histories were decided (over columns, or by the scalar engine and why).

`difference` compares a what-if run with the law as it is: how many duties change status,
by rule and party, and from which status to which.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

import numpy as np

__all__ = ["summarise", "difference", "to_markdown", "to_html"]

_ORDER = ("met", "late", "overdue", "pending", "breached", "not_applicable")


def _nearest_rank(values: np.ndarray, q: float) -> int | None:
    if len(values) == 0:
        return None
    return int(values[max(0, int(np.ceil(q / 100 * len(values))) - 1)])


def _codes(column) -> tuple[np.ndarray, list]:
    """Dense codes of a column's values and the values (each distinct value once)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    values = column.dictionary.to_pylist()
    codes = column.indices.fill_null(len(values)).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, values + [None]


def _by_group(key: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(key, days) sorted by key, then days: one sort of the two packed into an int64 (a
    lexsort of the two took a third of the summary's time)."""
    if len(key) == 0:
        return key, days
    low = int(days.min())
    width = int(days.max()) - low + 1
    if (int(key.max()) + 1) * width >= 1 << 62:  # too wide to pack: sort by the two keys
        order = np.lexsort((days, key))
        return key[order], days[order]
    packed = np.sort(key * width + (days - low))
    return packed // width, packed % width + low


def summarise(decided) -> dict[str, Any]:
    """The summary of a `DecisionTables` (over columns: one pass per column, none per row)."""
    deadlines = decided["deadlines"]
    names = [_codes(deadlines.column(name)) for name in ("under", "jurisdiction", "party", "rule")]
    status_codes, status_values = _codes(deadlines.column("status"))
    late_by = deadlines.column("late_by").to_numpy(zero_copy_only=False)
    key = np.zeros(deadlines.num_rows, dtype=np.int64)  # the four codes as one number
    width = 1
    for codes, values in names:
        key = key * len(values) + codes
        width *= len(values)
    if width > 1 << 24:  # too many combinations for a dense table: number those present
        key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)
    groups = int(key.max()) + 1 if len(key) else 0
    counts = np.bincount(key * len(status_values) + status_codes,
                         minlength=groups * len(status_values)).reshape(groups, len(status_values))
    present = np.flatnonzero(counts.sum(axis=1))
    first = np.full(groups, -1, dtype=np.int64)
    first[key] = np.arange(len(key))  # a row of each combination (any: they share their labels)
    labels = {g: tuple(values[codes[first[g]]] for codes, values in names) for g in present.tolist()}
    past = np.isin(status_codes, [n for n, status in enumerate(status_values) if status in ("late", "overdue")])
    owner, days_sorted = _by_group(key[past], late_by[past].astype(np.int64))
    bounds = np.searchsorted(owner, np.arange(groups + 1))
    column_of = {status: number for number, status in enumerate(status_values)}
    rows = []
    for group in sorted(labels, key=labels.get):
        under, jurisdiction, party, rule = labels[group]
        count = {s: int(counts[group, column_of[s]]) for s in _ORDER if s in column_of and counts[group, column_of[s]]}
        decided_count = count.get("met", 0) + count.get("late", 0) + count.get("overdue", 0)
        days = days_sorted[bounds[group]:bounds[group + 1]]
        rows.append({"under": under, "jurisdiction": jurisdiction, "party": party, "rule": rule,
                     "counts": count,
                     "on_time_rate": round(count.get("met", 0) / decided_count, 4) if decided_count else None,
                     "late_by": {"p50": _nearest_rank(days, 50), "p90": _nearest_rank(days, 90),
                                 "p99": _nearest_rank(days, 99), "max": int(days[-1]) if len(days) else None}})
    findings = decided["findings"]
    conduct: Counter = Counter()
    if findings.num_rows:
        parts = [_codes(findings.column(name)) for name in ("under", "conduct", "kind")]
        combined = np.zeros(findings.num_rows, dtype=np.int64)  # the three codes as one number
        for codes, values in parts:
            combined = combined * len(values) + codes
        present, count = np.unique(combined, return_counts=True)
        for number, n in zip(present.tolist(), count.tolist()):
            labels = []
            for _, values in reversed(parts):
                number, code = divmod(number, len(values))
                labels.append(values[code])
            conduct[tuple(reversed(labels))] = n
    by_conduct = [{"under": u, "conduct": c, "kind": k, "count": n} for (u, c, k), n in sorted(conduct.items())]
    return {"histories": decided.histories, "evaluations": {"columnar": decided.columnar,
                                                            "scalar": dict(sorted(decided.scalar.items()))},
            "errors": decided["errors"].num_rows, "deadlines": rows, "findings": by_conduct}


#: What a duty of the law as it is became where the changed run did not judge its history.
NOT_JUDGED = "not judged"


def difference(base, changed) -> list[dict[str, Any]]:
    """Per (under, rule, party): duties whose status differs between two runs over the same
    table, with the transitions (from -> to) and their counts.

    A duty is matched by its key (history, jurisdiction judged under, rule, subject, trigger
    date) and, for a key met more than once, by its rank among them in table order. Over
    columns: a Python loop per row took 40 s for 100,000 histories."""
    keys = ("history_id", "under", "rule", "subject", "trigger_date")
    left, right = base["deadlines"], changed["deadlines"]
    n = left.num_rows
    joint = [_joint_codes(left.column(name), right.column(name)) for name in keys]  # one numbering over both
    key = _one_key([codes for codes, _size in joint], [size for _codes, size in joint])
    rank = np.concatenate([_rank(key[:n]), _rank(key[n:])])
    key = _one_key([key, rank], [int(key.max()) + 1 if len(key) else 1, int(rank.max()) + 1 if len(rank) else 1])
    status, status_values = _joint(left.column("status"), right.column("status"))
    mine, theirs = key[:n], key[n:]
    order = np.argsort(theirs, kind="stable")
    at = np.minimum(np.searchsorted(theirs[order], mine), max(len(theirs) - 1, 0))
    matched = (theirs[order][at] == mine) if len(theirs) else np.zeros(n, dtype=bool)
    before = status[:n]
    after = status[n:][order][at] if len(theirs) else before
    unknown = status_values.index(None) if None in status_values else -1  # no status now: not a change
    # a duty of the law as it is that the changed run has not (its history an error row there, as
    # when a period runs off the calendar) is a change too: to "not judged"
    status_values = [*status_values, NOT_JUDGED]
    after = np.where(matched, after, len(status_values) - 1)
    moved = np.flatnonzero((before != after) & (after != unknown))
    labels = [_codes(left.column(name)) for name in ("under", "rule", "party")]
    group = _one_key([codes[moved] for codes, _values in labels] + [before[moved], after[moved]],
                     [len(values) for _codes, values in labels] + [len(status_values)] * 2)
    _numbers, first, count = np.unique(group, return_index=True, return_counts=True)
    changes: dict[tuple, dict[str, int]] = {}
    for row, number in zip(moved[first].tolist(), count.tolist()):
        where = tuple(values[codes[row]] for codes, values in labels)
        changes.setdefault(where, {})[f"{status_values[before[row]]} -> {status_values[after[row]]}"] = number
    return [{"under": u, "rule": r, "party": p, "changed": sum(c.values()), "transitions": dict(sorted(c.items()))}
            for (u, r, p), c in sorted(changes.items())]


def _joint(left, right) -> tuple[np.ndarray, list]:
    """The codes of two columns' values in one numbering, the left's rows then the right's
    (equal values, equal codes; null is a value), and the values numbered."""
    left_codes, left_values = _codes(left)
    right_codes, right_values = _codes(right)
    number: dict = {}
    left_map = np.array([number.setdefault(v, len(number)) for v in left_values], dtype=np.int64)
    right_map = np.array([number.setdefault(v, len(number)) for v in right_values], dtype=np.int64)
    return np.concatenate([left_map[left_codes], right_map[right_codes]]), list(number)


def _joint_codes(left, right) -> tuple[np.ndarray, int]:
    """`_joint`'s codes and how many there can be; whole numbers and dates over a narrow range
    are their own codes (value - least + 1, null 0), with no Python object per distinct value."""
    import pyarrow as pa
    import pyarrow.compute as pc
    kind = left.type
    if kind == right.type and (pa.types.is_integer(kind) or pa.types.is_date32(kind)):
        both = pa.chunked_array(list(left.chunks) + list(right.chunks), type=kind).combine_chunks()
        if pa.types.is_date32(kind):
            both = both.view(pa.int32())
        least, most = pc.min_max(both).values()
        if least.as_py() is None:  # nulls only
            return np.zeros(len(both), dtype=np.int64), 1
        if most.as_py() - least.as_py() < 1 << 40:
            codes = both.to_numpy(zero_copy_only=False).astype(np.int64, copy=False) if not both.null_count \
                else pc.fill_null(both, least).to_numpy().astype(np.int64)
            codes = codes - least.as_py() + 1
            if both.null_count:
                codes[both.is_null().to_numpy(zero_copy_only=False)] = 0
            return codes, most.as_py() - least.as_py() + 2
    codes, values = _joint(left, right)
    return codes, len(values)


def _one_key(codes: list[np.ndarray], sizes: list[int]) -> np.ndarray:
    """Each row's codes of several columns as one int64: equal rows, equal numbers (numbered
    again densely where the product of the sizes would not fit)."""
    key = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    width = 1
    for column, size in zip(codes, sizes):
        if width * size >= 1 << 62:
            key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)
            width = int(key.max()) + 1 if len(key) else 1
        key = key * size + column
        width *= size
    return key


def _rank(key: np.ndarray) -> np.ndarray:
    """Each row's rank among the rows of its key, in table order (0 for the first)."""
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(key) else np.zeros(0, dtype=np.int64)
    first = np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - first
    return rank


def _rows_markdown(header: list[str], rows: list[list[Any]]) -> list[str]:
    def cell(value: Any) -> str:
        return "–" if value is None else str(value).replace("|", "\\|")
    return (["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            + ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows])


def _sections(summary: dict[str, Any], changes: list[dict[str, Any]] | None) -> list[tuple[str, list[str], list]]:
    deadlines = [[d["under"], d["jurisdiction"], d["party"], d["rule"],
                  ", ".join(f"{s} {n}" for s, n in d["counts"].items()),
                  "–" if d["on_time_rate"] is None else f"{d['on_time_rate']:.1%}",
                  d["late_by"]["p50"], d["late_by"]["p90"], d["late_by"]["p99"], d["late_by"]["max"]]
                 for d in summary["deadlines"]]
    findings = [[f["under"], f["conduct"], f["kind"], f["count"]] for f in summary["findings"]]
    sections = [
        ("期限 Deadlines", ["under", "jurisdiction", "party", "rule", "status", "on time", "late p50", "p90", "p99",
                          "max"], deadlines),
        ("违法情形 Findings by conduct", ["under", "conduct", "kind", "count"], findings),
    ]
    if changes is not None:
        sections.append(("假设 What if: duties whose status changes", ["under", "rule", "party", "changed",
                                                                     "transitions"],
                         [[c["under"], c["rule"], c["party"], c["changed"],
                           ", ".join(f"{t} {n}" for t, n in c["transitions"].items())] for c in changes]))
    return sections


def _head(summary: dict[str, Any]) -> str:
    scalar = summary["evaluations"]["scalar"]
    reasons = ", ".join(f"{reason} {count}" for reason, count in scalar.items()) or "none"
    return (f"{summary['histories']} histories; {summary['evaluations']['columnar']} evaluations decided over "
            f"columns, {sum(scalar.values())} by the scalar engine ({reasons}); {summary['errors']} error rows")


def to_markdown(summary: dict[str, Any], changes: list[dict[str, Any]] | None = None) -> str:
    lines = ["# 判定汇总 Decision summary", "", _head(summary), ""]
    for title, header, rows in _sections(summary, changes):
        lines += [f"## {title}", "", *_rows_markdown(header, rows), ""]
    return "\n".join(lines)


def to_html(summary: dict[str, Any], changes: list[dict[str, Any]] | None = None) -> str:
    parts = ['<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>判定汇总 Decision summary'
             '</title></head><body>', "<h1>判定汇总 Decision summary</h1>", f"<p>{html.escape(_head(summary))}</p>"]
    for title, header, rows in _sections(summary, changes):
        parts.append(f"<h2>{html.escape(title)}</h2><table><thead><tr>"
                     + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape('–' if v is None else str(v))}</td>" for v in row)
                         + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
