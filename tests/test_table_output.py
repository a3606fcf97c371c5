"""The output side of `regkit table`: the decision tables' columns built at their table types,
written whole (in threads) and read back the same, and the summary's grouping sort.

The columnar engine builds its Arrow columns directly at the decision tables' types, with no
cast of the assembled table; these tests hold it to the types the scalar engine's rows are
given (`run._type`), on drawn histories of every jurisdiction.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from regkit.columnar import evaluate_table, output  # noqa: E402
from regkit.errors import OutputError  # noqa: E402
from regkit.columnar.schema import TABLES  # noqa: E402
from regkit.columnar.summary import _by_group  # noqa: E402

from strategies import JURISDICTIONS, histories  # noqa: E402


def _table(cases: list[tuple[str, list[dict]]]) -> "pa.Table":
    rows = []
    for number, (jurisdiction, events) in enumerate(cases):
        for event in events:
            day = event["date"] if isinstance(event["date"], str) else event["date"].isoformat()
            rows.append({**event, "date": day, "history_id": number, "jurisdiction": jurisdiction,
                         "as_of": date(2026, 12, 31)})
    names = sorted({k for r in rows for k in r})
    return pa.table({name: [r.get(name) for r in rows] for name in names})


@st.composite
def _cases(draw):
    return [(j, draw(histories(j))) for j in draw(st.lists(st.sampled_from(JURISDICTIONS), min_size=1, max_size=4))]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(_cases())
def test_columnar_columns_have_the_types_of_the_scalar_tables(cases):
    table = _table(cases)
    columnar, scalar = evaluate_table(table), evaluate_table(table, engine="scalar")
    for name in TABLES:
        assert columnar[name].schema == scalar[name].schema, name
        assert columnar[name].to_pylist() == scalar[name].to_pylist(), name


def _decided():
    cases = [("hebei", [{"type": "catalog.change", "date": "2026-04-14", "subject": "catalog-2"},
                        {"type": "catalog.updated", "date": "2026-04-20", "subject": "catalog-2"},
                        {"type": "request.submitted", "date": "2025-12-05", "subject": "req-1",
                         "share_type": "conditional"},
                        {"type": "request.forwarded", "date": "2025-12-10", "subject": "req-1"}]),
             ("cn", [{"type": "catalog.change", "date": "2026-09-28", "subject": "catalog"}])]
    table = _table(cases)
    # a row without a history_id: an error row, so every table but classifications has rows
    table = pa.concat_tables([table, table.slice(0, 1).set_column(
        table.column_names.index("history_id"), "history_id", pa.nulls(1, pa.int64()))])
    decided = evaluate_table(table)
    assert all(decided[name].num_rows for name in ("deadlines", "findings", "conflicts", "errors"))
    return decided


def test_written_tables_read_back_the_same_and_nothing_partial_is_left(tmp_path):
    decided = _decided()
    written = output.write_tables(decided.tables, tmp_path / "out")
    assert written == [tmp_path / "out" / f"{name}.parquet" for name in TABLES]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{name}.parquet" for name in TABLES)
    for name in TABLES:
        back = pq.read_table(tmp_path / "out" / f"{name}.parquet")
        assert back.schema == decided[name].schema, name
        assert back.equals(decided[name]), name


def test_a_table_that_fails_to_write_is_never_left_under_its_name(tmp_path, monkeypatch):
    decided = _decided()
    real = output._write

    def failing(table, path, fmt, *args):
        if path.name.startswith(".findings."):
            path.write_bytes(b"PAR1")  # half written
            raise OSError(28, "No space left on device")
        real(table, path, fmt, *args)

    monkeypatch.setattr(output, "_write", failing)
    with pytest.raises(OutputError, match="findings.parquet: cannot write: No space left on device"):
        output.write_tables(decided.tables, tmp_path / "out")
    assert not (tmp_path / "out" / "findings.parquet").exists()
    assert not list((tmp_path / "out").glob(".*"))  # nor its temporary file
    for path in (tmp_path / "out").glob("*.parquet"):  # whatever stands under a final name is whole
        name = path.name.split(".")[0]
        assert pq.read_table(path).equals(decided[name])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(-3, 400)), max_size=60), st.booleans())
def test_the_summary_sorts_lateness_within_each_group_as_a_lexsort(pairs, wide):
    key = np.array([k for k, _ in pairs], dtype=np.int64)
    days = np.array([d for _, d in pairs], dtype=np.int64)
    if wide and len(days):  # days too far apart to pack with the key: the lexsort itself
        days[0] = 1 << 61
    order = np.lexsort((days, key))
    owner, sorted_days = _by_group(key, days)
    assert owner.tolist() == key[order].tolist()
    assert sorted_days.tolist() == days[order].tolist()


def test_csv_tables_join_list_items_with_a_bar_and_decode_the_text(tmp_path):
    import csv
    decided = _decided()
    output.write_tables(decided.tables, tmp_path / "out", "csv")
    for name in TABLES:
        with open(tmp_path / "out" / f"{name}.csv", encoding="utf-8", newline="") as handle:
            read = list(csv.DictReader(handle))
        expected = [{column: "" if value is None else "|".join(value) if isinstance(value, list) else str(value)
                     .replace("True", "true").replace("False", "false")
                     for column, value in row.items()} for row in decided[name].to_pylist()]
        assert read == expected, name
    findings = decided["findings"].to_pylist()
    assert any(len(row["sanctions"]) > 1 for row in findings)  # a real join, not one item
    assert any(row["bears"] is None for row in findings)  # a null list: an empty cell


def test_arrow_tables_read_back_the_same(tmp_path):
    import pyarrow.feather as feather
    decided = _decided()
    output.write_tables(decided.tables, tmp_path / "out", "arrow")
    for name in TABLES:  # the file holds one dictionary a column: the same values, not the same chunks
        back = feather.read_table(tmp_path / "out" / f"{name}.arrow")
        assert back.schema == decided[name].schema and back.to_pylist() == decided[name].to_pylist(), name


def _difference_by_rows(base, changed) -> list[dict]:
    """The what-if difference row by row (the summary's former loop): the oracle."""
    from collections import Counter
    keys = ("history_id", "under", "rule", "subject", "trigger_date")
    left = {k: base["deadlines"].column(k).to_pylist() for k in keys + ("party", "status")}
    right = {k: changed["deadlines"].column(k).to_pylist() for k in keys + ("status",)}
    seen: Counter = Counter()
    after = {}
    for position in range(len(right["status"])):
        key = tuple(right[k][position] for k in keys)
        seen[key] += 1
        after[key + (seen[key],)] = right["status"][position]
    seen.clear()
    changes: dict = {}
    for position in range(len(left["status"])):
        key = tuple(left[k][position] for k in keys)
        seen[key] += 1
        # a duty the changed run has not: its history was not judged there
        before, now = left["status"][position], after.get(key + (seen[key],), "not judged")
        if now is not None and now != before:
            group = (left["under"][position], left["rule"][position], left["party"][position])
            changes.setdefault(group, Counter())[f"{before} -> {now}"] += 1
    return [{"under": u, "rule": r, "party": p, "changed": sum(c.values()), "transitions": dict(sorted(c.items()))}
            for (u, r, p), c in sorted(changes.items())]


_ROW = st.fixed_dictionaries({
    "history_id": st.integers(0, 3), "under": st.sampled_from(["hebei", "cn"]),
    "rule": st.sampled_from(["r1", "r2"]), "subject": st.sampled_from(["s1", "s2", None]),
    "trigger_date": st.sampled_from([date(2026, 1, 5), date(2026, 12, 31), None]),
    "party": st.sampled_from(["provider", "requester"]),
    "status": st.sampled_from(["met", "late", "overdue", "pending", None])})


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_ROW, max_size=25), st.lists(_ROW, max_size=25), st.booleans())
def test_the_what_if_difference_over_columns_is_the_row_by_row_one(left, right, encoded):
    from regkit.columnar.summary import difference

    def table(rows):
        names = ("history_id", "under", "rule", "subject", "trigger_date", "party", "status")
        types = {"history_id": pa.int64(), "trigger_date": pa.date32()}
        columns = [pa.array([r[n] for r in rows], type=types.get(n, pa.string())) for n in names]
        if encoded:  # as the engine gives them: text as dictionaries, in two chunks
            columns = [c.dictionary_encode() if pa.types.is_string(c.type) else c for c in columns]
            half = len(rows) // 2
            columns = [pa.chunked_array([c.slice(0, half), c.slice(half)], type=c.type) for c in columns]
        return {"deadlines": pa.table(columns, names=list(names))}

    base, changed = table(left), table(right)
    # a changed run is mostly the base with some statuses moved: match most rows
    assert difference(base, changed) == _difference_by_rows(base, changed)
    assert difference(base, base) == []
    moved = table([{**r, "status": "late" if r["status"] == "met" else r["status"]} for r in left])
    assert difference(base, moved) == _difference_by_rows(base, moved)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.text(max_size=3), max_size=4)), max_size=6), st.data())
def test_a_list_column_per_rule_is_each_rules_list(values, data):
    """The list columns (sanctions, escalated_upon, discretionary) are gathered through numpy:
    each row holds its rule's list, a rule of -1 or a list of None is a null row."""
    from regkit.columnar.columns import _lists
    rule = np.array(data.draw(st.lists(st.integers(-1, len(values) - 1), max_size=20)), dtype=np.int64)
    got = _lists(values, rule, pa.list_(pa.string()))
    assert got.type == pa.list_(pa.string())
    assert got.to_pylist() == [values[r] if r >= 0 else None for r in rule.tolist()]
