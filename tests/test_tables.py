"""Event tables: reading, the mapping of a wide log, `regkit table`, the summary and what-if.

Golden figures are worked out by hand from the packs and the 2026 holiday notice (National
Day: 1-7 October off; Saturday 10 October a working day)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

import regkit  # noqa: E402
from regkit.cli import main  # noqa: E402
from regkit.columnar import evaluate_table  # noqa: E402
from regkit.columnar.mapping import apply_mapping  # noqa: E402
from regkit.columnar.summary import difference, summarise  # noqa: E402

WIDE = """申请编号,共享类型,submitted_at,forwarded_at,replied_at,结果,delivered_at
R1,conditional,2026-03-02,2026-03-03,2026-03-20,同意,2026-03-25
R3,unconditional,2026-04-01,,,,2026-04-03
,conditional,2026-04-01,,,,
R5,conditional,2026-02-30,,,,
"""
MAPPING = """rename: {申请编号: history_id, 共享类型: share_type, 结果: decision}
set: {jurisdiction: hebei}
values:
  decision: {同意: approve, 不同意: refuse}
events:
  - {type: request.submitted, date: submitted_at, attributes: {share_type: share_type}}
  - {type: request.forwarded, date: forwarded_at}
  - {type: request.replied, date: replied_at, attributes: {decision: decision}}
  - {type: request.delivered, date: delivered_at}
