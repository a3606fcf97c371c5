"""Histories numbered from ascending runs of ids equal the general numbering (first appearance).

`group_histories` reads a sorted log's numbering off its runs of ids; any other table is
numbered through a dictionary and a sort. Both must give the same numbers, rows and indexes.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

pa = pytest.importorskip("pyarrow")

from regkit.columnar import source  # noqa: E402


def _general(table):
    saved = source._ascending_runs
    source._ascending_runs = lambda ids: None
    try:
        return source.group_histories(table)
    finally:
        source._ascending_runs = saved


_IDS = st.one_of(
    st.lists(st.integers(-3, 40), min_size=1, max_size=30).map(sorted),  # a sorted log: the fast path
    st.lists(st.tuples(st.integers(0, 9), st.integers(1, 3)), min_size=1, max_size=8)
    .map(lambda runs: [v for v, n in runs for _ in range(n)]),  # runs, ascending or not
    st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=1, max_size=30),  # nulls, interleaved
)


@settings(max_examples=300, deadline=None)
@given(_IDS)
def test_runs_number_histories_as_the_dictionary_does(ids):
    table = pa.table({"history_id": pa.array(ids, type=pa.int64())})
    fast, general = source.group_histories(table), _general(table)
    assert fast.history_ids == general.history_ids
    assert fast.history.tolist() == general.history.tolist()
    assert fast.index.tolist() == general.index.tolist()
    assert [fast.rows[h].tolist() for h in range(len(fast.rows))] == \
        [general.rows[h].tolist() for h in range(len(general.rows))]


def test_a_sorted_log_takes_the_runs():
    ids = pa.array([3, 3, 5, 9, 9, 9], type=pa.int64())
    codes, starts, values = source._ascending_runs(ids)
    assert codes.tolist() == [0, 0, 1, 2, 2, 2] and starts.tolist() == [0, 2, 3] and values == [3, 5, 9]
    assert source._ascending_runs(pa.array([3, 5, 3], type=pa.int64())) is None  # 3 again: not together
    assert source._ascending_runs(pa.array([5, 3], type=pa.int64())) is None  # only ascending runs are known distinct
    assert source._ascending_runs(pa.array(["a", "b"])) is None  # text ids: the dictionary
