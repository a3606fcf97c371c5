"""Each history's own jurisdiction and as_of, decided once per distinct pair (columnar/settings.py).

The error rows are those the history-by-history reading gave: one per history, in history order,
naming the history's own jurisdiction where it gives one that is text."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")

from regkit.columnar import evaluate_table  # noqa: E402


def _table():
    rows = [  # (history_id, jurisdiction, as_of)
        ("a", "hebei", "2026-11-22"), ("a", "hebei", None),
        ("b", "hebei", "2026-11-22"), ("b", "cn", "2026-11-22"),
        ("c", None, "2026-11-22"),
        ("d", "hebei", None),
        ("e", "cn", "2026-13-01"),
        ("f", "cn", "2026-11-22"), ("f", "cn", "2026-11-23"),
        ("g", "cn", "2026-11-22"),
        ("h", "", "2026-11-22"),
    ]
    return pa.table({"history_id": [r[0] for r in rows], "jurisdiction": [r[1] for r in rows],
                     "as_of": [r[2] for r in rows], "type": ["catalog.change"] * len(rows),
                     "date": ["2026-03-02"] * len(rows)})


def test_own_settings_and_their_errors():
    decided = evaluate_table(_table())
    errors = [(e["history_id"], e["under"], e["error"]) for e in decided["errors"].to_pylist()]
    no_jurisdiction = ("[jurisdiction]: no jurisdiction: give one for the run (--jurisdiction) or in the history's "
                       "jurisdiction column")
    assert errors == [
        ("b", None, "[jurisdiction]: the rows of this history give different values of jurisdiction: cn, hebei"),
        ("c", None, no_jurisdiction),
        ("d", "hebei", "[as_of]: no as_of: give one for the run (--as-of) or in the history's as_of column"),
        ("e", "cn", "[as_of]: as_of is not a date (YYYY-MM-DD): '2026-13-01'"),
        ("f", None, "[as_of]: the rows of this history give different values of as_of: 2026-11-22, 2026-11-23"),
        ("h", "", no_jurisdiction),  # an empty text is no jurisdiction, but it is the history's own text
    ]
    judged = {(r["history_id"], r["under"], r["as_of"].isoformat()) for r in decided["deadlines"].to_pylist()}
    assert judged == {("a", "hebei", "2026-11-22"), ("g", "cn", "2026-11-22")}


def test_the_run_overrides_but_rows_must_still_agree():
    decided = evaluate_table(_table(), jurisdiction="cn", as_of="2026-11-30")
    errors = [(e["history_id"], e["error"].split(": ")[1]) for e in decided["errors"].to_pylist()]
    assert errors == [("b", "the rows of this history give different values of jurisdiction"),
                      ("f", "the rows of this history give different values of as_of")]
    judged = {(r["history_id"], r["under"], r["as_of"].isoformat()) for r in decided["deadlines"].to_pylist()}
    assert {h for h, _u, _d in judged} == {"a", "c", "d", "e", "g", "h"}
    assert {(u, d) for _h, u, d in judged} == {("cn", "2026-11-30")}


def test_rows_of_histories_interleaved_give_the_same_settings():
    # the same rows, histories interleaved (first appearance unchanged): a-b-a-c-b-d-e-f-g-f-h
    table = _table()
    interleaved = table.take(pa.array([0, 2, 1, 4, 3, 5, 6, 7, 9, 8, 10]))
    for options in ({}, {"jurisdiction": "cn", "as_of": "2026-11-30"}):
        one, other = evaluate_table(table, **options), evaluate_table(interleaved, **options)
        assert one["errors"].to_pylist() == other["errors"].to_pylist() != []
        assert sorted(map(str, one["deadlines"].to_pylist())) == sorted(map(str, other["deadlines"].to_pylist()))
