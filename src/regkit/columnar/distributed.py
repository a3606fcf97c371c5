"""The columnar engine per partition: Dask here, Spark's `mapInArrow` in docs/tables.md.

A partition must hold whole histories (partition the events by `history_id`); each
is judged on its own, with the packs compiled once per worker process and kept
(`engine.plan.plan_for` is cached), so the result per history is what one
`evaluate_table` over the whole table gives.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from ..errors import InputError
from .run import evaluate_table
from .schema import TABLES

__all__ = ["evaluate_partition", "evaluate_partitions", "map_in_arrow"]


def evaluate_partition(events: Any, *, table: str = "deadlines", plain: bool = False, **options: Any):
    """One decision table (`table`) of a partition of events (a pyarrow table, a pandas
    dataframe, or a file path); `plain`: text columns as plain strings, not dictionaries
    (Spark reads no Arrow dictionaries). `options`: as for `evaluate_table`."""
    if table not in TABLES:
        raise InputError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    out = evaluate_table(events, **options)[table]
    return _plain(out) if plain else out


def map_in_arrow(batches: Iterable[Any], *, table: str = "deadlines", **options: Any) -> Iterator[Any]:
    """For Spark's `DataFrame.mapInArrow`: record batches of events in, of one decision table out."""
    import pyarrow as pa
    batches = list(batches)
    if not batches:
        return
    result = evaluate_partition(pa.Table.from_batches(batches), table=table, plain=True, **options)
    yield from result.to_batches()


def evaluate_partitions(bag: Any, **options: Any) -> Any:
    """A Dask bag of event partitions (pyarrow tables or Parquet paths, whole histories each) in; a
    bag of {table name: pyarrow table}, one per partition, out (compute, then concatenate)."""
    return bag.map(_all_tables, options)


def _all_tables(events: Any, options: dict[str, Any]) -> dict[str, Any]:
    decided = evaluate_table(events, **options)
    return {**decided.tables, "_scalar": dict(decided.scalar), "_columnar": decided.columnar}


def _plain(table):
    import pyarrow as pa
    columns = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    return pa.table(columns, names=table.column_names)
