"""Golden tests for every example history in examples/: each deadline worked out by hand.

Every expected date below is counted by hand from the statutes (as encoded in rules/packs/ and
described in docs/deadlines.md) and the State Council's 2026 holiday notice, never taken from the
engine. Calendar facts used (国务院办公厅关于2026年部分节假日安排的通知):

    Labour Day  May 1-5 off (Fri-Tue), May 9 (Sat) worked
    Mid-Autumn  Sep 25-27 off (Fri-Sun)
    National    Oct 1-7 off (Thu-Wed), Sep 20 (Sun) and Oct 10 (Sat) worked
    otherwise Mon-Fri work, Sat/Sun off.

Counting: the trigger day is not counted; due = the N-th working day after it; done on the due
date is met; late_by = working days in (due, done] (or (due, as_of] when overdue) for working-day
rules, where a done or as_of that falls on a day off counts as the next working day (as_of Sun
Nov 22 counts as Mon Nov 23: the period would have had to run to then); calendar days for
same-day and monthly-report duties. Minimum periods (bound "minimum"):
due is null, earliest = the day after the period's last day.

Table rows: (subject, rule, covers, due-or-earliest, status, completed_on, late_by, binding).
`covers` is only set for the monthly report. Each table lists every deadline of its example, and
the test checks that the engine gives no other.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import regkit

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MINIMUM_RULES = {"cn.records_retention", "pingdingshan.logs_retention", "jinzhong.resource_transition"}

# -- cn.yaml (as_of 2026-11-22) -------------------------------------------------------------------
CN = [
    # catalog.change Mon 2026-09-28 + 10 wd: Sep 29=1, Sep 30=2, Oct 1-7 off, Oct 8=3, Oct 9=4,
    # Oct 10 (Sat, make-up)=5, Oct 12..16=6..10 -> due 2026-10-16; updated Oct 15 -> met.
    ("catalog-2026", "cn.catalog_update", None, "2026-10-16", "met", "2026-10-15", 0, True),
    # updated Thu 2026-10-15 + 2 wd: Oct 16 (Fri)=1, Oct 19 (Mon)=2 -> due 2026-10-19;
    # published Tue Oct 20: (Oct 19, Oct 20] = {Oct 20} -> late by 1.
    ("catalog-2026", "cn.catalog_review", None, "2026-10-19", "late", "2026-10-20", 1, True),
    # conditional request Wed 2026-09-30 + 10 wd: Oct 8=1, 9=2, 10 (Sat)=3, 12..16=4..8, 19=9,
    # 20=10 -> 2026-10-20; grant on Oct 12 (before the due date) of 5 (<= max 10) counts from
    # Oct 20: Oct 21=1, 22=2, 23=3, 26=4, 27=5 -> due 2026-10-27; replied Oct 20 -> met.
    ("req-0042", "cn.request_reply_conditional", None, "2026-10-27", "met", "2026-10-20", 0, True),
    # approved Tue 2026-10-20 + 20 wd: Oct 21..23=1..3, Oct 26..30=4..8, Nov 2..6=9..13,
    # Nov 9..13=14..18, Nov 16=19, Nov 17=20 -> due 2026-11-17; delivered Fri Nov 20:
    # (Nov 17, Nov 20] = Nov 18, 19, 20 -> late by 3.
    ("req-0042", "cn.request_delivery", None, "2026-11-17", "late", "2026-11-20", 3, True),
    # delivered 2026-11-20 + 3 years -> records kept through 2029-11-20, destruction permitted
    # from 2029-11-21; nothing destroyed, as_of before that -> pending.
    ("req-0042", "cn.records_retention", None, "2029-11-21", "pending", None, 0, True),
    # incident Sun 2026-11-01: 立即 = same day, even on a weekend -> due 2026-11-01.
    ("incident-7", "cn.incident_response", None, "2026-11-01", "met", "2026-11-01", 0, True),
    # reported Nov 3: same-day unit, late_by in days: Nov 3 - Nov 1 = 2.
    ("incident-7", "cn.incident_report", None, "2026-11-01", "late", "2026-11-03", 2, True),
]

# -- hebei.yaml (as_of 2026-11-22) ----------------------------------------------------------------
HEBEI = [
    # catalog.change Mon 2026-09-28 + 10 wd -> original due 2026-10-16 (as in CN above).
    # Grant Wed Oct 14 (<= Oct 16) of 10 wd: hebei art. 9 allows 10 -> from Oct 16:
    # Oct 19..23=1..5, Oct 26..30=6..10 -> due 2026-10-30; updated Thu Oct 22 -> met.
    ("catalog-2026", "hebei.catalog_update", None, "2026-10-30", "met", "2026-10-22", 0, False),
    # cn art. 17 allows only 5: capped (warning), Oct 19..23 -> due 2026-10-23; updated Oct 22 -> met.
    # Earlier due date of the update obligation -> cn binding.
    ("catalog-2026", "cn.catalog_update", None, "2026-10-23", "met", "2026-10-22", 0, True),
    # updated Thu 2026-10-22 + 10 wd: Oct 23=1, Oct 26..30=2..6, Nov 2=7, 3=8, 4=9, 5=10
    # -> due 2026-11-05; published Mon Nov 2 -> met; not binding (cn's 2 days are earlier).
    ("catalog-2026", "hebei.catalog_review", None, "2026-11-05", "met", "2026-11-02", 0, False),
    # cn: Oct 22 + 2 wd: Oct 23=1, Oct 26=2 -> due 2026-10-26; published Nov 2:
    # (Oct 26, Nov 2] = Oct 27, 28, 29, 30, Nov 2 -> late by 5.
    ("catalog-2026", "cn.catalog_review", None, "2026-10-26", "late", "2026-11-02", 5, True),
    # conditional request Fri 2026-10-09 + 3 wd: Oct 10 (Sat, make-up)=1, Oct 12=2, Oct 13=3
    # -> due 2026-10-13; forwarded Oct 13 -> met.
    ("req-he-17", "hebei.request_forward", None, "2026-10-13", "met", "2026-10-13", 0, True),
    # forwarded Tue 2026-10-13 + 5 wd: Oct 14, 15, 16, 19, 20 -> due 2026-10-20; replied Oct 19 -> met.
    # Same reply obligation as cn's, earlier due date -> binding.
    ("req-he-17", "hebei.request_reply", None, "2026-10-20", "met", "2026-10-19", 0, True),
    # cn art. 21 runs from the provider's receipt, the forwarding (hebei art. 15(3)): Tue 2026-10-13
    # + 10 wd: Oct 14=1, 15=2, 16=3, 19..23=4..8, 26=9, 27=10 -> due 2026-10-27; replied Oct 19
    # -> met; not binding (hebei's Oct 20 is earlier).
    ("req-he-17", "cn.request_reply_conditional", None, "2026-10-27", "met", "2026-10-19", 0, False),
    # approved Mon 2026-10-19 + 3 wd (authority delivers): Oct 20, 21, 22 -> due 2026-10-22;
    # delivered Oct 21 -> met. (Party authority: its own obligation, binding.)
    ("req-he-17", "hebei.request_delivery_conditional", None, "2026-10-22", "met", "2026-10-21", 0, True),
    # cn (provider delivers): Oct 19 + 20 wd: Oct 20..23=1..4, Oct 26..30=5..9, Nov 2..6=10..14,
    # Nov 9..13=15..19, Nov 16=20 -> due 2026-11-16; delivered Oct 21 -> met.
    ("req-he-17", "cn.request_delivery", None, "2026-11-16", "met", "2026-10-21", 0, True),
    # delivered 2026-10-21 + 3 years -> last day 2029-10-21, earliest destruction 2029-10-22; pending.
    ("req-he-17", "cn.records_retention", None, "2029-10-22", "pending", None, 0, True),
    # unconditional request Mon 2026-11-16 + 3 wd: Nov 17, 18, 19 -> due 2026-11-19; not delivered,
    # as_of Sun Nov 22, counted as Mon Nov 23: (Nov 19, Nov 23] = Nov 20, 23 -> overdue by 2.
    ("req-he-18", "hebei.request_delivery_unconditional", None, "2026-11-19", "overdue", None, 2, True),
    # cn art. 21: the authority supplies unconditional data itself (hebei art. 15(2)); the request
    # never reaches the provider, which owes no reply for it.
    ("req-he-18", "cn.request_reply_unconditional", None, None, "not_applicable", None, 0, False),
    # objection Mon 2026-11-02 + 3 wd: Nov 3, 4, 5 -> due 2026-11-05; forwarded Nov 4 -> met.
    ("quality-3", "hebei.quality_forward", None, "2026-11-05", "met", "2026-11-04", 0, True),
    # forwarded Wed 2026-11-04 + 10 wd: Nov 5=1, 6=2, 9..13=3..7, 16=8, 17=9, 18=10 -> due 2026-11-18;
    # not resolved: (Nov 18, Nov 23] = Nov 19, 20, 23 -> overdue by 3; binding (cn's is the same day).
    ("quality-3", "hebei.quality_feedback", None, "2026-11-18", "overdue", None, 3, True),
    # cn art. 26 runs from the provider's receipt, the forwarding (hebei art. 16(2)): the same
    # 10 wd from Wed Nov 4 -> due 2026-11-18; overdue by 3; binding (equal due dates both bind).
    ("quality-3", "cn.quality_feedback", None, "2026-11-18", "overdue", None, 3, True),
]

# -- jinzhong.yaml (as_of 2026-11-22) -------------------------------------------------------------
JINZHONG = [
    # provision.started 2026-06-10 (file_upload): the first period is June 2026, due on the 5th of
    # the month after; 每月5日前 read as on or before the 5th; late_by in calendar days.
    ("登记注册科", "jinzhong.monthly_report", "2026-06", "2026-07-05", "met", "2026-07-03", 0, True),
    ("登记注册科", "jinzhong.monthly_report", "2026-07", "2026-08-05", "met", "2026-08-05", 0, True),
    # report for August on Mon Sep 7: Sep 7 - Sep 5 = 2 days late.
    ("登记注册科", "jinzhong.monthly_report", "2026-08", "2026-09-05", "late", "2026-09-07", 2, True),
    # a zero report for September on Oct 5 (the due date) counts -> met.
    ("登记注册科", "jinzhong.monthly_report", "2026-09", "2026-10-05", "met", "2026-10-05", 0, True),
    # no report for October: due Nov 5, as_of Nov 22 -> overdue by 22 - 5 = 17 days.
    ("登记注册科", "jinzhong.monthly_report", "2026-10", "2026-11-05", "overdue", None, 17, True),
    # November's report, due Dec 5, not yet due -> pending.
    ("登记注册科", "jinzhong.monthly_report", "2026-11", "2026-12-05", "pending", None, 0, True),
    # conditional request Tue 2026-10-13 + 2 wd: Oct 14, 15 -> due 2026-10-15; forwarded Oct 14 -> met.
    ("req-jz-3", "jinzhong.request_review_conditional", None, "2026-10-15", "met", "2026-10-14", 0, True),
    # forwarded Wed 2026-10-14 + 5 wd: Oct 15=1, 16=2, 19=3, 20=4, 21=5 -> due 2026-10-21;
    # replied Thu Oct 22: (Oct 21, Oct 22] -> late by 1; binding (earlier than cn's).
    ("req-jz-3", "jinzhong.request_reply", None, "2026-10-21", "late", "2026-10-22", 1, True),
    # cn art. 21 from the provider's receipt, the forwarding (art. 14(2)): Wed 2026-10-14 + 10 wd:
    # Oct 15=1, 16=2, 19..23=3..7, 26=8, 27=9, 28=10 -> due 2026-10-28; replied Oct 22 -> met;
    # not binding.
    ("req-jz-3", "cn.request_reply_conditional", None, "2026-10-28", "met", "2026-10-22", 0, False),
    # approved Thu 2026-10-22 + 20 wd: Oct 23=1, Oct 26..30=2..6, Nov 2..6=7..11, Nov 9..13=12..16,
    # Nov 16=17, 17=18, 18=19, 19=20 -> due 2026-11-19; not delivered: (Nov 19, Nov 23] = Nov 20, 23 -> 2.
    ("req-jz-3", "cn.request_delivery", None, "2026-11-19", "overdue", None, 2, True),
    # dedicated (专用) request: Jinzhong's platform review does not apply (art. 15 item 4).
    ("req-jz-4", "jinzhong.request_review_conditional", None, None, "not_applicable", None, 0, False),
    # cn art. 21 does not arise: the dedicated user shares directly and no request reaches the
    # provider (art. 15(4)).
    ("req-jz-4", "cn.request_reply_conditional", None, None, "not_applicable", None, 0, False),
    # approved Tue 2026-10-13 + 20 wd: Oct 14..16=1..3, Oct 19..23=4..8, Oct 26..30=9..13,
    # Nov 2..6=14..18, Nov 9=19, Nov 10=20 -> due 2026-11-10; delivered Oct 13 -> met.
    ("req-jz-4", "cn.request_delivery", None, "2026-11-10", "met", "2026-10-13", 0, True),
    # delivered 2026-10-13 + 3 years -> last day 2029-10-13, earliest destruction 2029-10-14; pending.
    ("req-jz-4", "cn.records_retention", None, "2029-10-14", "pending", None, 0, True),
    # objection Mon 2026-11-09 + 5 wd: Nov 10, 11, 12, 13, 16 -> due 2026-11-16; not resolved:
    # (Nov 16, Nov 23] = Nov 17, 18, 19, 20, 23 -> overdue by 5; binding.
    ("quality-jz-1", "jinzhong.quality_feedback", None, "2026-11-16", "overdue", None, 5, True),
    # cn: Nov 9 + 10 wd: Nov 10..13=1..4, Nov 16..20=5..9, Nov 23=10 -> due 2026-11-23 >= as_of -> pending.
    ("quality-jz-1", "cn.quality_feedback", None, "2026-11-23", "pending", None, 0, False),
    # replacement 2026-09-01 + 20 natural days -> old resource kept through 2026-09-21, retirement
    # permitted from 2026-09-22; retired Sep 15 -> breached.
    ("企业年报接口v1", "jinzhong.resource_transition", None, "2026-09-22", "breached", "2026-09-15", 0, True),
]

# -- pingdingshan.yaml (as_of 2026-11-22) ---------------------------------------------------------
PINGDINGSHAN = [
    # catalog.change Tue 2026-04-28 + 10 wd: Apr 29=1, Apr 30=2, May 1-5 off, May 6=3, 7=4, 8=5,
    # May 9 (Sat, make-up)=6, 11=7, 12=8, 13=9, 14=10 -> due 2026-05-14; updated Fri May 15 -> late 1.
    # Same period in both layers: equal due dates, both binding.
    ("catalog-2026", "pingdingshan.catalog_update", None, "2026-05-14", "late", "2026-05-15", 1, True),
    ("catalog-2026", "cn.catalog_update", None, "2026-05-14", "late", "2026-05-15", 1, True),
    # updated Fri 2026-05-15 + 2 wd: May 18=1, May 19=2 -> due 2026-05-19; published May 19 -> met.
    ("catalog-2026", "cn.catalog_review", None, "2026-05-19", "met", "2026-05-19", 0, True),
    # conditional request Wed 2026-04-29 + 5 wd: Apr 30=1, May 1-5 off, May 6=2, 7=3, 8=4,
    # May 9 (Sat, make-up)=5 -> due 2026-05-09; replied May 8 -> met; binding.
    ("req-pds-2", "pingdingshan.request_reply_conditional", None, "2026-05-09", "met", "2026-05-08", 0, True),
    # cn: Apr 29 + 10 wd: Apr 30=1, May 6..9=2..5, May 11..15=6..10 -> due 2026-05-15; met; not binding.
    ("req-pds-2", "cn.request_reply_conditional", None, "2026-05-15", "met", "2026-05-08", 0, False),
    # approved Fri 2026-05-08 + 20 wd: May 9 (Sat, make-up)=1, May 11..15=2..6, May 18..22=7..11,
    # May 25..29=12..16, Jun 1..4=17..20 -> due 2026-06-04; delivered May 20 -> met.
    ("req-pds-2", "cn.request_delivery", None, "2026-06-04", "met", "2026-05-20", 0, True),
    # delivered 2026-05-20 + 3 years -> last day 2029-05-20, earliest destruction 2029-05-21; pending.
    ("req-pds-2", "cn.records_retention", None, "2029-05-21", "pending", None, 0, True),
    # delivered 2026-05-20 + 24 months -> logs kept through 2028-05-20, deletion from 2028-05-21; pending.
    ("req-pds-2", "pingdingshan.logs_retention", None, "2028-05-21", "pending", None, 0, True),
]

# -- shandong.yaml (as_of 2026-11-22) -------------------------------------------------------------
SHANDONG = [
    # catalog.change Mon 2026-09-21 + 15 wd: Sep 22=1, 23=2, 24=3, Sep 25-27 off (Mid-Autumn),
    # Sep 28=4, 29=5, 30=6, Oct 1-7 off, Oct 8=7, 9=8, Oct 10 (Sat, make-up)=9, Oct 12..16=10..14,
    # Oct 19=15 -> due 2026-10-19; updated Fri Oct 16 -> met; not binding.
    ("catalog-2026", "shandong.catalog_update", None, "2026-10-19", "met", "2026-10-16", 0, False),
    # cn 10 wd: ... Oct 10=9, Oct 12=10 -> due 2026-10-12; updated Oct 16:
    # (Oct 12, Oct 16] = Oct 13, 14, 15, 16 -> late by 4; binding.
    ("catalog-2026", "cn.catalog_update", None, "2026-10-12", "late", "2026-10-16", 4, True),
    # updated Fri 2026-10-16 + 2 wd: Oct 19=1, Oct 20=2 -> due 2026-10-20; never published, as_of
    # Sun Nov 22, counted as Mon Nov 23: (Oct 20, Nov 23] = Oct 21..23 (3), Oct 26..30 (5),
    # Nov 2..6 (5), Nov 9..13 (5), Nov 16..20 (5), Nov 23 (1) -> overdue by 24.
    ("catalog-2026", "cn.catalog_review", None, "2026-10-20", "overdue", None, 24, True),
    # conditional request Mon 2026-11-02 + 10 wd: Nov 3..6=1..4, Nov 9..13=5..9, Nov 16=10
    # -> due 2026-11-16 in both layers (both binding); refused Nov 13 -> met (a refusal is a reply).
    ("req-sd-5", "shandong.request_reply_conditional", None, "2026-11-16", "met", "2026-11-13", 0, True),
    ("req-sd-5", "cn.request_reply_conditional", None, "2026-11-16", "met", "2026-11-13", 0, True),
    # incident Wed 2026-11-18, 立即 -> due the same day in both layers; response the same day -> met;
    # no report: as_of Nov 22 - Nov 18 = 4 days overdue.
    ("leak-1", "shandong.incident_response", None, "2026-11-18", "met", "2026-11-18", 0, True),
    ("leak-1", "cn.incident_response", None, "2026-11-18", "met", "2026-11-18", 0, True),
    ("leak-1", "shandong.incident_report", None, "2026-11-18", "overdue", None, 4, True),
    ("leak-1", "cn.incident_report", None, "2026-11-18", "overdue", None, 4, True),
]

# -- xian.yaml (as_of 2026-11-22): no time limits of its own, only cn's -------------------------
XIAN = [
    # unconditional request Mon 2026-11-09 + 1 wd -> due 2026-11-10; replied Wed Nov 11 -> late by 1.
    ("req-xa-1", "cn.request_reply_unconditional", None, "2026-11-10", "late", "2026-11-11", 1, True),
    # approved Wed 2026-11-11 + 20 wd: Nov 12, 13=1..2, Nov 16..20=3..7, Nov 23..27=8..12,
    # Nov 30..Dec 4=13..17, Dec 7=18, 8=19, 9=20 -> due 2026-12-09; delivered Nov 20 -> met.
    ("req-xa-1", "cn.request_delivery", None, "2026-12-09", "met", "2026-11-20", 0, True),
    # delivered 2026-11-20 + 3 years -> earliest destruction 2029-11-21; pending.
    ("req-xa-1", "cn.records_retention", None, "2029-11-21", "pending", None, 0, True),
]

# -- yumen.yaml (as_of 2026-11-22): no time limits of its own, only cn's -------------------------
YUMEN = [
    # catalog.change Mon 2026-11-02 + 10 wd: Nov 3..6=1..4, Nov 9..13=5..9, Nov 16=10 -> due 2026-11-16;
    # updated Fri Nov 13 -> met.
    ("目录-2026", "cn.catalog_update", None, "2026-11-16", "met", "2026-11-13", 0, True),
    # updated Fri 2026-11-13 + 2 wd: Nov 16=1, Nov 17=2 -> due 2026-11-17; published Nov 18 -> late by 1.
    ("目录-2026", "cn.catalog_review", None, "2026-11-17", "late", "2026-11-18", 1, True),
]

TABLES = {
    "cn": (CN, []),
    # hebei's 10-day catalog extension exceeds cn art. 17's 5: reported for cn.catalog_update.
    "hebei": (HEBEI, ["extension_capped"]),
    "jinzhong": (JINZHONG, []),
    "pingdingshan": (PINGDINGSHAN, []),
    "shandong": (SHANDONG, []),
    "xian": (XIAN, []),
    "yumen": (YUMEN, []),
}


def _evaluate(name):
    h = regkit.load_history(EXAMPLES / f"{name}.yaml")
    assert h.jurisdiction == name
    return regkit.evaluate(h.events, jurisdiction=h.jurisdiction, as_of=h.as_of)


@pytest.fixture(scope="module")
def results():
    return {name: _evaluate(name) for name in TABLES}


def _key(d):
    return (d["subject"], d["rule"], (d["period"] or {}).get("covers"))


def test_every_example_is_covered():
    assert sorted(p.stem for p in EXAMPLES.glob("*.yaml")) == sorted(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_example_deadlines_are_exactly_the_table(results, name):
    table, _ = TABLES[name]
    got = sorted(_key(d) for d in results[name]["deadlines"])
    assert got == sorted(row[:3] for row in table)


@pytest.mark.parametrize("name, row", [(name, row) for name, (table, _) in sorted(TABLES.items())
                                       for row in table],
                         ids=lambda v: "-".join(str(x) for x in v[:3] if x) if isinstance(v, tuple) else v)
def test_example_deadline(results, name, row):
    subject, rule, covers, when, status, completed_on, late_by, binding = row
    found = [d for d in results[name]["deadlines"] if _key(d) == (subject, rule, covers)]
    assert len(found) == 1, found
    d = found[0]
    if rule in MINIMUM_RULES:
        assert (d["bound"], d["due"], d["earliest"]) == ("minimum", None, when)
    else:
        assert d["due"] == when
    assert (d["status"], d["completed_on"], d["late_by"], d["binding"]) == \
        (status, completed_on, late_by, binding)
    assert d["jurisdiction"] == rule.split(".")[0]
    assert d["provisional"] is False  # everything here is counted inside 2026 (or plain years/months)
    if status == "not_applicable":
        assert d["reason"]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_example_warnings(results, name):
    _, expected = TABLES[name]
    warnings = results[name]["warnings"]
    assert [w["code"] for w in warnings] == expected
    if name == "hebei":
        # granted 10, cn art. 17 allows 5: the cap is on cn's rule, hebei art. 9 allows the 10
        assert "cn.catalog_update" in warnings[0]["message"]
    assert results[name]["calendar"]["provisional"] is False


def test_hebei_example_extensions(results):
    by_rule = {d["rule"]: d for d in results["hebei"]["deadlines"] if d["subject"] == "catalog-2026"}
    assert by_rule["hebei.catalog_update"]["period"] == {"amount": 10, "unit": "working_days", "extended_by": 10}
    assert by_rule["cn.catalog_update"]["period"] == {"amount": 10, "unit": "working_days", "extended_by": 5}


def test_cn_example_extension(results):
    d = [d for d in results["cn"]["deadlines"] if d["rule"] == "cn.request_reply_conditional"][0]
    assert d["period"]["extended_by"] == 5


def test_jinzhong_example_dedicated_reason(results):
    d = [d for d in results["jinzhong"]["deadlines"]
         if d["subject"] == "req-jz-4" and d["rule"] == "jinzhong.request_review_conditional"][0]
    assert "专用" in d["reason"] and d["due"] is None


def test_jinzhong_example_monthly_period_shape(results):
    reports = [d for d in results["jinzhong"]["deadlines"] if d["rule"] == "jinzhong.monthly_report"]
    assert all(d["period"]["unit"] == "day_of_next_month" and d["period"]["amount"] == 5 for d in reports)
    assert all(d["trigger"] == {"type": "provision.started", "date": "2026-06-10"} for d in reports)
