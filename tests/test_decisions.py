"""The decisions of issue 15, item 6, worked by hand (2026 calendar: November has no holiday;
National Day: Oct 1-7 off, Sat Oct 10 a make-up working day)."""

from __future__ import annotations

from datetime import date

from regkit import classify, evaluate
from regkit.packs import get_pack

from engine_helpers import ev, only, run


def test_a_claim_whose_opening_the_text_forbids_is_invalid():
    # jinzhong plan 三(三): conditional data may only be 不可对社会开放
    item = classify("jinzhong", {"share_type": "conditional", "conditions_listed": True, "open_type": "open"},
                    layers="local")[0]
    assert item["valid"] is False and item["result"]["open_allowed"] is False
    assert [r["rule"] for r in item["requirements"]] == ["jinzhong.opening_restricted_open"]
    assert item["requirements"][0]["source"]["document"] == "jinzhong-plan"
    # the same claim kept closed is valid; unconditional data may be opened
    closed = classify("jinzhong", {"share_type": "conditional", "conditions_listed": True,
                                   "open_type": "not_open"}, layers="local")[0]
    assert closed["valid"] is True and closed["requirements"] == []
    opened = classify("jinzhong", {"share_type": "unconditional", "open_type": "open"}, layers="local")[0]
    assert opened["valid"] is True


def test_a_grant_after_the_duty_was_met_is_moot():
    # cn art. 17: Mon 2026-11-02 + 10 wd: Nov 3..6 (4), 9..13 (9), 16 (10) -> due Nov 16;
    # updated Tue Nov 10; a grant of Thu Nov 12 (before the due date, after the update) is moot.
    result = run([ev("catalog.change", "2026-11-02"), ev("catalog.updated", "2026-11-10"),
                  ev("catalog.extension_granted", "2026-11-12")], as_of="2026-11-30")
    d = only(result, "cn.catalog_update")
    assert (d["due"], d["status"], d["period"]["extended_by"]) == ("2026-11-16", "met", 0)
    assert [w["code"] for w in result["warnings"]] == ["extension_moot"]
    # granted Mon Nov 9, before the update: 5 wd from Nov 16 = Nov 17..20 (4), 23 (5) -> Nov 23
    result = run([ev("catalog.change", "2026-11-02"), ev("catalog.extension_granted", "2026-11-09"),
                  ev("catalog.updated", "2026-11-10")], as_of="2026-11-30")
    d = only(result, "cn.catalog_update")
    assert (d["due"], d["period"]["extended_by"]) == ("2026-11-23", 5)
    assert result["warnings"] == []


def test_jinzhong_five_years_end_on_2027_06_16_without_an_alternative():
    in_force = get_pack("jinzhong").meta.in_force
    assert (in_force.from_, in_force.until, in_force.reading) == (date(2022, 6, 16), date(2027, 6, 16), None)
    assert "201-202" in in_force.note


def test_the_report_after_an_incident_shows_the_reading_of_immediately():
    for jurisdiction, rule in (("cn", "cn.incident_report"), ("shandong", "shandong.incident_report")):
        result = run([ev("security.incident", "2026-11-02")], jurisdiction=jurisdiction, as_of="2026-11-03")
        d = only(result, rule)
        assert (d["due"], d["status"]) == ("2026-11-02", "overdue")
        assert "立即 governs the whole" in d["reading"]


def test_jinzhong_monthly_report_shows_the_alternative_due_date_on_a_day_off():
    events = [ev("provision.started", "2026-08-10", "u", method="file_upload"),
              ev("report.submitted", "2026-10-08", "u", period="2026-09"),
              ev("report.submitted", "2026-11-05", "u", period="2026-10")]
    result = evaluate(events, jurisdiction="jinzhong", as_of="2026-11-30")
    by_month = {d["period"]["covers"]: d for d in result["deadlines"] if d["rule"] == "jinzhong.monthly_report"}
    # September's report: due Mon 2026-10-05 (National Day holiday, not moved): Oct 8 is 3 days late;
    # under Civil Code art. 203 the next working day after Oct 5-7 is Thu Oct 8: on time.
    sept = by_month["2026-09"]
    assert (sept["due"], sept["status"], sept["late_by"]) == ("2026-10-05", "late", 3)
    assert sept["alternative"]["due"] == "2026-10-08" and sept["alternative"]["status"] == "met"
    assert "art. 203" in sept["alternative"]["reading"]
    # August's: due Sat 2026-09-05 (a weekend day) -> alternative Mon Sep 7; nothing reported
    assert by_month["2026-08"]["alternative"]["due"] == "2026-09-07"
    # October's: due Thu 2026-11-05, a working day: the readings agree, no alternative shown
    assert by_month["2026-10"]["status"] == "met" and "alternative" not in by_month["2026-10"]
