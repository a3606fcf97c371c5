"""The deadline engine on the national regulation: hand-worked cases.

Calendar facts used below (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04):
Spring Festival Feb 15-23 off, Feb 14 (Sat) and Feb 28 (Sat) worked; Labour Day May 1-5
off, May 9 (Sat) worked; National Day Oct 1-7 off, Sep 20 (Sun) and Oct 10 (Sat) worked.
Every expected date is counted by hand from these, never taken from the engine.
"""

from __future__ import annotations

import pytest

from regkit import HistoryError, UnknownJurisdiction, WorkingDayCalendar, evaluate, to_json
from regkit.errors import ProvisionalDateError

from engine_helpers import ev, only, run


# -- art. 17: catalog update, extension, review ---------------------------------------

def test_catalog_update_across_national_day_met():
    # 2026-09-28 + 10 wd: Sep 29=1, Sep 30=2, Oct 1-7 off, Oct 8=3, Oct 9=4,
    # Oct 10 (Sat, make-up)=5, Oct 12..16=6..10 -> due 2026-10-16; done Oct 15 -> met.
    d = only(run([ev("catalog.change", "2026-09-28"), ev("catalog.updated", "2026-10-15")]),
             "cn.catalog_update")
    assert (d["due"], d["status"], d["completed_on"], d["late_by"]) == ("2026-10-16", "met", "2026-10-15", 0)
    assert d["period"] == {"amount": 10, "unit": "working_days", "extended_by": 0}
    assert d["party"] == "department" and d["kind"] == "catalog_update" and d["binding"] is True
    assert d["source"]["article"] == 17 and "10个工作日" in d["source"]["quote"]
    assert d["trigger"] == {"type": "catalog.change", "date": "2026-09-28"}


def test_catalog_update_late_by_working_days():
    # due 2026-10-16 (Fri); done Mon 2026-10-19: working days in (Oct 16, Oct 19] = {Oct 19} -> late by 1.
    d = only(run([ev("catalog.change", "2026-09-28"), ev("catalog.updated", "2026-10-19")]),
             "cn.catalog_update")
    assert (d["status"], d["late_by"]) == ("late", 1)


def test_catalog_update_pending_then_overdue():
    # 2026-11-10 (Tue) + 10 wd: Nov 11,12,13,16,17,18,19,20,23,24 -> due 2026-11-24.
    events = [ev("catalog.change", "2026-11-10")]
    assert only(run(events, as_of="2026-11-22"), "cn.catalog_update")["status"] == "pending"
    assert only(run(events, as_of="2026-11-24"), "cn.catalog_update")["status"] == "pending"
    # as of Nov 30: working days in (Nov 24, Nov 30] = 25, 26, 27, 30 -> overdue by 4.
    d = only(run(events, as_of="2026-11-30"), "cn.catalog_update")
    assert (d["due"], d["status"], d["late_by"], d["completed_on"]) == ("2026-11-24", "overdue", 4, None)


def test_extension_counts_from_the_original_due_date():
    # original due 2026-10-16; grant on the due date itself (allowed), 5 wd:
    # Oct 19, 20, 21, 22, 23 -> 2026-10-23; done Oct 23 -> met.
    d = only(run([ev("catalog.change", "2026-09-28"), ev("catalog.extension_granted", "2026-10-16", amount=5),
                  ev("catalog.updated", "2026-10-23")]), "cn.catalog_update")
    assert (d["due"], d["status"], d["period"]["extended_by"]) == ("2026-10-23", "met", 5)


def test_extension_without_amount_is_the_maximum_and_longer_grants_are_capped():
    no_amount = only(run([ev("catalog.change", "2026-09-28"), ev("catalog.extension_granted", "2026-10-09")]),
                     "cn.catalog_update")
    assert (no_amount["due"], no_amount["period"]["extended_by"]) == ("2026-10-23", 5)
    result = run([ev("catalog.change", "2026-09-28"), ev("catalog.extension_granted", "2026-10-09", amount=8)])
    d = only(result, "cn.catalog_update")
    assert (d["due"], d["period"]["extended_by"]) == ("2026-10-23", 5)  # capped at art. 17's 5
    assert [w["code"] for w in result["warnings"]] == ["extension_capped"]


