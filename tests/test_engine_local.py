"""The deadline engine on the local packs (hebei, shandong, pingdingshan, jinzhong, xian, yumen)
under the national layer: hand-worked golden cases.

Every expected date is counted by hand from the statutes (rules/packs/*.yaml, docs/deadlines.md)
and the State Council holiday notices, never taken from the engine. Calendar facts used:

2025 (国办发明电〔2024〕12号): National Day + Mid-Autumn Oct 1-8 off (Wed-Wed),
     Sep 28 (Sun) and Oct 11 (Sat) worked.
2026 (国务院办公厅关于2026年部分节假日安排的通知): Spring Festival Feb 15-23 off (Sun-Mon),
     Feb 14 (Sat) and Feb 28 (Sat) worked; Labour Day May 1-5 off (Fri-Tue), May 9 (Sat) worked;
     Mid-Autumn Sep 25-27 off (Fri-Sun); National Day Oct 1-7 off (Thu-Wed),
     Sep 20 (Sun) and Oct 10 (Sat) worked.
2024 March has no holiday and no make-up day (Qingming is Apr 4-6).
2027 has no announced schedule (results are provisional); from 2027-06-10 to 2027-07-01 no
     holiday falls (Dragon Boat is 2027-06-09), so only weekends matter there.

Counting: the trigger day is not counted; due = the N-th working day after it; done on the due
date is met; late_by = working days in (due, done] (or (due, as_of] when overdue) for working-day
rules; calendar days for same-day and monthly-report duties.
"""

from __future__ import annotations

import pytest

from functools import partial

import engine_helpers
from engine_helpers import ev, only

run = partial(engine_helpers.run, jurisdiction="hebei")  # these cases are local: hebei unless named


def rules(result):
    return sorted(d["rule"] for d in result["deadlines"])


def applicable(result):
    return sorted(d["rule"] for d in result["deadlines"] if d["status"] != "not_applicable")


def codes(result):
    return [w["code"] for w in result["warnings"]]


def check(d, due, status, completed_on=None, late_by=0, binding=None):
    assert (d["due"], d["status"], d["completed_on"], d["late_by"]) == (due, status, completed_on, late_by)
    if binding is not None:
        assert d["binding"] is binding


# ================================================================================================
# hebei (河北省政务数据共享应用管理办法, from 2023-01-01)
# ================================================================================================

def test_hebei_conditional_request_chain_across_national_day_2026():
    result = run([ev("request.submitted", "2026-09-30", share_type="conditional"),
                  ev("request.forwarded", "2026-10-09"),
                  ev("request.replied", "2026-10-16", decision="approve")], as_of="2026-10-26")
    # art. 15(3) forward: Wed 2026-09-30 + 3 wd: Oct 1-7 off, Oct 8=1, Oct 9=2,
    # Oct 10 (Sat, make-up)=3 -> due 2026-10-10; forwarded Oct 9 -> met.
    fwd = only(result, "hebei.request_forward")
    check(fwd, "2026-10-10", "met", "2026-10-09", 0, True)
    assert fwd["party"] == "authority" and fwd["kind"] == "request_forward"
    # art. 15(3) reply, from the forwarding: Fri 2026-10-09 + 5 wd: Oct 10 (Sat)=1, 12=2, 13=3,
    # 14=4, 15=5 -> due 2026-10-15; replied Fri Oct 16: (Oct 15, Oct 16] -> late by 1.
    reply = only(result, "hebei.request_reply")
    check(reply, "2026-10-15", "late", "2026-10-16", 1, True)
    assert reply["reading"] and reply["trigger"] == {"type": "request.forwarded", "date": "2026-10-09"}
    # cn art. 21 runs from the provider's receipt, the forwarding (hebei art. 15(3) routes the
    # application through the authority): Fri Oct 9 + 10 wd: Oct 10 (Sat)=1, 12..16=2..6,
    # 19..22=7..10 -> due 2026-10-22; met; the same reply duty with a later due date -> not binding.
    national = only(result, "cn.request_reply_conditional")
    check(national, "2026-10-22", "met", "2026-10-16", 0, False)
    assert national["trigger"]["received"] == {"type": "request.forwarded", "date": "2026-10-09"}
    # art. 15(3) delivery after approval: Fri 2026-10-16 + 3 wd: Oct 19, 20, 21 -> due 2026-10-21;
    # nothing delivered, as_of Mon Oct 26: (Oct 21, Oct 26] = Oct 22, 23, 26 -> overdue by 3.
    check(only(result, "hebei.request_delivery_conditional"), "2026-10-21", "overdue", None, 3, True)
    # cn art. 22: Oct 16 + 20 wd: Oct 19..23=1..5, Oct 26..30=6..10, Nov 2..6=11..15,
    # Nov 9..13=16..20 -> due 2026-11-13 -> pending.
    check(only(result, "cn.request_delivery"), "2026-11-13", "pending", None, 0)


def test_hebei_forwarding_late_over_a_make_up_saturday():
    # forward due Sat 2026-10-10 (make-up working day, see above); forwarded Mon Oct 12:
    # (Oct 10, Oct 12] = {Oct 12} (Sun Oct 11 is off) -> late by 1.
    result = run([ev("request.submitted", "2026-09-30", share_type="conditional"),
                  ev("request.forwarded", "2026-10-12")], as_of="2026-10-12")
    check(only(result, "hebei.request_forward"), "2026-10-10", "late", "2026-10-12", 1)


