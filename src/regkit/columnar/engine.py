"""The columnar engine: a plan's deadline rules as operations over whole event columns.

What it decides itself, for every history of a table at once:

* the events' checks, once per distinct combination of type, actor, role and
  attributes (`model._fast_events`, the engine's own check), dates and subjects
  once per distinct value;
* every deadline and minimum period of the plan: triggers and `where` filters,
  in-force intervals and exceptions (also those testing the latest earlier event),
  the day the party received what the trigger made and the receipt rules routing
  it (`engine.deadlines._receipt`), the first fulfilling event on or after the
  trigger (a sorted search), extensions granted on or before the original due
  date and capped, the status, `late_by`, the provisional flag, the cycle of a
  repeated trigger, and binding across layers;
* the conflicts a history meets through its deadlines;
* the findings established by deadline entries or by events, with the `repeated`
  escalation step.

The calendar is asked once per distinct (date, amount) or (due, done) pair, with
the scalar engine's own functions, so the arithmetic is the scalar engine's.

A history it does not decide is sent to the scalar engine, with the reason:
an event its checks are unsure of, a monthly duty, a classification, an event
carrying a liability flag or a rectification event (exemptions, escalation),
evidence with `without` or `followed_by`, an outcome a responsibility rule
allocates, a breached minimum period, a due date counted across an unannounced
year (its provisional range), a count that runs off the calendar. Never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Callable

import numpy as np

from ..calendar import WorkingDayCalendar
from ..engine.compile.deadlines import CompiledDeadline
from ..engine.conflicts import _in_force_on, _result_index
from ..engine.deadlines import _in_force, counter_for
from ..engine.plan import Plan
from ..model._fast_events import _iso_date, _NO, fast_event
from .source import KEY_COLUMNS, EventTable

__all__ = ["Prepared", "Decided", "prepare", "decide", "decide_in_chunks"]

_EPOCH = date(1970, 1, 1).toordinal()
_PLACEHOLDER_DAY = date(2001, 1, 1)  # stands for the row's own date, checked on its own
_NONE = -1
STATUSES = ("not_applicable", "met", "late", "pending", "overdue", "breached")
_NA, _MET, _LATE, _PENDING, _OVERDUE, _BREACHED = range(6)


@dataclass
class Prepared:
    """Per-row facts of an event table that do not depend on the jurisdiction."""

    events: EventTable
    day: np.ndarray  # date ordinal, -1 when unsure
    subject: np.ndarray  # rank of the subject among the sorted subjects, -1 when unsure
    subjects: list[str]  # sorted
    combo: np.ndarray  # number of the row's (type, actor, role, attributes) combination
    combo_events: list  # Event of each combination (checked with a placeholder date and subject), or None
    unsure: np.ndarray  # bool: a row the columnar checks cannot accept (the scalar engine words why)


def _codes(column) -> tuple[np.ndarray, int]:
    """Dense codes of a column's values (null its own code) and how many codes there are."""
    import pyarrow.compute as pc
    encoded = pc.dictionary_encode(column.combine_chunks() if hasattr(column, "combine_chunks") else column)
    size = len(encoded.dictionary)
    indices = encoded.indices
    codes = (indices.fill_null(size) if indices.null_count else indices).to_numpy(zero_copy_only=False)
    if codes.dtype == np.uint64:  # the one index type numpy will not add into int64 in place
        codes = codes.astype(np.int64)
    return codes, size + 1  # the indices' own integer type: the caller adds them into int64


def _texts(column):
    """(the distinct values, each row's number among them, None for null) of a text column,
    plain or dictionary-encoded; None for a column of another type."""
    import pyarrow as pa
    import pyarrow.compute as pc
    if pa.types.is_dictionary(column.type):
        if not (pa.types.is_string(column.type.value_type) or pa.types.is_large_string(column.type.value_type)):
            return None
        encoded = column  # a dictionary may repeat a value: each of its entries is judged alike
    elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        encoded = pc.dictionary_encode(column)
    else:
        return None
    return encoded.dictionary.to_pylist(), encoded.indices


def _dates(column) -> np.ndarray:
    """Date ordinals of a date or ISO text column; -1 for a value the models must judge."""
    import pyarrow as pa
    column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if pa.types.is_date32(column.type):
        days = column.cast(pa.int32()).fill_null(-10**9).to_numpy(zero_copy_only=False).astype(np.int64)
        return np.where(days == -10**9, -1, days + _EPOCH)
    texts = _texts(column)
    if texts is not None:
        values, indices = texts
        ordinals = []
        for text in values:
            day = _iso_date(text)
            ordinals.append(-1 if day is _NO else day.toordinal())
        lookup = np.array(ordinals + [-1], dtype=np.int64)
        return lookup[indices.fill_null(len(ordinals)).to_numpy(zero_copy_only=False)]
    return np.full(len(column), -1, dtype=np.int64)  # datetimes and the rest: the models decide


def _subjects(table) -> tuple[np.ndarray, list[str]]:
    n = table.num_rows
    if "subject" not in table.column_names:
        return np.zeros(n, dtype=np.int64), ["default"]
    column = table.column("subject").combine_chunks()
    if column.null_count == n:
        return np.zeros(n, dtype=np.int64), ["default"]
    texts = _texts(column)
    if texts is None:
        return np.where(column.is_null().to_numpy(zero_copy_only=False), 0, -1).astype(np.int64), ["default"]
    values, indices = texts
    names = sorted(set(v for v in values if v) | {"default"})
    rank = {name: number for number, name in enumerate(names)}
    lookup = np.array([rank[v] if v else -1 for v in values] + [rank["default"]], dtype=np.int64)
    return lookup[indices.fill_null(len(values)).to_numpy(zero_copy_only=False)], names


