"""Classification judged from the texts, by hand: validity, what the law makes of a claim,
the request path, and opening, per jurisdiction and per layer."""

from __future__ import annotations

import json

import pytest

from regkit import InputError, evaluate
from regkit.cli import main
from regkit.engine.classify import classify_claim


def judge(jurisdiction, layers="local", **claim):
    (item,) = classify_claim(jurisdiction, claim, layers=layers)
    return item


def verdict(item):
    r = item["result"]
    return item["valid"], r["share_type"], r["request_path"], r["open_allowed"]


# pingdingshan art. 17: 须提供法律法规或国家有关规定作为依据，否则应当无条件共享
def test_pingdingshan_without_basis_must_be_shared_unconditionally():
    item = judge("pingdingshan", share_type="conditional", conditions_listed=True)
    # art. 18: unconditional data is applied for online and approved by the platform's operator
    assert verdict(item)[:3] == (False, "unconditional", "platform_approval")
    assert [r["source"]["article"] for r in item["requirements"]] == [17]
    item = judge("pingdingshan", share_type="not_shared", legal_basis="internal_rule", reasons_stated=True)
    assert verdict(item)[:2] == (False, "unconditional")


def test_pingdingshan_with_a_basis():
    item = judge("pingdingshan", share_type="conditional", legal_basis="national_provision", conditions_listed=True)
    assert verdict(item)[:3] == (True, "conditional", "review_then_reply")  # art. 18: approval within 5 working days
    item = judge("pingdingshan", share_type="not_shared", legal_basis="law")
    # art. 18: not-shared data needed for duties is negotiated, then coordinated by the authority
    assert verdict(item)[:3] == (True, "not_shared", "negotiation_then_coordination")


# cn art. 14 (三) and 15: not shared only on a law, administrative regulation or State Council decision,
# with the reasons listed; conditional data lists its conditions
def test_cn_not_shared_needs_a_national_basis_and_reasons():
    ok = judge("cn", share_type="not_shared", legal_basis="state_council_decision", reasons_stated=True)
    assert verdict(ok)[:3] == (True, "not_shared", "no_sharing")
    local = judge("cn", share_type="not_shared", legal_basis="local_regulation", reasons_stated=True)
    assert local["valid"] is False and local["result"]["share_type"] != "not_shared"
    no_reasons = judge("cn", share_type="not_shared", legal_basis="law")
    assert no_reasons["valid"] is False
    assert any(r["source"]["article"] == 15 for r in no_reasons["requirements"])


def test_cn_requests_always_go_through_a_reply():
    # art. 21: even unconditional data is applied for and answered within 1 working day
    assert judge("cn", share_type="unconditional")["result"]["request_path"] == "review_then_reply"
    assert judge("cn", share_type="unconditional")["result"]["open_allowed"] is None  # the regulation is silent


def test_cn_conditional_without_conditions_is_invalid():
    item = judge("cn", share_type="conditional")
    assert item["valid"] is False and item["readings"]


# hebei art. 11: 不予共享类 … 由政务数据共享工作主管部门审核并报本级人民政府批准后列入政务数据共享负面清单
def test_hebei_not_shared_needs_the_governments_approval():
    approved = judge("hebei", share_type="not_shared", legal_basis="law", approved_by_government=True)
    assert approved["valid"] is True
    unapproved = judge("hebei", share_type="not_shared", legal_basis="law")
    assert unapproved["valid"] is False
    assert [r["source"]["article"] for r in unapproved["requirements"]] == [11]
    # art. 15: unconditional data is supplied directly by the authority
    assert judge("hebei", share_type="unconditional")["result"]["request_path"] == "platform_approval"


# shandong art. 22: 注明相关法律、法规和规章等依据; art. 23: 无条件共享类 … 直接获取
def test_shandong_basis_and_direct_access():
    assert judge("shandong", share_type="conditional")["valid"] is False
    assert judge("shandong", share_type="conditional", legal_basis="government_rule")["valid"] is True
    assert judge("shandong", share_type="unconditional")["result"]["request_path"] == "direct_access"