def test_hebei_unconditional_direct_delivery_across_spring_festival():
    result = run([ev("request.submitted", "2026-02-12", share_type="unconditional"),
                  ev("request.replied", "2026-02-13", decision="approve"),
                  ev("request.delivered", "2026-02-24")], as_of="2026-03-01")
    # art. 15(2): Thu 2026-02-12 + 3 wd: Feb 13=1, Feb 14 (Sat, make-up)=2, Feb 15-23 off,
    # Feb 24=3 -> due 2026-02-24; delivered that day -> met.
    d = only(result, "hebei.request_delivery_unconditional")
    check(d, "2026-02-24", "met", "2026-02-24", 0, True)
    assert d["party"] == "authority"
    # cn art. 21 counts from the provider's receipt; under art. 15(2) the authority supplies the
    # data itself and the request never reaches the provider: no national reply duty.
    national = only(result, "cn.request_reply_unconditional")
    assert (national["status"], national["due"]) == ("not_applicable", None)
    assert "hebei art. 15" in national["reason"]
    # cn art. 22: Fri Feb 13 + 20 wd: Feb 14 (Sat)=1, Feb 24..27=2..5, Feb 28 (Sat)=6,
    # Mar 2..6=7..11, Mar 9..13=12..16, Mar 16..19=17..20 -> due 2026-03-19 -> met.
    check(only(result, "cn.request_delivery"), "2026-03-19", "met", "2026-02-24", 0)
    assert "hebei.request_forward" not in rules(result)  # only conditional requests are forwarded


def test_hebei_quality_objection_with_a_capped_extension():
    result = run([ev("quality.objection", "2026-09-24"),
                  ev("quality.forwarded", "2026-09-29"),
                  ev("quality.extension_granted", "2026-10-19", amount=15),
                  ev("quality.resolved", "2026-11-03")], as_of="2026-11-30")
    # art. 16(2) forward: Thu 2026-09-24 + 3 wd: Sep 25-27 off (Mid-Autumn), Sep 28=1, 29=2,
    # 30=3 -> due 2026-09-30; forwarded Sep 29 -> met.
    check(only(result, "hebei.quality_forward"), "2026-09-30", "met", "2026-09-29", 0, True)
    # art. 16(2) feedback from the forwarding: Tue 2026-09-29 + 10 wd: Sep 30=1, Oct 1-7 off,
    # Oct 8=2, 9=3, 10 (Sat)=4, 12..16=5..9, 19=10 -> original due 2026-10-19. The grant on the
    # due date itself (allowed) asks 15, capped at the article's 10, counted from Oct 19:
    # Oct 20..23=1..4, Oct 26..30=5..9, Nov 2=10 -> due 2026-11-02; resolved Nov 3 -> late by 1.
    fb = only(result, "hebei.quality_feedback")
    check(fb, "2026-11-02", "late", "2026-11-03", 1, False)
    assert fb["period"] == {"amount": 10, "unit": "working_days", "extended_by": 10}
    # cn art. 26 (no extension) runs from the provider's receipt, the forwarding (art. 16(2)):
    # Tue Sep 29 + 10 wd: Sep 30=1, Oct 8=2, 9=3, 10 (Sat)=4, 12..16=5..9, 19=10 -> due 2026-10-19;
    # resolved Nov 3: (Oct 19, Nov 3] = Oct 20..23 (4), Oct 26..30 (5), Nov 2, 3 (2) -> late by 11.
    # The earlier due date of the feedback duty -> binding.
    cn = only(result, "cn.quality_feedback")
    check(cn, "2026-10-19", "late", "2026-11-03", 11, True)
    assert cn["period"]["extended_by"] == 0
    assert codes(result) == ["extension_capped"]
    assert "hebei.quality_feedback" in result["warnings"][0]["message"]


def test_hebei_catalog_update_ten_day_extension_beside_cn_five_across_national_day_2025():
    result = run([ev("catalog.change", "2025-09-26"),
                  ev("catalog.extension_granted", "2025-10-10", amount=10),
                  ev("catalog.updated", "2025-10-27"),
                  ev("catalog.published", "2025-11-05")], as_of="2025-11-30")
    # Fri 2025-09-26 + 10 wd: Sep 27 (Sat) off, Sep 28 (Sun, make-up)=1, 29=2, 30=3, Oct 1-8 off,
    # Oct 9=4, 10=5, Oct 11 (Sat, make-up)=6, Oct 13..16=7..10 -> original due 2025-10-16 (both layers).
    # hebei art. 9 allows 10 more: Oct 17=1, Oct 20..24=2..6, Oct 27..30=7..10 -> due 2025-10-30;
    # updated Mon Oct 27 -> met.
    he = only(result, "hebei.catalog_update")
    check(he, "2025-10-30", "met", "2025-10-27", 0, False)
    assert he["period"]["extended_by"] == 10
    # cn art. 17 allows 5: capped, Oct 17=1, Oct 20..23=2..5 -> due 2025-10-23; updated Oct 27:
    # (Oct 23, Oct 27] = Oct 24, 27 -> late by 2. Earlier due date -> binding.
    cn = only(result, "cn.catalog_update")
    check(cn, "2025-10-23", "late", "2025-10-27", 2, True)
    assert cn["period"]["extended_by"] == 5
    assert codes(result) == ["extension_capped"]
    assert "cn.catalog_update" in result["warnings"][0]["message"]
    # review: updated Mon 2025-10-27. hebei art. 9, 10 wd: Oct 28..31=1..4, Nov 3..7=5..9,
    # Nov 10=10 -> due 2025-11-10; published Nov 5 -> met, not binding.
    check(only(result, "hebei.catalog_review"), "2025-11-10", "met", "2025-11-05", 0, False)
    # cn art. 17, 2 wd: Oct 28, 29 -> due 2025-10-29; published Nov 5:
    # (Oct 29, Nov 5] = Oct 30, 31, Nov 3, 4, 5 -> late by 5; binding.
    check(only(result, "cn.catalog_review"), "2025-10-29", "late", "2025-11-05", 5, True)