_DENSE = 1 << 24  # below this many possible values, codes are made dense by a count, not a sort


def _dense(key: np.ndarray, width: int) -> tuple[np.ndarray, int]:
    """`key` renumbered 0.. in the order of its values, and how many values there are."""
    if width <= _DENSE:
        present = np.bincount(key, minlength=width) > 0
        rank = np.cumsum(present) - 1
        return rank[key], int(present.sum())
    unique, inverse = np.unique(key, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), len(unique)


def prepare(events: EventTable) -> Prepared:
    table = events.table
    n = table.num_rows
    day = _dates(table.column("date")) if "date" in table.column_names else np.full(n, -1, dtype=np.int64)
    subject, subjects = _subjects(table)
    names = [c for c in table.column_names if c not in KEY_COLUMNS and c not in ("date", "subject")]
    combo = np.zeros(n, dtype=np.int64)
    width = 1
    for name in names:  # mixed radix, made dense only when it would grow too wide
        codes, size = _codes(table.column(name))
        if width * size > _DENSE:
            combo, width = _dense(combo, width)
        combo *= size  # in place: no new array of every row per column
        combo += codes
        width *= size
    combo, _width = _dense(combo, width)
    first = np.full(int(combo.max()) + 1 if n else 0, -1, dtype=np.int64)
    first[combo] = np.arange(n)  # a row of each combination (its rows hold the same values)
    combo_events = []
    sample = table.select(names).take(first).to_pylist() if names else [{} for _ in first]
    for record in sample:
        raw = {k: v for k, v in record.items() if v is not None}
        raw.update(date=_PLACEHOLDER_DAY, subject="s")
        combo_events.append(fast_event(raw, 0))
    bad_combo = np.array([e is None for e in combo_events] + [True], dtype=bool)
    unsure = (day < 0) | (subject < 0) | bad_combo[combo] | (events.history < 0)
    return Prepared(events, day, subject, subjects, combo, combo_events, unsure)


@dataclass
class Decided:
    """What the columnar engine decided for one plan, and the histories it left to the scalar one."""

    deadlines: dict[str, np.ndarray]  # per entry, in result order: see `_entries`
    conflicts: list[tuple[int, dict, list[str]]]  # (history, conflict, subjects), in result order
    scalar: dict[int, str] = field(default_factory=dict)  # history number -> why it went to the scalar engine
    findings: dict[str, np.ndarray] = field(default_factory=dict)  # entry position, liability rule, when, repeated