def test_extension_granted_after_the_due_date_is_ignored():
    result = run([ev("catalog.change", "2026-09-28"), ev("catalog.extension_granted", "2026-10-19", amount=5),
                  ev("catalog.updated", "2026-10-20")])
    d = only(result, "cn.catalog_update")
    # due stays 2026-10-16; done Oct 20: (Oct 16, Oct 20] = 19, 20 -> late by 2.
    assert (d["due"], d["status"], d["late_by"], d["period"]["extended_by"]) == ("2026-10-16", "late", 2, 0)
    assert [w["code"] for w in result["warnings"]] == ["extension_after_due"]


def test_catalog_review_two_working_days_after_the_update():
    # updated Thu 2026-10-15 + 2 wd: Oct 16 (Fri)=1, Oct 19 (Mon)=2 -> due 2026-10-19; published Oct 20: late by 1.
    d = only(run([ev("catalog.change", "2026-09-28"), ev("catalog.updated", "2026-10-15"),
                  ev("catalog.published", "2026-10-20")]), "cn.catalog_review")
    assert (d["party"], d["due"], d["status"], d["late_by"]) == ("authority", "2026-10-19", "late", 1)


def test_not_applicable_before_the_regulation_is_in_force():
    d = only(run([ev("catalog.change", "2025-07-15")]), "cn.catalog_update")
    assert d["status"] == "not_applicable" and d["due"] is None and d["binding"] is False
    assert "2025-08-01" in d["reason"]
    # the first day in force (art. 44: 自2025年8月1日起施行) applies
    assert only(run([ev("catalog.change", "2025-08-01")]), "cn.catalog_update")["status"] != "not_applicable"


# -- art. 21 and 22: replies and delivery ---------------------------------------------

def test_conditional_reply_across_spring_festival():
    # Wed 2026-02-11 + 10 wd: Feb 12=1, 13=2, 14 (Sat, make-up)=3, Feb 15-23 off, 24=4, 25=5,
    # 26=6, 27=7, 28 (Sat, make-up)=8, Mar 2=9, Mar 3=10 -> due 2026-03-03.
    d = only(run([ev("request.submitted", "2026-02-11", share_type="conditional")]), "cn.request_reply_conditional")
    assert (d["due"], d["status"], d["party"]) == ("2026-03-03", "overdue", "provider")


def test_unconditional_reply_one_working_day_and_its_reading():
    # Wed 2026-09-30 + 1 wd: Oct 1-7 off -> Thu 2026-10-08.
    d = only(run([ev("request.submitted", "2026-09-30", share_type="unconditional"),
                  ev("request.replied", "2026-10-08", decision="approve")]), "cn.request_reply_unconditional")
    assert (d["due"], d["status"]) == ("2026-10-08", "met")
    assert d["reading"]  # art. 21's extension sentence: the reading taken is stated in the result


def test_reply_extension_is_capped_at_ten_working_days():
    # submitted Wed 2026-09-30 conditional: due Tue 2026-10-20 (Oct 8=1, 9=2, 10=3, 12..16=4..8, 19=9, 20=10);
    # a 15-day grant is capped at 10: Oct 21..23 (3), 26..30 (8), Nov 2=9, Nov 3=10 -> 2026-11-03.
    result = run([ev("request.submitted", "2026-09-30", share_type="conditional"),
                  ev("request.extension_granted", "2026-10-12", amount=15)])
    d = only(result, "cn.request_reply_conditional")
    assert (d["due"], d["period"]["extended_by"]) == ("2026-11-03", 10)


def test_delivery_after_approval_across_labour_day():
    # approved Thu 2026-04-30 + 20 wd: May 1-5 off; May 6=1, 7=2, 8=3, 9 (Sat, make-up)=4, 11..15=5..9,
    # 18..22=10..14, 25..29=15..19, Jun 1=20 -> due 2026-06-01.
    result = run([ev("request.submitted", "2026-04-20", share_type="conditional"),
                  ev("request.replied", "2026-04-30", decision="approve"),
                  ev("request.delivered", "2026-06-02")])
    d = only(result, "cn.request_delivery")
    assert (d["due"], d["status"], d["late_by"]) == ("2026-06-01", "late", 1)


