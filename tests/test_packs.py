"""Rule packs: the bundled seven load, cite real articles, and bad packs fail with file, line, field."""

from __future__ import annotations

import pytest

from regkit import bundled_packs, get_pack, lint, load_pack
from regkit.errors import PackError, UnknownJurisdiction
from regkit.packs import lineage
from regkit.sources import article

GOOD = """
pack:
  id: testland
  version: "1"
  names: {zh: 测试办法, en: Test measures}
  document: {title: 测试, source: cn}
  level: city_rule
  parent: cn
  in_force: {from: 2025-08-01}
rules:
  - id: testland.catalog_update
    kind: deadline
    deadline: catalog_update
    party: department
    trigger: {event: catalog.change}
    done_by: {event: catalog.updated}
    period: {amount: 10, unit: working_days}
    source:
      article: 17
      quote: 应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新
"""


def test_the_seven_jurisdictions_and_their_tree():
    packs = bundled_packs()
    assert set(packs) == {"cn", "hebei", "shandong", "pingdingshan", "jinzhong", "xian", "yumen"}
    assert packs["cn"].meta.parent is None
    for local in set(packs) - {"cn"}:
        assert packs[local].meta.parent == "cn"
    assert [p.id for p in lineage("hebei")] == ["hebei", "cn"]


@pytest.mark.parametrize("jurisdiction, start, until", [
    ("cn", "2025-08-01", None),           # art. 44 本条例自2025年8月1日起施行
    ("hebei", "2023-01-01", None),        # art. 32
    ("shandong", "2020-02-01", None),     # art. 40
    ("pingdingshan", "2021-11-30", None), # issued 2021-11-30, no commencement article
    ("jinzhong", "2022-06-16", "2027-06-16"),  # issued 2022-06-16, valid 5 years (art. 31)
    ("yumen", "2025-08-01", None),        # applies Decree 809
    ("xian", None, None),                 # text cut off: unknown
])
def test_in_force_dates(jurisdiction, start, until):
    in_force = get_pack(jurisdiction).meta.in_force
    assert (in_force.from_.isoformat() if in_force.from_ else None) == start
    assert (in_force.until.isoformat() if in_force.until else None) == until


def test_every_bundled_pack_is_lint_clean():
    """Includes the check that every quote is verbatim in the article it cites."""
    assert [str(m) for m in lint()] == []


def test_every_quote_is_verbatim_in_its_article():
    count = 0
    for pack in bundled_packs().values():
        for _, ref in pack.source_refs():
            text = article(pack.document_of(ref), ref.article).text
            assert ref.quote in text, (pack.id, ref.article, ref.quote)
            count += 1
    assert count >= 5  # in-force citations of cn, hebei, shandong, jinzhong, yumen


def test_a_good_pack_loads_and_has_a_receipt(write):
    pack = load_pack(write("testland.yaml", GOOD))
    assert pack.rules[0].period.amount == 10
    receipt = pack.receipt()
    assert receipt["id"] == "testland" and receipt["version"] == "1" and len(receipt["sha256"]) == 64


def _error(write, text: str) -> PackError:
    with pytest.raises(PackError) as info:
        load_pack(write("bad.yaml", text))
    return info.value


def test_misspelt_key_names_line_field_and_suggestion(write):
    err = _error(write, GOOD.replace("      quote:", "      quot:"))
    assert err.line == 19
    assert err.field == "rules[0].source.quot"
    assert "unknown key 'quot'" in str(err) and "did you mean 'quote'?" in str(err)
    assert "more problem" not in str(err)  # the missing 'quote' is the same mistake
    assert str(err).startswith(str(err.file) + ":19")


def test_wrong_type_names_line_and_field(write):
    err = _error(write, GOOD.replace("amount: 10", "amount: ten"))
    assert err.line == 16
    assert err.field == "rules[0].period.amount"


@pytest.mark.parametrize("old, new, line, field", [
    ("amount: 10", "amount: true", 16, "rules[0].period.amount"),  # YAML true: Python's 1
    ("amount: 10", 'amount: "10"', 16, "rules[0].period.amount"),  # text, not a number
    ("article: 17", "article: yes", 18, "rules[0].source.article"),  # YAML 1.1 yes: true
])
def test_a_number_must_be_written_as_a_number(write, old, new, line, field):
    err = _error(write, GOOD.replace(old, new))
    assert (err.line, err.field) == (line, field)
    assert "valid integer" in str(err)


def test_unknown_enum_value_inside_a_rule(write):
    err = _error(write, GOOD.replace("deadline: catalog_update", "deadline: catalogue_update"))
    assert err.line == 12
    assert err.field == "rules[0].deadline"