def test_hebei_catalog_extension_without_amount_is_each_layers_maximum():
    # same dates as above; a grant without amount is the maximum of each article: hebei 10, cn 5,
    # so nothing is capped and nothing warned.
    result = run([ev("catalog.change", "2025-09-26"), ev("catalog.extension_granted", "2025-10-16")],
                 as_of="2025-10-20")
    he, cn = only(result, "hebei.catalog_update"), only(result, "cn.catalog_update")
    assert (he["due"], he["period"]["extended_by"], he["status"]) == ("2025-10-30", 10, "pending")
    assert (cn["due"], cn["period"]["extended_by"], cn["status"]) == ("2025-10-23", 5, "pending")
    assert codes(result) == []


def test_hebei_before_its_start_and_before_the_national_regulation():
    # 2022-12-30: hebei (from 2023-01-01) and cn (from 2025-08-01) both not applicable, with reasons.
    result = run([ev("catalog.change", "2022-12-30")], as_of="2023-02-01")
    he, cn = only(result, "hebei.catalog_update"), only(result, "cn.catalog_update")
    assert (he["status"], he["due"], he["binding"]) == ("not_applicable", None, False)
    assert (cn["status"], cn["due"], cn["binding"]) == ("not_applicable", None, False)
    assert "2023-01-01" in he["reason"] and "2025-08-01" in cn["reason"]


def test_hebei_trigger_in_2024_gets_hebei_deadline_only():
    # Mon 2024-03-11 + 10 wd (March 2024: no holiday): Mar 12..15=1..4, Mar 18..22=5..9,
    # Mar 25=10 -> due 2024-03-25; updated Fri Mar 22 -> met. cn (from 2025-08-01) does not apply.
    result = run([ev("catalog.change", "2024-03-11"), ev("catalog.updated", "2024-03-22")],
                 as_of="2024-04-01")
    assert applicable(result) == ["hebei.catalog_review", "hebei.catalog_update"]
    check(only(result, "hebei.catalog_update"), "2024-03-25", "met", "2024-03-22", 0, True)
    # review, art. 9: Fri 2024-03-22 + 10 wd: Mar 25..29=1..5, Apr 1..3=6..8, then Qingming 2024
    # (国务院办公厅关于2024年部分节假日安排的通知: Apr 4-6 off, Sun Apr 7 worked): Apr 7=9,
    # Apr 8=10 -> due 2024-04-08; as_of Apr 1 -> pending.
    check(only(result, "hebei.catalog_review"), "2024-04-08", "pending", None, 0, True)
    for rule in ("cn.catalog_update", "cn.catalog_review"):
        cn = only(result, rule)
        assert cn["status"] == "not_applicable" and "2025-08-01" in cn["reason"]


@pytest.mark.parametrize("jurisdiction, before, start", [
    ("hebei", "2022-12-30", "2023-01-01"),
    ("shandong", "2020-01-31", "2020-02-01"),
    ("pingdingshan", "2021-11-29", "2021-11-30"),
    ("jinzhong", "2022-06-15", "2022-06-16"),
])
def test_local_pack_not_applicable_the_day_before_it_starts(jurisdiction, before, start):
    result = run([ev("catalog.change", before)], jurisdiction=jurisdiction, as_of="2023-06-30")
    d = only(result, f"{jurisdiction}.catalog_update")
    assert (d["status"], d["due"]) == ("not_applicable", None) and start in d["reason"]
    assert only(result, "cn.catalog_update")["status"] == "not_applicable"
    # its first day in force applies
    first = run([ev("catalog.change", start)], jurisdiction=jurisdiction, as_of="2023-06-30")
    assert only(first, f"{jurisdiction}.catalog_update")["status"] != "not_applicable"


