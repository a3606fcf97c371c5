"""Defects the independent cross-check (benchmarks/crosscheck_columnar.py) found, worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

pa = pytest.importorskip("pyarrow")

from regkit.cli import main  # noqa: E402
from regkit.columnar import evaluate_table  # noqa: E402
from regkit.columnar.schema import TABLES  # noqa: E402


def test_local_layer_only_is_judged_over_columns(tmp_path):
    # layers="local" (regkit table --layers local) used to crash the columnar engine on any history
    # (TypeError: the "no conflicts with one layer" case was an empty list, not the empty columns).
    # Hebei art. 9: 自变化之日起十个工作日内完成更新. Change Mon 2026-03-02 (no holiday in March 2026):
    # Tue 03-03 is day 1, ... Fri 03-13 day 9, Mon 03-16 day 10 -> due 2026-03-16; updated 03-10: met.
    # With its own layer only there is no national rule, so no cn.* row and no conflict.
    table = pa.table({"history_id": ["h", "h"], "type": ["catalog.change", "catalog.updated"],
                      "date": ["2026-03-02", "2026-03-10"], "subject": ["c", "c"]})
    decided = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22", layers="local")
    assert decided.columnar == 1
    update = [r for r in decided["deadlines"].to_pylist() if r["rule"] == "hebei.catalog_update"]
    assert [(r["due"], r["status"], r["completed_on"]) for r in update] == \
        [(date(2026, 3, 16), "met", date(2026, 3, 10))]
    assert all(r["jurisdiction"] == "hebei" for r in decided["deadlines"].to_pylist())
    assert decided["conflicts"].num_rows == 0
    scalar = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22", layers="local", engine="scalar")
    for name in TABLES:
        assert decided[name].to_pylist() == scalar[name].to_pylist(), name
    source = tmp_path / "events.parquet"
    import pyarrow.parquet as pq
    pq.write_table(table, source)
    assert main(["table", str(source), "--jurisdiction", "hebei", "--as-of", "2026-11-22", "--layers", "local",
                 "--out", str(tmp_path / "out")]) == 0
