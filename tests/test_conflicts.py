"""Conflicts between layers, each checked by hand against the two articles (docs/design.md, Hierarchy and time).

The national regulation (Decree 809) is in force from 2025-08-01 (cn art. 44:
本条例自2025年8月1日起施行); the local texts predate it, so every conflict below
starts on that day. Jinzhong's measures run until 2027-06-16 (five years from
2022-06-16, the reading its pack records).
"""

from __future__ import annotations

from datetime import date

import pytest

import regkit

from engine_helpers import ev, only, run
from test_packs import GOOD
from regkit import lint
from regkit.cli import main
from regkit.engine.conflicts import conflicts

# (kind, lower rule, higher rule), with the figures from the texts:
EXPECTED = {
    # hebei art. 9: 可以延长十个工作日 / cn art. 17: 可以延长5个工作日
    ("longer_extension", "hebei.catalog_update", "cn.catalog_update"),
    # hebei art. 9: 十个工作日内完成审核 / cn art. 17: 2个工作日内完成审核并发布
    ("more_time", "hebei.catalog_review", "cn.catalog_review"),
    # hebei art. 16: 延长期限不超过十个工作日 / cn art. 26: 10个工作日内 with no extension at all
    ("longer_extension", "hebei.quality_feedback", "cn.quality_feedback"),
    # hebei art. 11: 根据相关法律法规不能提供 (its reading: 法律法规 includes local regulations)
    # / cn art. 14: only 法律、行政法规以及国务院决定
    ("laxer_basis", "hebei.not_shared_basis", "cn.not_shared_basis_with_conditions"),
    # shandong art. 16: 在15个工作日内更新 / cn art. 17: 10个工作日内
    ("more_time", "shandong.catalog_update", "cn.catalog_update"),
    # shandong art. 22: 法律、法规和规章等依据 (local regulations and government rules) / cn art. 14
    ("laxer_basis", "shandong.restricted_basis", "cn.not_shared_basis_with_conditions"),
    # pingdingshan art. 17: 法律法规或国家有关规定 (local regulations, other national provisions) / cn art. 14
    ("laxer_basis", "pingdingshan.restricted_basis", "cn.not_shared_basis_with_conditions"),
    # jinzhong art. 8: 15个工作日内更新 / cn art. 17: 10个工作日内
    ("more_time", "jinzhong.catalog_update", "cn.catalog_update"),
    # jinzhong art. 10: 依据, of any kind but an internal rule (art. 6) / cn art. 14
    ("laxer_basis", "jinzhong.not_shared_basis", "cn.not_shared_basis_with_conditions"),
}
JINZHONG = {c for c in EXPECTED if c[1].startswith("jinzhong.")}


def _keys(found):
    return {(c["kind"], c["lower"]["rule"], c["higher"]["rule"]) for c in found}


def test_the_conflicts_between_the_bundled_packs():
    assert _keys(conflicts(on=date(2026, 1, 5))) == EXPECTED


def test_not_conflicts_where_the_local_rule_is_as_strict_or_stricter():
    """Pingdingshan's 10 working days equal cn's (art. 11 / art. 17); Jinzhong's quality
    feedback in 5 (art. 16) is stricter than cn's 10 (art. 26); Shandong's conditional reply
    in 10 without extension (art. 23) is no laxer than cn's 10 plus 10 (art. 21)."""
    lower = {c["lower"]["rule"] for c in conflicts()}
    assert not lower & {"pingdingshan.catalog_update", "jinzhong.quality_feedback",
                        "shandong.request_reply_conditional", "pingdingshan.request_reply_conditional"}


def test_no_conflict_before_the_national_regulation_takes_effect():
    assert conflicts(on=date(2025, 7, 31)) == []
    assert _keys(conflicts(on=date(2025, 8, 1))) == EXPECTED