def test_layers_local_leaves_cn_out():
    events = [ev("catalog.change", "2026-09-28"), ev("catalog.updated", "2026-10-15")]
    local = run(events, layers="local")
    # Mon 2026-09-28 + 10 wd: Sep 29=1, 30=2, Oct 8=3, 9=4, 10 (Sat)=5, 12..16=6..10 -> 2026-10-16.
    assert rules(local) == ["hebei.catalog_review", "hebei.catalog_update"]
    check(only(local, "hebei.catalog_update"), "2026-10-16", "met", "2026-10-15", 0, True)
    # review: Thu 2026-10-15 + 10 wd: Oct 16=1, Oct 19..23=2..6, Oct 26..29=7..10 -> 2026-10-29;
    # never published, as_of Sun Nov 22 (a day off: counts as Mon Nov 23): (Oct 29, Nov 23] =
    # Oct 30 (1), Nov 2..6, 9..13, 16..20 (15), Nov 23 (1) -> 17. Alone in its layer, so binding.
    check(only(local, "hebei.catalog_review"), "2026-10-29", "overdue", None, 17, True)
    assert [p["id"] for p in local["receipt"]["packs"]] == ["hebei"]
    both = run(events)
    assert rules(both) == ["cn.catalog_review", "cn.catalog_update", "hebei.catalog_review",
                           "hebei.catalog_update"]
    # equal update due dates in both layers: both binding
    assert only(both, "cn.catalog_update")["binding"] is True
    assert only(both, "hebei.catalog_update")["binding"] is True
    # cn review: Oct 15 + 2 wd: Oct 16, Oct 19 -> due 2026-10-19; (Oct 19, Nov 23] = Oct 20..23 (4),
    # Oct 26..30, Nov 2..6, 9..13, 16..20 (20), Nov 23 (1) -> overdue by 25; earlier -> binding.
    check(only(both, "cn.catalog_review"), "2026-10-19", "overdue", None, 25, True)
    assert only(both, "hebei.catalog_review")["binding"] is False


# ================================================================================================
# shandong (山东省电子政务和政务数据管理办法, from 2020-02-01)
# ================================================================================================

def test_shandong_15_day_update_beside_cn_10_across_spring_festival():
    result = run([ev("catalog.change", "2026-02-10"), ev("catalog.updated", "2026-03-05")],
                 jurisdiction="shandong", as_of="2026-03-31")
    # cn art. 17: Tue 2026-02-10 + 10 wd: Feb 11=1, 12=2, 13=3, Feb 14 (Sat, make-up)=4,
    # Feb 15-23 off, Feb 24..27=5..8, Feb 28 (Sat, make-up)=9, Mar 2=10 -> due 2026-03-02;
    # updated Thu Mar 5: (Mar 2, Mar 5] = Mar 3, 4, 5 -> late by 3; binding.
    check(only(result, "cn.catalog_update"), "2026-03-02", "late", "2026-03-05", 3, True)
    # shandong art. 16: 15 wd: ... Mar 2=10, Mar 3..6=11..14, Mar 9=15 -> due 2026-03-09 -> met.
    sd = only(result, "shandong.catalog_update")
    check(sd, "2026-03-09", "met", "2026-03-05", 0, False)
    assert sd["reading"] and sd["source"]["article"] == 16


def test_shandong_reply_across_labour_day():
    result = run([ev("request.submitted", "2026-04-28", share_type="conditional"),
                  ev("request.replied", "2026-05-15", decision="refuse", reason="涉及个人隐私")],
                 jurisdiction="shandong", as_of="2026-06-30")
    # Tue 2026-04-28 + 10 wd: Apr 29=1, 30=2, May 1-5 off, May 6=3, 7=4, 8=5, May 9 (Sat, make-up)=6,
    # May 11..14=7..10 -> due 2026-05-14 in both layers; refused May 15 -> late by 1; both binding.
    check(only(result, "shandong.request_reply_conditional"), "2026-05-14", "late", "2026-05-15", 1, True)
    check(only(result, "cn.request_reply_conditional"), "2026-05-14", "late", "2026-05-15", 1, True)
    assert rules(result) == ["cn.request_reply_conditional", "shandong.request_reply_conditional"]


def test_shandong_incident_on_a_holiday():
    result = run([ev("security.incident", "2026-05-01"), ev("security.response_started", "2026-05-01"),
                  ev("security.reported", "2026-05-02")], jurisdiction="shandong", as_of="2026-05-31")
    # 立即: due the day of the incident, 2026-05-01, although a holiday; report May 2 -> 1 day late.
    for j in ("shandong", "cn"):
        check(only(result, f"{j}.incident_response"), "2026-05-01", "met", "2026-05-01", 0, True)
        check(only(result, f"{j}.incident_report"), "2026-05-01", "late", "2026-05-02", 1, True)


def test_shandong_unconditional_request_has_no_local_time_limit():
    # art. 23(2): obtained directly through the platform; only cn art. 21 applies:
    # Wed 2026-09-30 + 1 wd (Oct 1-7 off) -> due 2026-10-08.
    result = run([ev("request.submitted", "2026-09-30", share_type="unconditional")],
                 jurisdiction="shandong", as_of="2026-10-08")
    assert rules(result) == ["cn.request_reply_unconditional"]
    check(only(result, "cn.request_reply_unconditional"), "2026-10-08", "pending")


# ================================================================================================
# pingdingshan (平顶山市政务数据管理办法（试行）, from 2021-11-30)
# ================================================================================================

@pytest.mark.parametrize("deleted, as_of, status", [
    (None, "2026-11-22", "pending"),
    ("2028-01-31", "2028-03-01", "breached"),  # the period's last day: the logs must still exist
    ("2028-02-01", "2028-03-01", "met"),       # the earliest permitted deletion
])
def test_pingdingshan_logs_retention_24_months(deleted, as_of, status):
    # delivered 2026-01-31 + 24 months -> 2028-01-31 (the corresponding day exists) is the last
    # day the logs must be kept; earliest deletion 2028-02-01.
    events = [ev("request.delivered", "2026-01-31")]
    if deleted:
        events.append(ev("logs.deleted", deleted))
    result = run(events, jurisdiction="pingdingshan", as_of=as_of)
    d = only(result, "pingdingshan.logs_retention")
    assert (d["bound"], d["due"], d["earliest"], d["status"], d["completed_on"]) == \
        ("minimum", None, "2028-02-01", status, deleted)
    assert d["party"] == "department" and d["binding"] is True and d["reading"]
    # cn art. 29 beside it: 2026-01-31 + 3 years -> 2029-01-31, destruction from 2029-02-01
    # (logs.deleted is not records.destroyed, so cn's is still pending).
    cn = only(result, "cn.records_retention")
    assert (cn["earliest"], cn["status"]) == ("2029-02-01", "pending")


