"""Who bears an outcome a text allocates (issue 15, item 5): a finding of kind `responsibility`,
with who bears it and who expressly does not, and no sanction the text does not set."""

from __future__ import annotations

from engine_helpers import ev, run


def _allocations(result):
    return {f["rule"]: f for f in result["findings"] if f["kind"] == "responsibility"}


def test_pingdingshan_26_an_incident_at_the_user_is_the_users_alone():
    # the emergency response and the report made the same day (cn art. 35, 立即): no violation
    result = run([ev("security.incident", "2026-11-02", "inc", role="requester"),
                  ev("security.response_started", "2026-11-02", "inc"),
                  ev("security.reported", "2026-11-02", "inc")],
                 jurisdiction="pingdingshan", as_of="2026-11-30")
    f = _allocations(result)["pingdingshan.user_security_incident_no_joint_liability"]
    # 使用部门发生的数据安全事故责任由使用部门承担，提供部门和政务数据主管部门不承担连带责任
    assert (f["bears"], f["not_borne_by"], f["party"]) == (["requester"], ["provider", "authority"], "requester")
    assert (f["sanctions"], f["escalation"], f["date"]) == ([], [], "2026-11-02")
    assert f["evidence"] == {"event": "security.incident", "index": 0, "role": "requester"}
    assert (f["source"]["jurisdiction"], f["source"]["article"]) == ("pingdingshan", 26)
    # the national layer says the same of the requester (cn art. 34), naming no one who does not bear it
    national = _allocations(result)["cn.requester_security_responsibility"]
    assert (national["bears"], national["not_borne_by"]) == (["requester"], [])
    # the allocation is no violation, and sets no sanction
    assert all(f["kind"] == "responsibility" for f in result["findings"])


def test_an_incident_at_the_provider_or_without_a_place_is_not_allocated_to_the_user():
    for role in ("provider", None):
        extra = {"role": role} if role else {}
        result = run([ev("security.incident", "2026-11-02", "inc", **extra)],
                     jurisdiction="pingdingshan", as_of="2026-11-30")
        assert _allocations(result) == {}


def test_pingdingshan_26_a_quality_failure_is_the_providers():
    result = run([ev("conduct.found", "2026-11-02", "d", conduct="data_nonconforming")],
                 jurisdiction="pingdingshan", as_of="2026-11-30")
    f = _allocations(result)["pingdingshan.provider_quality_responsibility"]
    assert (f["bears"], f["not_borne_by"], f["sanctions"]) == (["provider"], [], [])
    # the measures for the conduct itself are art. 27's, a separate finding
    assert any(v["rule"] == "pingdingshan.data_nonconforming" for v in result["findings"])


def test_jinzhong_22_the_provider_is_not_responsible_for_security_in_use():
    result = run([ev("security.incident", "2026-11-02", "inc", role="requester")],
                 jurisdiction="jinzhong", as_of="2026-11-30")
    f = _allocations(result)["jinzhong.requester_security_responsibility"]
    assert (f["bears"], f["not_borne_by"], f["source"]["article"]) == (["requester"], ["provider"], 22)


def test_hebei_25_allocates_by_stage():
    result = run([ev("security.incident", "2026-11-02", "a", role="provider"),
                  ev("security.incident", "2026-11-03", "b", role="requester")],
                 jurisdiction="hebei", as_of="2026-11-30")
    found = _allocations(result)
    assert found["hebei.security_incident_at_provider"]["bears"] == ["provider"]
    assert found["hebei.security_incident_at_user"]["subject"] == "b"


def test_an_incident_before_the_national_regulation_is_not_allocated_by_it():
    result = run([ev("security.incident", "2025-07-31", "inc", role="requester")],
                 jurisdiction="pingdingshan", as_of="2025-08-31")
    assert set(_allocations(result)) == {"pingdingshan.user_security_incident_no_joint_liability"}


def test_the_liability_report_shows_an_allocation_as_such():
    from regkit.render import render_findings

    result = run([ev("security.incident", "2026-11-02", "inc", role="requester"),
                  ev("security.response_started", "2026-11-02", "inc"),
                  ev("security.reported", "2026-11-02", "inc")], jurisdiction="jinzhong", as_of="2026-11-30")
    text = render_findings(result)
    assert "0 violation(s), 0 exempted, 2 allocation(s) of responsibility" in text
    assert "RESPONSIBILITY requester bears security_problem_in_use" in text and "expressly not: provider" in text
