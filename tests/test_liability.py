"""Liability findings, worked by hand from the texts (2026 calendar: National Day Oct 1-7 off,
Oct 10 (Sat) worked)."""

from __future__ import annotations

import pytest

from engine_helpers import ev, run
from regkit.cli import main

HISTORY = [
    # r1: conditional request Wed 2026-09-30.
    #   cn art. 21: + 10 wd: Oct 8=1, 9=2, 10 (Sat)=3, 12..16=4..8, 19=9, 20=10 -> due Oct 20; replied Oct 20: met.
    #   pingdingshan art. 18: + 5 wd: Oct 8, 9, 10, 12, 13 -> due Oct 13; replied Oct 20: late -> art. 27(6).
    #   cn art. 22: approved Oct 20 + 20 wd -> due Nov 17; nothing delivered by Nov 22: overdue -> art. 39(4).
    ev("request.submitted", "2026-09-30", "r1", share_type="conditional"),
    ev("request.replied", "2026-10-20", "r1", decision="approve"),
    # r3: third-party transfer; correction ordered by Nov 10, refused Nov 5, never completed.
    ev("use.out_of_scope", "2026-11-02", "r3", kind="third_party"),
    ev("rectification.ordered", "2026-11-03", "r3", due="2026-11-10"),
    ev("rectification.refused", "2026-11-05", "r3"),
    # r4: a refusal without reasons (cn art. 21: 不同意共享的，应当说明理由).
    ev("request.replied", "2026-11-09", "r4", decision="refuse"),
    # cat: change Tue Sep 1 + 10 wd: Sep 2..4=1..3, 7..11=4..8, 14=9, 15=10 -> due Sep 15;
    # updated Oct 30 (late), under force majeure; cn art. 17 review: Oct 30 (Fri) + 2 wd -> Nov 3, overdue.
    ev("catalog.change", "2026-09-01", "cat"),
    ev("catalog.updated", "2026-10-30", "cat", force_majeure=True),
]


def findings(**kw):
    result = run(HISTORY, jurisdiction="pingdingshan", **kw)
    return {(f["rule"], f["subject"]): f for f in result["findings"]}


def test_late_delivery_under_cn_39_4():
    f = findings()[("cn.provider_late_reply_or_sharing", "r1")]
    assert (f["kind"], f["party"], f["enforcer"], f["date"]) == ("violation", "provider", "authority", "2026-11-18")
    assert f["evidence"]["deadline"] == "cn.request_delivery" and f["evidence"]["status"] == "overdue"
    assert f["sanctions"] == ["order_to_correct"]                      # 责令改正
    assert {s["upon"] for s in f["escalation"]} >= {"rectification_refused", "serious"}  # 拒不改正或者情节严重 -> 处分
    assert not any(s["applies"] for s in f["escalation"])
    assert (f["source"]["article"], f["source"]["item"]) == (39, 4)


def test_pingdingshan_late_reply_is_a_notice_to_rectify():
    f = findings()[("pingdingshan.provider_reply_late", "r1")]
    assert f["sanctions"] == ["notice_to_rectify"]                     # 由政务数据主管部门通知整改
    assert f["date"] == "2026-10-20" and f["evidence"]["status"] == "late"


def test_third_party_transfer_refused_rectification_escalates():
    all_findings = findings()
    cn40 = all_findings[("cn.requester_provided_to_third_party", "r3")]
    assert cn40["party"] == "requester" and "disciplinary_sanction" in cn40["sanctions"]  # 拒不改正 -> 处分
    cn27 = all_findings[("cn.requester_sharing_suspended", "r3")]
    assert cn27["sanctions"][0] == "suspend_sharing"                   # 应当暂停: mandatory, now
    assert "terminate_sharing" in cn27["sanctions"]                    # 拒不整改 -> 可以终止共享
    local = all_findings[("pingdingshan.requester_use_outside_approval", "r3")]
    # the order's due date Nov 10 passed without rectification.completed: 未在规定的时限内完成整改
    missed = next(s for s in local["escalation"] if s["upon"] == "rectification_missed")
    assert missed["applies"] and {"supervision_listing", "order_to_correct"} <= set(local["sanctions"])


