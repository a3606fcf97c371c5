"""Periods "自收到…之日起" run from that party's receipt (issue 15, item 1).

Worked by hand from the texts and the 2026 calendar. November 2026 has no holiday and no
make-up working day: Mon Nov 2, 9, 16, 23, 30 begin the working weeks.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings, strategies as st

from engine_helpers import ev, only, run


def _findings_on(result, deadline):
    return [f for f in result["findings"] if f["evidence"].get("deadline") == deadline]


def test_hebei_national_reply_runs_from_the_forwarding_and_the_authority_answers_for_its_delay():
    result = run([ev("request.submitted", "2026-11-02", share_type="conditional"),
                  ev("request.forwarded", "2026-11-16"),
                  ev("request.replied", "2026-11-27", decision="refuse", reason="涉及国家秘密")],
                 jurisdiction="hebei", as_of="2026-12-01")
    # hebei art. 15(3): the authority forwards within 3 wd of receiving the application:
    # Mon Nov 2 + 3 wd = Nov 3, 4, 5 -> due Nov 5; forwarded Mon Nov 16 -> late.
    assert only(result, "hebei.request_forward")["status"] == "late"
    # cn art. 21: 10 wd from the provider's receipt, the forwarding Mon Nov 16:
    # Nov 17..20 = 1..4, Nov 23..27 = 5..9, Nov 30 = 10 -> due Nov 30; replied Fri Nov 27 -> met.
    # (Counted from the application it would have been due Nov 16 and been late.)
    national = only(result, "cn.request_reply_conditional")
    assert (national["due"], national["status"]) == ("2026-11-30", "met")
    assert national["trigger"] == {"type": "request.submitted", "date": "2026-11-02",
                                   "received": {"type": "request.forwarded", "date": "2026-11-16"}}
    assert not _findings_on(result, "cn.request_reply_conditional")  # no cn art. 39 finding
    assert _findings_on(result, "hebei.request_forward")[0]["party"] == "authority"


def test_hebei_request_never_forwarded_starts_no_national_reply_period():
    result = run([ev("request.submitted", "2026-11-02", share_type="conditional")],
                 jurisdiction="hebei", as_of="2026-11-30")
    national = only(result, "cn.request_reply_conditional")
    assert (national["status"], national["due"], national["late_by"]) == ("not_applicable", None, 0)
    assert "hebei art. 15" in national["reason"] and "forward" in national["reason"]
    # the authority's 3 wd (due Nov 5) are overdue; the provider bears nothing
    assert only(result, "hebei.request_forward")["status"] == "overdue"
    assert {f["party"] for f in result["findings"]} == {"authority"}


def test_hebei_unconditional_request_is_served_by_the_authority():
    result = run([ev("request.submitted", "2026-11-02", share_type="unconditional"),
                  ev("request.forwarded", "2026-11-03")],  # even if passed on, the text has the authority supply it
                 jurisdiction="hebei", as_of="2026-11-30")
    national = only(result, "cn.request_reply_unconditional")
    assert (national["status"], national["due"]) == ("not_applicable", None)
    assert "hebei.unconditional_served_by_authority" in national["reason"]
    # hebei art. 15(2): the authority's own 3 wd: Nov 3, 4, 5 -> due Nov 5, not delivered -> overdue
    assert (only(result, "hebei.request_delivery_unconditional")["due"],
            only(result, "hebei.request_delivery_unconditional")["status"]) == ("2026-11-05", "overdue")


def test_without_an_intermediary_receipt_is_the_day_of_the_request():
    # national layer alone: Mon Nov 2 + 10 wd = Nov 3..6 (4), Nov 9..13 (9), Nov 16 (10) -> due Nov 16
    result = run([ev("request.submitted", "2026-11-02", share_type="conditional")], as_of="2026-11-30")
    national = only(result, "cn.request_reply_conditional")
    assert (national["due"], national["status"], national["late_by"]) == ("2026-11-16", "overdue", 10)
    assert "received" not in national["trigger"]
    # Pingdingshan art. 18(3): the application goes to the provider itself; the same count
    result = run([ev("request.submitted", "2026-11-02", share_type="conditional")],
                 jurisdiction="pingdingshan", as_of="2026-11-30")
    assert only(result, "cn.request_reply_conditional")["due"] == "2026-11-16"


def test_a_forwarding_in_the_history_is_the_receipt_under_the_national_layer_too():
    # Mon Nov 2 submitted, forwarded Wed Nov 4: 1 wd from Nov 4 -> due Thu Nov 5
    result = run([ev("request.submitted", "2026-11-02", share_type="unconditional"),
                  ev("request.forwarded", "2026-11-04"),
                  ev("request.replied", "2026-11-05", decision="approve")], as_of="2026-11-30")
    national = only(result, "cn.request_reply_unconditional")
    assert (national["due"], national["status"]) == ("2026-11-05", "met")


def test_jinzhong_dedicated_user_and_unforwarded_unconditional_application():
    result = run([ev("request.submitted", "2026-11-02", "a", share_type="conditional", dedicated=True),
                  ev("request.submitted", "2026-11-02", "b", share_type="unconditional")],
                 jurisdiction="jinzhong", as_of="2026-11-30")
    by_subject = {d["subject"]: d for d in result["deadlines"] if d["rule"].startswith("cn.request_reply")}
    assert by_subject["a"]["status"] == "not_applicable" and "jinzhong art. 15" in by_subject["a"]["reason"]
    assert by_subject["b"]["status"] == "not_applicable" and "jinzhong art. 14" in by_subject["b"]["reason"]


def test_jinzhong_unconditional_application_forwarded_to_the_provider():
    # forwarded Tue Nov 3: 1 wd -> due Wed Nov 4; no reply by Nov 6: Nov 5, 6 -> overdue by 2
    result = run([ev("request.submitted", "2026-11-02", share_type="unconditional"),
                  ev("request.forwarded", "2026-11-03")], jurisdiction="jinzhong", as_of="2026-11-06")
    national = only(result, "cn.request_reply_unconditional")
    assert (national["due"], national["status"], national["late_by"]) == ("2026-11-04", "overdue", 2)


def test_hebei_checking_application_runs_from_its_forwarding():
    # hebei art. 16(2): filed with the authority Mon Nov 2, forwarded Fri Nov 6. cn art. 26, 10 wd
    # from Nov 6: Nov 9..13 = 1..5, Nov 16..20 = 6..10 -> due Nov 20 (from the objection: Nov 16).
    result = run([ev("quality.objection", "2026-11-02"), ev("quality.forwarded", "2026-11-06"),
                  ev("quality.resolved", "2026-11-19")], jurisdiction="hebei", as_of="2026-11-30")
    national = only(result, "cn.quality_feedback")
    assert (national["due"], national["status"]) == ("2026-11-20", "met")
    # never forwarded: the provider has not received it
    result = run([ev("quality.objection", "2026-11-02")], jurisdiction="hebei", as_of="2026-11-30")
    assert only(result, "cn.quality_feedback")["status"] == "not_applicable"
    # Jinzhong art. 16: the feedback goes to the provider directly: from the objection,
    # 5 wd = Nov 3..6 (4), Nov 9 (5) -> due Nov 9
    result = run([ev("quality.objection", "2026-11-02")], jurisdiction="jinzhong", as_of="2026-11-30")
    assert only(result, "jinzhong.quality_feedback")["due"] == "2026-11-09"
    assert only(result, "cn.quality_feedback")["due"] == "2026-11-16"


def test_hebei_conditional_delivery_sees_the_class_of_the_request():
    # an approving reply to an unconditional request: para. 3 does not arise
    result = run([ev("request.submitted", "2026-11-02", share_type="unconditional"),
                  ev("request.replied", "2026-11-03", decision="approve")],
                 jurisdiction="hebei", as_of="2026-11-30")
    d = only(result, "hebei.request_delivery_conditional")
    assert (d["status"], d["due"]) == ("not_applicable", None) and "unconditionally" in d["reason"]
    # to a conditional request it does: Tue Nov 3 + 3 wd = Nov 4, 5, 6 -> due Fri Nov 6
    result = run([ev("request.submitted", "2026-11-02", share_type="conditional"),
                  ev("request.forwarded", "2026-11-02"),
                  ev("request.replied", "2026-11-03", decision="approve")],
                 jurisdiction="hebei", as_of="2026-11-30")
    d = only(result, "hebei.request_delivery_conditional")
    assert (d["due"], d["status"]) == ("2026-11-06", "overdue")


_DAYS = st.integers(min_value=0, max_value=60).map(lambda n: date(2026, 3, 2) + timedelta(days=n))


@settings(max_examples=60, deadline=None)
@given(jurisdiction=st.sampled_from(["cn", "hebei", "shandong", "pingdingshan", "jinzhong", "yumen"]),
       share_type=st.sampled_from(["unconditional", "conditional"]), dedicated=st.booleans(),
       submitted=_DAYS, delays=st.lists(st.integers(min_value=0, max_value=20), max_size=2))
def test_a_national_reply_period_never_starts_before_the_provider_received_the_request(
        jurisdiction, share_type, dedicated, submitted, delays):
    events = [ev("request.submitted", submitted.isoformat(), share_type=share_type, dedicated=dedicated)]
    forwards = sorted(submitted + timedelta(days=d) for d in delays)
    events += [ev("request.forwarded", day.isoformat()) for day in forwards]
    result = run(events, jurisdiction=jurisdiction, as_of="2026-07-31")
    national = only(result, f"cn.request_reply_{share_type}")
    if national["status"] == "not_applicable":
        return
    start = date.fromisoformat(national["trigger"].get("received", national["trigger"])["date"])
    assert start == (forwards[0] if forwards else submitted)
    assert date.fromisoformat(national["due"]) > start