def test_a_refusal_starts_no_delivery_period():
    result = run([ev("request.submitted", "2026-04-20", share_type="conditional"),
                  ev("request.replied", "2026-04-30", decision="refuse", reason="不符合共享条件")])
    assert [d for d in result["deadlines"] if d["rule"] == "cn.request_delivery"] == []


# -- art. 26, 29, 35 ------------------------------------------------------------------

def test_quality_feedback_ten_working_days():
    # objection Mon 2026-09-21 + 10 wd (中秋 Sep 25-27 and 国庆 Oct 1-7 off): Sep 22=1, 23=2, 24=3, Sep 25-27 off, 28=4, 29=5, 30=6, Oct 1-7 off, 8=7, 9=8, 10 (Sat)=9, 12=10.
    d = only(run([ev("quality.objection", "2026-09-21"), ev("quality.resolved", "2026-10-12")]),
             "cn.quality_feedback")
    assert (d["due"], d["status"]) == ("2026-10-12", "met")


@pytest.mark.parametrize("destroyed, status", [
    (None, "pending"),            # as of 2026-11-22 the three years still run
    ("2028-01-01", "breached"),   # before the earliest permitted date
    ("2029-03-10", "breached"),   # the period's last day: the records must still exist then
    ("2029-03-11", "met"),        # the earliest permitted date
])
def test_records_retention_minimum_three_years(destroyed, status):
    # delivered 2026-03-10; 3 years -> last day 2029-03-10; earliest permitted destruction 2029-03-11.
    events = [ev("request.delivered", "2026-03-10")]
    if destroyed:
        events.append(ev("records.destroyed", destroyed))
    d = only(run(events, as_of="2029-12-31"), "cn.records_retention") if destroyed else \
        only(run(events), "cn.records_retention")
    assert (d["bound"], d["earliest"], d["due"], d["status"]) == ("minimum", "2029-03-11", None, status)
    assert d["party"] == "requester"


def test_incident_duties_are_due_the_same_day_even_on_a_holiday():
    # 立即: due the day of the incident, 2026-10-01 (a holiday: same_day is not a working-day count).
    result = run([ev("security.incident", "2026-10-01"), ev("security.response_started", "2026-10-01"),
                  ev("security.reported", "2026-10-03")])
    response = only(result, "cn.incident_response")
    report = only(result, "cn.incident_report")
    assert (response["due"], response["status"]) == ("2026-10-01", "met")
    assert (report["due"], report["status"], report["late_by"]) == ("2026-10-01", "late", 2)
    assert report["reading"]


# -- the engine's contract ----------------------------------------------------------------

def test_subjects_are_separate():
    result = run([ev("catalog.change", "2026-09-28", subject="a"), ev("catalog.updated", "2026-10-15", subject="b")])
    assert only(result, "cn.catalog_update")["status"] == "overdue"


def test_same_input_gives_byte_identical_json_in_any_order():
    events = [ev("catalog.change", "2026-09-28"), ev("catalog.updated", "2026-10-15"),
              ev("request.submitted", "2026-09-30", subject="r", share_type="conditional"),
              ev("security.incident", "2026-11-01", subject="i")]
    assert to_json(run(events)) == to_json(run(list(reversed(events))))
    assert to_json(run(events)) == to_json(run(events))


def test_events_after_as_of_are_not_considered():
    result = run([ev("catalog.change", "2026-09-28"), ev("catalog.updated", "2026-10-15")], as_of="2026-10-10")
    assert only(result, "cn.catalog_update")["status"] == "pending"
    assert [w["code"] for w in result["warnings"]] == ["events_after_as_of"]


def test_provisional_calendar_is_flagged_and_strict_refuses():
    # Thu 2026-12-24 + 10 wd: Dec 25=1, 28..31=2..5, Jan 1 2027 (New Year, estimated)
    # off, Jan 4..8=6..10 -> 2027-01-08 on holidays' estimate for 2027.
    result = run([ev("catalog.change", "2026-12-24")], as_of="2026-12-24")
    d = only(result, "cn.catalog_update")
    assert (d["due"], d["provisional"]) == ("2027-01-08", True)
    assert result["calendar"]["provisional"] is True
    assert any(w["code"] == "provisional_calendar" and "2027-01-01" in w["message"] for w in result["warnings"])
    with pytest.raises(ProvisionalDateError):
        run([ev("catalog.change", "2026-12-24")], as_of="2026-12-24", calendar=WorkingDayCalendar(strict=True))