# jinzhong plan 三(三): 当共享类型为不予共享或有条件共享时，只能选择不可对社会开放;
# 当共享类型为无条件共享时，可以说明开放的条件
@pytest.mark.parametrize("share_type, open_type, allowed", [
    ("conditional", "open", False),
    ("not_shared", "open_on_application", False),
    ("conditional", "not_open", True),
    ("unconditional", "open", True),
    ("unconditional", "open_on_application", True),
])
def test_jinzhong_opening(share_type, open_type, allowed):
    claim = dict(share_type=share_type, open_type=open_type, legal_basis="law", reasons_stated=True,
                 conditions_listed=True)
    assert judge("jinzhong", **claim)["result"]["open_allowed"] is allowed


def test_jinzhong_internal_rules_are_no_basis_and_dedicated_skips_the_application():
    # art. 6 (一): 政务部门不得以部门内部管理办法作为不共享的依据
    item = judge("jinzhong", share_type="not_shared", legal_basis="internal_rule", reasons_stated=True)
    assert item["valid"] is False and any(r["source"]["article"] == 6 for r in item["requirements"])
    # art. 15 (四): 属于专用范围内的使用部门无需走申请审核流程，可直接通过平台实现共享
    dedicated = judge("jinzhong", share_type="conditional", legal_basis="law", conditions_listed=True,
                      dedicated=True)
    assert dedicated["result"]["request_path"] == "direct_access"


def test_layers_judge_under_the_national_and_the_local_text():
    items = classify_claim("hebei", {"share_type": "not_shared", "legal_basis": "law"})
    assert [i["jurisdiction"] for i in items] == ["cn", "hebei"]
    items = classify_claim("xian", {"share_type": "unconditional"})  # xian has no classes of its own
    assert [i["jurisdiction"] for i in items] == ["cn"]


def test_data_classified_events_in_evaluate():
    result = evaluate([
        {"type": "data.classified", "date": "2026-03-02", "subject": "企业登记", "share_type": "conditional"},
        {"type": "data.classified", "date": "2024-05-06", "subject": "旧目录", "share_type": "conditional"},
    ], jurisdiction="pingdingshan", as_of="2026-11-22")
    items = result["classifications"]
    by = {(i["subject"], i["jurisdiction"]): i for i in items}
    assert by[("企业登记", "pingdingshan")]["result"]["share_type"] == "unconditional"
    assert by[("企业登记", "cn")]["valid"] is False
    # 2024: before Decree 809 (2025-08-01) the national layer does not apply: said, not skipped
    old = by[("旧目录", "cn")]
    assert old["valid"] is None and "2025-08-01" in old["reason"]
    assert by[("旧目录", "pingdingshan")]["valid"] is False
    assert items[0]["event"] == {"index": 0, "date": "2026-03-02"}


def test_bad_claims():
    with pytest.raises(InputError, match="share_type"):
        classify_claim("cn", {"share_type": "sometimes"})
    with pytest.raises(InputError, match="unknown classification input 'basis'"):
        classify_claim("cn", {"share_type": "conditional", "basis": "law"})


def test_classify_command(capsys):
    assert main(["classify", "--jurisdiction", "pingdingshan", "--share-type", "conditional",
                 "--layers", "local", "--format", "json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["valid"], item["result"]["share_type"]) == (False, "unconditional")
    assert main(["classify", "--jurisdiction", "jinzhong", "--share-type", "conditional", "--open-type", "open"]) == 0
    out = capsys.readouterr().out
    assert "jinzhong: claimed conditional" in out and "not allowed" in out
    assert main(["classify", "--jurisdiction", "hebie", "--share-type", "conditional"]) == 2
    assert "did you mean 'hebei'" in capsys.readouterr().err


def test_public_api_name():
    import regkit
    (item,) = regkit.classify("shandong", {"share_type": "unconditional"}, layers="local")
    assert item["result"]["request_path"] == "direct_access"