def test_refusal_without_reasons():
    f = findings()[("cn.provider_refusal_without_reasons", "r4")]
    assert f["evidence"] == {"event": "request.replied", "index": 5}


def test_pingdingshan_28_does_not_excuse_a_missed_catalog_update():
    # art. 28 excuses liability 因数据质量等问题 of a department that acted 按照规定; a catalog
    # update missed (art. 27 item 1) is a failure to act as provided, not a problem of the data
    all_findings = findings()
    local = all_findings[("pingdingshan.catalog_not_updated", "cat")]
    assert local["kind"] == "violation" and local["sanctions"] == ["notice_to_rectify"]
    assert local["exemptions"] == []
    national = all_findings[("cn.provider_catalog_not_updated", "cat")]
    assert national["kind"] == "violation"                             # Decree 809 has no such exemption


@pytest.mark.parametrize("conduct, rule, flag", [
    ("known_errors_not_corrected", "pingdingshan.known_errors_not_corrected", "due_care"),      # item 3
    ("data_nonconforming", "pingdingshan.data_nonconforming", "force_majeure"),                # item 4
])
def test_pingdingshan_28_excuses_the_data_quality_items(conduct, rule, flag):
    found = ev("conduct.found", "2026-11-02", "d", conduct=conduct, **{flag: True})
    (f,) = [f for f in run([found], jurisdiction="pingdingshan")["findings"] if f["rule"] == rule]
    assert (f["kind"], f["sanctions"]) == ("exempted", [])
    assert f["exemptions"][0]["flag"] == flag and f["exemptions"][0]["source"]["article"] == 28
    # without the flag the same conduct is a violation
    (f,) = [f for f in run([ev("conduct.found", "2026-11-02", "d", conduct=conduct)],
                           jurisdiction="pingdingshan")["findings"] if f["rule"] == rule]
    assert f["kind"] == "violation"


def test_pingdingshan_28_does_not_excuse_duplicate_collection():
    found = ev("collection.duplicate", "2026-11-02", "d", due_care=True, force_majeure=True)
    (f,) = [f for f in run([found], jurisdiction="pingdingshan")["findings"]
            if f["rule"] == "pingdingshan.duplicate_collection"]
    assert f["kind"] == "violation" and f["exemptions"] == []


def test_just_cause_exempts_a_late_reply_under_cn_39_4():
    # conditional request Wed 2026-09-30, cn due Oct 20; replied Oct 21 with a stated just cause.
    result = run([ev("request.submitted", "2026-09-30", "r", share_type="conditional"),
                  ev("request.replied", "2026-10-21", "r", decision="refuse", reason="涉密",
                     just_cause="系统升级停机")], as_of="2026-11-22")
    (f,) = [f for f in result["findings"] if f["rule"] == "cn.provider_late_reply_or_sharing"]
    assert f["kind"] == "exempted" and f["exemptions"][0]["value"] == "系统升级停机"


def test_no_findings_where_the_law_puts_none():
    result = run([ev("catalog.change", "2026-09-28", "cat"), ev("catalog.updated", "2026-10-15", "cat"),
                  ev("catalog.published", "2026-10-16", "cat"),
                  # hebei art. 15: forwarded within 3 wd (Sep 30 + 3 wd -> Oct 9; forwarded Oct 8: met);
                  # provider replies within 5 wd of the forwarding (Oct 9, 10, 12, 13, 14 -> Oct 14):
                  # replied Oct 13, met, and within cn art. 21's 10 wd (due Oct 20); a refusal with reasons.
                  ev("request.submitted", "2026-09-30", "r", share_type="conditional"),
                  ev("request.forwarded", "2026-10-08", "r"),
                  ev("request.replied", "2026-10-13", "r", decision="refuse", reason="不符合共享条件")],
                 jurisdiction="hebei", as_of="2026-11-22")
    assert result["findings"] == []


def test_liability_command(capsys):
    import pathlib
    example = str(pathlib.Path(__file__).resolve().parents[1] / "examples" / "jinzhong.yaml")
    assert main(["liability", example]) == 0
    out = capsys.readouterr().out
    assert out.startswith("liability: jinzhong as of 2026-11-22") and "art. 28" in out