@pytest.mark.parametrize("deleted, status", [("2026-02-28", "breached"), ("2026-03-01", "met")])
def test_pingdingshan_logs_retention_month_end(deleted, status):
    # delivered 2024-02-29 + 24 months: 2026-02-29 does not exist -> the month's last day,
    # 2026-02-28, is the last day (民法典 art. 202); deletion permitted from 2026-03-01.
    # cn (from 2025-08-01) does not apply to a 2024 delivery.
    result = run([ev("request.delivered", "2024-02-29"), ev("logs.deleted", deleted)],
                 jurisdiction="pingdingshan", as_of="2026-03-31")
    d = only(result, "pingdingshan.logs_retention")
    assert (d["earliest"], d["status"]) == ("2026-03-01", status)
    assert applicable(result) == ["pingdingshan.logs_retention"]


def test_pingdingshan_reply_five_working_days_across_national_day():
    result = run([ev("request.submitted", "2026-09-29", share_type="conditional"),
                  ev("request.replied", "2026-10-13", decision="approve")],
                 jurisdiction="pingdingshan", as_of="2026-10-13")
    # art. 18(3): Tue 2026-09-29 + 5 wd: Sep 30=1, Oct 1-7 off, Oct 8=2, 9=3, Oct 10 (Sat)=4,
    # Oct 12=5 -> due 2026-10-12; replied Tue Oct 13 -> late by 1; binding.
    check(only(result, "pingdingshan.request_reply_conditional"), "2026-10-12", "late", "2026-10-13", 1, True)
    # cn art. 21: 10 wd: ... Oct 12=5, 13=6, 14=7, 15=8, 16=9, 19=10 -> due 2026-10-19 -> met.
    check(only(result, "cn.request_reply_conditional"), "2026-10-19", "met", "2026-10-13", 0, False)


def test_pingdingshan_catalog_update_across_spring_festival_overdue():
    # Thu 2026-02-12 + 10 wd: Feb 13=1, Feb 14 (Sat)=2, Feb 15-23 off, Feb 24..27=3..6,
    # Feb 28 (Sat)=7, Mar 2=8, 3=9, 4=10 -> due 2026-03-04 in both layers; as_of Fri Mar 6:
    # (Mar 4, Mar 6] = Mar 5, 6 -> overdue by 2.
    result = run([ev("catalog.change", "2026-02-12")], jurisdiction="pingdingshan", as_of="2026-03-06")
    check(only(result, "pingdingshan.catalog_update"), "2026-03-04", "overdue", None, 2, True)
    check(only(result, "cn.catalog_update"), "2026-03-04", "overdue", None, 2, True)


def test_pingdingshan_unconditional_request_has_no_local_time_limit():
    # art. 18(2) sets none (a statement rule, not a deadline); the platform's operator approves
    # the request and the provider never receives it, so cn art. 21 (counted from the
    # provider's receipt) does not arise either.
    result = run([ev("request.submitted", "2026-02-13", share_type="unconditional")],
                 jurisdiction="pingdingshan", as_of="2026-02-14")
    assert rules(result) == ["cn.request_reply_unconditional"]
    national = only(result, "cn.request_reply_unconditional")
    assert (national["status"], national["due"]) == ("not_applicable", None)
    assert "pingdingshan art. 18" in national["reason"]


# ================================================================================================
# jinzhong (晋中市市场监督管理局政务数据资源共享管理办法 + 实施方案, 2022-06-16 to 2027-06-16)
# ================================================================================================

def test_jinzhong_platform_review_unconditional_across_spring_festival():
    result = run([ev("request.submitted", "2026-02-13", share_type="unconditional"),
                  ev("request.reviewed", "2026-02-24")], jurisdiction="jinzhong", as_of="2026-02-27")
    # art. 14(1): Fri 2026-02-13 + 2 wd: Feb 14 (Sat, make-up)=1, Feb 15-23 off, Feb 24=2
    # -> due 2026-02-24; reviewed that day -> met.
    d = only(result, "jinzhong.request_review_unconditional")
    check(d, "2026-02-24", "met", "2026-02-24", 0, True)
    assert d["party"] == "platform" and d["kind"] == "request_review"
    # cn art. 21 runs from the provider's receipt; art. 14(1) sends the application to the
    # platform, and the history shows no forwarding: the provider has not received it.
    national = only(result, "cn.request_reply_unconditional")
    assert (national["status"], national["due"]) == ("not_applicable", None)
    assert "jinzhong art. 14" in national["reason"]


@pytest.mark.parametrize("share_type, rule", [
    ("unconditional", "jinzhong.request_review_unconditional"),
    ("conditional", "jinzhong.request_review_conditional"),
])
def test_jinzhong_dedicated_requests_need_no_review(share_type, rule):
    result = run([ev("request.submitted", "2026-02-13", share_type=share_type, dedicated=True)],
                 jurisdiction="jinzhong", as_of="2026-02-14")
    d = only(result, rule)
    assert (d["status"], d["due"], d["binding"]) == ("not_applicable", None, False)
    assert "专用" in d["reason"]
    # art. 15(4): the dedicated user shares directly; no request reaches the provider, so the
    # national reply period (from the provider's receipt) does not arise either
    national = only(result, f"cn.request_reply_{share_type}")
    assert national["status"] == "not_applicable" and "jinzhong art. 15" in national["reason"]


