"""The pack linter: every check on a pack made to fail it, and every bundled pack clean."""

from __future__ import annotations

import pytest

from regkit import lint
from regkit.packs import packs_dir
from test_packs import GOOD

LIABILITY = """
  - id: testland.late_update
    kind: liability
    conduct: catalog_not_updated
    party: department
    enforcer: authority
    established_by:
      - deadline: {kinds: [catalog_update], status: [late, overdue]}
    source:
      article: 17
      quote: 应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新
    title_zh: 测试规则
"""

SECOND_UPDATE = """
  - id: testland.catalog_update_again
    kind: deadline
    deadline: catalog_update
    party: department
    trigger: {event: catalog.change}
    done_by: {event: catalog.updated}
    period: {amount: 5, unit: working_days}
    source:
      article: 17
      quote: 应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新
    title_zh: 测试规则
"""

COMBINE = """  combine:
    - rules: [testland.catalog_update, testland.catalog_update_again]
      why: Both periods run from the same change; the shorter binds.
      why_zh: 两个期间自同一变化起算，以较短者为准。
"""


@pytest.mark.parametrize("pack", sorted(p.name for p in packs_dir().glob("*.yaml")))
def test_each_bundled_pack_is_clean_on_its_own(pack):
    assert [str(m) for m in lint([packs_dir() / pack])] == []


def test_good_liability_evidence_is_clean(write):
    assert lint([write("testland.yaml", GOOD + LIABILITY)]) == []


@pytest.mark.parametrize("old, new, field, words", [
    ("kinds: [catalog_update]", "kinds: [catalog_review]", "kinds",
     "no time limit of kind 'catalog_review' in pack testland; testland.late_update can never find it"),
    ("status: [late, overdue]", "status: [breached]", "status",
     "a time limit of kind 'catalog_update' is never 'breached' (it can be: late, overdue)"),
    ("{kinds:", "{party: provider, kinds:", "kinds",
     "no time limit of kind 'catalog_update' borne by provider in pack testland"),
])
def test_p006_evidence_that_can_never_match(write, old, new, field, words):
    (message,) = lint([write("testland.yaml", GOOD + LIABILITY.replace(old, new))])
    # GOOD has 20 lines, then a blank one; the evidence `- deadline:` is the 7th line of the rule
    assert (message.code, message.field, message.line) == ("P006", f"rules.1.established_by.0.deadline.{field}", 28)
    assert words in message.message


def test_p007_same_obligation_twice_needs_a_declaration(write):
    (message,) = lint([write("testland.yaml", GOOD + SECOND_UPDATE)])
    assert (message.code, message.field, message.line) == ("P007", "rules.1.deadline", 24)  # 20 + blank + 3
    assert message.message == ("testland.catalog_update_again and testland.catalog_update are the same "
                               "obligation (catalog_update, department, done by catalog.updated); "
                               "declare how they combine under pack.combine")
    declared = GOOD.replace("  in_force: {from: 2025-08-01}\n", "  in_force: {from: 2025-08-01}\n" + COMBINE)
    assert lint([write("testland.yaml", declared + SECOND_UPDATE)]) == []


def test_p007_a_declaration_must_name_rules_of_the_pack(write):
    declared = GOOD.replace("  in_force: {from: 2025-08-01}\n", "  in_force: {from: 2025-08-01}\n" + COMBINE)
    (message,) = lint([write("testland.yaml", declared)])
    assert (message.code, message.field) == ("P007", "pack.combine.0.rules.1")
    assert "'testland.catalog_update_again' is not a deadline or recurring rule of pack testland" in message.message


def test_p007_exclusive_triggers_are_different_obligations(write):
    """cn.request_reply_unconditional and _conditional: one request is one or the other."""
    pair = (SECOND_UPDATE.replace("catalog.change}", "request.submitted, where: {share_type: conditional}}")
            .replace("catalog_update_again", "reply_b").replace("catalog_update", "request_reply")
            .replace("catalog.updated", "request.replied"))
    first = pair.replace("reply_b", "reply_a").replace("conditional}", "unconditional}")
    assert lint([write("testland.yaml", GOOD + first + pair)]) == []
    shared = first.replace("{share_type: unconditional}", "{dedicated: true}")
    assert [m.code for m in lint([write("testland.yaml", GOOD + shared + pair)])] == ["P007"]


def test_p008_every_rule_has_a_chinese_title_and_every_reading_its_chinese(write):
    untitled = GOOD.replace("    title_zh: 更新政务数据目录\n", "")
    (message,) = lint([write("testland.yaml", untitled)])
    assert (message.code, message.field, message.line) == ("P008", "rules.0.id", 10)  # the rule's `- id:`
    assert message.message == "testland.catalog_update has no Chinese title (title_zh)"
    half = GOOD + """    reading:
      adopted: The change is the day of catalog.change.
      alternative: The change is the day the law takes effect.
      adopted_zh: 变化之日为目录信息调整变化事件之日。
    notes: [one, two]
    notes_zh: [一]
"""
    assert sorted((m.code, m.field) for m in lint([write("testland.yaml", half)])) == [
        ("P008", "rules.0.notes_zh"), ("P008", "rules.0.reading")]
    english_only = GOOD + """    reading:
      adopted: The change is the day of catalog.change.
      alternative: The change is the day the law takes effect.
"""
    assert [(m.code, m.field) for m in lint([write("testland.yaml", english_only)])] == [("P008", "rules.0.reading")]
    untranslated_note = GOOD + "    notes: [A note in English only.]\n"
    assert [(m.code, m.field) for m in lint([write("testland.yaml", untranslated_note)])] == [("P008", "rules.0.notes_zh")]


def test_p008_the_pack_level_texts_and_a_readings_why_need_their_chinese_too(write):
    """The pack's notes, its in-force note and reading, a combination's why and a reading's why
    are shown to readers too (explain, jurisdictions), so each needs its Chinese."""
    pack_texts = GOOD.replace("  in_force: {from: 2025-08-01}\n", """  in_force:
    from: 2025-08-01
    note: Read as in force with the national regulation.
    reading:
      adopted: In force from its date of issue.
      alternative: In force from its publication.
      adopted_zh: 自印发之日起施行。
      alternative_zh: 自公布之日起施行。
      why: The text states no date of its own.
  notes: [A pack note in English only.]
""" + COMBINE.replace("      why_zh: 两个期间自同一变化起算，以较短者为准。\n", "")) + SECOND_UPDATE + """    reading:
      adopted: The change is the day of catalog.change.
      alternative: The change is the day the law takes effect.
      adopted_zh: 变化之日为目录信息调整变化事件之日。
      alternative_zh: 变化之日为法律施行之日。
      why: The text names the change.
"""
    assert sorted((m.code, m.field) for m in lint([write("testland.yaml", pack_texts)])) == [
        ("P008", "pack.combine.0.why"), ("P008", "pack.in_force.note"), ("P008", "pack.in_force.reading.why"),
        ("P008", "pack.notes"), ("P008", "rules.1.reading.why")]
