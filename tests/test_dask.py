"""regkit.dask on a local two-worker cluster: the same records as `regkit batch`, in order.

A real `distributed` LocalCluster (worker processes, not threads) is used so the
test covers what matters across machines: the function and options pickled to
workers, and the packs loaded by each worker on its own.
"""

from __future__ import annotations

import io
import json

import pytest

from regkit.batch import Options
from regkit.batchfile import run_stream

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        yield c


def test_bag_records_equal_batch_records(client):
    import dask.bag as db

    from regkit.dask import evaluate_bag
    from test_batch import _jsonl, _mappings

    data = _jsonl(_mappings() * 2, ["not json"])
    lines = data.decode("utf-8").splitlines()
    bag = db.from_sequence(lines, npartitions=4)
    records = evaluate_bag(bag).compute()
    sink = io.BytesIO()
    run_stream(io.BytesIO(data), sink, Options(), workers=1)
    expected = [json.loads(line) for line in sink.getvalue().decode("utf-8").splitlines()]
    for record in expected:
        del record["line"]
    assert records == expected
    assert records[-1]["error"].startswith("malformed JSON")
    # mappings in, and an override for every one
    mappings = [json.loads(line) for line in lines[:3]]
    compared = evaluate_bag(db.from_sequence(mappings, npartitions=2), jurisdiction="cn").compute()
    assert [r["result"]["jurisdiction"] for r in compared] == ["cn"] * 3
    # compact records, as `regkit batch --record compact` writes them
    compact = evaluate_bag(db.from_sequence(lines, npartitions=2), record="compact").compute()
    sink = io.BytesIO()
    run_stream(io.BytesIO(data), sink, Options(record="compact"), workers=1)
    expected = [json.loads(line) for line in sink.getvalue().decode("utf-8").splitlines()]
    for record in expected:
        del record["line"]
    assert compact == expected and compact[0]["record"] == "compact"


def test_unknown_jurisdiction_fails_before_any_task():
    import dask.bag as db

    import regkit
    from regkit.dask import evaluate_bag

    with pytest.raises(regkit.UnknownJurisdiction):
        evaluate_bag(db.from_sequence([]), jurisdiction="atlantis")
    with pytest.raises(regkit.InputError, match="record must be one of full, compact"):
        evaluate_bag(db.from_sequence([]), record="short")
