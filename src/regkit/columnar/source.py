"""Event tables in: the long format, read from a file or a dataframe, grouped by history.

The long format has one row per event: `history_id`, `type`, `date`, and optionally
`subject`, `actor`, `role`, one column per event attribute (docs/events.md), and the
per-history `jurisdiction` and `as_of`. An empty (null) cell means the attribute is
not given, so one table holds events of every type. Rows keep the order of the
input: within a history, that order is the tie-break between same-day events, as the
order of a history file's list is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["EventTable", "KEY_COLUMNS", "UNREADABLE", "read_table", "group_histories"]

#: The column that marks a row the reader could not read (a CSV row with more or fewer fields
#: than its header, a JSON Lines line that is not a JSON object), its text saying why. The row
#: stays in its place, with what could be read of it (its history_id, where a CSV row has that
#: field); judged, it is an error row, and so is the history it names, which is not judged.
UNREADABLE = "_unreadable"

#: Columns that are not event attributes: the history's key, its own settings, the number
#: of the input row an event came from (`row`, set by a mapping; error rows report it), and
#: the mark of an unreadable row.
KEY_COLUMNS = ("history_id", "jurisdiction", "as_of", "row", UNREADABLE)


def _pyarrow():
    try:
        import pyarrow
    except ImportError:
        raise InputError('event tables need pyarrow and numpy: pip install "regkit[tables]"') from None
    return pyarrow


def read_table(source: Any, *, dictionary: bool = False):
    """A `pyarrow.Table` of `source`: a path (.parquet, .csv, .arrow/.feather, .jsonl) or a
    pyarrow table, a pandas or a polars dataframe.

    `dictionary`: a Parquet file's text columns (but `history_id`) are read as dictionary
    columns, straight from the file's dictionary pages: each distinct text is decoded once,
    not once per row (a quarter of the reading time), and the engine's codes come free."""
    pa = _pyarrow()
    if isinstance(source, pa.Table):
        return source
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source])
    module = type(source).__module__.split(".")[0]
    if module == "pandas":
        return pa.Table.from_pandas(source, preserve_index=False)
    if module == "polars":
        return source.to_arrow()
    if not isinstance(source, (str, Path)):
        raise InputError(f"an event table is a file path or a pyarrow, pandas or polars table, "
                         f"not {type(source).__name__}")
    path = Path(source)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq
            if not dictionary:
                return pq.read_table(path)
            schema = pq.read_schema(path)
            texts = [f.name for f in schema if f.name != "history_id"
                     and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
            return pq.read_table(path, read_dictionary=texts)
        if suffix == ".csv":
            return _read_csv(path)
        if suffix in (".arrow", ".feather", ".ipc"):
            import pyarrow.feather as feather
            return feather.read_table(path)
        if suffix in (".jsonl", ".ndjson"):
            try:
                return _read_json_lines(path)
            except pa.ArrowInvalid:  # a line that is not a JSON object: read line by line
                return _json_lines_one_by_one(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{path}: cannot read the table: {exc}") from None
    raise InputError(f"{path}: unknown table format {suffix!r} (.parquet, .csv, .arrow, .feather or .jsonl)")


def _read_csv(path: Path):
    """Every column as text (a CSV has no types; the events' own checks decide). A row with
    more or fewer fields than the header is kept in its place as an unreadable row."""
    import csv
    import pyarrow as pa
    import pyarrow.csv as pcsv
    try:
        convert = pcsv.ConvertOptions(column_types=_all_text(path), strings_can_be_null=True)
    except UnicodeDecodeError:
        _refuse_other_encodings(path)
        raise
    # a quoted value may hold a line break (a refusal's reason written on two lines): without
    # this, a file of more than one block cannot be read at all (measured: no slower to read)
    parse = {"newlines_in_values": True}
    try:
        return pcsv.read_csv(path, parse_options=pcsv.ParseOptions(**parse), convert_options=convert)
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc):
            _refuse_other_encodings(path)
        if "CSV parse error" not in str(exc):
            raise
    unreadable = []

    def keep_aside(row) -> str:
        fields = next(csv.reader([row.text]), [])
        # pyarrow counts the rows that are not blank, the header first: the data row's position
        unreadable.append((row.number - 2, fields, f"this CSV row has {row.actual_columns} fields where the "
                                                   f"header has {row.expected_columns}"))
        return "skip"

    table = pcsv.read_csv(path, read_options=pcsv.ReadOptions(use_threads=False),  # rows in order, numbered
                          parse_options=pcsv.ParseOptions(invalid_row_handler=keep_aside, **parse),
                          convert_options=convert)
    return _with_unreadable(table, [(at, {name: v or None for name, v in zip(table.column_names, fields)}, why)
                                    for at, fields, why in unreadable])


def _refuse_other_encodings(path: Path) -> None:
    """A CSV that is not UTF-8 (a GB18030 export of a spreadsheet) is refused with the offset
    of its first byte that is not, as a history file is (docs/tables.md: how to convert it).
    Called once the reader has failed: scanning every file first would cost half its reading."""
    import codecs
    decoder, offset = codecs.getincrementaldecoder("utf-8")(), 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 text (byte {offset + exc.start})", file=str(path)) from None
            offset += len(block)


def _json_lines_one_by_one(path: Path):
    """A JSON Lines table with a line that is not a JSON object: the other lines read as usual,
    that one kept in its place as an unreadable row (the count of lines that are not blank)."""
    import io
    import json
    good, unreadable, position = io.BytesIO(), [], 0
    with open(path, "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                value = exc
            if isinstance(value, dict):
                good.write(line if line.endswith(b"\n") else line + b"\n")
            else:
                why = "this line is not valid JSON" if isinstance(value, ValueError) else \
                    f"this line is a JSON {type(value).__name__}, not an object (one event)"
                unreadable.append((position, _history_id_of(line), why))
            position += 1
    table = _read_json_lines(good.getvalue()) if good.tell() else None
    return _with_unreadable(table, unreadable)


_HISTORY_ID = re.compile(rb'"history_id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")')


def _history_id_of(line: bytes) -> dict:
    """{"history_id": ...} of a line that is not a JSON object, where it still says one plainly:
    its history is then not judged without it."""
    import json
    found = _HISTORY_ID.search(line)
    try:
        return {"history_id": json.loads(found.group(1))} if found else {}
    except ValueError:
        return {}


def _with_unreadable(table, unreadable: list[tuple[int, dict, str]]):
    """`table` with each (position, values, why) of `unreadable` put back in its place, in order:
    a row of the values that could be read (text), marked UNREADABLE with why."""
    import numpy as np
    import pyarrow as pa
    if table is None:
        table = pa.table({"history_id": pa.array([], type=pa.string())})
    good = table.append_column(UNREADABLE, pa.nulls(table.num_rows, pa.string()))
    columns = {}
    for field in good.schema:
        values = [None if row.get(field.name) is None else str(row[field.name]) for _at, row, _why in unreadable]
        if field.name == UNREADABLE:
            values = [why for _at, _row, why in unreadable]
        try:
            columns[field.name] = pa.array(values, type=pa.string()).cast(field.type)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a text that is not of the column's type
            columns[field.name] = pa.nulls(len(values), field.type)
    total = good.num_rows + len(unreadable)
    places = np.clip(np.array([at for at, _row, _why in unreadable], dtype=np.int64), 0, total - 1)
    aside = np.zeros(total, dtype=bool)
    aside[places] = True
    if int(aside.sum()) != len(unreadable):  # positions not as counted: those rows go last, in order
        aside[:] = False
        aside[good.num_rows:] = True
    order = np.empty(total, dtype=np.int64)
    order[~aside] = np.arange(good.num_rows)
    order[aside] = good.num_rows + np.arange(len(unreadable))
    return pa.concat_tables([good, pa.table(columns, schema=good.schema)]).take(pa.array(order))


def _read_json_lines(path: Path | bytes):
    """A JSON Lines table with its text kept as text: pyarrow would read "2026-03-02" as a
    timestamp, which a history file never holds (its events' checks take the text).

    The columns' types are taken from the first megabyte and given to the reader, which then
    parses without guessing (a quarter faster); a file that does not keep to them (a column
    first all null, or whole numbers then fractions) is read again with types guessed."""
    import io
    import pyarrow as pa
    import pyarrow.json as pjson
    text = {"date": pa.string(), "as_of": pa.string()}
    if isinstance(path, bytes):
        head = path[:1 << 20]
    else:
        with open(path, "rb") as handle:
            head = handle.read(1 << 20)
    head = head[:head.rfind(b"\n") + 1]
    try:
        sample = pjson.read_json(io.BytesIO(head), parse_options=pjson.ParseOptions(explicit_schema=pa.schema(text)))
        known = {f.name: pa.string() if _is_time(f.type) else f.type for f in sample.schema
                 if not pa.types.is_null(f.type) and not pa.types.is_nested(f.type)}
        return _json_text(path, {**known, **text}, pjson)
    except pa.ArrowInvalid:
        return _json_text(path, text, pjson)


def _json_text(path: Path | bytes, types: dict, pjson):
    import io
    import pyarrow as pa
    while True:
        source = io.BytesIO(path) if isinstance(path, bytes) else path
        table = pjson.read_json(source, parse_options=pjson.ParseOptions(explicit_schema=pa.schema(types)))
        stamped = {f.name: pa.string() for f in table.schema if _is_time(f.type)}
        if not stamped:
            return table
        types.update(stamped)  # read again with those columns as text: once, in the rare case


def _is_time(kind) -> bool:
    import pyarrow as pa
    return pa.types.is_timestamp(kind) or pa.types.is_date(kind) or pa.types.is_time(kind)


def _all_text(path: Path) -> dict:
    import pyarrow as pa
    with open(path, encoding="utf-8-sig") as handle:
        header = handle.readline().strip().split(",")
    return {name.strip('"'): pa.string() for name in header}


@dataclass
class EventTable:
    """An event table grouped by history (histories in order of first appearance)."""

    table: Any  # pyarrow.Table, rows in input order
    history_ids: list  # history_id of each history, by history number
    history: Any  # numpy int64: the history number of each row, -1 for a row without one
    rows: "HistoryRows"  # per history number: numpy array of its row numbers, in input order
    index: Any  # numpy int64: each row's position within its history (its event index)


class HistoryRows:
    """The row numbers of each history, as slices of one array (no object per history)."""

    __slots__ = ("order", "bounds")

    def __init__(self, order, bounds) -> None:
        self.order, self.bounds = order, bounds

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __getitem__(self, number: int):
        if not 0 <= number < len(self):
            raise IndexError(number)
        return self.order[self.bounds[number]:self.bounds[number + 1]]


def _ascending_runs(ids):
    """(each row's history number, the first row of each history, the ids) when the ids are
    whole numbers, none null, each history's rows together and the histories in ascending
    order of id (a log sorted by id): the numbering by first appearance, read off the runs."""
    import numpy as np
    import pyarrow as pa
    if not pa.types.is_integer(ids.type) or ids.null_count or len(ids) == 0:
        return None
    values = ids.to_numpy()
    change = np.empty(len(values), dtype=bool)
    change[0] = True
    np.not_equal(values[1:], values[:-1], out=change[1:])
    starts = np.flatnonzero(change)
    first = values[starts]
    if not np.all(first[1:] > first[:-1]):
        return None
    return np.cumsum(change, dtype=np.int64) - 1, starts, first.tolist()


def _history_ids(ids):
    """The history_id column as a key: NaN is a missing id (pandas writes a missing whole number
    as NaN), and a type that cannot be a key (a struct, a list) is refused, naming the column."""
    import pyarrow as pa
    import pyarrow.compute as pc
    if pa.types.is_floating(ids.type) and len(ids):
        ids = pc.if_else(pc.is_nan(ids), pa.scalar(None, ids.type), ids)
    if pa.types.is_nested(ids.type):
        raise InputError(f"history_id must be numbers or text, not {ids.type}", field="history_id")
    return ids


def group_histories(table) -> EventTable:
    """Number the histories of a long table; rows without a history_id get -1."""
    import numpy as np
    import pyarrow.compute as pc

    if "history_id" not in table.column_names:
        raise InputError("the event table has no history_id column (docs/tables.md)", field="history_id")
    twice = sorted({name for name in table.column_names if table.column_names.count(name) > 1})
    if twice:  # which of the two would be meant cannot be known
        raise InputError(f"the event table has more than one column named {', '.join(map(repr, twice))}",
                         field=twice[0])
    ids = _history_ids(table.column("history_id").combine_chunks())
    runs = _ascending_runs(ids)
    if runs is not None:  # each history's rows together, ids ascending: numbered without a hash or a sort
        codes, starts, values = runs
        order = np.arange(len(codes))
        bounds = np.append(starts, len(codes))
    else:
        encoded = pc.dictionary_encode(ids) if ids.type.id != 0 else None
        if encoded is None:
            codes = np.full(len(ids), -1, dtype=np.int64)
            values = []
        else:
            codes = encoded.indices.to_numpy(zero_copy_only=False)
            codes = np.where(encoded.indices.is_null().to_numpy(zero_copy_only=False), -1, codes).astype(np.int64)
            values = encoded.dictionary.to_pylist()
        # number histories by first appearance (the dictionary already is in that order)
        valid = codes >= 0
        order = np.argsort(codes, kind="stable")
        order = order[valid[order]]
        bounds = np.searchsorted(codes[order], np.arange(len(values) + 1))
    rows = HistoryRows(order, bounds)
    index = np.full(len(codes), -1, dtype=np.int64)
    index[order] = np.arange(len(order)) - np.repeat(bounds[:-1], np.diff(bounds))
    return EventTable(table=table, history_ids=values, history=codes, rows=rows, index=index)
