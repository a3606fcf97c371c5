"""Officials' own conduct, criminal liability, and the Yumen bureau's omissions, worked by
hand from the texts (2026 calendar: no public holiday from March 1 to April 3)."""

from __future__ import annotations

from engine_helpers import ev, run
from regkit import lint
from test_packs import GOOD


def _by_rule(result):
    return {f["rule"]: f for f in result["findings"]}


class TestOfficials:
    def test_disclosure_under_cn_42_is_sanctioned_at_once_and_a_crime_is_stated_not_applied(self):
        # cn art. 42: 泄露、出售或者非法向他人提供…依法给予处分；构成犯罪的，依法追究刑事责任
        result = run([ev("staff.misconduct", "2026-03-02", "leak", conduct="disclosure")])
        f = _by_rule(result)["cn.staff_disclosure"]
        assert (f["kind"], f["party"], f["enforcer"], f["date"]) == ("violation", "staff", None, "2026-03-02")
        assert f["sanctions"] == ["disciplinary_sanction"]
        assert [(s["upon"], s["sanctions"], s["applies"]) for s in f["escalation"]] == \
            [("crime", ["criminal_liability"], False)]
        assert f["escalation"][0]["source"]["article"] == 42

    def test_hebei_29_covers_the_authority_s_officials_only(self):
        # hebei art. 29: 政务数据共享工作主管部门及其工作人员滥用职权、玩忽职守、徇私舞弊的 -> 处分;
        # cn art. 42 (in force since 2025-08-01) covers every department's officials.
        authority = run([ev("staff.misconduct", "2026-03-02", "x", conduct="dereliction", staff_of="authority")],
                        jurisdiction="hebei")
        assert set(_by_rule(authority)) == {"hebei.authority_staff_misconduct", "cn.staff_dereliction"}
        department = run([ev("staff.misconduct", "2026-03-02", "x", conduct="dereliction")], jurisdiction="hebei")
        assert set(_by_rule(department)) == {"cn.staff_dereliction"}

    def test_not_performing_duties_is_shandong_37_only(self):
        # shandong art. 37 names 不依法履行职责; cn art. 42 does not.
        result = run([ev("staff.misconduct", "2026-03-02", "x", conduct="duty_not_performed")],
                     jurisdiction="shandong")
        assert set(_by_rule(result)) == {"shandong.staff_misconduct"}

    def test_hebei_30_states_criminal_liability_after_seriousness(self):
        # hebei art. 30: 责令改正，予以通报批评；情节严重的…处分；构成犯罪的，依法追究刑事责任
        result = run([ev("collection.duplicate", "2026-03-02", "c", serious=True)], jurisdiction="hebei")
        f = _by_rule(result)["hebei.duplicate_collection"]
        steps = {s["upon"]: s["applies"] for s in f["escalation"]}
        assert steps == {"serious": True, "crime": False}
        assert f["sanctions"] == ["order_to_correct", "circulate_criticism", "disciplinary_sanction"]


# A catalog change on Mon 2026-03-02 under cn art. 17: 10 working days,
# Mar 3-6 (4), Mar 9-13 (9), Mar 16 (10) -> due 2026-03-16; from Mar 17 it is overdue.
CHANGE = ev("catalog.change", "2026-03-02", "cat")