def test_jinzhong_rejected_review_fulfils_the_review_duty():
    result = run([ev("request.submitted", "2026-09-30", share_type="conditional"),
                  ev("request.reviewed", "2026-10-09", result="rejected")],
                 jurisdiction="jinzhong", as_of="2026-10-09")
    # art. 14(2): Wed 2026-09-30 + 2 wd: Oct 1-7 off, Oct 8=1, Oct 9=2 -> due 2026-10-09;
    # the rejection returned on Oct 9 completes the check -> met.
    check(only(result, "jinzhong.request_review_conditional"), "2026-10-09", "met", "2026-10-09", 0, True)
    assert "jinzhong.request_reply" not in rules(result)  # nothing was forwarded


def test_jinzhong_forwarded_on_time_reply_late_from_forwarding():
    result = run([ev("request.submitted", "2026-09-30", share_type="conditional"),
                  ev("request.forwarded", "2026-10-09"),
                  ev("request.replied", "2026-10-16", decision="approve")],
                 jurisdiction="jinzhong", as_of="2026-10-16")
    # review: due 2026-10-09 (above); forwarded Oct 9 -> met.
    check(only(result, "jinzhong.request_review_conditional"), "2026-10-09", "met", "2026-10-09", 0)
    # art. 14(2) reply from the forwarding: Fri 2026-10-09 + 5 wd: Oct 10 (Sat, make-up)=1,
    # Oct 12..15=2..5 -> due 2026-10-15; replied Oct 16 -> late by 1; binding.
    check(only(result, "jinzhong.request_reply"), "2026-10-15", "late", "2026-10-16", 1, True)
    # cn art. 21 from the provider's receipt, the forwarding: Fri Oct 9 + 10 wd: Oct 10 (Sat)=1,
    # 12..16=2..6, 19..22=7..10 -> due 2026-10-22 -> met.
    check(only(result, "cn.request_reply_conditional"), "2026-10-22", "met", "2026-10-16", 0, False)


def test_jinzhong_accepted_review_is_not_the_forwarding():
    result = run([ev("request.submitted", "2026-09-30", share_type="conditional"),
                  ev("request.reviewed", "2026-10-08"),  # accepted (default): not forwarded yet
                  ev("request.forwarded", "2026-10-12"),
                  ev("request.replied", "2026-10-19", decision="refuse", reason="超出职责范围")],
                 jurisdiction="jinzhong", as_of="2026-10-19")
    # review due 2026-10-09; forwarded Mon Oct 12: (Oct 9, Oct 12] = Oct 10 (Sat, make-up), Oct 12
    # -> late by 2.
    check(only(result, "jinzhong.request_review_conditional"), "2026-10-09", "late", "2026-10-12", 2)
    # reply: Mon 2026-10-12 + 5 wd: Oct 13..16=1..4, Oct 19=5 -> due 2026-10-19; replied then -> met;
    # cn art. 21 from the forwarding: Mon Oct 12 + 10 wd: Oct 13..16=1..4, 19..23=5..9, 26=10
    # -> due 2026-10-26; the local reply is earlier -> binding.
    check(only(result, "jinzhong.request_reply"), "2026-10-19", "met", "2026-10-19", 0, True)
    check(only(result, "cn.request_reply_conditional"), "2026-10-26", "met", "2026-10-19", 0, False)


def test_jinzhong_correction_five_working_days_across_labour_day():
    result = run([ev("quality.objection", "2026-04-30"), ev("quality.resolved", "2026-05-12")],
                 jurisdiction="jinzhong", as_of="2026-05-31")
    # art. 16: Thu 2026-04-30 + 5 wd: May 1-5 off, May 6=1, 7=2, 8=3, May 9 (Sat, make-up)=4,
    # May 11=5 -> due 2026-05-11; resolved Tue May 12 -> late by 1; binding.
    check(only(result, "jinzhong.quality_feedback"), "2026-05-11", "late", "2026-05-12", 1, True)
    # cn art. 26: 10 wd: May 6..9=1..4, May 11..15=5..9, May 18=10 -> due 2026-05-18 -> met.
    check(only(result, "cn.quality_feedback"), "2026-05-18", "met", "2026-05-12", 0, False)


def test_jinzhong_catalog_update_15_days_beside_cn_10():
    result = run([ev("catalog.change", "2026-09-21"), ev("catalog.updated", "2026-10-19")],
                 jurisdiction="jinzhong", as_of="2026-10-31")
    # Mon 2026-09-21: Sep 22=1, 23=2, 24=3, Sep 25-27 off, Sep 28=4, 29=5, 30=6, Oct 1-7 off,
    # Oct 8=7, 9=8, Oct 10 (Sat)=9, Oct 12=10 (cn due), Oct 13..16=11..14, Oct 19=15 (jinzhong due).
    check(only(result, "jinzhong.catalog_update"), "2026-10-19", "met", "2026-10-19", 0, False)
    # cn: (Oct 12, Oct 19] = Oct 13, 14, 15, 16, 19 -> late by 5; binding.
    check(only(result, "cn.catalog_update"), "2026-10-12", "late", "2026-10-19", 5, True)


