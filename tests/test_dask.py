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


def test_a_user_library_is_loaded_by_each_worker(client, tmp_path):
    """The folders go to the workers, not the library: each worker loads them and answers
    from the user pack exactly as an engine over the same library does in this process."""
    import dask.bag as db

    import regkit
    from regkit.dask import evaluate_bag
    from test_library import EVENTS, folder, rule

    library = regkit.Library.from_paths(folder(tmp_path))
    histories = [{"id": str(n), "jurisdiction": "mycity", "as_of": "2026-11-22", "events": EVENTS}
                 for n in range(4)]
    records = evaluate_bag(db.from_sequence(histories, npartitions=4), library=library).compute()
    expected = regkit.Engine(library=library).evaluate(EVENTS, jurisdiction="mycity", as_of="2026-11-22")
    assert [r["id"] for r in records] == ["0", "1", "2", "3"]
    assert all(json.dumps(r["result"], sort_keys=True) == json.dumps(expected, sort_keys=True) for r in records)
    # worked by hand in test_library: 5 working days from Mon 2026-09-28 is Sat 2026-10-10 (make-up day)
    assert rule(records[0]["result"], "mycity.catalog_update")["due"] == "2026-10-10"
    # compare: every jurisdiction of the library, the user's included
    [compared] = evaluate_bag(db.from_sequence(histories[:1]), library=library, compare=True).compute()
    assert "mycity" in compared["results"] and "cn" in compared["results"]
    # without the library the workers answer from the bundled packs, which have no mycity
    [bundled] = evaluate_bag(db.from_sequence(histories[:1])).compute()
    assert bundled["error_type"] == "UnknownJurisdiction"
    with pytest.raises(regkit.UnknownJurisdiction):
        evaluate_bag(db.from_sequence([]), jurisdiction="mycity")
    assert evaluate_bag(db.from_sequence([]), jurisdiction="mycity", library=library).compute() == []
    # the folder changed (3 working days): the workers load it again, never answer from the old copy
    changed = regkit.Library.from_paths(folder(tmp_path, days=3))
    again = evaluate_bag(db.from_sequence(histories, npartitions=4), library=changed).compute()
    # 3 working days from Mon 2026-09-28: Sep 29, Sep 30, (Oct 1-7 off) Oct 8
    assert {rule(r["result"], "mycity.catalog_update")["due"] for r in again} == {"2026-10-08"}