class TestYumenBureau:
    def test_an_overdue_update_without_an_order_to_correct(self):
        # yumen item 2, 追责情形 2: 发现问题未及时责令改正，使不符合要求的政务数据目录继续使用
        f = _by_rule(run([CHANGE], as_of="2026-04-30", jurisdiction="yumen"))["yumen.catalog_correction_not_ordered"]
        assert (f["party"], f["enforcer"], f["date"], f["sanctions"]) == \
            ("authority", None, "2026-03-17", ["legal_liability"])
        assert f["evidence"]["deadline"] == "cn.catalog_update" and f["evidence"]["without"] == "rectification.ordered"

    def test_an_order_after_the_due_date_answers_it_but_one_before_does_not(self):
        after = run([CHANGE, ev("rectification.ordered", "2026-03-20", "cat")], as_of="2026-04-30",
                    jurisdiction="yumen")
        assert "yumen.catalog_correction_not_ordered" not in _by_rule(after)
        before = run([CHANGE, ev("rectification.ordered", "2026-03-10", "cat")], as_of="2026-04-30",
                     jurisdiction="yumen")
        assert "yumen.catalog_correction_not_ordered" in _by_rule(before)

    def test_an_update_made_late_leaves_no_catalog_in_use_to_correct(self):
        late = run([CHANGE, ev("catalog.updated", "2026-03-20", "cat")], as_of="2026-04-30", jurisdiction="yumen")
        assert "yumen.catalog_correction_not_ordered" not in _by_rule(late)
        assert "cn.provider_catalog_not_updated" in _by_rule(late)  # the department still answers (art. 39(1))

    def test_not_under_cn_alone(self):
        assert "yumen.catalog_correction_not_ordered" not in _by_rule(run([CHANGE], as_of="2026-04-30"))

    def test_a_late_reply_without_an_order_and_the_provider_s_just_cause(self):
        # yumen item 5: 发现未按时答复申请…且无正当理由的情况，责令提供部门改正. A conditional request on
        # Mon 2026-03-02: cn art. 21, 10 working days -> due 2026-03-16; replied Wed 2026-03-18: late.
        submitted = ev("request.submitted", "2026-03-02", "r", share_type="conditional")
        plain = run([submitted, ev("request.replied", "2026-03-18", "r", decision="refuse", reason="no basis")],
                    as_of="2026-04-30", jurisdiction="yumen")
        f = _by_rule(plain)["yumen.late_reply_correction_not_ordered"]
        assert (f["kind"], f["evidence"]["status"], f["date"]) == ("violation", "late", "2026-03-18")
        excused = run([submitted, ev("request.replied", "2026-03-18", "r", decision="refuse", reason="no basis",
                                     just_cause="system migration")], as_of="2026-04-30", jurisdiction="yumen")
        f = _by_rule(excused)["yumen.late_reply_correction_not_ordered"]
        assert (f["kind"], f["sanctions"]) == ("exempted", [])

    def test_a_refused_correction_without_a_proposal_of_sanctions(self):
        # yumen items 2-5, 追责情形 3: 对拒不改正或情节严重的情况未提出处分建议, for conduct within
        # the item's duty. Item 5: a conditional request of Mon 2026-03-02, cn art. 21: 10 wd =
        # Mar 3..6 (4), 9..13 (9), 16 (10) -> due Mar 16, never answered; the provider refuses to
        # correct on Apr 1.
        late = ev("request.submitted", "2026-03-02", "s", share_type="conditional")
        refused = ev("rectification.refused", "2026-04-01", "s")
        found = _by_rule(run([late, refused], jurisdiction="yumen"))["yumen.sanction_not_proposed"]
        assert found["date"] == "2026-04-01" and found["evidence"]["deadline"] == "cn.request_reply_conditional"
        proposed = run([late, refused, ev("sanction.proposed", "2026-04-03", "s")], jurisdiction="yumen")
        assert "yumen.sanction_not_proposed" not in _by_rule(proposed)
        # a refusal alone, or a refusal to correct conduct outside items 2-5 (a requester's
        # duplicate collection), shows nothing
        assert "yumen.sanction_not_proposed" not in _by_rule(run([refused], jurisdiction="yumen"))
        duplicate = [ev("collection.duplicate", "2026-03-02", "s"), refused]
        assert "yumen.sanction_not_proposed" not in _by_rule(run(duplicate, jurisdiction="yumen"))


def test_deadline_evidence_of_a_pack_outside_the_lineage_is_a_tree_error(write):
    text = GOOD + """
  - id: testland.late
    kind: liability
    conduct: late
    party: department
    enforcer: null
    established_by:
      - deadline: {kinds: [catalog_update], status: [late], of: hebei}
    source:
      article: 39
      quote: 未按照要求编制或者更新政务数据目录
"""
    (message,) = lint([write("testland.yaml", text)])
    assert (message.code, message.field) == ("P005", "rules[1].established_by[0].deadline.of")
    assert "neither this pack nor an ancestor" in message.message