def _mapped(fn: Callable, *keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """fn over each distinct tuple of ordinals/ints (values as ordinals), and where it failed."""
    if len(keys[0]) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    if len(keys) == 1:  # dates: a table over their range, no sort
        low = int(keys[0].min())
        present = np.zeros(int(keys[0].max()) - low + 1, dtype=bool)
        present[keys[0] - low] = True
        unique = np.flatnonzero(present) + low
        slot = np.cumsum(present) - 1
        inverse = slot[keys[0] - low]
        unique = unique[:, None]
    else:  # one int64 per pair: ordinals and amounts are far below 2**31
        unique, inverse = np.unique(keys[0] * (1 << 31) + keys[1], return_inverse=True)
        unique = np.stack([unique >> 31, unique & ((1 << 31) - 1)], axis=1)
    values = np.empty(len(unique), dtype=np.int64)
    failed = np.zeros(len(unique), dtype=bool)
    for number, row in enumerate(unique.tolist()):
        try:
            values[number] = fn(*row)
        except Exception:  # noqa: BLE001 - the scalar engine will word it
            values[number], failed[number] = 0, True
    inverse = inverse.reshape(-1)
    return values[inverse], failed[inverse]


@lru_cache(maxsize=8)
def _day_table(cal: WorkingDayCalendar) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """(ordinal of the calendar's first day, per day 1 if working, per day the working days from
    the first through it, the ordinals of the working days): `calendar.working_day_flags` as columns."""
    first, flags = cal.working_day_flags()
    work = np.frombuffer(flags, dtype=np.uint8).astype(np.int64)
    return first.toordinal(), work, np.cumsum(work), np.flatnonzero(work) + first.toordinal()


def _add_working_days(cal: WorkingDayCalendar, start: np.ndarray, n) -> tuple[np.ndarray, np.ndarray]:
    """`cal.add_working_days(start, n)` over a column (n > 0, a number or a column), and where it
    fails (a day or a result outside the calendar), as the method computes it: the n-th working
    day strictly after `start` is the working day numbered cum[start] + n."""
    base, work, cum, days = _day_table(cal)
    i = start - base
    ok = (i >= 0) & (i < len(work))
    j = cum[np.where(ok, i, 0)] + n - 1
    ok &= j < len(days)
    return np.where(ok, days[np.minimum(j, len(days) - 1)], 0), ~ok


def _late_by_working_days(cal: WorkingDayCalendar, due: np.ndarray, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`Counter.late_by('working_days', due, when)` over columns with when > due, and where it fails:
    the working days in (due, when], plus one when `when` is a day off."""
    base, work, cum, _days = _day_table(cal)
    i, k = due - base, when - base
    ok = (i >= 0) & (i < len(work)) & (k >= 0) & (k < len(work))
    i, k = np.where(ok, i, 0), np.where(ok, k, 0)
    return np.where(ok, cum[k] - cum[i] + 1 - work[k], 0), ~ok


def _where_mask(prepared: Prepared, event_type: str, where) -> np.ndarray:
    """Per combination: whether its event matches (type, where) as the scalar engine tests it."""
    out = [e is not None and e.type == event_type and all(e.attrs.get(k) == v for k, v in where)
           for e in prepared.combo_events]
    return np.array(out + [False], dtype=bool)


#: Histories decided together: the arrays of a chunk stay small (memory, cache), and the cost
#: stays linear in the number of histories however large the table.
CHUNK = 50_000


def decide_in_chunks(prepared: Prepared, plan: Plan, histories: np.ndarray, as_of: np.ndarray,
                     cal: WorkingDayCalendar, chunk: int | None = None):
    """`decide` over `histories` (sorted) CHUNK at a time, one `Decided` per chunk, in history order."""
    chunk = chunk or CHUNK
    for start in range(0, len(histories), chunk):
        yield decide(prepared, plan, histories[start:start + chunk], as_of, cal)


def decide(prepared: Prepared, plan: Plan, histories: np.ndarray, as_of: np.ndarray,
           cal: WorkingDayCalendar) -> Decided:
    """The deadlines and conflicts of `histories` (history numbers) under `plan`.

    `as_of`: the ordinal of each history's as_of, indexed by history number."""
    events = prepared.events
    scalar: dict[int, str] = {}
    starts = events.rows.bounds[histories]  # the rows of each history are one slice of `rows.order`
    lengths = events.rows.bounds[histories + 1] - starts
    rows = events.rows.order[np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
                             + np.arange(int(lengths.sum()))]
    hist_all = events.history[rows]
    rows_all = rows
    for h in np.unique(hist_all[prepared.unsure[rows]]).tolist():
        scalar[h] = "event checks"
    # routed by what the history holds: monthly duties, classifications, event-established liability
    routed_types = {rule.start_type: "monthly duty" for rule, _d in plan.recurring}
    routed_types["data.classified"] = "classification"
    combo_type = np.array([e.type if e is not None else "" for e in prepared.combo_events] + [""], dtype=object)
    for event_type, why in routed_types.items():
        _send(scalar, hist_all[combo_type[prepared.combo[rows]] == event_type], why)
    for rule in plan.liability.rules:  # an event that establishes a finding only by what follows it
        for event_type, where, without, then in rule.event_evidence:
            if without or then:
                _send(scalar, hist_all[_where_mask(prepared, event_type, where)[prepared.combo[rows]]],
                      "liability event")
    for allocation in plan.liability.responsibilities:  # who bears an outcome: by the events themselves
        for event_type, where in allocation.shown_by:
            _send(scalar, hist_all[_where_mask(prepared, event_type, where)[prepared.combo[rows]]],
                  "responsibility")
    beyond = as_of[hist_all] > cal.last_day.toordinal()  # the scalar engine refuses such an as_of
    for h in np.unique(hist_all[beyond]).tolist():
        scalar.setdefault(h, "as_of beyond the calendar")
    keep = ~np.isin(hist_all, np.fromiter(scalar, dtype=np.int64, count=len(scalar)))
    rows = rows[keep]
    rows = rows[prepared.day[rows] <= as_of[events.history[rows]]]  # later events are not considered
    hist = events.history[rows]
    subj = prepared.subject[rows]
    day = prepared.day[rows]
    index = events.index[rows]
    order = _order(hist, subj, day - (int(day.min()) if len(day) else 0), index)
    rows, hist, subj, day, index = rows[order], hist[order], subj[order], day[order], index[order]
    combo = prepared.combo[rows]
    # group = one subject of one history
    change = np.ones(len(rows), dtype=bool)
    if len(rows) > 1:
        change[1:] = (hist[1:] != hist[:-1]) | (subj[1:] != subj[:-1])
    group = np.cumsum(change) - 1
    span = int(day.max()) + 2 if len(day) else 1
    counter = counter_for(cal)
    masks: dict[tuple, np.ndarray] = {}

    def matching(event_type: str, where) -> np.ndarray:
        key = (event_type, where)
        if key not in masks:
            masks[key] = _where_mask(prepared, event_type, where)[combo]
        return masks[key]

    found = _Found(matching, {"group": group, "day": day, "key": group * span + day, "hist": hist, "subj": subj,
                              "index": index, "combo": combo})
    parts = []
    for number, (rule, depth) in enumerate(plan.deadlines):
        part = _rule_entries(rule, number, found, combo, prepared, as_of, counter, scalar)
        if part is not None:
            parts.append(part)
    entries = _in_result_order(plan, parts, found)
    _bind(plan, entries, prepared)
    occurrences = _event_occurrences(plan, matching, hist, subj, day, index, combo, prepared)
    findings = _findings(plan, entries, prepared, _special_rows(prepared, hist_all, rows_all), scalar, occurrences)
    if scalar and len(entries["hist"]):
        keep = ~np.isin(entries["hist"], np.fromiter(scalar, dtype=np.int64))
        # findings point at entries by position: renumber them to the kept entries
        renumber = np.append(np.cumsum(keep) - 1, -1)  # an event's finding has position -1: kept
        findings["position"] = renumber[findings["position"]]
        entries = _take(entries, keep)
    conflicts = _conflicts(plan, entries, prepared)
    return Decided(entries, conflicts, scalar, findings)


def _special_rows(prepared: Prepared, hist: np.ndarray, rows: np.ndarray) -> dict[str, np.ndarray]:
    """The histories with an event carrying a liability flag, and those with rectification events."""
    from ..model.events import FLAGS
    flagged = np.array([e is not None and any(f in e.attrs for f in FLAGS) for e in prepared.combo_events]
                       + [False], dtype=bool)
    rectified = np.array([e is not None and e.type.startswith("rectification.") for e in prepared.combo_events]
                         + [False], dtype=bool)
    combo = prepared.combo[rows]
    return {"flags": hist[flagged[combo]], "rectification": hist[rectified[combo]]}


class _Found:
    """The rows that match some (type, where) specs, and their columns: worked out once per
    chunk, as rules of several layers share triggers and fulfilling events. Read-only."""

    def __init__(self, matching: Callable, columns: dict[str, np.ndarray]) -> None:
        self._matching, self._columns, self._found = matching, columns, {}

    def rows(self, specs: tuple) -> np.ndarray:
        found = self._found.get(specs)
        if found is None:
            mask = self._matching(*specs[0])
            for kind, where in specs[1:]:
                mask = mask | self._matching(kind, where)
            found = self._found[specs] = {"rows": _read_only(np.flatnonzero(mask))}
        return found["rows"]

    @property
    def size(self) -> int:
        return len(self._columns["day"])

    def at(self, name: str, rows: np.ndarray) -> np.ndarray:
        return self._columns[name][rows]

    def column(self, specs: tuple, name: str) -> np.ndarray:
        rows = self.rows(specs)
        found = self._found[specs]
        if name not in found:
            found[name] = _read_only(self._columns[name][rows])
        return found[name]


def _read_only(values: np.ndarray) -> np.ndarray:
    values.flags.writeable = False
    return values


def _rule_entries(rule: CompiledDeadline, number: int, found: _Found, combo, prepared: Prepared,
                  as_of: np.ndarray, counter, scalar: dict) -> dict | None:
    trigger = ((rule.trigger_type, rule.trigger_where),)
    t = found.rows(trigger)
    if len(t) == 0:
        return None
    t_group, t_day, t_key = (found.column(trigger, name) for name in ("group", "day", "key"))
    h_t = found.column(trigger, "hist")
    # the cycle: the trigger's rank among the rule's triggers of its subject
    first_of_group = np.ones(len(t), dtype=bool)
    first_of_group[1:] = t_group[1:] != t_group[:-1]
    starts = np.flatnonzero(first_of_group)
    cycle = np.arange(len(t)) - np.repeat(starts, np.diff(np.append(starts, len(t))))
    status = np.full(len(t), _NA, dtype=np.int8)
    reason = np.full(len(t), _NONE, dtype=np.int64)  # index into the rule's reasons
    reasons: list[str] = []
    applicable = np.ones(len(t), dtype=bool)
    # in force on the trigger date: the scalar engine's answer for one day of each class
    day_reason = _in_force_codes(rule, t_day, reasons)
    reason[:] = day_reason
    applicable &= day_reason == _NONE
    for where, why, earlier in rule.exceptions:  # the first exception that holds
        tested = found.column(trigger, "combo") if earlier is None else _latest_on_or_before(
            found, ((earlier, ()),), t_group, t_key)
        hit = _attrs_mask(prepared, where)[tested] & applicable
        if hit.any():
            reasons.append(why)
            reason[hit] = len(reasons) - 1
            applicable &= ~hit
    start = t_day
    received = np.full(len(t), _NONE, dtype=np.int64)  # row of the receipt, when not the trigger itself
    if rule.received or rule.routes:
        start, received = _receipts(rule, found, combo, prepared, t, t_group, t_day, t_key, first_of_group,
                                    applicable, reason, reasons)
        received[~applicable] = _NONE  # a duty that does not arise shows no receipt
    add = counter.add[rule.unit]
    # working days over whole columns, from the calendar's own table; strict mode asks the method
    columns = rule.unit == "working_days" and not counter.cal.strict
    if columns and rule.amount > 0:
        end, failed = _add_working_days(counter.cal, start[applicable], rule.amount)
    else:
        end, failed = _mapped(lambda d: add(date.fromordinal(d), rule.amount).toordinal(), start[applicable])
    end_all = np.full(len(t), _NONE, dtype=np.int64)
    end_all[applicable] = end
    _send(scalar, h_t[applicable], "calendar range", failed)
    # the first fulfilling event on or after the trigger date, same subject
    has_done, done_day = np.zeros(len(t), dtype=bool), np.full(len(t), _NONE, dtype=np.int64)
    if rule.done and len(found.rows(rule.done)):
        at = np.searchsorted(found.column(rule.done, "key"), t_key, side="left")
        has_done = at < len(found.rows(rule.done))
        at = np.minimum(at, len(found.rows(rule.done)) - 1)
        has_done &= found.column(rule.done, "group")[at] == t_group
        done_day = np.where(has_done, found.column(rule.done, "day")[at], _NONE)
    extended = np.zeros(len(t), dtype=np.int64)
    due = end_all.copy()
    earliest = np.full(len(t), _NONE, dtype=np.int64)
    completed = np.where(applicable & has_done, done_day, _NONE)
    late_by = np.zeros(len(t), dtype=np.int64)
    provisional = np.zeros(len(t), dtype=bool)
    as_of_t = as_of[h_t]
    if rule.minimum:
        earliest = np.where(applicable, end_all + 1, _NONE)
        due = np.full(len(t), _NONE, dtype=np.int64)
        status[applicable & has_done & (done_day >= earliest)] = _MET
        status[applicable & has_done & (done_day < earliest)] = _BREACHED
        status[applicable & ~has_done & (as_of_t >= earliest)] = _MET
        status[applicable & ~has_done & (as_of_t < earliest)] = _PENDING
        span_end = end_all
    else:
        if rule.ext_type is not None:
            granted = _granted(rule, found, prepared, t, t_group, t_key, end_all, applicable, done_day)
            extended[applicable] = granted[applicable]
            more = applicable & (granted > 0)
            if columns:
                moved, failed = _add_working_days(counter.cal, end_all[more], granted[more])
            else:
                moved, failed = _mapped(lambda d, n: add(date.fromordinal(d), n).toordinal(), end_all[more],
                                        granted[more])
            due[more] = moved
            _send(scalar, h_t[more], "calendar range", failed)
        met = applicable & has_done & (done_day <= due)
        late = applicable & has_done & (done_day > due)
        pending = applicable & ~has_done & (as_of_t <= due)
        overdue = applicable & ~has_done & (as_of_t > due)
        status[met], status[late], status[pending], status[overdue] = _MET, _LATE, _PENDING, _OVERDUE
        past = late | overdue
        when = np.where(late, done_day, as_of_t)
        if columns:
            count, failed = _late_by_working_days(counter.cal, due[past], when[past])
        else:
            count, failed = _mapped(
                lambda a, b: counter.late_by(rule.unit, date.fromordinal(a), date.fromordinal(b)), due[past],
                when[past])
        late_by[past] = count
        _send(scalar, h_t[past], "calendar range", failed)
        span_end = due
    if rule.unit == "working_days":
        official = counter.official_before.toordinal() if counter.official_before != date.max else None
        if official is not None:
            check = applicable & ((span_end >= official) | (start >= official))
            flag, failed = _mapped(
                lambda a, b: counter.cal.provisional_dates(date.fromordinal(a), date.fromordinal(b)) is not None,
                start[check], span_end[check])
            provisional[check] = flag.astype(bool)
            _send(scalar, h_t[check], "calendar range", failed)
            _send(scalar, h_t, "provisional calendar", provisional)  # its range of dates: the scalar engine
    return {"number": number, "position": t, "rule": np.full(len(t), number, dtype=np.int64), "cycle": cycle,
            "status": status, "reason": reason, "_reason_text": reasons, "due": due, "earliest": earliest,
            "completed": completed, "late_by": late_by, "extended": extended, "provisional": provisional,
            "received_type": np.where(received >= 0, combo[np.maximum(received, 0)], _NONE),
            "received_day": np.where(received >= 0, start, _NONE)}  # a receipt's day is where the period starts


def _in_force_codes(rule: CompiledDeadline, days: np.ndarray, reasons: list[str]) -> np.ndarray:
    """Per day, the number in `reasons` (extended) of why `rule` is not in force on it, or -1.

    A rule is in force on the days of one interval (`engine.deadlines._in_force`): the days
    before it, those after it, and all days when the date it takes effect is unknown, each
    get the reason `_in_force` words for a day of their class."""
    codes = np.full(len(days), _NONE, dtype=np.int64)
    if not rule.in_force_known:
        classes = [np.ones(len(days), dtype=bool)]
    else:
        classes = [days < rule.in_force_from.toordinal()]
        if rule.in_force_until is not None:
            classes.append(days > rule.in_force_until.toordinal())
    for where in classes:
        if where.any():
            why = _in_force(rule, date.fromordinal(int(days[np.argmax(where)])))
            if why is not None:
                reasons.append(why)
                codes[where] = len(reasons) - 1
    return codes


def _attrs_mask(prepared: Prepared, where) -> np.ndarray:
    """Per combination (and the trailing 'none' slot, False): whether its attributes match `where`."""
    return np.array([e is not None and all(e.attrs.get(k) == v for k, v in where) for e in prepared.combo_events]
                    + [False], dtype=bool)


def _latest_on_or_before(found: _Found, specs: tuple, t_group, t_key) -> np.ndarray:
    """Per trigger: the combination of its subject's last `specs` row dated on or before the trigger
    (rows in history order: a same-day row after the trigger counts), else the 'none' slot."""
    if len(found.rows(specs)) == 0:
        return np.full(len(t_group), -1, dtype=np.int64)
    at = np.searchsorted(found.column(specs, "key"), t_key, side="right") - 1
    hit = (at >= 0) & (found.column(specs, "group")[np.maximum(at, 0)] == t_group)
    return np.where(hit, found.column(specs, "combo")[np.maximum(at, 0)], -1)


def _receipts(rule: CompiledDeadline, found: _Found, combo, prepared: Prepared, t, t_group, t_day, t_key,
              first_of_group, applicable, reason, reasons: list) -> tuple[np.ndarray, np.ndarray]:
    """Per trigger: the day its period starts from and the row of the receipt (-1: the trigger itself).

    As `engine.deadlines._receipt`: the subject's first `received` event on or after the trigger's
    day and before the rule's next trigger; then the first route in force on the trigger day whose
    `where` the trigger matches and that holds (`never`, or no receipt shown) makes the duty not
    arise, with the route's reason (updates `applicable`, `reason`, `reasons` in place)."""
    received = np.full(len(t), _NONE, dtype=np.int64)
    received_day = t_day
    r = found.rows(rule.received) if rule.received else np.zeros(0, dtype=np.int64)
    if len(r):
        at = np.searchsorted(found.column(rule.received, "key"), t_key, side="left")
        inside = at < len(r)
        at = np.minimum(at, len(r) - 1)
        row, row_day = r[at], found.column(rule.received, "day")[at]
        inside &= found.column(rule.received, "group")[at] == t_group
        last = np.ones(len(t), dtype=bool)  # the rule's last trigger of its subject: no next trigger
        last[:-1] = first_of_group[1:]
        next_day = np.where(last, np.iinfo(np.int64).max, np.append(t_day[1:], 0))
        inside &= row_day < next_day
        inside &= row != t
        received = np.where(inside, row, _NONE)
        received_day = np.where(inside, row_day, t_day)
    start = received_day
    shown = received >= 0
    for route in rule.routes:
        if route.in_force_from is None:
            continue
        low = route.in_force_from.toordinal()
        high = route.in_force_until.toordinal() if route.in_force_until is not None else np.iinfo(np.int64).max
        hit = applicable & (t_day >= low) & (t_day <= high) & _attrs_mask(prepared, route.where)[combo[t]]
        if route.received != "never":
            hit &= ~shown
        if hit.any():
            source = route.source
            reasons.append(f"{route.reason} ({source['jurisdiction']} art. {source['article']}, {route.id})")
            reason[hit] = len(reasons) - 1
            applicable &= ~hit
    return start, received


def _granted(rule: CompiledDeadline, found: _Found, prepared: Prepared, t, t_group, t_key, end_all, applicable,
             done_day: np.ndarray) -> np.ndarray:
    """Per trigger: the working days (or days) granted in time, capped at the maximum.

    A grant belongs to the latest trigger of its subject dated on or before it; it counts
    if dated on or before that trigger's original due date and not after the duty was met
    (`amount` absent: the maximum)."""
    grants = ((rule.ext_type, rule.ext_where),)
    granted = np.zeros(len(t), dtype=np.int64)
    if len(found.rows(grants)) == 0:
        return granted
    g_day = found.column(grants, "day")
    owner = np.searchsorted(t_key, found.column(grants, "key"), side="right") - 1
    valid = owner >= 0
    owner = np.maximum(owner, 0)
    valid &= t_group[owner] == found.column(grants, "group")
    valid &= applicable[owner] & (g_day <= end_all[owner])
    # a grant after the duty was met in time is moot
    met_on = done_day[owner]
    valid &= ~((met_on >= 0) & (g_day > met_on) & (met_on <= end_all[owner]))
    amounts = np.array([(e.attrs.get("amount") if e is not None else None) for e in prepared.combo_events]
                       + [None], dtype=object)[found.column(grants, "combo")]
    amounts = np.array([rule.ext_max if a is None else a for a in amounts.tolist()], dtype=np.int64)
    np.add.at(granted, owner[valid], amounts[valid])
    return np.minimum(granted, rule.ext_max)


def _send(scalar: dict, histories: np.ndarray, why: str, where: np.ndarray | None = None) -> None:
    """Send `histories` (those of them `where` holds) to the scalar engine, each with its first reason."""
    if where is not None:
        if not where.any():
            return
        histories = histories[where]
    for h in np.unique(histories).tolist():
        scalar.setdefault(h, why)


_ENTRY_KEYS = ("position", "rule", "cycle", "status", "reason", "due", "earliest", "completed", "late_by", "extended",
               "provisional", "received_type", "received_day")
_TRIGGER_KEYS = ("hist", "group", "subj", "day", "index")  # of the trigger's row, found by its position


def _take(entries: dict, keep: np.ndarray) -> dict:
    out = {key: value[keep] for key, value in entries.items() if key != "reason_text"}
    out["reason_text"] = entries["reason_text"]
    return out


def _event_occurrences(plan: Plan, matching, hist, subj, day, index, combo, prepared: Prepared) -> dict:
    """Per liability rule, the events that establish it by themselves (rows in history order).

    At most one occurrence per rule and event, as the scalar engine's first matching evidence."""
    found = {"hist": [], "subj": [], "day": [], "index": [], "liable": [], "type": []}
    types = sorted({e.type for e in prepared.combo_events if e is not None})
    type_code = np.array([types.index(e.type) if e is not None else -1 for e in prepared.combo_events] + [-1])
    for number, rule in enumerate(plan.liability.rules):
        if not rule.event_evidence:
            continue
        hit = np.zeros(len(hist), dtype=bool)
        for event_type, where, _without, _then in rule.event_evidence:
            hit |= matching(event_type, where)
        where = np.flatnonzero(hit)
        for key, values in (("hist", hist), ("subj", subj), ("day", day), ("index", index)):
            found[key].append(values[where])
        found["liable"].append(np.full(len(where), number, dtype=np.int64))
        found["type"].append(type_code[combo[where]])
    out = {key: np.concatenate(v) if v else np.zeros(0, dtype=np.int64) for key, v in found.items()}
    out["types"] = types
    return out


def _findings(plan: Plan, entries: dict, prepared: Prepared, combo_rows: dict, scalar: dict,
              events: dict) -> dict:
    """The findings established by deadline entries and by events (`events`), in result order.

    A liability rule takes an entry as evidence by its rule's pack and kind, its status and
    party; that match depends only on the entry's rule and status, so it is worked out once
    per (rule, status). Left to the scalar engine: an entry whose evidence has `without`, a
    breached minimum period, and any history with flags on its events (exemptions, `serious`)
    or rectification events (escalation), whose findings need the events themselves."""
    index = plan.liability
    matches: dict[tuple[int, int], list[int]] = {}
    routed = np.zeros((len(plan.deadlines), len(STATUSES)), dtype=bool)
    for number, (rule, _depth) in enumerate(plan.deadlines):
        for code, status in enumerate(STATUSES):
            if status not in index.statuses:
                continue
            for liable in index.by_deadline.get((rule.jurisdiction, rule.kind), ()):
                for kinds, statuses, party, of, without, then in index.rules[liable].deadline_evidence:
                    if rule.jurisdiction == of and rule.kind in kinds and status in statuses \
                            and party in (None, rule.party):
                        if without or then or rule.minimum:
                            routed[number, code] = True
                        matches.setdefault((number, code), []).append(liable)
                        break
    status = entries["status"].astype(np.int64)
    hit = routed[entries["rule"], status] | (status == _BREACHED)
    _send(scalar, entries["hist"], "liability", hit)
    if matches or len(events["hist"]):
        _send(scalar, combo_rows["flags"], "liability flags")
        if any(on.startswith("rectification") for rule in index.rules for on, *_rest in rule.escalation):
            _send(scalar, combo_rows["rectification"], "rectification")
    position, liable = [], []
    pair = entries["rule"] * len(STATUSES) + status
    if len(plan.deadlines) * len(STATUSES) < 1 << 15:
        pair = pair.astype(np.int16)  # a stable sort of 16-bit numbers is a radix sort: linear
    by_pair = np.argsort(pair, kind="stable")
    bounds = np.searchsorted(pair[by_pair], np.arange(len(plan.deadlines) * len(STATUSES) + 1))
    for (number, code), numbers in matches.items():
        slot = number * len(STATUSES) + code
        where = by_pair[bounds[slot]:bounds[slot + 1]]
        for n in numbers:
            position.append(where)
            liable.append(np.full(len(where), n, dtype=np.int64))
    position = np.concatenate(position) if position else np.zeros(0, dtype=np.int64)
    liable = np.concatenate(liable) if liable else np.zeros(0, dtype=np.int64)
    completed = entries["completed"][position]
    # one array per field over both kinds of occurrence: deadline entries first, then events
    hist = np.concatenate([entries["hist"][position], events["hist"]])
    subj = np.concatenate([entries["subj"][position], events["subj"]])
    when = np.concatenate([np.where(completed >= 0, completed, entries["due"][position] + 1), events["day"]])
    liable = np.concatenate([liable, events["liable"]])
    event_type = np.concatenate([np.full(len(position), -1), events["type"]])
    event_index = np.concatenate([np.full(len(position), -1), events["index"]])
    # the order among one rule's occurrences on one day: entries in result order, then events in history order
    tie = np.concatenate([position, len(entries["hist"]) + events["index"]])
    position = np.concatenate([position, np.full(len(events["hist"]), -1)])
    if scalar:
        keep = ~np.isin(hist, np.fromiter(scalar, dtype=np.int64))
        hist, subj, when, liable, event_type, event_index, tie, position = (
            a[keep] for a in (hist, subj, when, liable, event_type, event_index, tie, position))
    # occurrences of one rule for one subject, in (when, result) order: the second is `repeated`
    order = _order(hist, liable, subj, when - (int(when.min()) if len(when) else 0), tie)
    hist, subj, when, liable, event_type, event_index, tie, position = (
        a[order] for a in (hist, subj, when, liable, event_type, event_index, tie, position))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (hist[1:] != hist[:-1]) | (liable[1:] != liable[:-1]) | (subj[1:] != subj[:-1])
    repeated = ~first
    rule_id = _ranks([rule.id for rule in index.rules])[liable] if len(index.rules) else liable
    order = _order(hist, subj, when - (int(when.min()) if len(when) else 0), rule_id, tie)  # the result's order
    return {"position": position[order], "liable": liable[order], "when": when[order],
            "repeated": repeated[order], "hist": hist[order], "subj": subj[order],
            "event_type": event_type[order], "event_index": event_index[order], "types": events["types"]}


def _bind(plan: Plan, entries: dict, prepared: Prepared) -> None:
    """Within each obligation, the earliest due date binds (minimum periods: the latest earliest
    permitted date); where it holds both, each binds among its own bound."""
    n = len(entries["hist"])
    binding = np.zeros(n, dtype=bool)
    entries["binding"] = binding
    live = np.flatnonzero(entries["status"] != _NA)
    if len(live) == 0:
        return
    rules = [rule for rule, _d in plan.deadlines]
    # an obligation: one subject of one history (a group), one (kind, party, fulfilling event) and one cycle
    family = _ranks([(r.kind, r.party, r.done[0][0] if r.done else "") for r in rules])[entries["rule"][live]]
    minimum = np.array([r.minimum for r in rules], dtype=bool)[entries["rule"][live]]
    cycle = entries["cycle"][live]
    families, cycles = int(family.max()) + 1, int(cycle.max()) + 1
    key = (entries["group"][live] * families + family) * cycles + cycle
    obligation, _count = _dense(key, (int(entries["group"][live].max()) + 1) * families * cycles)
    count = obligation.max() + 1
    due = entries["due"][live]
    earliest = entries["earliest"][live]
    best_due = np.full(count, np.iinfo(np.int64).max)
    np.minimum.at(best_due, obligation, np.where(minimum, np.iinfo(np.int64).max, due))
    best_earliest = np.full(count, np.iinfo(np.int64).min)
    np.maximum.at(best_earliest, obligation, np.where(minimum, earliest, np.iinfo(np.int64).min))
    binding[live] = np.where(minimum, earliest == best_earliest[obligation], due == best_due[obligation])


def _packed(*keys: np.ndarray) -> np.ndarray | None:
    """The keys (most significant first, each of non-negative integers) packed into one int64 that
    sorts as their tuples do; None when they do not fit."""
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    width = 1
    for key in keys:
        size = int(key.max()) + 1 if len(key) else 1
        width *= size
        if width >= 1 << 62:
            return None
        packed = packed * size + key
    return packed


def _order(*keys: np.ndarray) -> np.ndarray:
    """The stable order of rows by the tuple of `keys` (most significant first): one sort of the
    keys packed into an int64 where they fit, else `np.lexsort`."""
    packed = _packed(*keys)
    return np.lexsort(keys[::-1]) if packed is None else np.argsort(packed, kind="stable")


def _ranks(values: list[str]) -> np.ndarray:
    order = {v: number for number, v in enumerate(sorted(set(values)))}
    return np.array([order[v] for v in values], dtype=np.int64)


def _in_result_order(plan: Plan, parts: list[dict], found: _Found) -> dict[str, np.ndarray]:
    """The rules' entries, one array per field, in the scalar result's order: history, subject,
    trigger (date, index), kind, nearest layer last (-depth), rule id.

    The rows are sorted by history, subject, date and index, so a trigger's position among
    them is the first four keys; each rule has at most one entry per trigger. The entries of
    one trigger are put in the order of the last three keys (one rank per rule): each entry's
    place follows from counts, with no sort."""
    if not parts:
        out = {key: np.zeros(0, dtype=np.int64) for key in _ENTRY_KEYS + _TRIGGER_KEYS}
        out["reason_text"] = []
        return out
    size = found.size
    rules = [rule for rule, _d in plan.deadlines]
    rank = {n: r for r, n in enumerate(sorted(range(len(rules)),
                                              key=lambda n: (rules[n].kind, -plan.deadlines[n][1], rules[n].id)))}
    parts = sorted(parts, key=lambda p: rank[p["number"]])
    per_trigger = np.zeros(size + 1, dtype=np.int64)
    for p in parts:
        per_trigger[p["position"] + 1] += 1  # a rule's positions are distinct
    first = np.cumsum(per_trigger)  # the first place of each trigger's entries
    filled = np.zeros(size, dtype=np.int64)
    places, offsets = [], []
    texts: list[str] = []  # reasons are per rule: one text table, each entry's reason number made global
    for p in parts:
        places.append(first[p["position"]] + filled[p["position"]])
        filled[p["position"]] += 1
        offsets.append(np.where(p["reason"] >= 0, p["reason"] + len(texts), _NONE))
        texts.extend(p["_reason_text"])
    order = np.empty(int(first[-1]), dtype=np.int64)
    order[np.concatenate(places)] = np.arange(len(order))  # one scatter, then a gather per field
    out = {key: np.concatenate([p[key] for p in parts])[order] for key in _ENTRY_KEYS if key != "reason"}
    out["reason"] = np.concatenate(offsets)[order]
    for key in _TRIGGER_KEYS:  # positions in order: a gather that reads forward
        out[key] = found.at(key, out["position"])
    out["reason_text"] = texts
    return out


def _conflicts(plan: Plan, entries: dict, prepared: Prepared) -> dict[str, Any]:
    """The conflicts met through deadlines: one row per (history, conflict), its subjects sorted.

    Returns {"conflicts": the conflict mappings, "hist", "number": per row, "subjects": per row,
    a list of subject ranks}, rows in result order (history, topic, kind, lower, higher)."""
    by_rule, _by_class = _result_index(plan.jurisdiction)
    found = {"conflicts": [], "hist": np.zeros(0, dtype=np.int64), "number": np.zeros(0, dtype=np.int64),
             "offsets": np.zeros(1, dtype=np.int64), "subjects": np.zeros(0, dtype=np.int64)}
    if plan.layers != "all" or not by_rule or len(entries["hist"]) == 0:
        return found  # with one layer there is no higher rule to conflict with
    conflicts = sorted({id(c): c for cs in by_rule.values() for c in cs}.values(),
                       key=lambda c: (c["topic"], c["kind"], c["lower"]["rule"], c["higher"]["rule"]))
    live = entries["status"] != _NA
    triples = []
    for number, conflict in enumerate(conflicts):
        lower = np.array([rule.id == conflict["lower"]["rule"] for rule, _d in plan.deadlines], dtype=bool)
        where = np.flatnonzero(live & lower[entries["rule"]])
        if len(where) == 0:
            continue
        days = entries["day"][where]
        unique, inverse = np.unique(days, return_inverse=True)
        in_force = np.array([_in_force_on(conflict["in_force"], date.fromordinal(d)) for d in unique.tolist()],
                            dtype=bool)[inverse.reshape(-1)]
        where = where[in_force]
        triples.append(np.stack([entries["hist"][where], np.full(len(where), number), entries["subj"][where]]))
    if not triples:
        return found
    hist, number, subj = np.concatenate(triples, axis=1)
    packed = _packed(hist, number, subj)
    if packed is None:
        hist, number, subj = np.unique(np.stack([hist, number, subj]), axis=1)  # sorted: history, conflict, subject
    else:
        first = np.unique(packed, return_index=True)[1]  # sorted by the packed key: the same order
        hist, number, subj = hist[first], number[first], subj[first]
    if len(hist) == 0:
        return found
    starts = np.flatnonzero(np.r_[True, (hist[1:] != hist[:-1]) | (number[1:] != number[:-1])])
    return {"conflicts": conflicts, "hist": hist[starts], "number": number[starts],
            "offsets": np.r_[starts, len(hist)], "subjects": subj}

