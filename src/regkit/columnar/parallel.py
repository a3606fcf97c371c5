"""A large event table judged on several cores: contiguous shares of its histories, one per process.

Each share holds whole histories, in the order of first appearance, so the tables of the
shares, put one after the other, are the tables of one run; every row keeps its input row
number (`row`) for error rows. A worker hands its tables back as Arrow files in a temporary
folder, which the parent reads in one copy, instead of through a pipe in pickles. Each process
answers from the caller's library: a user library's folders are sent and loaded again there
(`library.address_of`), as `regkit.dask` does.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from .. import _active
from ..library import address_of, library_at
from .run import DecisionTables, judge
from .schema import TABLES
from .source import group_histories

__all__ = ["in_parallel"]


def in_parallel(table, workers: int, options: dict[str, Any]) -> DecisionTables:
    import pyarrow as pa
    address = address_of(_active.active())
    if "row" not in table.column_names:
        table = table.append_column("row", pa.array(np.arange(1, table.num_rows + 1), type=pa.int64()))
    history = group_histories(table).history
    count = int(history.max()) + 1 if len(history) else 0
    bounds = np.linspace(0, count, workers + 1).astype(np.int64)
    shares = []
    for number in range(workers):
        mine = (history >= bounds[number]) & (history < bounds[number + 1])
        if number == 0:
            mine |= history < 0  # rows without a history: their error rows come first, as in one run
        shares.append(table.filter(pa.array(mine)))
    with tempfile.TemporaryDirectory(prefix="regkit-") as folder:
        stems = [f"{folder}/{n}" for n in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_judge, shares, [options] * workers, stems, [address] * workers))
        merged = DecisionTables(tables={name: pa.concat_tables([_read(p.tables[name]) for p in parts])
                                        for name in TABLES})
    merged.histories = sum(p.histories for p in parts)
    merged.columnar = sum(p.columnar for p in parts)
    merged.scalar = sum((p.scalar for p in parts), Counter())
    return merged


def _judge(share, options: dict[str, Any], stem: str, address: tuple | None) -> DecisionTables:
    """Judge a share, from the caller's library; its tables are written to `stem.NAME.arrow`
    and stand as those paths."""
    import pyarrow as pa
    with _active.using(library_at(address)):
        decided = judge(share, **options)
    for name, table in decided.tables.items():
        path = f"{stem}.{name}.arrow"
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        decided.tables[name] = path
    return decided


def _read(path: str):
    """A table a worker wrote, read into memory (the folder goes at the end of the run)."""
    import pyarrow as pa
    with pa.OSFile(path, "rb") as source:
        return pa.ipc.open_file(source).read_all()
