"""An event table judged on several processes answers from the caller's library.

Worker processes started by spawn (the default on macOS and Windows) or forkserver (Linux
from Python 3.14) inherit nothing of the caller: a user library must be sent to them as
its folders, or they answer from the bundled packs. The tests start workers by spawn, so
they hold whatever start method the platform uses by default.
"""

from __future__ import annotations

import csv
import multiprocessing

import pytest

pa = pytest.importorskip("pyarrow")

import regkit  # noqa: E402
from regkit.cli import main  # noqa: E402
from test_library import EVENTS, folder  # noqa: E402

# mycity (test_library's pack under cn): a catalog change is updated within 5 working days, where
# cn gives 10. Changed Mon 2026-09-28: Sep 29 (1), Sep 30 (2), Oct 1-7 National Day off, Oct 8 (3),
# Oct 9 (4), Sat Oct 10 a make-up working day (5) -> due 2026-10-10; updated Mon Oct 12 -> late by 1.
# Under cn alone: ... Oct 10 (5), Oct 12-16 (6-10) -> due 2026-10-16, met.
MYCITY_DUE, CN_DUE = "2026-10-10", "2026-10-16"


@pytest.fixture
def spawned_workers(monkeypatch):
    """Worker processes that start from nothing, and a table large enough to use them."""
    from regkit.columnar import run
    monkeypatch.setattr(run, "PARALLEL_ROWS", 1)
    before = multiprocessing.get_start_method()
    multiprocessing.set_start_method("spawn", force=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def _rows(count: int = 4) -> list[dict]:
    return [{**event, "history_id": f"h{n}", "jurisdiction": "mycity"} for n in range(count) for event in EVENTS]


def _dues(rows: list[dict]) -> dict[tuple, str]:
    return {(r["history_id"], r["rule"]): str(r["due"]) for r in rows if r["rule"].endswith("catalog_update")}


def _expected(count: int = 4) -> dict[tuple, str]:
    return {key: due for n in range(count)
            for key, due in (((f"h{n}", "mycity.catalog_update"), MYCITY_DUE), ((f"h{n}", "cn.catalog_update"), CN_DUE))}


def test_evaluate_table_on_several_processes_answers_from_the_engines_library(spawned_workers, tmp_path):
    library = regkit.Library.from_paths(folder(tmp_path / "rules"))
    table = pa.Table.from_pylist(_rows())
    engine = regkit.Engine(library=library)
    one = engine.evaluate_table(table, as_of="2026-11-22")
    two = engine.evaluate_table(table, as_of="2026-11-22", workers=2)
    assert two["errors"].num_rows == 0, two["errors"].to_pylist()
    assert _dues(two["deadlines"].to_pylist()) == _expected()
    assert two["deadlines"].to_pylist() == one["deadlines"].to_pylist()
    # without the library, mycity is unknown: every history is an error row, on the workers too
    bundled = regkit.evaluate_table(table, as_of="2026-11-22", workers=2)
    assert {r["error_type"] for r in bundled["errors"].to_pylist()} == {"UnknownJurisdiction"}


def test_regkit_table_rules_on_several_processes_gives_the_user_packs_due_dates(spawned_workers, tmp_path,
                                                                                monkeypatch):
    rules = folder(tmp_path / "rules")
    source = tmp_path / "events.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["history_id", "jurisdiction", "type", "date", "subject"])
        writer.writeheader()
        writer.writerows(_rows())
    for how, argv in (("--rules", ["--rules", str(rules)]), ("REGKIT_RULES", [])):
        if how == "REGKIT_RULES":
            monkeypatch.setenv("REGKIT_RULES", str(rules))
        out = tmp_path / f"out-{how}"
        assert main(["table", str(source), "--out", str(out), "--format", "csv", "--as-of", "2026-11-22",
                     "--workers", "2", *argv]) == 0, how
        with (out / "deadlines.csv").open(encoding="utf-8") as file:
            assert _dues(list(csv.DictReader(file))) == _expected(), how


def test_a_library_no_worker_can_load_is_refused(spawned_workers):
    """A library made in memory has no folders to send: refused, not answered from the bundled packs."""
    bundled = regkit.Library.bundled()
    handmade = regkit.Library(bundled.packs, bundled.documents)
    table = pa.Table.from_pylist([{**event, "history_id": "h", "jurisdiction": "cn"} for event in EVENTS])
    with pytest.raises(regkit.InputError, match="must be made by regkit.Library.from_paths"):
        regkit.Engine(library=handmade).evaluate_table(table, as_of="2026-11-22", workers=2)


def test_workers_refuse_folders_changed_since_the_library_was_made(spawned_workers, tmp_path):
    """The caller's library holds the 5-day pack; the folder now says 3 days. A worker that
    answered from the files it finds would give 2026-10-08 where the caller's library gives
    2026-10-10: it refuses instead."""
    rules = tmp_path / "rules"
    library = regkit.Library.from_paths(folder(rules))
    folder(rules, days=3)
    table = pa.Table.from_pylist(_rows())
    with pytest.raises(regkit.InputError, match="differ from the caller's"):
        regkit.Engine(library=library).evaluate_table(table, as_of="2026-11-22", workers=2)
