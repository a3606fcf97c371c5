"""`regkit.evaluate_table`: an event table in, the decision tables out.

Each history is judged under its jurisdiction (or every one of the library, `compare`) as
of its day, by the columnar engine where it decides and by the scalar engine where
it does not (`DecisionTables.scalar` counts them by reason). `engine="scalar"`
judges every history with the scalar engine: the reference the columnar tables
are proven equal to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..calendar import WorkingDayCalendar, default_calendar
from ..engine.plan import plan_for
from ..errors import InputError, RegkitError
from .schema import COLUMNS, TABLES, error_row
from .scalar import as_of_of, evaluate_plan_rows, history_records
from .settings import history_settings
from .source import UNREADABLE, EventTable, group_histories, read_table

__all__ = ["DecisionTables", "evaluate_table", "judge"]

_DATES = {"as_of", "trigger_date", "due", "earliest", "completed_on", "date", "evidence_due", "evidence_earliest",
          "evidence_completed_on", "event_date", "provisional_earliest", "provisional_latest", "alternative_due",
          "received_date"}
_INTS = {"period_amount", "extended_by", "late_by", "source_article", "source_paragraph", "source_item",
         "evidence_index", "event_index", "row"}
_BOOLS = {"binding", "provisional", "valid"}
_LISTS = {"sanctions", "escalated_upon", "discretionary", "subjects", "unmet", "bears", "not_borne_by"}
_EPOCH = date(1970, 1, 1).toordinal()


def _type(name: str):
    import pyarrow as pa
    if name in _DATES:
        return pa.date32()
    if name in _INTS:
        return pa.int64()
    if name in _BOOLS:
        return pa.bool_()
    if name in _LISTS:
        return pa.list_(pa.string())
    return pa.dictionary(pa.int32(), pa.string())  # each distinct text stored once (quotes, readings)


@dataclass
class DecisionTables:
    """The decision tables (pyarrow Tables by name) and how the histories were decided."""

    tables: dict[str, Any]
    histories: int = 0
    columnar: int = 0  # (history, jurisdiction) evaluations decided over columns
    scalar: Counter = field(default_factory=Counter)  # reason -> evaluations sent to the scalar engine

    def __getitem__(self, name: str):
        return self.tables[name]


def evaluate_table(source: Any, *, jurisdiction: str | None = None, as_of: date | str | None = None,
                   default_as_of: date | None = None, compare: bool = False, layers: str = "all",
                   mapping: Any = None, engine: str = "columnar", overrides: dict | None = None,
                   calendar: WorkingDayCalendar | None = None, workers: int = 1,
                   lang: str | None = None) -> DecisionTables:
    """Judge every history of an event table; see docs/tables.md.

    `source`: a path or a pyarrow/pandas/polars table in the long format (or, with
    `mapping`, a platform's own log); `jurisdiction`, `as_of`: override the
    histories' own; `compare`: every jurisdiction of the library answering (an engine's,
    else the bundled one); `engine`: 'columnar' or
    'scalar'; `overrides`: {"RULE.field": number} (what if: `regkit.columnar.whatif`);
    `workers`: processes, each judging a contiguous share of the histories (the same tables);
    `lang`: the language of the errors table's texts (None: English, as the engine words them).
    """
    if engine not in ("columnar", "scalar"):
        raise InputError(f"engine must be 'columnar' or 'scalar', not {engine!r}", field="engine")
    if layers not in ("all", "local"):
        raise InputError(f"layers must be 'all' or 'local', not {layers!r}", field="layers")
    if overrides:  # the command line checks its --set before reading; the API here
        from .whatif import check_overrides
        check_overrides(overrides)
    table = read_table(source, dictionary=mapping is None)
    if mapping is not None:
        from .mapping import apply_mapping
        table = apply_mapping(table, mapping)
    options = dict(jurisdiction=jurisdiction, as_of=as_of, default_as_of=default_as_of, compare=compare,
                   layers=layers, engine=engine, overrides=overrides, calendar=calendar, lang=lang)
    if jurisdiction is not None and not compare:
        plan_for(jurisdiction, layers)  # an unknown --jurisdiction is the caller's mistake
    if workers > 1 and table.num_rows >= PARALLEL_ROWS:
        from .parallel import in_parallel
        return in_parallel(table, workers, options)
    return judge(table, **options)


#: Below this many rows a table is judged in the calling process (starting workers costs more).
PARALLEL_ROWS = 200_000


def judge(table, *, jurisdiction: str | None, as_of, default_as_of, compare: bool, layers: str, engine: str,
          overrides: dict | None, calendar: WorkingDayCalendar | None, lang: str | None = None) -> DecisionTables:
    """`evaluate_table` of a long table in this process."""
    events = group_histories(table)
    cal = calendar or default_calendar()
    fixed_as_of = as_of_of(as_of) if as_of is not None else None
    out = _Collector(events, lang)
    numbers = table.column("row").to_pylist() if "row" in table.column_names else None
    unreadable = _unreadable(table)
    for row in np.flatnonzero(events.history < 0).tolist():
        out.add_error(-1, None, error_row(None, None, numbers[row] if numbers else row + 1,
                                          out.said(unreadable.get(row, "row without a history_id")), "HistoryError"))
    under, as_of_day = history_settings(events, jurisdiction, fixed_as_of, default_as_of, compare, out.add_error)
    for row, why in unreadable.items():  # the history an unreadable row names is not judged
        h = int(events.history[row])
        if h >= 0 and as_of_day[h] >= 0:  # (one error row a history: not if its settings failed)
            out.add_error(h, None, error_row(None, under[h], numbers[row] if numbers else row + 1,
                                             out.said("{why}; the history is not judged without it",
                                                      why=out.said(why)), "HistoryError"))
            as_of_day[h] = -1
    out.as_of_day = as_of_day
    if compare:
        from ..packs import current_packs
        names = sorted(current_packs())
    else:
        names = sorted(set(under.tolist()) - {None})
    prepared = None
    if engine == "columnar":
        from .engine import prepare
        prepared = prepare(events)
    stats = DecisionTables(tables={}, histories=len(events.history_ids))
    for position, name in enumerate(names):
        chosen = np.flatnonzero(((under == name) | compare) & (as_of_day[:-1] >= 0)).astype(np.int64)
        if len(chosen) == 0:
            continue
        try:
            plan = _plan(name, layers, overrides)
        except RegkitError as exc:
            for h in chosen.tolist():
                out.add_error(h, position, error_row(None, name, None, exc, type(exc).__name__))
            continue
        if prepared is None:
            sent = {h: "engine=scalar" for h in chosen.tolist()}
        else:
            from .engine import decide_in_chunks
            sent = {}
            for decided in decide_in_chunks(prepared, plan, chosen, as_of_day, cal):
                out.columnar(decided, position, name, plan, prepared)
                sent.update(decided.scalar)
            stats.columnar += len(chosen) - len(sent)
        stats.scalar.update(sent.values())
        _scalar(events, sent, name, layers, as_of_day, cal, position, out, plan)
    stats.tables = out.tables()
    return stats


def _unreadable(table) -> dict[int, str]:
    """{row position: why} of the rows the reader could not read (`source.UNREADABLE`)."""
    if UNREADABLE not in table.column_names:
        return {}
    column = table.column(UNREADABLE).combine_chunks()
    where = np.flatnonzero(column.is_valid().to_numpy(zero_copy_only=False))
    return {row: column[row].as_py() for row in where.tolist()}


def _plan(name: str, layers: str, overrides: dict | None):
    if not overrides:
        return plan_for(name, layers)
    from .whatif import changed_plan
    return changed_plan(plan_for(name, layers), overrides)


def _scalar(events: EventTable, sent: dict[int, str], name: str, layers: str, as_of_day: np.ndarray,
            cal: WorkingDayCalendar, position: int, out: "_Collector", plan) -> None:
    if not sent:
        return
    chosen = sorted(sent)
    rows = [events.rows[h] for h in chosen]
    records = history_records(events.table, np.concatenate(rows))  # one take for them all
    start = 0
    for h, mine in zip(chosen, rows):
        out.add_rows(h, position, evaluate_plan_rows(None, mine, records[start:start + len(mine)], plan,
                                                     date.fromordinal(int(as_of_day[h])), cal))
        start += len(mine)


class _Collector:
    """Rows from both engines, put in history order at the end."""

    def __init__(self, events: EventTable, lang: str | None = None) -> None:
        self.events, self.lang = events, lang
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.keys: dict[str, list[tuple[int, int]]] = {name: [] for name in TABLES}
        self.parts: dict[str, list[tuple[Any, np.ndarray, int]]] = {name: [] for name in TABLES}

    def add_error(self, h: int, position: int | None, row: dict) -> None:
        self.rows["errors"].append(self._worded(row))
        self.keys["errors"].append((h, -1 if position is None else position))

    def add_rows(self, h: int, position: int, tables: dict[str, list[dict]]) -> None:
        for name, rows in tables.items():
            self.rows[name].extend(rows if name != "errors" else [self._worded(row) for row in rows])
            self.keys[name].extend([(h, position)] * len(rows))

    def said(self, template: str, **fields: str) -> str:
        """A text of this module (`template` filled in) in the run's language."""
        if self.lang is None:
            return template.format(**fields)
        from ..i18n import translator
        from ..i18n.error_texts import translate_error
        if fields:
            return translator(self.lang).gettext(template).format(**fields)
        return translate_error(translator(self.lang), template)

    def _worded(self, row: dict) -> dict:
        """An error row with its text in the run's language, worded from its exception."""
        exc = row.pop("_exception", None)
        if self.lang is not None and exc is not None:
            from ..i18n.error_texts import error_line
            row["error"] = error_line(exc, self.lang)
        return row

    def columnar(self, decided, position: int, name: str, plan, prepared) -> None:
        from .columns import conflict_columns, deadline_columns, finding_columns
        table, hist = deadline_columns(decided.deadlines, plan, prepared, name, self.as_of_day)
        self.parts["deadlines"].append((table, hist, position))
        table, hist = finding_columns(decided.findings, decided.deadlines, plan, prepared, name, self.as_of_day)
        self.parts["findings"].append((table, hist, position))
        table, hist = conflict_columns(decided.conflicts, prepared, name, self.as_of_day)
        self.parts["conflicts"].append((table, hist, position))

    def tables(self) -> dict[str, Any]:
        import pyarrow as pa
        id_type = self.events.table.schema.field("history_id").type if self.events.history_ids else pa.string()
        # each history's id as the input holds it: the id of its first row (no round trip through Python)
        rows = self.events.rows
        ids = self.events.table.column("history_id").take(pa.array(rows.order[rows.bounds[:-1]])).combine_chunks() \
            if self.events.history_ids else pa.array([], type=id_type)
        out = {}
        for name in TABLES:
            schema = pa.schema([(c, id_type if c == "history_id" else _type(c)) for c in COLUMNS[name]])
            pieces, hist, pos = [], [], []
            if self.rows[name]:
                pieces.append(self._from_rows(name, schema, ids))
                keys = np.array(self.keys[name], dtype=np.int64).reshape(-1, 2)
                hist.append(keys[:, 0])
                pos.append(keys[:, 1])
            for table, h, position in self.parts[name]:
                # the columns are built at their table type (columns.py): no cast, only the key
                pieces.append(table.add_column(0, pa.field("history_id", id_type), ids.take(pa.array(h)))
                              .select(list(COLUMNS[name])))
                hist.append(h)
                pos.append(np.full(len(h), position, dtype=np.int64))
            if not pieces:
                out[name] = schema.empty_table()
                continue
            table = pa.concat_tables(pieces)
            if _in_order(hist, pos):  # already in order (one jurisdiction, no scalar rows): no sort
                out[name] = table
                continue
            hist, pos = np.concatenate(hist), np.concatenate(pos)
            order = np.lexsort((pos, hist))  # stable: each history keeps its order
            out[name] = table.take(pa.array(order))
        return out

    def _from_rows(self, name: str, schema, ids):
        """The rows of the scalar engine and the error rows as a table of `schema`."""
        import pyarrow as pa
        rows = self.rows[name]
        columns = []
        for c in COLUMNS[name]:
            if c == "history_id":
                keys = np.array([h for h, _position in self.keys[name]], dtype=np.int64)
                with_null = pa.concat_arrays([ids, pa.nulls(1, type=ids.type)])  # a history of -1: null
                columns.append(with_null.take(pa.array(np.where(keys < 0, len(ids), keys))))
                continue
            values = [r[c] for r in rows]
            kind = _type(c)
            columns.append(pa.array(values, type=pa.string()).cast(kind)
                           if kind == pa.date32() or pa.types.is_dictionary(kind) else pa.array(values, type=kind))
        return pa.table(columns, schema=schema)


def _in_order(hist: list, pos: list) -> bool:
    """Whether the pieces' rows, one after the other, are in (history, position) order."""
    last = (-2, -2)
    for h, p in zip(hist, pos):
        if len(h) == 0:
            continue
        step = h[1:] - h[:-1]
        if not np.all((step > 0) | ((step == 0) & (p[1:] >= p[:-1]))):
            return False
        if (h[0], p[0]) < last:
            return False
        last = (h[-1], p[-1])
    return True
