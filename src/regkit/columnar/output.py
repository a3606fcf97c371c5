"""Decision tables out: one file per table in a directory, never a partial one left looking whole.

Each table (and each summary page) is written to a temporary name in the output directory and
renamed into place when complete, so a run that stops leaves either the whole file or none of
it; a write that fails (a full disk) removes its temporary file and is an `OutputError`. The tables are
written side by side in threads (one a core): pyarrow encodes and compresses without the
GIL, and the deadlines table alone is about two thirds of the work, so two free cores write
the five in about the time of the deadlines (docs/performance.md; a busy core gains nothing).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import InputError, OutputError
from .schema import TABLES

__all__ = ["FORMATS", "write_tables", "write_whole"]

FORMATS = ("parquet", "csv", "arrow")


def write_tables(tables: dict, out: str | Path, fmt: str = "parquet") -> list[Path]:
    """Write every decision table to `out` (created if need be) as `NAME.FORMAT`; the paths."""
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    directory = Path(out)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{directory}: cannot create the output directory: {exc.strerror}") from None

    def write(name: str) -> Path:
        path = directory / f"{name}.{fmt}"
        partial = directory / f".{name}.{fmt}.partial"
        try:
            _write(tables[name], partial, fmt)
            os.replace(partial, path)
        except OSError as exc:  # a full disk is the environment's doing: one line, exit 2, no litter
            partial.unlink(missing_ok=True)
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return path

    # largest first (TABLES starts with deadlines, then findings), so the threads end together
    with ThreadPoolExecutor(max_workers=min(len(TABLES), os.cpu_count() or 1)) as pool:
        return list(pool.map(write, TABLES))


def write_whole(path: Path, text: str) -> None:
    """`text` (UTF-8) at `path`, written under a temporary name and renamed when complete."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


#: Parquet compression: snappy costs about as much CPU as none or lz4 and its files are a fifth
#: to a quarter smaller than none; zstd saves another fifth for 5-15 % more CPU (docs/performance.md)
COMPRESSION = "snappy"


def _write(table, path: Path, fmt: str, compression: str = COMPRESSION) -> None:
    import pyarrow as pa
    if fmt == "parquet":
        import pyarrow.parquet as pq
        # min/max statistics of the dates, numbers and ids (what a reader filters on); text columns
        # are dictionary pages already, and their statistics took near half the writing time
        plain = [f.name for f in table.schema if not pa.types.is_dictionary(f.type)]
        pq.write_table(table, path, write_statistics=plain, compression=compression)
    elif fmt == "arrow":
        import pyarrow.feather as feather
        feather.write_feather(table, path)
    else:
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv
        # CSV has no lists nor dictionaries: a list's items joined by "|", dictionaries decoded
        columns = []
        for column in table.columns:
            if pa.types.is_dictionary(column.type):
                column = column.cast(pa.string())
            elif pa.types.is_list(column.type):
                column = pc.binary_join(column, "|")  # in Arrow: a Python join per row took seconds
            columns.append(column)
        pcsv.write_csv(pa.table(columns, names=table.column_names), path)