def test_jinzhong_conflicts_end_with_its_measures():
    assert _keys(conflicts(on=date(2027, 6, 16))) == EXPECTED
    assert _keys(conflicts(on=date(2027, 6, 17))) == EXPECTED - JINZHONG


def test_a_conflict_cites_both_rules_and_the_rule_that_prevails():
    (found,) = [c for c in conflicts("hebei") if c["lower"]["rule"] == "hebei.catalog_update"]
    assert found["principle"] == "lex_superior" and found["prevails"] == "cn.catalog_update"
    # the extension's own sentences, not the rule's first sentence
    assert found["lower"]["source"]["quote"].endswith("可以延长十个工作日")
    assert found["higher"]["source"]["quote"].endswith("可以延长5个工作日")
    assert (found["lower"]["figure"]["extension"], found["higher"]["figure"]["extension"]) == (10, 5)


def test_jurisdiction_filter_keeps_the_packs_that_bind_it():
    assert {c["lower"]["jurisdiction"] for c in conflicts("shandong")} == {"shandong"}
    assert conflicts("cn") == [] and conflicts("xian") == []


class TestLayeredAcrossTheStartOfTheNationalRegulation:
    def test_trigger_before_2025_08_01_only_the_local_rule_binds(self):
        # shandong art. 16, 15 working days from Fri 2025-07-25: Jul 28-Aug 1 (5),
        # Aug 4-8 (10), Aug 11-15 (15) -> 2025-08-15. cn art. 17 is not in force on the trigger date.
        result = run([ev("catalog.change", "2025-07-25")], as_of="2025-09-30", jurisdiction="shandong")
        local = only(result, "shandong.catalog_update")
        assert (local["due"], local["binding"]) == ("2025-08-15", True)
        assert only(result, "cn.catalog_update")["status"] == "not_applicable"
        assert result["conflicts"] == []

    def test_trigger_on_2025_08_01_the_national_rule_binds_and_the_conflict_is_listed(self):
        # cn art. 17, 10 working days from Fri 2025-08-01: Aug 4-8 (5), Aug 11-15 (10) -> 2025-08-15.
        # shandong art. 16, 15: one more week, Aug 18-22 -> 2025-08-22, not binding.
        result = run([ev("catalog.change", "2025-08-01", subject="cat")], as_of="2025-09-30",
                     jurisdiction="shandong")
        national, local = only(result, "cn.catalog_update"), only(result, "shandong.catalog_update")
        assert (national["due"], national["binding"]) == ("2025-08-15", True)
        assert (local["due"], local["binding"]) == ("2025-08-22", False)
        assert [(c["kind"], c["lower"]["rule"], c["subjects"]) for c in result["conflicts"]] == \
            [("more_time", "shandong.catalog_update", ["cat"])]

    def test_local_layers_list_no_conflict(self):
        result = run([ev("catalog.change", "2025-08-01")], as_of="2025-09-30", jurisdiction="shandong",
                     layers="local")
        assert result["conflicts"] == []


def test_across_jinzhong_expiry_the_local_rule_and_its_conflict_end():
    last = run([ev("catalog.change", "2027-06-16")], as_of="2027-06-16", jurisdiction="jinzhong")
    after = run([ev("catalog.change", "2027-06-17")], as_of="2027-06-17", jurisdiction="jinzhong")
    assert only(last, "jinzhong.catalog_update")["status"] == "pending"
    assert [c["lower"]["rule"] for c in last["conflicts"]] == ["jinzhong.catalog_update"]
    assert only(after, "jinzhong.catalog_update")["status"] == "not_applicable"
    assert only(after, "cn.catalog_update")["status"] == "pending"
    assert after["conflicts"] == []


@pytest.mark.parametrize("basis, expected", [("local_regulation", ["hebei.not_shared_basis"]), ("law", [])])
def test_a_classification_on_a_basis_only_the_local_text_accepts(basis, expected):
    result = run([ev("data.classified", "2026-03-02", share_type="not_shared", legal_basis=basis,
                     approved_by_government=True)], jurisdiction="hebei")
    assert [c["lower"]["rule"] for c in result["conflicts"]] == expected


