"""Comparison for analysts: each cell checked by hand against the article it cites."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from regkit.cli import main
from regkit.comparison import compare, compare_history, matrix_csv, matrix_json
from regkit.errors import InputError


def _row(matrix, label):
    (row,) = [r for r in matrix["rows"] if r["row"] == label]
    return {pid: cell.text() for pid, cell in row["cells"].items()}


def test_catalog_update_across_the_jurisdictions():
    row = _row(compare(["catalog"]), "catalog_update")
    # cn art. 17: 10个工作日内…完成更新 … 可以延长5个工作日
    assert row["cn"] == "10 working days after catalog.change, extendable by 5 working days (art. 17)"
    # hebei art. 9: 十个工作日内完成更新 … 可以延长十个工作日
    assert row["hebei"] == "10 working days after catalog.change, extendable by 10 working days (art. 9)"
    # shandong art. 16 and jinzhong art. 8: 15个工作日内; pingdingshan art. 11: 10个工作日内, no extension
    assert row["shandong"] == "15 working days after catalog.change (art. 16)"
    assert row["jinzhong"] == "15 working days after catalog.change (art. 8)"
    assert row["pingdingshan"] == "10 working days after catalog.change (art. 11)"
    # Xi'an (arts. 1-11) and Yumen's list set no time limit, as their packs record
    assert row["xian"].startswith("sets none") and row["yumen"].startswith("sets none")


def test_request_reply_rows_keep_the_classes_apart():
    matrix = compare(["request"])
    # cn art. 21: 1个工作日内 (unconditional), 10个工作日内 (conditional), 延长…最长不得超过10个工作日
    assert _row(matrix, "request_reply (unconditional)")["cn"] == \
        "1 working day after request.submitted, extendable by 10 working days (art. 21)"
    assert _row(matrix, "request_reply (conditional)")["cn"] == \
        "10 working days after request.submitted, extendable by 10 working days (art. 21)"
    # hebei art. 15: the provider replies within 五个工作日 of the authority's forwarding
    assert _row(matrix, "request_reply")["hebei"] == "5 working days after request.forwarded (art. 15)"


def test_classification_and_liability_rows():
    matrix = compare(["classification", "liability"])
    # cn art. 14(3): 法律、行政法规以及国务院决定明确规定不能提供
    assert _row(matrix, "not_shared: bases accepted for restricting sharing")["cn"] == \
        "administrative_regulation, law, state_council_decision (art. 14(3))"
    # pingdingshan art. 28: 履行了监督管理职责、合理注意义务或者存在不可抗力情形的，不承担或者免于承担
    assert _row(matrix, "liability: exemptions")["pingdingshan"] == "due_care, force_majeure (art. 28)"


def test_rules_in_force_on_a_date():
    # cn art. 44: in force from 2025-08-01; Xi'an's start is unknown; Yumen's list runs with Decree 809
    before = _row(compare(["catalog"], on=date(2025, 7, 31)), "catalog_update")
    assert [pid for pid, text in before.items() if text == "not in force"] == ["cn", "xian", "yumen"]
    # Jinzhong's measures end on 2027-06-16
    assert _row(compare(["catalog"], on=date(2027, 6, 16)), "catalog_update")["jinzhong"] != "not in force"
    assert _row(compare(["catalog"], on=date(2027, 6, 17)), "catalog_update")["jinzhong"] == "not in force"


def test_formats_carry_the_same_matrix():
    matrix = compare(["catalog"], on=date(2026, 1, 5))
    rows = list(csv.reader(io.StringIO(matrix_csv(matrix))))
    # the tree's order: cn, then its children by level in the hierarchy of norms (provincial
    # rules, the city rule, the city normative document, the departmental document, the county list)
    assert rows[0] == ["topic", "row", "cn", "hebei", "shandong", "xian", "pingdingshan", "jinzhong", "yumen"]
    assert [r[1] for r in rows[1:]] == ["catalog_update", "catalog_review"]
    data = json.loads(matrix_json(matrix))
    assert data["on"] == "2026-01-05"
    assert data["rows"][1]["cells"]["cn"] == {"figure": "2 working days after catalog.updated",
                                              "rules": ["cn.catalog_review"], "articles": ["art. 17"]}



def test_the_csv_and_json_in_chinese_keep_ids_and_give_chinese_texts():
    matrix = compare(["catalog"], on=date(2026, 1, 5), jurisdictions=["cn", "hebei", "yumen"])
    rows = list(csv.reader(io.StringIO(matrix_csv(matrix, lang="zh"))))
    assert rows[0] == ["类别", "比较事项", "《政务数据共享条例》", "《河北省政务数据共享应用管理办法》", "《玉门市数据局权责清单》"]
    # cn art. 17 (one paragraph): 10 working days, extendable by 5; Hebei art. 9 (one paragraph): 10 and 10;
    # Yumen's list states in its item 2 that it sets no time limit of its own
    assert rows[1] == ["政务数据目录", "目录更新",
                       "自目录信息调整变化之日起10个工作日内，可以延长5个工作日（《政务数据共享条例》第十七条）",
                       "自目录信息调整变化之日起10个工作日内，可以延长10个工作日（《河北省政务数据共享应用管理办法》第九条）",
                       "未规定（《玉门市数据局权责清单目录（不含涉密事项）》序号2“责任事项内容”栏）"]
    english, chinese = json.loads(matrix_json(matrix)), json.loads(matrix_json(matrix, lang="zh"))
    assert chinese["jurisdictions"] == english["jurisdictions"] and chinese["on"] == english["on"]
    assert [(r["topic"], r["row"]) for r in chinese["rows"]] == [(r["topic"], r["row"]) for r in english["rows"]]
    assert chinese["rows"][1]["label"] == "目录审核发布"
    assert chinese["rows"][1]["cells"]["cn"] == {"figure": "自完成目录更新并报送审核之日起2个工作日内",
                                                 "rules": ["cn.catalog_review"],
                                                 "articles": ["《政务数据共享条例》第十七条"]}
    assert set(chinese["rows"][1]["cells"]["cn"]) == set(english["rows"][1]["cells"]["cn"])

def test_unknown_topic():
    with pytest.raises(InputError, match="unknown topic 'catalogue'"):
        compare(["catalogue"])


def test_one_history_under_every_jurisdiction():
    # A catalog change on Mon 2026-03-02, never updated; no holiday in March 2026.
    # 10 working days: Mar 3-6 (4), Mar 9-13 (9), Mar 16 (10) -> 2026-03-16 (cn art. 17, hebei art. 9,
    # pingdingshan art. 11). 15 working days: Mar 17-20 (14), Mar 23 (15) -> 2026-03-23 (shandong,
    # jinzhong), which the national 10 overrides from 2025-08-01.
    events = [{"type": "catalog.change", "date": "2026-03-02", "subject": "cat"}]
    compared = compare_history(events, as_of="2026-04-30")
    binding = {pid: sorted((d["rule"], d["due"], d["status"]) for d in result["deadlines"]
                           if d["kind"] == "catalog_update" and d["binding"])
               for pid, result in compared["results"].items()}
    assert binding["cn"] == [("cn.catalog_update", "2026-03-16", "overdue")]
    assert binding["shandong"] == [("cn.catalog_update", "2026-03-16", "overdue")]
    assert binding["pingdingshan"] == [("cn.catalog_update", "2026-03-16", "overdue"),
                                       ("pingdingshan.catalog_update", "2026-03-16", "overdue")]
    local = {d["rule"]: d["due"] for d in compared["results"]["jinzhong"]["deadlines"]}
    assert local["jinzhong.catalog_update"] == "2026-03-23"
    assert [c["lower"]["rule"] for c in compared["results"]["shandong"]["conflicts"]] == ["shandong.catalog_update"]


def test_command_line(tmp_path, capsys):
    history = tmp_path / "h.yaml"
    history.write_text("as_of: 2026-04-30\nevents:\n  - {type: catalog.change, date: 2026-03-02}\n",
                       encoding="utf-8")
    assert main(["evaluate", str(history), "--compare"]) == 0
    out = capsys.readouterr().out
    assert "| default: catalog_update (department) | 2026-03-16 overdue [cn.catalog_update] |" in out
    assert main(["evaluate", str(history), "--compare", "--format", "json"]) == 0
    assert set(json.loads(capsys.readouterr().out)["results"]) == {
        "cn", "hebei", "shandong", "pingdingshan", "jinzhong", "xian", "yumen"}
    assert main(["compare", "--topic", "retention", "--on", "2026-01-05", "--format", "csv"]) == 0
    assert "at least 3 years after request.delivered (art. 29)" in capsys.readouterr().out
    assert main(["compare", "--topic", "nope"]) == 2