"""

CATALOG = [  # a catalog change on Monday 28 September 2026, updated on Thursday 15 October
    {"history_id": "c1", "type": "catalog.change", "date": "2026-09-28", "subject": "catalog"},
    {"history_id": "c1", "type": "catalog.updated", "date": "2026-10-15", "subject": "catalog"},
]


def _files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "wide.csv").write_text(WIDE, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAPPING, encoding="utf-8")
    return tmp_path / "wide.csv", tmp_path / "map.yaml"


def test_a_wide_log_becomes_one_event_per_filled_date(tmp_path):
    csv, mapping = _files(tmp_path)
    from regkit.columnar.source import read_table
    long = apply_mapping(read_table(csv), mapping)
    rows = long.select(["history_id", "type", "date", "decision", "row"]).to_pylist()
    assert [(r["history_id"], r["type"], r["row"]) for r in rows[:5]] == [
        ("R1", "request.submitted", 1), ("R1", "request.forwarded", 1), ("R1", "request.replied", 1),
        ("R1", "request.delivered", 1), ("R3", "request.submitted", 2)]
    assert rows[2]["decision"] == "approve"  # the platform's 同意, through `values`
    assert set(long.column("jurisdiction").to_pylist()) == {"hebei"}


def test_bad_rows_of_a_wide_log_name_their_input_row(tmp_path):
    csv, mapping = _files(tmp_path)
    decided = evaluate_table(csv, mapping=mapping, as_of="2026-11-22")
    errors = decided["errors"].to_pylist()
    assert [(e["history_id"], e["row"]) for e in errors] == [(None, 3), ("R5", 4)]
    assert "2026-02-30" in errors[1]["error"]
    # R1 and R3 are judged; R1: forwarded by the authority on 3 March, the next working day (met)
    forward = [r for r in decided["deadlines"].to_pylist() if r["rule"] == "hebei.request_forward"]
    assert [(r["history_id"], r["status"]) for r in forward] == [("R1", "met")]


def test_regkit_table_writes_every_table_and_a_summary(tmp_path, capsys):
    csv, mapping = _files(tmp_path)
    out = tmp_path / "out"
    code = main(["table", str(csv), "--mapping", str(mapping), "--as-of", "2026-11-22", "--out", str(out),
                 "--summary"])
    assert code == 1  # some rows were refused: error rows, the run went on
    names = sorted(p.name for p in out.iterdir())
    assert names == ["classifications.parquet", "conflicts.parquet", "deadlines.parquet", "errors.parquet",
                     "findings.parquet", "summary.html", "summary.json", "summary.md"]
    assert pq.read_table(out / "errors.parquet").num_rows == 2
    printed = capsys.readouterr().out
    assert "| hebei | hebei | authority | hebei.request_forward | met 1 |" in printed


def test_a_full_disk_is_one_line_exit_2_and_leaves_nothing_partial(tmp_path, capsys, monkeypatch):
    csv, mapping = _files(tmp_path)
    out = tmp_path / "out"
    real = Path.write_text

    def full(path, text, *args, **kwargs):
        if "summary.html" in path.name:
            real(path, text[:10], *args, **kwargs)  # half written, then the disk is full
            raise OSError(28, "No space left on device")
        return real(path, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    code = main(["table", str(csv), "--mapping", str(mapping), "--as-of", "2026-11-22", "--out", str(out),
                 "--summary"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "summary.html: cannot write: No space left on device" in err[0]
    assert not (out / "summary.html").exists() and not list(out.glob(".*"))


def test_regkit_table_refuses_what_it_cannot_start(tmp_path, capsys):
    assert main(["table", str(tmp_path / "missing.parquet"), "--out", str(tmp_path / "o")]) == 2
    csv, _mapping = _files(tmp_path)
    assert main(["table", str(csv), "--out", str(tmp_path / "o"), "--set", "cn.catalog_update=5"]) == 2
    assert main(["table", str(csv), "--out", str(tmp_path / "o"), "--set", "no.such_rule.period=5"]) == 2
    assert "no rule 'no.such_rule'" in capsys.readouterr().err


def test_what_if_hebei_counted_five_working_days_for_a_catalog_update():
    table = pa.Table.from_pylist(CATALOG)
    law = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22")
    changed = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22",
                             overrides={"hebei.catalog_update.period": 5})
    row = next(r for r in changed["deadlines"].to_pylist() if r["rule"] == "hebei.catalog_update")
    # 5 working days after Mon 28 Sep: 29, 30 Sep, (1-7 Oct off) 8, 9 Oct, Sat 10 Oct (worked) -> 10 Oct.
    # Updated Thu 15 Oct: late by the working days 12, 13, 14, 15 Oct -> 4 (Sunday 11 Oct off).
    assert (row["due"].isoformat(), row["status"], row["late_by"], row["period_amount"]) == \
        ("2026-10-10", "late", 4, 5)
    original = next(r for r in law["deadlines"].to_pylist() if r["rule"] == "hebei.catalog_update")
    assert (original["due"].isoformat(), original["status"]) == ("2026-10-16", "met")  # 10 working days
    assert difference(law, changed) == [{"under": "hebei", "rule": "hebei.catalog_update", "party": "department",
                                         "changed": 1, "transitions": {"met -> late": 1}}]
    assert changed["deadlines"].to_pylist() == evaluate_table(
        table, jurisdiction="hebei", as_of="2026-11-22", overrides={"hebei.catalog_update.period": 5},
        engine="scalar")["deadlines"].to_pylist()


def test_summary_counts_rates_and_lateness():
    rows = CATALOG + [
        # a second change on Thu 1 Oct 2026 (a holiday), never updated: 10 working days from it are
        # 8, 9, 10, 12-16, 19, 20 Oct -> due 20 Oct; on 22 Oct it is overdue by 2 (21, 22 Oct)
        {"history_id": "c2", "type": "catalog.change", "date": "2026-10-01", "subject": "catalog"},
    ]
    decided = evaluate_table(pa.Table.from_pylist(rows), jurisdiction="hebei", as_of="2026-10-22")
    summary = summarise(decided)
    line = next(d for d in summary["deadlines"] if d["rule"] == "hebei.catalog_update")
    assert line["counts"] == {"met": 1, "overdue": 1}
    assert line["on_time_rate"] == 0.5
    assert line["late_by"] == {"p50": 2, "p90": 2, "p99": 2, "max": 2}
    assert summary["evaluations"]["columnar"] + sum(summary["evaluations"]["scalar"].values()) == 2
    json.dumps(summary)  # plain data


def test_tables_read_from_parquet_csv_and_arrow_give_the_same_decisions(tmp_path):
    table = pa.Table.from_pylist(CATALOG)
    pq.write_table(table, tmp_path / "e.parquet")
    import pyarrow.csv as pcsv
    import pyarrow.feather as feather
    pcsv.write_csv(table, tmp_path / "e.csv")
    feather.write_feather(table, tmp_path / "e.arrow")
    results = [evaluate_table(tmp_path / name, jurisdiction="hebei", as_of="2026-11-22")["deadlines"].to_pylist()
               for name in ("e.parquet", "e.csv", "e.arrow")]
    assert results[0] == results[1] == results[2]
    update = next(r for r in results[0] if r["rule"] == "hebei.catalog_update")
    assert update["due"].isoformat() == "2026-10-16"  # 10 working days, as in the README


def test_a_table_is_judged_from_the_library_answering_now(tmp_path):
    """compare and --set take the jurisdictions and rules of the active library, not the bundled packs."""
    import regkit
    from regkit import _active
    from regkit.columnar.whatif import check_overrides
    from test_library import folder

    library = regkit.Library.from_paths(folder(tmp_path))  # mycity: 5 working days, under cn
    table = pa.Table.from_pylist(CATALOG)
    with pytest.raises(regkit.InputError, match="no rule 'mycity.catalog_update'"):
        check_overrides({"mycity.catalog_update.period": 3})
    with _active.using(library):
        check_overrides({"mycity.catalog_update.period": 3})
        decided = evaluate_table(table, compare=True, as_of="2026-11-22",
                                 overrides={"mycity.catalog_update.period": 3})
    rows = decided["deadlines"].to_pylist()
    assert {"mycity", "hebei", "cn"} <= {r["under"] for r in rows}
    [row] = [r for r in rows if r["under"] == "mycity" and r["rule"] == "mycity.catalog_update"]
    # 3 working days after Mon 28 Sep 2026: 29, 30 Sep, (1-7 Oct off) 8 Oct -> 8 Oct; updated Thu 15 Oct,
    # late by the working days 9, 10 (a make-up Saturday), 12, 13, 14, 15 Oct -> 6
    assert (row["due"].isoformat(), row["status"], row["late_by"]) == ("2026-10-08", "late", 6)


def test_a_missing_whole_number_id_from_pandas_is_a_row_without_a_history_id():
    """pandas writes a missing whole-number id as NaN (the column becomes float): such a row is
    an error row by itself, not one history keyed NaN that every other NaN row would join."""
    table = pa.table({"history_id": [1.0, 1.0, float("nan"), float("nan")],
                      "type": ["catalog.change", "catalog.updated", "catalog.change", "catalog.change"],
                      "date": ["2026-09-28", "2026-10-12", "2026-09-28", "2026-09-29"],
                      "subject": ["c", "c", "d", "e"]})
    decided = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22")
    errors = decided["errors"].to_pylist()
    assert [(e["history_id"], e["row"], e["error"]) for e in errors] == \
        [(None, 3, "row without a history_id"), (None, 4, "row without a history_id")]
    assert set(decided["deadlines"].column("history_id").to_pylist()) == {1.0}


def test_a_history_id_that_cannot_be_a_key_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "events.parquet"
    pq.write_table(pa.table({"history_id": [{"a": 1}], "type": ["catalog.change"], "date": ["2026-09-28"]}), path)
    assert main(["table", str(path), "--jurisdiction", "hebei", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["regkit: error: [history_id]: history_id must be numbers or text, not struct<a: int64>"]
    assert not (tmp_path / "out").exists()


def test_a_csv_row_with_too_few_or_too_many_fields_is_an_error_row_and_the_run_goes_on(tmp_path, capsys):
    """Before, one ragged row ended the run (exit 2, no tables). Now it is an error row with its
    row number (the data rows that are not blank, counted from 1), and the history it names is
    not judged without it; the other histories are."""
    path = tmp_path / "events.csv"
    path.write_text("history_id,type,date,subject\n"
                    "c1,catalog.change,2026-09-28,catalog\n"
                    "c1,catalog.updated\n"                          # row 2: 2 fields of 4
                    "\n"
                    "c2,catalog.change,2026-09-28,catalog\n"
                    "c3,catalog.change,2026-09-28,catalog,extra\n"  # row 4: 5 fields of 4
                    ",x\n", encoding="utf-8")                       # row 5: no history_id either
    out = tmp_path / "out"
    assert main(["table", str(path), "--jurisdiction", "hebei", "--as-of", "2026-11-22", "--out", str(out)]) == 1
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    assert [(e["history_id"], e["row"], e["error"]) for e in errors] == [
        (None, 5, "this CSV row has 2 fields where the header has 4"),
        ("c1", 2, "this CSV row has 2 fields where the header has 4; the history is not judged without it"),
        ("c3", 4, "this CSV row has 5 fields where the header has 4; the history is not judged without it")]
    judged = set(pq.read_table(out / "deadlines.parquet").column("history_id").to_pylist())
    assert judged == {"c2"}
    # c2 alone, as if the bad rows were not there: the same deadlines
    alone = evaluate_table(pa.table({"history_id": ["c2"], "type": ["catalog.change"], "date": ["2026-09-28"],
                                     "subject": ["catalog"]}), jurisdiction="hebei", as_of="2026-11-22")
    assert pq.read_table(out / "deadlines.parquet").to_pylist() == alone["deadlines"].to_pylist()


def test_a_ragged_row_of_a_wide_log_refuses_its_request(tmp_path):
    (tmp_path / "wide.csv").write_text(WIDE.replace("R3,unconditional,2026-04-01,,,,2026-04-03",
                                                    "R3,unconditional,2026-04-01,,,2026-04-03"), encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAPPING, encoding="utf-8")
    decided = evaluate_table(tmp_path / "wide.csv", mapping=tmp_path / "map.yaml", as_of="2026-11-22")
    errors = [(e["history_id"], e["row"], e["error"]) for e in decided["errors"].to_pylist()]
    assert ("R3", 2, "this CSV row has 6 fields where the header has 7; the history is not judged without it") \
        in errors
    assert "R3" not in set(decided["deadlines"].column("history_id").to_pylist())
    assert "R1" in set(decided["deadlines"].column("history_id").to_pylist())


def test_a_json_lines_line_that_is_not_an_object_is_an_error_row(tmp_path):
    event = '{{"history_id": {h}, "type": "catalog.change", "date": "2026-09-28", "subject": "c"}}\n'
    path = tmp_path / "events.jsonl"
    path.write_text(event.format(h=1) + '{"history_id": 1, "type": "catalog.updated", "date": \n' + "\n"
                    + "[1, 2]\n" + event.format(h=2), encoding="utf-8")
    decided = evaluate_table(path, jurisdiction="hebei", as_of="2026-11-22")
    assert [(e["history_id"], e["row"], e["error"]) for e in decided["errors"].to_pylist()] == [
        (None, 3, "this line is a JSON list, not an object (one event)"),
        (1, 2, "this line is not valid JSON; the history is not judged without it")]
    assert set(decided["deadlines"].column("history_id").to_pylist()) == {2}


def test_a_table_with_two_columns_of_one_name_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text("history_id,type,date,date\nc1,catalog.change,2026-09-28,2026-09-29\n", encoding="utf-8")
    assert main(["table", str(path), "--jurisdiction", "hebei", "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().splitlines() == \
        ["regkit: error: [date]: the event table has more than one column named 'date'"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("overrides, said", [
    ({"hebei.catalog_update.period": "10"}, "'10' is not a whole number"),
    ({"hebei.catalog_update.period": 2.5}, "2.5 is not a whole number"),
    ({"hebei.catalog_update.period": True}, "True is not a whole number"),
    ({"hebei.catalog_update.period": -1}, "cannot be negative"),
    ({"hebei.catalog_updte.period": 5}, "no rule 'hebei.catalog_updte'"),
    ({"period": 5}, "takes RULE.FIELD=N"),
])
def test_the_api_refuses_a_what_if_the_command_line_would_refuse(overrides, said):
    """Before, evaluate_table(overrides=...) took them unchecked: a misspelt rule was silently
    the law as it is, a text or a fraction an internal error."""
    table = pa.Table.from_pylist(CATALOG)
    with pytest.raises(regkit.InputError, match=said):
        evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22", overrides=overrides)


def test_an_output_that_is_the_input_is_refused_before_anything_is_read(tmp_path, capsys):
    """Before, `regkit table DIR/deadlines.parquet --out DIR` replaced its own input."""
    (tmp_path / "in").mkdir()
    given = tmp_path / "in" / "deadlines.parquet"
    pq.write_table(pa.Table.from_pylist(CATALOG), given)
    before = given.read_bytes()
    assert main(["table", str(given), "--jurisdiction", "hebei", "--out", str(tmp_path / "in")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "deadlines.parquet: the output is the input file; choose another --out" in err[0]
    assert given.read_bytes() == before
    # a link to it under an output's name is refused too
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "findings.parquet").symlink_to(given)
    assert main(["table", str(given), "--jurisdiction", "hebei", "--out", str(tmp_path / "out")]) == 2
    assert given.read_bytes() == before


def test_a_csv_whose_quoted_values_hold_line_breaks_is_read_whole(tmp_path):
    """A refusal's reason written on two lines, in a file of several read blocks: before, the
    whole file could not be read ("CSV parser got out of sync with chunker")."""
    path = tmp_path / "events.csv"
    rows = ["history_id,type,date,subject,decision,reason"]
    rows += [f'r{n},request.replied,2026-03-20,req,refuse,"第一行\n第二行{n}"' for n in range(60_000)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2 << 20  # more than one block of pyarrow's reader
    from regkit.columnar.source import read_table
    table = read_table(path)
    assert table.num_rows == 60_000 and "_unreadable" not in table.column_names
    assert table.column("reason")[59_999].as_py() == "第一行\n第二行59999"


def test_a_csv_in_gb18030_is_refused_naming_its_first_byte_that_is_not_utf8(tmp_path, capsys):
    """A spreadsheet exported in GB18030: before, an internal error (exit 3) when the header was
    not UTF-8; now one line, as for a history file, before anything is written."""
    path = tmp_path / "events.csv"
    path.write_bytes("history_id,type,date,subject\n".encode() + "申请1,catalog.change,2026-09-28,目录\n".encode("gb18030"))
    assert main(["table", str(path), "--jurisdiction", "hebei", "--out", str(tmp_path / "out")]) == 2
    # 29 bytes of header, then 申 in GB18030 (C9 EA): byte 29 is not UTF-8
    assert capsys.readouterr().err.strip().splitlines() == [f"regkit: error: {path}: not UTF-8 text (byte 29)"]
    path.write_bytes("history_id,类型,date\n".encode("gb18030"))  # the header itself
    assert main(["table", str(path), "--jurisdiction", "hebei", "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().endswith("not UTF-8 text (byte 11)")
    assert not (tmp_path / "out").exists()


def test_what_if_a_period_runs_off_the_calendar_the_duties_are_not_judged():
    """A duty the changed rule can no longer judge is a change the analyst must see: before, it
    dropped out of the difference. 99,999,999 working days from Mon 28 Sep 2026 run past the
    calendar's last day (2036-12-31): the history is an error row under the change, and each of
    its four duties (cn and hebei, update and review) goes from its status to "not judged"."""
    table = pa.Table.from_pylist(CATALOG)
    law = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22")
    changed = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22",
                             overrides={"hebei.catalog_update.period": 99_999_999})
    assert changed["deadlines"].num_rows == 0 and changed["errors"].num_rows == 1
    statuses = {(r["rule"], r["party"]): r["status"] for r in law["deadlines"].to_pylist()}
    assert difference(law, changed) == [
        {"under": "hebei", "rule": rule, "party": party, "changed": 1,
         "transitions": {f"{status} -> not judged": 1}} for (rule, party), status in sorted(statuses.items())]


def test_the_closing_line_is_in_chinese_with_lang_zh(tmp_path, capsys):
    path = tmp_path / "events.parquet"
    pq.write_table(pa.Table.from_pylist(CATALOG), path)
    assert main(["table", str(path), "--jurisdiction", "hebei", "--as-of", "2026-11-22", "--out",
                 str(tmp_path / "out"), "--lang", "zh"]) == 0
    assert capsys.readouterr().err.strip() == (
        f"regkit table: 共1份事件记录：按列判定1次，由逐份判定的引擎判定0次，错误行0行；判定表在{tmp_path / 'out'}")


def test_error_rows_are_worded_in_chinese_with_lang_zh(tmp_path):
    """As regkit batch words its error records: before, the errors table was English whatever
    --lang said. The default (no lang) stays English, the engine's own words."""
    path = tmp_path / "events.csv"
    path.write_text("history_id,type,date,subject\n"
                    "c1,catalog.change,2026-02-30,catalog\n"     # row 1: no such day
                    "c2,catalog.change\n"                        # row 2: 2 fields of 4
                    ",catalog.change,2026-09-28,catalog\n", encoding="utf-8")  # row 3: no history_id
    said = {lang: [(e["history_id"], e["row"], e["error"]) for e in
                   evaluate_table(path, jurisdiction="hebei", as_of="2026-11-22", lang=lang)["errors"].to_pylist()]
            for lang in (None, "zh")}
    assert said["zh"] == [
        (None, 3, "该行没有history_id"),
        ("c1", 1, "[date]：事件0（catalog.change）：date：日期'2026-02-30'不存在（该月没有这一日）"),
        ("c2", 2, "此CSV行有2个字段，而表头有4个；缺少此行，该记录不予判定")]
    assert said[None][0] == (None, 3, "row without a history_id")
    assert said[None][2] == ("c2", 2, "this CSV row has 2 fields where the header has 4; the history is not "
                                      "judged without it")