@pytest.mark.parametrize("counterpart, says", [
    ("cn.nothing", "is not a rule of an ancestor pack"),
    ("cn.catalog_review", "differs in kind, bound or unit"),
])
def test_a_bad_counterpart_is_a_tree_error(write, counterpart, says):
    text = GOOD.replace("    deadline: catalog_update\n",
                        f"    deadline: catalog_update\n    counterpart: {counterpart}\n")
    (message,) = lint([write("testland.yaml", text)])
    assert (message.code, message.line, message.field) == ("P005", 13, "rules[0].counterpart")
    assert says in message.message


def test_command_line(capsys):
    assert main(["conflicts", "--jurisdiction", "jinzhong", "--on", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "in force on 2026-06-01: 2" in out and "jinzhong.catalog_update (jinzhong art. 8)" in out
    assert main(["conflicts", "--on", "2025-07-31", "--format", "json"]) == 0
    assert '"conflicts": []' in capsys.readouterr().out
    assert main(["conflicts", "--jurisdiction", "atlantis"]) == 2


AMENDED = GOOD.replace("period: {amount: 10, unit: working_days}", """period: {amount: 15, unit: working_days}
    counterpart: cn.catalog_update
    in_force: {from: 2025-08-01, until: 2026-06-30}""") + """
  - id: testland.catalog_update_2026
    kind: deadline
    deadline: catalog_update
    counterpart: cn.catalog_update
    party: department
    trigger: {event: catalog.change}
    done_by: {event: catalog.updated}
    period: {amount: 10, unit: working_days}
    in_force: {from: 2026-07-01}
    source:
      article: 17
      quote: 应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新
"""


@pytest.fixture
def with_testland(tmp_path):
    """The bundled library plus a user folder with a test pack amended on 2026-07-01 (15
    working days, then 10), answering while the test runs."""
    from regkit._active import using

    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "testland.yaml").write_text(AMENDED.lstrip("\n"), encoding="utf-8")
    with using(regkit.Library.from_paths(tmp_path)):
        yield


def test_an_amendment_is_a_new_rule_version_judged_by_the_trigger_date(with_testland):
    # Mon 2026-06-29, under the old version (until 2026-06-30), 15 working days:
    # Jun 30 (1), Jul 1-3 (4), Jul 6-10 (9), Jul 13-17 (14), Jul 20 (15) -> 2026-07-20;
    # cn art. 17's 10: ... Jul 13 (10) -> 2026-07-13 binds, and the old version conflicts.
    old = run([ev("catalog.change", "2026-06-29")], as_of="2026-08-31", jurisdiction="testland")
    assert only(old, "testland.catalog_update")["due"] == "2026-07-20"
    assert only(old, "testland.catalog_update_2026")["status"] == "not_applicable"
    assert only(old, "cn.catalog_update")["binding"] is True
    assert [c["lower"]["rule"] for c in old["conflicts"]] == ["testland.catalog_update"]
    # Wed 2026-07-01, under the new version: Jul 2-3 (2), Jul 6-10 (7), Jul 13-15 (10) -> 2026-07-15,
    # the same as cn's, so no conflict; the old version does not apply.
    new = run([ev("catalog.change", "2026-07-01")], as_of="2026-08-31", jurisdiction="testland")
    assert only(new, "testland.catalog_update_2026")["due"] == "2026-07-15"
    assert only(new, "cn.catalog_update")["due"] == "2026-07-15"
    assert only(new, "testland.catalog_update")["status"] == "not_applicable"
    assert new["conflicts"] == []
    assert _keys(conflicts("testland", on=date(2026, 6, 30))) == {
        ("more_time", "testland.catalog_update", "cn.catalog_update")}
    assert conflicts("testland", on=date(2026, 7, 1)) == []
