"""A platform's own log into the long format, by a YAML mapping: no code.

A mapping may say, all optional:

```yaml
rename: {申请编号: history_id, 事项: subject}   # column -> long-format name
set: {jurisdiction: hebei}                      # a constant column
values:                                         # a column's own codes -> the vocabulary
  decision: {同意: approve, 不同意: refuse}
events:                                         # the wide shape: one row per request
  - {type: request.submitted, date: submitted_at, attributes: {share_type: share_type}}
  - {type: request.forwarded, date: forwarded_at}
  - {type: request.replied, date: replied_at, attributes: {decision: decision, reason: refusal_reason}}
  - {type: request.delivered, date: delivered_at}
```

With `events`, each input row gives one event per listed date column that is filled,
in the listed order (the tie-break of same-day events); `history_id`, `subject`,
`actor`, `role`, `jurisdiction` and `as_of` are carried to every one. Each event row
keeps the number of the input row it came from (`row`, from 1), which error rows report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from .source import UNREADABLE

__all__ = ["apply_mapping", "load_mapping"]

_KEYS = ("rename", "set", "values", "events")
_CARRIED = ("history_id", "subject", "actor", "role", "jurisdiction", "as_of")


def load_mapping(source: Any) -> dict[str, Any]:
    """A mapping from a YAML file (path) or an already loaded mapping, checked."""
    if isinstance(source, (str, Path)):
        from .._yaml import load_yaml_text, read_file
        _raw, text = read_file(Path(source), error=InputError)
        source = load_yaml_text(text, str(source)).data  # the safe loader of packs and histories
    if not isinstance(source, dict):
        raise InputError("a mapping is a YAML mapping with rename, set, values and/or events (docs/tables.md)")
    for key in source:
        if key not in _KEYS:
            raise InputError(f"unknown mapping key {key!r} (a mapping has: {', '.join(_KEYS)})", field=str(key))
    for number, event in enumerate(source.get("events") or []):
        if not isinstance(event, dict) or not isinstance(event.get("type"), str) \
                or not isinstance(event.get("date"), str):
            raise InputError(f"mapping events[{number}]: each event needs a type and the column of its date")
    return source


def apply_mapping(table, mapping: Any):
    """The long table of `table` under `mapping` (its bad rows become error rows when judged)."""
    import pyarrow as pa
    mapping = load_mapping(mapping)
    rename = mapping.get("rename") or {}
    missing = [name for name in rename if name not in table.column_names]
    if missing:
        raise InputError(f"the mapping renames columns the table does not have: {', '.join(map(str, missing))}")
    table = table.rename_columns([rename.get(name, name) for name in table.column_names])
    for name, value in (mapping.get("set") or {}).items():
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, pa.array([value] * table.num_rows))
    for name, codes in (mapping.get("values") or {}).items():
        if name in table.column_names:
            column = table.column(name).cast(pa.string())
            replaced = [codes.get(v, v) if v is not None else None for v in column.to_pylist()]
            table = table.set_column(table.column_names.index(name), name, pa.array(replaced))
    if not mapping.get("events"):
        if "row" not in table.column_names:
            table = table.append_column("row", pa.array(range(1, table.num_rows + 1), type=pa.int64()))
        return table
    return _wide_to_long(table, mapping["events"])


def _wide_to_long(table, events: list[dict[str, Any]]):
    """One event row per filled date column of each wide row, rows in (input row, listed) order."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    for event in events:
        for column in [event["date"], *(event.get("attributes") or {}).values()]:
            if column not in table.column_names:
                raise InputError(f"the mapping's events name a column the table does not have: {column}")
    carried = [c for c in (*_CARRIED, UNREADABLE) if c in table.column_names]
    readable = np.ones(table.num_rows, dtype=bool)
    if UNREADABLE in table.column_names:  # a row the reader could not read: one row of its own
        readable = ~table.column(UNREADABLE).is_valid().to_numpy(zero_copy_only=False)
    pieces = []
    attributes = sorted({a for e in events for a in (e.get("attributes") or {})})
    for order, event in enumerate(events):
        filled = np.flatnonzero(table.column(event["date"]).is_valid().to_numpy(zero_copy_only=False) & readable)
        part = {c: table.column(c).take(pa.array(filled)) for c in carried}
        part["type"] = pa.array([event["type"]] * len(filled), type=pa.string())
        part["date"] = table.column(event["date"]).take(pa.array(filled))
        for name in attributes:
            source = (event.get("attributes") or {}).get(name)
            part[name] = table.column(source).take(pa.array(filled)) if source else None
        part["row"] = pa.array(filled + 1, type=pa.int64())  # rows count from 1, as error rows say
        part["_order"] = pa.array(np.full(len(filled), order), type=pa.int64())
        pieces.append(part)
    unread = np.flatnonzero(~readable)
    if len(unread):
        part = {c: table.column(c).take(pa.array(unread)) for c in carried}
        part.update({"type": None, "date": None, **{name: None for name in attributes}})
        part["row"] = pa.array(unread + 1, type=pa.int64())
        part["_order"] = pa.array(np.zeros(len(unread)), type=pa.int64())
        pieces.append(part)
    names = carried + ["type", "date", *attributes, "row", "_order"]
    columns = {}
    for name in names:
        chunks = [p[name] for p in pieces if p[name] is not None]
        kind = chunks[0].type if chunks else pa.string()
        arrays = [p[name].cast(kind) if p[name] is not None else pa.nulls(len(p["row"]), type=kind) for p in pieces]
        columns[name] = pa.concat_arrays([a.combine_chunks() if hasattr(a, "combine_chunks") else a for a in arrays])
    long = pa.table(columns)
    order = pc.sort_indices(long, sort_keys=[("row", "ascending"), ("_order", "ascending")])
    return long.take(order).drop_columns(["_order"])