def test_missing_key(write):
    err = _error(write, GOOD.replace("    party: department\n", ""))
    assert err.field == "rules[0].party"
    assert "missing key 'party'" in str(err)
    assert err.line == 10  # the rule's own line


def test_article_that_does_not_exist(write):
    err = _error(write, GOOD.replace("article: 17", "article: 45"))
    assert err.line == 18
    assert err.field == "rules[0].source.article"
    assert "45" in str(err)


def test_duplicate_key_and_python_tag(write):
    err = _error(write, GOOD.replace("  version: \"1\"\n", "  version: \"1\"\n  version: \"2\"\n"))
    assert err.line == 4 and "duplicate key 'version'" in str(err)
    err = _error(write, GOOD.replace("parent: cn", "parent: !!python/name:os.system"))
    assert err.line == 7 and "not allowed" in str(err)


def test_rule_id_must_carry_the_pack_id(write):
    err = _error(write, GOOD.replace("id: testland.catalog_update", "id: other.catalog_update"))
    assert "must start with 'testland.'" in str(err)


def test_lint_finds_a_quote_that_is_not_verbatim(write):
    path = write("testland.yaml", GOOD.replace("10个工作日内对", "十个工作日内对"))
    messages = lint([path])
    assert [(m.code, m.line, m.field) for m in messages] == [("P002", 19, "rules.0.source.quote")]


def test_lint_finds_unknown_events_bad_intervals_and_parents(write):
    text = (GOOD.replace("event: catalog.updated", "event: catalog.finished")
                .replace("parent: cn", "parent: atlantis")
                .replace("    source:\n      article: 17",
                         "    in_force: {from: 2020-01-01}\n    source:\n      article: 17"))
    codes = sorted(m.code for m in lint([write("testland.yaml", text)]))
    assert codes == ["P003", "P004", "P005"]


def test_lint_reports_a_pack_that_does_not_load(write):
    messages = lint([write("bad.yaml", "pack: [")])
    assert [m.code for m in messages] == ["P001"]


def test_unknown_jurisdiction_suggests_the_nearest():
    with pytest.raises(UnknownJurisdiction, match="did you mean 'hebei'"):
        get_pack("hebie")


OPENING_PACK = GOOD.replace("rules:\n", """openings:
  - id: art17
    party: department
    enforcer: authority
    sanctions: [order_to_correct]
    source: {article: 17, quote: 应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新}
rules:
""", 1) + """
  - id: testland.update_late
    kind: liability
    opening: art17
    conduct: catalog_not_updated
    established_by:
      - deadline: {kinds: [catalog_update], status: [late, overdue]}
    source: {article: 17, quote: 应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新}
  - id: testland.update_late_own_enforcer
    kind: liability
    opening: art17
    conduct: catalog_not_updated_again
    enforcer: government
    established_by:
      - deadline: {kinds: [catalog_update], status: [late, overdue]}
    source: {article: 17, quote: 应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新}
"""


def test_a_liability_rule_takes_its_articles_opening_clause_and_keeps_what_it_gives(tmp_path):
    path = tmp_path / "testland.yaml"
    path.write_text(OPENING_PACK, encoding="utf-8")
    pack = load_pack(path)
    first, second = [r for r in pack.rules if r.kind == "liability"]
    assert (first.party.value, first.enforcer.value, [s.value for s in first.sanctions]) == \
        ("department", "authority", ["order_to_correct"])
    assert (second.party.value, second.enforcer.value) == ("department", "government")
    assert [o.id for o in pack.openings] == ["art17"]


def test_an_unknown_opening_is_a_located_error(tmp_path):
    text = OPENING_PACK.replace("opening: art17\n    conduct: catalog_not_updated_again",
                                "opening: art71\n    conduct: catalog_not_updated_again")
    path = tmp_path / "testland.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError, match="no opening 'art71'") as caught:
        load_pack(path)
    assert caught.value.line == text.splitlines().index("    opening: art71") + 1


def test_cn_arts_39_to_41_write_their_opening_clause_once():
    cn = get_pack("cn")
    assert [o.id for o in cn.openings] == ["art39", "art40", "art41"]
    items = [r for r in cn.rules if getattr(r, "opening", None)]
    assert len(items) >= 18
    for rule in items:  # each item keeps the article of its opening, and its escalation
        opening = next(o for o in cn.openings if o.id == rule.opening)
        assert rule.source.article == opening.source.article
        assert rule.escalation == opening.escalation