@pytest.mark.parametrize("available, retired, as_of, earliest, status", [
    # 2026-03-02 + 20 natural days -> old resource kept through 2026-03-22; retirement from 03-23.
    ("2026-03-02", None, "2026-03-10", "2026-03-23", "pending"),
    ("2026-03-02", "2026-03-22", "2026-03-31", "2026-03-23", "breached"),
    ("2026-03-02", "2026-03-23", "2026-03-31", "2026-03-23", "met"),
    # natural days ignore the Spring Festival: 2026-02-10 + 20 -> Mar 2 (Feb has 28 days:
    # Feb 10 + 18 = Feb 28, + 2 = Mar 2) is the last day; retiring on it is too early.
    ("2026-02-10", "2026-03-02", "2026-03-31", "2026-03-03", "breached"),
])
def test_jinzhong_resource_transition_minimum(available, retired, as_of, earliest, status):
    events = [ev("resource.replacement_available", available)]
    if retired:
        events.append(ev("resource.retired", retired))
    d = only(run(events, jurisdiction="jinzhong", as_of=as_of), "jinzhong.resource_transition")
    assert (d["bound"], d["due"], d["earliest"], d["status"], d["completed_on"]) == \
        ("minimum", None, earliest, status, retired)
    assert d["period"]["unit"] == "natural_days" and d["party"] == "provider"


def _reports(result):
    """The monthly-report entries by the month they cover (a not_applicable one has no period)."""
    return {(d["period"] or {}).get("covers", d["status"]): d
            for d in result["deadlines"] if d["rule"] == "jinzhong.monthly_report"}


def test_jinzhong_monthly_report():
    result = run([ev("provision.started", "2026-01-15", subject="科", method="file_upload"),
                  ev("report.submitted", "2026-02-05", subject="科", period="2026-01"),
                  ev("report.submitted", "2026-03-06", subject="科", period="2026-02"),
                  ev("report.submitted", "2026-04-03", subject="科", period="2026-03", zero=True)],
                 jurisdiction="jinzhong", as_of="2026-05-20")
    reports = _reports(result)
    # the first period is the month of provision.started (January 2026), due on the 5th after
    assert sorted(reports) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    # January: due 2026-02-05, submitted on the 5th -> met (每月5日前 read as on or before the 5th)
    check(reports["2026-01"], "2026-02-05", "met", "2026-02-05", 0)
    # February: due 2026-03-05, submitted on the 6th -> late by 1 day
    check(reports["2026-02"], "2026-03-05", "late", "2026-03-06", 1)
    # March: a zero report on Apr 3, before the due date 2026-04-05 -> met
    check(reports["2026-03"], "2026-04-05", "met", "2026-04-03", 0)
    # April: due 2026-05-05, nothing submitted, as_of May 20 -> overdue by 20 - 5 = 15 days
    check(reports["2026-04"], "2026-05-05", "overdue", None, 15)
    # May: due 2026-06-05, not yet due -> pending
    check(reports["2026-05"], "2026-06-05", "pending", None, 0)
    assert all(d["reading"] and d["period"]["unit"] == "day_of_next_month" for d in reports.values())


def test_jinzhong_monthly_report_only_for_file_upload():
    result = run([ev("provision.started", "2026-01-15", method="interface")],
                 jurisdiction="jinzhong", as_of="2026-05-20")
    assert _reports(result) == {}


def test_jinzhong_monthly_report_first_period_in_june_2022():
    # started 2022-06-20 (in force from 2022-06-16): first period June 2022, due 2022-07-05 (= first_due).
    result = run([ev("provision.started", "2022-06-20", method="file_upload"),
                  ev("report.submitted", "2022-07-05", period="2022-06")],
                 jurisdiction="jinzhong", as_of="2022-07-31")
    reports = _reports(result)
    assert sorted(reports) == ["2022-06", "2022-07"]
    check(reports["2022-06"], "2022-07-05", "met", "2022-07-05", 0)
    check(reports["2022-07"], "2022-08-05", "pending", None, 0)


def test_jinzhong_monthly_report_nothing_before_first_due():
    # a unit uploading files since March 2022 (before the plan) is a 采取文件上传方式的单位 when the
    # fourth phase starts: its first report is due 2022-07-05 for June 2022; nothing for March-May.
    result = run([ev("provision.started", "2022-03-10", method="file_upload"),
                  ev("report.submitted", "2022-07-04", period="2022-06")],
                 jurisdiction="jinzhong", as_of="2022-07-31")
    reports = _reports(result)
    assert sorted(reports) == ["2022-06", "2022-07"]
    check(reports["2022-06"], "2022-07-05", "met", "2022-07-04", 0)
    check(reports["2022-07"], "2022-08-05", "pending", None, 0)


def test_jinzhong_monthly_reports_stop_at_expiry():
    events = [ev("provision.started", "2027-04-20", method="file_upload")]
    result = run(events, jurisdiction="jinzhong", as_of="2027-06-16")
    reports = _reports(result)
    # April 2027 due 2027-05-05, May 2027 due 2027-06-05 (inside the interval, which ends 2027-06-16);
    # June's would be due 2027-07-05, after expiry -> none.
    assert sorted(reports) == ["2027-04", "2027-05"]
    # overdue to as_of 2027-06-16: May 5 -> Jun 16 = 26 (to May 31) + 16 = 42 days; Jun 5 -> Jun 16 = 11.
    check(reports["2027-04"], "2027-05-05", "overdue", None, 42)
    check(reports["2027-05"], "2027-06-05", "overdue", None, 11)
    later = _reports(run(events, jurisdiction="jinzhong", as_of="2027-09-30"))
    assert sorted(later) == ["2027-04", "2027-05"]
    assert later["2027-05"]["due"] == "2027-06-05"