class TestConductFound:
    """Conduct an inspection or complaint established (conduct.found), by the articles that list it."""

    @staticmethod
    def rules(conduct, jurisdiction, *more, as_of="2026-11-22"):
        result = run([ev("conduct.found", "2026-03-02", "d", conduct=conduct), *more],
                     jurisdiction=jurisdiction, as_of=as_of)
        # the violations; who bears a quality failure (kind responsibility) is tested elsewhere
        return {rule: f for rule, f in _by_rule(result).items() if f["kind"] != "responsibility"}

    def test_a_catalog_not_compiled_under_both_layers(self):
        # cn art. 39(1) 未按照要求编制或者更新政务数据目录; hebei art. 30(1) 未按规定编制、更新、维护政务数据目录的
        found = self.rules("catalog_not_compiled", "hebei")
        assert set(found) == {"cn.provider_catalog_not_updated", "hebei.catalog_not_maintained"}
        assert found["hebei.catalog_not_maintained"]["sanctions"] == ["order_to_correct", "circulate_criticism"]

    def test_pingdingshan_notice_then_supervision_listing_when_the_correction_is_not_made_in_time(self):
        # pingdingshan art. 27(4) 提供的政务数据不符合统一的标准和规范的: 通知整改; 未在规定的时限内完成整改的
        # -> 纳入督查督办及责令其改正. Ordered with due 2026-03-20, nothing completed by as_of 2026-04-01.
        found = self.rules("data_nonconforming", "pingdingshan",
                           ev("rectification.ordered", "2026-03-06", "d", due="2026-03-20"), as_of="2026-04-01")
        assert set(found) == {"pingdingshan.data_nonconforming"}  # cn lists no such conduct
        f = found["pingdingshan.data_nonconforming"]
        assert f["sanctions"] == ["notice_to_rectify", "supervision_listing", "order_to_correct"]
        assert {s["upon"]: s["applies"] for s in f["escalation"]} == {"rectification_missed": True, "serious": False}

    def test_a_requester_s_security_failure_in_jinzhong(self):
        # cn art. 40(6) 未对通过共享获取的政务数据履行安全管理责任 (责令改正); jinzhong art. 28(6) 管理失控
        # (书面通报, 责令限期改正); jinzhong art. 22 因使用不当造成数据安全问题的，依法追究使用单位相关责任人的责任
        found = self.rules("security_duty_failed", "jinzhong")
        assert set(found) == {"cn.requester_security_duty_failed", "jinzhong.shared_data_out_of_control",
                              "jinzhong.improper_use_security_problem"}
        assert [found[r]["party"] for r in sorted(found)] == ["requester", "staff", "requester"]

    def test_a_third_party_in_hebei_faces_a_penalty_and_possibly_a_crime(self):
        # hebei art. 31: 依照有关法律法规的规定给予处罚；构成犯罪的，依法追究刑事责任
        f = self.rules("third_party_data_misuse", "hebei")["hebei.third_party_data_misuse"]
        assert (f["party"], f["enforcer"], f["sanctions"]) == ("third_party", None, ["administrative_penalty"])
        assert [(s["upon"], s["applies"]) for s in f["escalation"]] == [("crime", False)]

    def test_the_authority_s_own_failures_under_cn_41(self):
        # cn art. 41: 由本级人民政府或者上级主管部门责令改正 for (一) 未按照规定明确数源部门, (二) 争议
        for conduct, rule in (("source_department_not_designated", "cn.authority_source_department_not_designated"),
                              ("dispute_not_coordinated", "cn.authority_dispute_not_coordinated")):
            f = self.rules(conduct, "cn")[rule]
            assert (f["party"], f["enforcer"], f["sanctions"]) == ("authority", "government", ["order_to_correct"])

    def test_nothing_where_the_jurisdiction_lists_no_such_conduct(self):
        # data_not_aggregated is hebei art. 30(3) only; the national regulation names no such duty.
        assert self.rules("data_not_aggregated", "shandong") == {}
        assert set(self.rules("data_not_aggregated", "hebei")) == {"hebei.data_not_aggregated"}


