"""`regkit batch --record compact` over a chunk of lines at once, through the columnar engine.

The scalar path (`batch.encode_line`) reads, validates, judges and writes one line at a
time; judging is most of its cost. Here the plain histories of a chunk become one event
table, judged by the columnar engine in one pass, and each history's compact record is
built from the engine's columns: the same record `encode_line` writes, byte for byte
(tests/test_compact_lines.py proves it on every line).

Only a line about which there is no doubt takes this path: a JSON object of `events`
(and `jurisdiction`, `as_of`, `id`) whose events are objects of text, whole-number or
boolean values, its jurisdiction known and its day a date. Every other line, every history
the columnar engine sends to the scalar engine, and every history whose record would carry
a warning other than one single warning of a grant of extension (`_warnings`) is answered
by `encode_line` itself, which also words every error record.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import numpy as np

from .._jsonfast import NOT_SURE, dumps_line_bytes, loads_plain, orjson
from ..batch import Options, encode_line
from ..calendar import WorkingDayCalendar, default_calendar
from ..engine.evaluate import _as_date, result_receipt, run_paused
from ..engine.plan import Plan, plan_for
from ..history import MAX_EVENTS
from .columns import _steps
from .engine import STATUSES, decide, prepare
from .source import KEY_COLUMNS, EventTable, HistoryRows

__all__ = ["encode_compact_lines", "load", "usable"]

_HISTORY_KEYS = frozenset(("jurisdiction", "as_of", "events", "id"))
_NOT_ATTRIBUTES = frozenset(KEY_COLUMNS)
_INT_LIMIT = 1 << 53  # a whole number an Arrow int64 column holds as the JSON text gave it


def usable(options: Options) -> bool:
    """Whether this path answers lines under `options`: compact records of one jurisdiction
    each, from the bundled packs (a run's own rules folders, or an engine's library made active,
    stay on the scalar path)."""
    from .._active import active
    return options.record == "compact" and not options.compare and not options.rules and active() is None


def load() -> None:
    """Import what judging a chunk needs (pyarrow), here and now: a parent process that does so
    before its workers fork spares each of them the import."""
    import pyarrow.compute  # noqa: F401


def encode_compact_lines(lines: list[tuple[int, bytes]], options: Options) -> list[tuple[bytes, bool]]:
    """(output line, whether it is a result) of each (number, raw line), as `encode_line` gives it.

    The cyclic collector is paused for the chunk, as the scalar engine pauses it for a line: the
    lines read and the records made are many small mappings, none in a cycle."""
    return run_paused(_encoded, lines, options)


def _encoded(lines: list[tuple[int, bytes]], options: Options) -> list[tuple[bytes, bool]]:
    out: list[tuple[bytes, bool] | None] = [None] * len(lines)
    plain = _plain_histories(lines, options)
    if plain:
        try:
            judged = _judged(plain, lines, options)
        except Exception:  # noqa: BLE001 - never a lost line: every line is then answered one by one
            judged = {}
        for at, text in judged.items():
            out[at] = (text, True)
    for at, (number, raw) in enumerate(lines):
        if out[at] is None:
            out[at] = encode_line(raw, number, options)
    return out  # type: ignore[return-value]


class _Plain:
    """One line read as a plain history: where it is, its id, events, jurisdiction and day."""

    __slots__ = ("at", "has_id", "id", "events", "jurisdiction", "as_of", "typed", "members")

    def __init__(self, at: int, item: dict, jurisdiction: str, as_of: date, typed: dict[str, type],
                 members: int) -> None:
        self.at, self.has_id, self.id = at, "id" in item, item.get("id")
        self.events, self.jurisdiction, self.as_of, self.typed = item["events"], jurisdiction, as_of, typed
        self.members = members  # of the mapping and its events: one colon each in the line


def _plain_histories(lines: list[tuple[int, bytes]], options: Options) -> list[_Plain]:
    plain = []
    for at, (_number, raw) in enumerate(lines):
        try:
            history = _read(at, raw, options)
        except Exception:  # noqa: BLE001 - any doubt: the scalar path reads it and words the error
            history = None
        if history is not None:
            plain.append(history)
    mixed = _mixed(plain)
    return [history for history in plain if mixed.isdisjoint(history.typed)] if mixed else plain


def _mixed(plain: list[_Plain]) -> set[str]:
    """The attributes given as a number or boolean in one place and otherwise in another: a column
    of the table has one type, so the lines giving them so go line by line."""
    typed = {key for history in plain for key in history.typed}
    return {key for key in typed
            if len({type(e[key]) for history in plain for e in history.events if key in e}) > 1}


def _read(at: int, raw: bytes, options: Options) -> _Plain | None:
    """The line as a plain history, or None (the scalar path answers it)."""
    history = _history(at, _quick(raw), options)
    # Without a backslash a text is its bytes: a line whose colons are all its members' gave no key
    # twice (the one orjson would keep silently); else it is read as the scalar path reads it.
    if history is not None and raw.count(b":") == history.members:
        return history
    item = loads_plain(raw)
    if item is NOT_SURE:
        from ..batch import _parse_json
        item = _parse_json(raw.decode("utf-8"))
        if b"\\u" in raw:  # an escape may be a lone surrogate, which is not text (UnicodeEncodeError)
            json.dumps(item, ensure_ascii=False).encode("utf-8")
    return _history(at, item, options)


def _quick(raw: bytes) -> Any:
    """The line's value by orjson alone where that is the strict parse's value if no key is given
    twice (`_read` checks that): no backslash, and an `id` of text, a whole number JSON and
    Python read alike, a boolean or null (the other values are read by `loads_plain`)."""
    if orjson is None or b"\\" in raw:
        return None
    try:
        item = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(item) is dict and "id" in item:
        kind = type(item["id"])
        if not (kind is str or kind is bool or item["id"] is None
                or kind is int and -_INT_LIMIT < item["id"] < _INT_LIMIT):
            return None
    return item


def _history(at: int, item: Any, options: Options) -> _Plain | None:
    """`item` (a line's JSON value) as a plain history, or None."""
    if type(item) is not dict or not _HISTORY_KEYS.issuperset(item):
        return None
    events = item.get("events")
    if type(events) is not list or not events or len(events) > MAX_EVENTS:
        return None
    typed: dict[str, type] = {}  # the attributes given as a number or a boolean, not as text
    members = len(item)
    for event in events:
        if type(event) is not dict or not _NOT_ATTRIBUTES.isdisjoint(event):
            return None
        members += len(event)
        for key, value in event.items():
            kind = type(value)
            if kind is not str:
                if not (kind is bool or kind is int and -_INT_LIMIT < value < _INT_LIMIT) \
                        or typed.setdefault(key, kind) is not kind:
                    return None
    own = item.get("jurisdiction")
    if own is not None and type(own) is not str:  # refused even when the run names one
        return None
    jurisdiction = options.jurisdiction or own
    if type(jurisdiction) is not str or not jurisdiction:
        return None
    as_of = options.as_of or item.get("as_of") or options.default_as_of
    if as_of is None:
        return None
    return _Plain(at, item, jurisdiction, _as_date(as_of, "as_of"), typed, members)


def _event_table(plain: list[_Plain]) -> EventTable:
    """One long event table of the histories (history number = place in `plain`), each column of
    one type (`_mixed`): text, or whole numbers, or booleans."""
    import pyarrow as pa
    events = [event for history in plain for event in history.events]
    sizes = np.fromiter((len(history.events) for history in plain), dtype=np.int64, count=len(plain))
    keys: dict[str, Any] = {}
    for event in events:
        keys.update(event)  # the keys, in the order first given (the values are not used)
    history = np.repeat(np.arange(len(plain), dtype=np.int64), sizes)
    typed = {key: kind for history in plain for key, kind in history.typed.items()}
    schema = pa.schema([(key, pa.int64() if typed.get(key) is int else pa.bool_() if key in typed else pa.string())
                        for key in keys])
    table = pa.Table.from_pylist(events, schema=schema).add_column(0, "history_id", pa.array(history))
    bounds = np.zeros(len(plain) + 1, dtype=np.int64)
    np.cumsum(sizes, out=bounds[1:])
    order = np.arange(len(events), dtype=np.int64)
    index = order - np.repeat(bounds[:-1], sizes)
    return EventTable(table=table, history_ids=list(range(len(plain))), history=history,
                      rows=HistoryRows(order, bounds), index=index)


def _judged(plain: list[_Plain], lines: list[tuple[int, bytes]], options: Options) -> dict[int, bytes]:
    """{place of the line: its output line} of each history the columnar engine decided."""
    cal = options.calendar or default_calendar()
    prepared = prepare(_event_table(plain))
    as_of_day = np.array([history.as_of.toordinal() for history in plain] + [-1], dtype=np.int64)
    under = np.array([history.jurisdiction for history in plain], dtype=object)
    out: dict[int, bytes] = {}
    for name in sorted(set(under.tolist())):
        try:
            plan = plan_for(name, options.layers)
        except Exception:  # noqa: BLE001 - an unknown jurisdiction: the scalar path words it
            continue
        chosen = np.flatnonzero(under == name).astype(np.int64)
        try:
            decided = decide(prepared, plan, chosen, as_of_day, cal)
        except Exception:  # noqa: BLE001 - never a lost line: the scalar path answers them all
            continue
        left, warned = _warnings(decided, prepared, plan, chosen, as_of_day, cal)
        sent = set(decided.scalar) | left
        records = _Records(decided, prepared, plan, _key_sorted(result_receipt(plan, cal)), as_of_day, warned)
        for h in chosen.tolist():
            if h in sent:
                continue
            history = plain[h]
            record: dict[str, Any] = {"id": history.id} if history.has_id else {}
            record.update(line=lines[history.at][0], record="compact", result=records.result(h))
            try:
                out[history.at] = _written(record)
            except Exception:  # noqa: BLE001 - not writable as JSON: the scalar path words it
                continue
    return out


def _written(record: dict[str, Any]) -> bytes:
    """`dumps_line_bytes(record)`, the same bytes: every mapping of a record made here has its
    keys in sorted order (`_Records`), so orjson need not sort them, unless the line's own `id`
    holds a mapping (or a fraction, which the standard library writes)."""
    if orjson is not None and type(record.get("id")) not in (dict, list, float):
        try:
            return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError:  # a number orjson refuses: the standard library writes it
            pass
    return dumps_line_bytes(record)


def _key_sorted(value: Any) -> Any:
    """`value` with the keys of every mapping in it in sorted order."""
    if isinstance(value, dict):
        return {key: _key_sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_key_sorted(item) for item in value]
    return value


def _warnings(decided, prepared, plan: Plan, chosen: np.ndarray, as_of_day: np.ndarray,
              cal: WorkingDayCalendar) -> tuple[set[int], dict[int, list[dict]]]:
    """(the histories left to the scalar engine for their warnings, {history: its one warning}).

    The warnings a history decided by the columnar engine can have are those of grants of
    extension (`_grant_warnings`); one is written as the scalar engine words it. A history with
    more than one (their order is the scalar engine's walk), or with an event dated after its
    as_of (`events_after_as_of`, with the cut the columnar engine does not show), is left."""
    events = prepared.events
    rows = np.flatnonzero(np.isin(events.history, chosen))
    hist = events.history[rows]
    left = set(np.unique(hist[prepared.day[rows] > as_of_day[hist]]).tolist())
    granting = {rule.ext_type for rule, _depth in plan.deadlines if rule.ext_type is not None}
    kinds = np.array([e is not None and e.type in granting for e in prepared.combo_events] + [False], dtype=bool)
    grants = rows[kinds[prepared.combo[rows]]]
    grants = grants[~np.isin(events.history[grants], np.fromiter(set(decided.scalar) | left, dtype=np.int64))]
    found = _grant_warnings(decided.deadlines, prepared, plan, grants, cal) if len(grants) else {}
    left |= {h for h, warnings in found.items() if len(warnings) > 1}
    return left, {h: warnings for h, warnings in found.items() if len(warnings) == 1}


def _grant_warnings(entries: dict, prepared, plan: Plan, grants: np.ndarray,
                    cal: WorkingDayCalendar) -> dict[int, list[dict]]:
    """{history: the warnings of its grants} of the histories of the rows `grants` (events of a
    granting type, none after as_of), as `engine.deadlines._extend` gives them: each grant belongs
    to the entry of its subject's latest trigger of the rule on or before it; for a duty that
    arose, a grant after the duty was met in time is moot, one after the original due date is
    late, and the grants counted must not pass the rule's maximum."""
    from ..engine.deadlines import _warning, counter_for
    rules = [rule for rule, _depth in plan.deadlines]
    numbers = [n for n, rule in enumerate(rules) if rule.ext_type is not None and not rule.minimum]
    hist = entries["hist"]
    holding = np.isin(hist, prepared.events.history[grants]) & np.isin(entries["rule"], numbers)
    owners: dict[tuple, list[int]] = {}  # (history, subject, rule) -> its entries, in trigger order
    for i, h, subject, n in zip(np.flatnonzero(holding).tolist(), hist[holding].tolist(),
                                entries["subj"][holding].tolist(), entries["rule"][holding].tolist()):
        owners.setdefault((h, subject, n), []).append(i)
    day, status, due, completed, extended = (entries[k].tolist() for k in ("day", "status", "due", "completed",
                                                                              "extended"))
    counter = counter_for(cal)
    counted: dict[int, int] = {}  # entry -> the working days (or days) its grants give
    found: dict[int, list[dict]] = {}
    for row in grants.tolist():
        h, subject, when = int(prepared.events.history[row]), int(prepared.subject[row]), int(prepared.day[row])
        event = prepared.combo_events[prepared.combo[row]]
        event = _Grant(event.type, date.fromordinal(when), int(prepared.events.index[row]), event.attrs)
        for n in numbers:
            rule = rules[n]
            if event.type != rule.ext_type or any(event.attrs.get(k) != v for k, v in rule.ext_where):
                continue
            mine = [i for i in owners.get((h, subject, n), ()) if day[i] <= when]
            if not mine or status[mine[-1]] == 0:  # before every trigger, or a duty that did not arise
                continue
            i = mine[-1]
            original = due[i]
            if extended[i]:  # the due date before the grants: counted again, as the engine counts it
                start = entries["received_day"][i] if entries["received_type"][i] >= 0 else day[i]
                original = counter.add[rule.unit](date.fromordinal(int(start)), rule.amount).toordinal()
            done = completed[i]
            if done >= 0 and when > done and done <= original:
                found.setdefault(h, []).append(_warning(
                    "extension_moot", event, f"{rule.id}: extension granted on {event.date} after the duty was "
                                             f"met on {date.fromordinal(done)}; it changes no date"))
            elif when > original:
                found.setdefault(h, []).append(_warning(
                    "extension_after_due", event, f"{rule.id}: extension granted on {event.date} is after the due "
                                                  f"date {date.fromordinal(original)}; an extension must be granted "
                                                  "on or before it"))
            else:
                amount = event.attrs.get("amount")
                counted[i] = counted.get(i, 0) + (rule.ext_max if amount is None else amount)
    for i, granted in counted.items():
        rule = rules[entries["rule"][i]]
        if granted > rule.ext_max:
            trigger = _Grant(rule.trigger_type, None, int(entries["index"][i]), None)
            found.setdefault(int(hist[i]), []).append(_warning(
                "extension_capped", trigger, f"{rule.id}: extensions of {granted} {rule.unit} exceed the maximum "
                                             f"of {rule.ext_max}; capped"))
    return found


class _Grant:
    """What a warning names of an event: its index (and, for the message, its type, date, attributes)."""

    __slots__ = ("type", "date", "index", "attrs")

    def __init__(self, kind: str, day: date | None, index: int, attrs: dict | None) -> None:
        self.type, self.date, self.index, self.attrs = kind, day, index, attrs


class _Records:
    """The compact results of the histories of one `Decided`, made column by column: each field
    of every entry, finding and conflict is read off the engine's columns as one Python list,
    then each item is one dict made from them (a numpy scalar per value would cost more). Every
    mapping has its keys in sorted order, as the record is written (`_written`)."""

    def __init__(self, decided, prepared, plan: Plan, receipt: dict, as_of_day: np.ndarray,
                 warned: dict[int, list[dict]]) -> None:
        self.plan, self.receipt, self.as_of_day, self.warned = plan, receipt, as_of_day, warned
        self.official_through = receipt["calendar"]["official_through"]
        subjects = prepared.subjects
        rule_ids = [rule.id for rule, _depth in plan.deadlines]
        e = decided.deadlines
        self.deadlines = self._deadlines(e, subjects, rule_ids, [rule.trigger_type for rule, _d in plan.deadlines],
                                         [c.type if c is not None else None for c in prepared.combo_events])
        self.entry_bounds = _bounds(e["hist"])
        self.findings = self._findings(decided.findings, e, plan, subjects, rule_ids)
        self.finding_bounds = _bounds(decided.findings["hist"])
        self.conflicts = self._conflicts(decided.conflicts, subjects)
        self.conflict_bounds = _bounds(decided.conflicts["hist"])

    @staticmethod
    def _deadlines(e: dict, subjects: list, rule_ids: list, trigger_types: list, combo_types: list) -> list[dict]:
        triggers = [{"date": day, "type": kind} for kind, day in zip(_take(trigger_types, e["rule"]), _isos(e["day"]))]
        received = np.flatnonzero(e["received_type"] >= 0)
        for i, kind, day in zip(received.tolist(), _take(combo_types, e["received_type"][received]),
                                _isos(e["received_day"][received])):
            trigger = triggers[i]
            triggers[i] = {"date": trigger["date"], "received": {"date": day, "type": kind}, "type": trigger["type"]}
        return [{"binding": binding, "completed_on": completed, "due": due, "earliest": earliest, "extended_by": extended,
                 "late_by": late_by, "provisional": provisional, "reason": reason, "rule": rule, "status": status,
                 "subject": subject, "trigger": trigger}
                for rule, subject, trigger, due, earliest, status, completed, late_by, extended, binding, provisional,
                reason in zip(_take(rule_ids, e["rule"]), _take(subjects, e["subj"]), triggers, _isos(e["due"]),
                              _isos(e["earliest"]), _take(STATUSES, e["status"]), _isos(e["completed"]),
                              e["late_by"].tolist(), e["extended"].tolist(), e["binding"].tolist(),
                              e["provisional"].tolist(), _take(e["reason_text"], e["reason"]))]

    @staticmethod
    def _findings(f: dict, e: dict, plan: Plan, subjects: list, rule_ids: list) -> list[dict]:
        rules = plan.liability.rules
        made = [_steps(rule, repeated)[::2] for rule in rules for repeated in (False, True)]
        position = f["position"]
        of_entry = position >= 0  # else established by an event
        safe = np.where(of_entry, position, 0) if len(e["rule"]) else np.zeros(len(position), dtype=np.int64)
        entry = lambda key: e[key][safe] if len(e[key]) else np.full(len(position), -1)  # noqa: E731
        evidence = [{"completed_on": completed, "deadline": rule, "due": due, "earliest": earliest, "status": status}
                    if yes else {"event": kind, "index": index}
                    for yes, rule, status, due, earliest, completed, kind, index in zip(
                        of_entry.tolist(), _take(rule_ids, entry("rule")), _take(STATUSES, entry("status")),
                        _isos(entry("due")), _isos(entry("earliest")), _isos(entry("completed")),
                        _take(f["types"], f["event_type"]), f["event_index"].tolist())]
        steps = _take(made, f["liable"] * 2 + f["repeated"].astype(np.int64))
        return [{"date": day, "escalated_upon": step[1], "evidence": proof, "exemptions": [], "kind": "violation",
                 "rule": rule, "sanctions": step[0], "subject": subject}
                for rule, subject, day, proof, step in zip(
                    _take([rule.id for rule in rules], f["liable"]), _take(subjects, f["subj"]), _isos(f["when"]),
                    evidence, steps)]

    @staticmethod
    def _conflicts(found: dict, subjects: list) -> list[dict]:
        offsets, named = found["offsets"].tolist(), _take(subjects, found["subjects"])
        return [{"higher": c["higher"]["rule"], "kind": c["kind"], "lower": c["lower"]["rule"],
                 "subjects": named[offsets[i]:offsets[i + 1]]}
                for i, c in enumerate(_take(found["conflicts"], found["number"]))]

    def result(self, h: int) -> dict[str, Any]:
        deadlines = _rows(self.deadlines, self.entry_bounds, h)
        return {
            "as_of": date.fromordinal(int(self.as_of_day[h])).isoformat(),
            "calendar": {"official_through": self.official_through,
                         "provisional": True in [d["provisional"] for d in deadlines]},
            "classifications": [],  # a history with a classification is the scalar engine's
            "conflicts": _rows(self.conflicts, self.conflict_bounds, h),
            "deadlines": deadlines,
            "findings": _rows(self.findings, self.finding_bounds, h),
            "jurisdiction": self.plan.jurisdiction,
            "layers": self.plan.layers,
            "receipt": self.receipt,
            "warnings": self.warned.get(h, []),  # one at most (`_warnings`): code, event, message
        }


def _rows(items: list, bounds: tuple[list, list], h: int) -> list:
    starts, ends = bounds
    return items[starts[h]:ends[h]] if h < len(starts) else []


def _take(values: list, codes: np.ndarray) -> list:
    """values[code] for each code; a code of -1 is None."""
    table = np.empty(len(values) + 1, dtype=object)
    table[:-1] = values
    return table[np.asarray(codes, dtype=np.int64)].tolist()


def _isos(ordinals: np.ndarray) -> list:
    """The ISO text of each day ordinal; None for a negative one (no date)."""
    ordinals = np.asarray(ordinals, dtype=np.int64)
    if len(ordinals) == 0:
        return []
    unique, inverse = np.unique(ordinals, return_inverse=True)
    return _take([date.fromordinal(d).isoformat() if d >= 0 else None for d in unique.tolist()],
                 inverse.reshape(-1))


def _bounds(hist: np.ndarray) -> tuple[list, list]:
    """Per history number up to the largest in `hist` (sorted): where its rows start and end."""
    size = int(hist.max()) + 1 if len(hist) else 0
    numbers = np.arange(size)
    return (np.searchsorted(hist, numbers, side="left").tolist(),
            np.searchsorted(hist, numbers, side="right").tolist())