def test_result_shape_and_receipt():
    result = run([ev("catalog.change", "2026-09-28")])
    assert set(result) >= {"jurisdiction", "as_of", "regkit_version", "calendar", "deadlines", "classifications",
                           "findings", "conflicts", "warnings", "receipt"}
    assert result["calendar"] == {"provisional": False, "official_through": "2026-12-31"}
    (pack,) = result["receipt"]["packs"]
    assert pack["id"] == "cn" and len(pack["sha256"]) == 64
    assert result["receipt"]["calendar"]["holidays_version"]


@pytest.mark.parametrize("kwargs, error, words", [
    ({"jurisdiction": "atlantis"}, UnknownJurisdiction, "atlantis"),
    ({"as_of": "2026-02-30"}, HistoryError, "as_of"),
    ({"layers": "some"}, HistoryError, "layers"),
])
def test_bad_arguments(kwargs, error, words):
    args = {"jurisdiction": "cn", "as_of": "2026-11-22", **kwargs}
    with pytest.raises(error, match=words):
        evaluate([ev("catalog.change", "2026-09-28")], **args)


def test_an_event_outside_the_calendar_is_a_clear_error():
    with pytest.raises(HistoryError, match="event 0 .catalog.change."):
        run([ev("catalog.change", "2036-12-30")], as_of="2036-12-31")
    with pytest.raises(HistoryError, match="as_of 2037-01-01 is after the last day"):  # named as such
        run([ev("catalog.change", "2036-12-30")], as_of="2037-01-01")


def test_a_breached_minimum_period_is_a_finding():
    # delivered 2026-03-10; records destroyed 2028-01-01, before the earliest permitted 2029-03-11.
    result = run([ev("request.delivered", "2026-03-10"), ev("records.destroyed", "2028-01-01")], as_of="2028-02-01")
    (finding,) = result["findings"]
    assert finding["conduct"] == "records_destroyed_before_retention_ended"
    # art. 40 item 5: 未按照规定保存通过共享获取的政务数据有关记录, shown by the art. 29 minimum
    assert (finding["rule"], finding["party"], finding["date"]) == ("cn.requester_records_not_kept", "requester",
                                                                    "2028-01-01")
    assert finding["evidence"]["deadline"] == "cn.records_retention"
    assert finding["source"]["article"] == 40 and finding["enforcer"] == "authority"
    assert "order_to_correct" in finding["sanctions"]
    kept = run([ev("request.delivered", "2026-03-10"), ev("records.destroyed", "2029-03-11")], as_of="2029-04-01")
    assert kept["findings"] == []


def test_a_grant_belongs_to_the_latest_change_on_or_before_it():
    # cn art. 17. Change 1 on Mon 2026-03-02: 10 working days -> Mon 2026-03-16 (no holiday in March).
    # Change 2 on Mon 2026-03-23 -> 10 working days: Mar 24-27 (4), Mar 30-Apr 3 (9), Apr 7 (10;
    # Qingming: Apr 4-6 off, 2026 notice) -> 2026-04-07. A grant of 5 on 2026-03-30 belongs to change 2
    # only: 5 more from Apr 7: Apr 8-10 (3), Apr 13-14 (5) -> 2026-04-14. Change 1 gets no extension
    # and no warning about a grant after its due date.
    from engine_helpers import ev, run
    result = run([ev("catalog.change", "2026-03-02", "c"), ev("catalog.change", "2026-03-23", "c"),
                  ev("catalog.extension_granted", "2026-03-30", "c", amount=5)], as_of="2026-05-29")
    dues = [(d["trigger"]["date"], d["due"], d["period"]["extended_by"]) for d in result["deadlines"]
            if d["rule"] == "cn.catalog_update"]
    assert dues == [("2026-03-02", "2026-03-16", 0), ("2026-03-23", "2026-04-14", 5)]
    assert not [w for w in result["warnings"] if w["code"] == "extension_after_due"]
