"""An enumeration ending in 等 is open to items of the same kind; one without 等 is literal
(issue 15, item 3; SPC 2004 纪要, 法〔2004〕96号)."""

from __future__ import annotations

import pytest

from regkit.engine.classify import classify_claim


def judge(jurisdiction, **claim):
    (item,) = classify_claim(jurisdiction, claim, layers="local")
    return item


@pytest.mark.parametrize("basis, valid", [
    ("state_council_decision", True),  # ranks above every 规章: of the same kind, admitted by 等
    ("government_rule", True), ("local_regulation", True), ("law", True),
    ("national_provision", False),  # a normative document below a rule: not of the kind
    ("internal_rule", False), ("none", False),
])
def test_shandong_art_22_laws_regulations_and_rules_etc(basis, valid):
    # art. 22: 注明相关法律、法规和规章等依据
    item = judge("shandong", share_type="not_shared", legal_basis=basis)
    assert item["valid"] is valid
    assert any("法〔2004〕96号" in r["reading"] for r in item["readings"]) or valid


def test_hebei_art_11_laws_and_regulations_without_etc_stays_literal():
    # art. 11: 按照有关法律法规的规定 (no 等): a State Council decision is no basis
    item = judge("hebei", share_type="not_shared", legal_basis="state_council_decision",
                 approved_by_government=True)
    assert item["valid"] is False
    assert [r["rule"] for r in item["requirements"]] == ["hebei.not_shared_basis"]
    assert judge("hebei", share_type="not_shared", legal_basis="local_regulation",
                 approved_by_government=True)["valid"] is True