def test_discretionary_measures_are_marked():
    # cn art. 27: 应当暂停其政务数据共享权限 (must, now) … 可以终止共享 (may, after a refusal)
    result = run([ev("use.out_of_scope", "2026-03-02", "u", kind="third_party")])
    f = _by_rule(result)["cn.requester_sharing_suspended"]
    assert (f["sanctions"], f["discretionary"]) == (["suspend_sharing"], ["terminate_sharing"])
    from regkit.render import render_findings
    assert "may, not must: terminate_sharing" in render_findings(result)


def test_discretionary_must_name_a_measure_the_rule_imposes(write):
    text = GOOD + """
  - id: testland.late
    kind: liability
    conduct: late
    party: department
    enforcer: authority
    established_by:
      - deadline: {kinds: [catalog_update], status: [late]}
    sanctions: [order_to_correct]
    discretionary: [terminate_sharing]
    source:
      article: 39
      quote: 未按照要求编制或者更新政务数据目录
"""
    (message,) = lint([write("testland.yaml", text)])
    assert message.code == "P001" and "terminate_sharing" in message.message


def test_yumen_obstruction_not_ordered_corrected():
    # yumen item 3, 追责情形 2: 发现问题未及时责令改正，影响政务数据的正常共享. Data withheld as not
    # shared on an internal rule, which Decree 809 art. 14 does not accept (cn.provider_sharing_obstructed).
    withheld = ev("data.classified", "2026-03-02", "d", share_type="not_shared", legal_basis="internal_rule")
    assert "yumen.obstruction_correction_not_ordered" in _by_rule(run([withheld], jurisdiction="yumen"))
    ordered = run([withheld, ev("rectification.ordered", "2026-03-05", "d")], jurisdiction="yumen")
    assert "yumen.obstruction_correction_not_ordered" not in _by_rule(ordered)
    assert "cn.provider_sharing_obstructed" in _by_rule(ordered)


def test_yumen_bureau_answers_for_a_dispute_not_coordinated():
    # cn art. 41(2) 未按照规定对政务数据共享争议进行协调处理 (the authority, 责令改正 by the government);
    # yumen item 1, 追责情形 2: 未及时组织协商或协调处理 (the bureau's officials, 承担相应责任).
    result = run([ev("conduct.found", "2026-03-02", "dispute", conduct="dispute_not_coordinated")],
                 jurisdiction="yumen")
    assert set(_by_rule(result)) == {"cn.authority_dispute_not_coordinated", "yumen.dispute_not_coordinated"}


def test_yumen_sanction_not_proposed_for_each_item_s_own_conduct():
    # items 2-5 hold the bureau to account for not proposing sanctions (未提出处分建议) when a
    # department refuses to correct conduct within that item's duty; the refusal on Mar 20.
    refused, proposed = ev("rectification.refused", "2026-03-20", "s"), ev("sanction.proposed", "2026-03-25", "s")
    cases = {
        2: ev("conduct.found", "2026-03-02", "s", conduct="catalog_not_compiled"),
        3: ev("data.classified", "2026-03-02", "s", share_type="not_shared", legal_basis="internal_rule"),
        4: ev("conduct.found", "2026-03-02", "s", conduct="data_update_not_supported"),
    }
    for item, conduct in cases.items():
        found = _by_rule(run([conduct, refused], jurisdiction="yumen", as_of="2026-04-01"))
        assert found["yumen.sanction_not_proposed"]["date"] == "2026-03-20", item
        assert "yumen.sanction_not_proposed" not in _by_rule(
            run([conduct, refused, proposed], jurisdiction="yumen", as_of="2026-04-01")), item
    # a refusal that comes before the conduct it would concern shows nothing
    early = ev("rectification.refused", "2026-03-01", "s")
    assert "yumen.sanction_not_proposed" not in _by_rule(run([early, cases[4]], jurisdiction="yumen",
                                                              as_of="2026-04-01"))
    # conduct outside items 2-5: use of shared data beyond its scope (a requester's conduct)
    misuse = ev("use.out_of_scope", "2026-03-02", "s", kind="beyond_scope")
    assert "yumen.sanction_not_proposed" not in _by_rule(run([misuse, refused], jurisdiction="yumen",
                                                              as_of="2026-04-01"))
