"""A large event table judged on several cores: contiguous shares of its histories, one per process
(the calling process takes the first).

Each share holds whole histories, in the order of first appearance, so the tables of the
shares, put one after the other, are the tables of one run; every row keeps its input row
number (`row`) for error rows. Shares and tables go between the processes as Arrow files in a
temporary folder, mapped into memory by the reader (no copy, no pickle through a pipe: that
cost more system time than the judging saved). Each process
answers from the caller's library: a user library's folders are sent and loaded again there
(`library.address_of`), as `regkit.dask` does. A worker that dies (killed, out of memory) loses
nothing: the calling process judges its share itself.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
    # the mapped files stay readable after the folder is removed (POSIX); elsewhere it is left to the OS
    with tempfile.TemporaryDirectory(prefix="regkit-", dir=_exchange(table), ignore_cleanup_errors=True) as folder:
        stems = [f"{folder}/{n}" for n in range(1, workers)]
        for stem, share in zip(stems, shares[1:]):
            _write(share.unify_dictionaries(), f"{stem}.share.arrow")  # an Arrow file has one dictionary a column
        with ProcessPoolExecutor(max_workers=workers - 1) as pool:
            others = [pool.submit(_judge, f"{stem}.share.arrow", options, stem, address) for stem in stems]
            parts = [judge(shares[0], **options)]  # this process takes the first share meanwhile: no copies
            for number, future in enumerate(others, start=1):
                try:
                    parts.append(future.result())
                except BrokenProcessPool:  # its worker died (killed, out of memory): judged here instead
                    parts.append(judge(shares[number], **options))
        for part in parts[1:]:  # a worker's tables stand as the paths of their files
            part.tables = {name: _read(table) if isinstance(table, str) else table
                           for name, table in part.tables.items()}
        merged = DecisionTables(tables={name: pa.concat_tables([p.tables[name] for p in parts]) for name in TABLES})
    merged.histories = sum(p.histories for p in parts)
    merged.columnar = sum(p.columnar for p in parts)
    merged.scalar = sum((p.scalar for p in parts), Counter())
    return merged


#: The decision tables take up to this many times the bytes of the event table (1,000,000 typical
#: histories: 0.5 GB of events, 3 GB of Arrow tables).
_GROWTH = 16


def _exchange(table) -> str | None:
    """Where the shares and tables go between processes: the folder TMPDIR names if set, else
    shared memory (/dev/shm) where it has room for them, so that they never reach a disk, else
    the system's temporary folder."""
    import os
    import shutil
    shared = "/dev/shm"
    if os.environ.get("TMPDIR"):
        return None
    try:
        if os.access(shared, os.W_OK) and shutil.disk_usage(shared).free > _GROWTH * table.nbytes:
            return shared
    except OSError:
        pass
    return None


def _judge(share: str, options: dict[str, Any], stem: str, address: tuple | None) -> DecisionTables:
    """Judge the share in the file `share`, from the caller's library; its tables are written to
    `stem.NAME.arrow` and stand as those paths."""
    with _active.using(library_at(address)):
        decided = judge(_read(share), **options)
    for name, table in decided.tables.items():
        decided.tables[name] = _write(table, f"{stem}.{name}.arrow")
    return decided


def _write(table, path: str) -> str:
    import pyarrow as pa
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return path


def _read(path: str):
    """A table another process wrote, mapped into memory: its pages are read as they are used."""
    import pyarrow as pa
    return pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