def test_jinzhong_monthly_report_started_after_expiry():
    result = run([ev("provision.started", "2027-06-17", method="file_upload")],
                 jurisdiction="jinzhong", as_of="2027-09-30")
    (d,) = [d for d in result["deadlines"] if d["rule"] == "jinzhong.monthly_report"]
    assert d["status"] == "not_applicable" and "2027-06-16" in d["reason"]


def test_jinzhong_last_day_in_force_applies_provisionally():
    result = run([ev("quality.objection", "2027-06-16")], jurisdiction="jinzhong", as_of="2027-06-20")
    # Wed 2027-06-16 (last day in force, art. 31) + 5 wd: Jun 17=1, 18=2, 21=3, 22=4, 23=5
    # -> due 2027-06-23 (2027 not announced: provisional).
    jz = only(result, "jinzhong.quality_feedback")
    check(jz, "2027-06-23", "pending", None, 0, True)
    assert jz["provisional"] is True
    # cn: 10 wd: Jun 17, 18, Jun 21..25, Jun 28, 29, 30 -> due 2027-06-30, provisional.
    cn = only(result, "cn.quality_feedback")
    check(cn, "2027-06-30", "pending", None, 0, False)
    assert cn["provisional"] is True
    assert result["calendar"]["provisional"] is True
    assert set(codes(result)) == {"provisional_calendar"}


def test_jinzhong_day_after_expiry_is_not_applicable():
    result = run([ev("quality.objection", "2027-06-17")], jurisdiction="jinzhong", as_of="2027-06-20")
    jz = only(result, "jinzhong.quality_feedback")
    assert (jz["status"], jz["due"], jz["binding"]) == ("not_applicable", None, False)
    assert "2027-06-16" in jz["reason"]
    # cn still binds: Thu 2027-06-17 + 10 wd: Jun 18=1, Jun 21..25=2..6, Jun 28..30=7..9,
    # Jul 1=10 -> due 2027-07-01, provisional.
    cn = only(result, "cn.quality_feedback")
    check(cn, "2027-07-01", "pending", None, 0, True)
    assert cn["provisional"] is True


# ================================================================================================
# xian and yumen: no time limits of their own, only cn's (from 2025-08-01)
# ================================================================================================

def test_xian_only_national_deadlines():
    result = run([ev("catalog.change", "2026-09-28"), ev("catalog.updated", "2026-10-15")],
                 jurisdiction="xian")
    assert rules(result) == ["cn.catalog_review", "cn.catalog_update"]
    # Mon 2026-09-28 + 10 wd -> 2026-10-16 (Sep 29, 30, Oct 8, 9, 10 (Sat), 12..16); met.
    check(only(result, "cn.catalog_update"), "2026-10-16", "met", "2026-10-15", 0, True)
    # review: Thu Oct 15 + 2 wd -> Mon 2026-10-19; never published -> overdue by 25 (as above).
    check(only(result, "cn.catalog_review"), "2026-10-19", "overdue", None, 25, True)
    assert run([ev("catalog.change", "2026-09-28")], jurisdiction="xian", layers="local")["deadlines"] == []


def test_xian_before_the_national_regulation():
    result = run([ev("catalog.change", "2025-07-31")], jurisdiction="xian", as_of="2025-09-30")
    assert rules(result) == ["cn.catalog_update"]
    d = only(result, "cn.catalog_update")
    assert d["status"] == "not_applicable" and "2025-08-01" in d["reason"]


def test_yumen_only_national_deadlines_across_national_day_2025():
    result = run([ev("request.submitted", "2025-09-26", share_type="conditional"),
                  ev("request.replied", "2025-10-17", decision="approve")],
                 jurisdiction="yumen", as_of="2025-10-17")
    # cn art. 21: Fri 2025-09-26 + 10 wd: Sep 28 (Sun, make-up)=1, 29=2, 30=3, Oct 1-8 off,
    # Oct 9=4, 10=5, Oct 11 (Sat, make-up)=6, Oct 13..16=7..10 -> due 2025-10-16;
    # replied Fri Oct 17 -> late by 1.
    assert rules(result) == ["cn.request_delivery", "cn.request_reply_conditional"]
    check(only(result, "cn.request_reply_conditional"), "2025-10-16", "late", "2025-10-17", 1, True)


def test_yumen_from_2025_08_01():
    # the first day of Decree 809: Fri 2025-08-01 + 10 wd: Aug 4..8=1..5, Aug 11..15=6..10 -> 2025-08-15.
    result = run([ev("catalog.change", "2025-08-01")], jurisdiction="yumen", as_of="2025-08-15")
    check(only(result, "cn.catalog_update"), "2025-08-15", "pending", None, 0, True)
    before = run([ev("catalog.change", "2025-07-31")], jurisdiction="yumen", as_of="2025-08-15")
    d = only(before, "cn.catalog_update")
    assert d["status"] == "not_applicable" and "2025-08-01" in d["reason"]
