"""A large event table judged on several cores: contiguous shares of its histories, one per process.

Each share holds whole histories, in the order of first appearance, so the tables of the
shares, put one after the other, are the tables of one run; every row keeps its input row
number (`row`) for error rows. Each process answers from the caller's library: a user
library's folders are sent and loaded again there (`library.address_of`), as `regkit.dask` does.
"""

from __future__ import annotations

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
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_judge, shares, [options] * workers, [address] * workers))
    merged = DecisionTables(tables={name: pa.concat_tables([p.tables[name] for p in parts]) for name in TABLES})
    merged.histories = sum(p.histories for p in parts)
    merged.columnar = sum(p.columnar for p in parts)
    merged.scalar = sum((p.scalar for p in parts), Counter())
    return merged


def _judge(share, options: dict[str, Any], address: tuple | None) -> DecisionTables:
    with _active.using(library_at(address)):
        return judge(share, **options)
