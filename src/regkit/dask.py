"""Beyond one machine: evaluate a Dask bag of histories, partition by partition.

Install with `pip install "regkit[dask]"`. Each partition is evaluated by one
task with `batch.evaluate_record`; the packs are compiled on a worker's first
task and cached in that worker process (`engine.plan.plan_for`), so a worker
loads them once whatever the number of partitions. The elements in are history
mappings `{jurisdiction, as_of, events, id?}` or JSON text of one (so
`dask.bag.read_text("logs/*.jsonl")` works as is); the elements out are the
records of `regkit batch` without the line number: `{id?, result}` or, for a bad
history, `{id?, error, error_type}`, in the same order.

A user library (`library=regkit.Library.from_paths(...)`) is not sent to the
workers: its folders are, and each worker process loads them once, on its first
partition, as `regkit batch --rules` workers do.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from . import _active
from .batch import Options, evaluate_record
from .compact import RECORD_FORMATS
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag

    from .library import Library

__all__ = ["evaluate_bag"]


def _require_dask() -> Any:
    try:
        import dask.bag
    except ImportError:
        raise InputError('regkit.dask needs Dask: pip install "regkit[dask]"') from None
    return dask.bag


def evaluate_bag(bag: dask.bag.Bag, *, jurisdiction: str | None = None, as_of: date | str | None = None,
                 layers: str = "all", compare: bool = False, record: str = "full",
                 library: Library | None = None) -> dask.bag.Bag:
    """A lazy bag of records, one per history of `bag` (compute it, or write it with `to_textfiles`).

    `jurisdiction`, `as_of`: override each history's own, as on the command line;
    `compare`: every jurisdiction of the library instead of one; `record`: 'full' or
    'compact' (as `regkit batch --record`); `library`: where the answers come from
    (default: the bundled packs), made by `regkit.Library.from_paths`.
    """
    _require_dask()
    from .engine.evaluate import _as_date
    from .engine.plan import plan_for

    from .library import address_of
    address = address_of(library)  # before any other check: a library no worker can load is refused

    if layers not in ("all", "local"):
        raise InputError(f"layers must be 'all' or 'local', not {layers!r}", field="layers")
    if record not in RECORD_FORMATS:
        raise InputError(f"record must be one of {', '.join(RECORD_FORMATS)}, not {record!r}", field="record")
    if jurisdiction is not None:
        with _active.using(library):
            plan_for(jurisdiction, layers)  # an unknown id fails here, not in every task
    options = Options(jurisdiction=jurisdiction, as_of=_as_date(as_of, "as_of") if as_of is not None else None,
                      layers=layers, compare=compare, record=record)
    return bag.map_partitions(_partition, options, address)


def _partition(items: Any, options: Options, address: tuple | None) -> list[dict[str, Any]]:
    """The records of one partition (runs on a worker)."""
    from .library import library_at
    with _active.using(library_at(address)):
        return [evaluate_record(item, options)[0] for item in items]
