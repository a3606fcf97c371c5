"""The columnar engine per partition on a two-worker Dask LocalCluster: the tables of one run.

Worker processes (not threads): the function and options are pickled to workers, which
compile the packs on their own.
"""

from __future__ import annotations

from datetime import date

import pytest

pa = pytest.importorskip("pyarrow")
pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from regkit.columnar import evaluate_table  # noqa: E402
from regkit.columnar.distributed import evaluate_partition, evaluate_partitions, map_in_arrow  # noqa: E402
from regkit.columnar.schema import TABLES  # noqa: E402

from test_columnar_differential import _table, _typical  # noqa: E402


def test_partitions_on_a_local_cluster_give_the_tables_of_one_run():
    import dask.bag as db
    cases = _typical(60, seed=3)
    whole = _table(cases, "text")
    # whole histories per partition: the first 20 histories, then the rest
    ids = whole.column("history_id").to_pylist()
    first = {f"h{n}" for n in range(20)}
    parts = [whole.filter(pa.array([i in first for i in ids])), whole.filter(pa.array([i not in first for i in ids]))]
    expected = evaluate_table(whole)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster):
        results = evaluate_partitions(db.from_sequence(parts, npartitions=2)).compute()
    for name in TABLES:
        joined = pa.concat_tables([r[name] for r in results])
        assert joined.to_pylist() == expected[name].to_pylist(), name
    assert sum(r["_columnar"] for r in results) == expected.columnar


def test_map_in_arrow_yields_plain_record_batches():
    cases = _typical(5, seed=4)
    whole = _table(cases, "text")
    batches = list(map_in_arrow(whole.to_batches(max_chunksize=7), table="findings", as_of=date(2026, 11, 22)))
    joined = pa.Table.from_batches(batches)
    assert not any(pa.types.is_dictionary(t) for t in joined.schema.types)
    assert joined.to_pylist() == evaluate_partition(whole, table="findings", as_of=date(2026, 11, 22)).to_pylist()


def test_several_processes_give_the_tables_of_one(monkeypatch):
    from regkit.columnar import run
    monkeypatch.setattr(run, "PARALLEL_ROWS", 1)
    cases = _typical(30, seed=5)
    whole = _table(cases, "text")
    whole = pa.concat_tables([whole, pa.table({name: pa.nulls(1, whole.schema.field(name).type)
                                               for name in whole.column_names})])  # a row without history
    one, two = evaluate_table(whole), evaluate_table(whole, workers=2)
    for name in TABLES:
        assert two[name].to_pylist() == one[name].to_pylist(), name
    assert (two.histories, two.columnar) == (one.histories, one.columnar)
