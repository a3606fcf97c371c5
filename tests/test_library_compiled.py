"""Classification tables and conflict tables are compiled per library, like deadlines.

Two libraries in one process hold the same user jurisdiction with different rules:
each engine answers from its own, and the module functions from the bundled library
before and after. Every folder is written in tmp_path, outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import yaml

import regkit

ARTICLES = ("政务部门应当在政务数据目录变化之日起{days}个工作日内完成更新。",
            "列为不予共享的，应当注明{basis}依据。",
            "本办法自2024年1月1日起施行。")


def text(days: int, basis: str) -> str:
    """The normalised source of the city's measures, as `regkit source import` writes it."""
    return yaml.safe_dump({
        "id": "mycity", "jurisdiction": "mycity", "title": "某市政务数据共享办法", "number": None,
        "provenance": {}, "preamble": [],
        "articles": [{"number": n, "chapter": None, "heading": None,
                      "paragraphs": [article.format(days=days, basis=basis)]}
                     for n, article in enumerate(ARTICLES, 1)],
    }, allow_unicode=True, sort_keys=False)


PACK = """\
pack:
  id: mycity
  version: "1"
  names: {{zh: 某市政务数据共享办法, en: Measures of a city}}
  document: {{title: 某市政务数据共享办法, number: null, source: mycity}}
  level: city_rule
  parent: cn
  in_force:
    from: 2024-01-01
    source: {{article: 3, quote: 本办法自2024年1月1日起施行}}
  classification: {{requirements: all_apply, request_path: first_match, opening: first_match}}
rules:
  - id: mycity.catalog_update
    kind: deadline
    deadline: catalog_update
    party: department
    counterpart: cn.catalog_update
    trigger: {{event: catalog.change}}
    done_by: {{event: catalog.updated}}
    period: {{amount: {days}, unit: working_days}}
    source: {{article: 1, quote: 变化之日起{days}个工作日内完成更新}}
    title_zh: 政务数据目录变化后完成更新
  - id: mycity.restricted_basis
    kind: class_requirement
    applies_to: {{share_type: not_shared}}
    satisfied_when: {{legal_basis: {bases}}}
    requirement: The basis must be noted.
    requirement_zh: 应当注明依据。
    source: {{article: 2, quote: 应当注明{basis}依据}}
  - id: mycity.path_any
    kind: request_path
    when: {{}}
    path: application_then_reply
    steps: The user applies.
    steps_zh: 使用部门提出申请。
    source: {{article: 2, quote: 列为不予共享的}}
  - id: mycity.opening_any
    kind: opening
    when: {{}}
    open_allowed: null
    source: {{article: 2, quote: 列为不予共享的}}
"""

# For data not shared, cn accepts a law, an administrative regulation or a State Council
# decision (cn art. 14(4)(3), cn.yaml).
STRICT = {"days": 5, "basis": "法律", "bases": "[law]"}
LAX = {"days": 15, "basis": "法律或者地方性法规", "bases": "[law, local_regulation]"}
CLAIM = {"share_type": "not_shared", "legal_basis": "local_regulation"}


def engine(root: Path, days: int, basis: str, bases: str) -> regkit.Engine:
    (root / "packs").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "sources" / "mycity.yaml").write_text(text(days, basis), encoding="utf-8")
    (root / "packs" / "mycity.yaml").write_text(PACK.format(days=days, basis=basis, bases=bases),
                                                encoding="utf-8")
    return regkit.Engine(library=regkit.Library.from_paths(root))


def local_item(items: list[dict]) -> dict:
    [item] = [i for i in items if i["jurisdiction"] == "mycity"]
    return item


def test_two_libraries_classify_the_same_claim_each_by_its_own_rule(tmp_path):
    before = regkit.classify("cn", CLAIM)
    strict, lax = engine(tmp_path / "a", **STRICT), engine(tmp_path / "b", **LAX)
    for _ in range(2):  # answered twice each, interleaved: the second answers come from the stores
        refused = local_item(strict.classify("mycity", CLAIM))
        accepted = local_item(lax.classify("mycity", CLAIM))
        assert (refused["valid"], [r["rule"] for r in refused["requirements"]]) == (
            False, ["mycity.restricted_basis"])
        assert (accepted["valid"], accepted["requirements"]) == (True, [])
    assert regkit.classify("cn", CLAIM) == before
    assert "mycity" not in regkit.Library.bundled().packs


def test_two_libraries_list_the_conflicts_of_their_own_rules(tmp_path):
    before = regkit.conflicts()
    strict, lax = engine(tmp_path / "a", **STRICT), engine(tmp_path / "b", **LAX)
    for _ in range(2):
        # 5 working days and a law only: stricter than cn (10 working days; law, administrative
        # regulation, State Council decision), so no conflict
        assert strict.conflicts("mycity") == []
        found = {(c["kind"], c["lower"]["rule"], c["higher"]["rule"]) for c in lax.conflicts("mycity")}
        # 15 working days > cn art. 17's 10; a local regulation is a basis cn does not accept
        assert found == {("more_time", "mycity.catalog_update", "cn.catalog_update"),
                         ("laxer_basis", "mycity.restricted_basis", "cn.not_shared_basis_with_conditions")}
    [laxer] = [c for c in lax.conflicts("mycity") if c["kind"] == "laxer_basis"]
    assert laxer["lower"]["figure"] == {"bases": ["local_regulation"], "accepted": ["law", "local_regulation"]}
    assert laxer["lower"]["source"]["quote"] == "应当注明法律或者地方性法规依据"
    assert regkit.conflicts() == before
    assert all(c["lower"]["jurisdiction"] != "mycity" for c in regkit.conflicts())


def test_a_result_meets_the_conflicts_of_its_own_library(tmp_path):
    strict, lax = engine(tmp_path / "a", **STRICT), engine(tmp_path / "b", **LAX)
    events = [{"type": "catalog.change", "date": "2026-09-28", "subject": "cat"}]
    assert strict.evaluate(events, jurisdiction="mycity", as_of="2026-11-22")["conflicts"] == []
    [met] = lax.evaluate(events, jurisdiction="mycity", as_of="2026-11-22")["conflicts"]
    assert (met["kind"], met["subjects"]) == ("more_time", ["cat"])


def test_liability_rules_are_compiled_once_per_library_whoever_reads_them(tmp_path, monkeypatch):
    """The comparison, docs/liability.md and the engine read a pack's liability rules from the
    library's store: each pack is compiled once however often they are read."""
    from collections import Counter

    from regkit import _active
    from regkit.engine.compile import liability
    from regkit.tables import liability_markdown

    compiled = Counter()
    real = liability.compile_liability

    def counting(pack):
        compiled[pack.id] += 1
        return real(pack)

    monkeypatch.setattr(liability, "compile_liability", counting)
    lax = engine(tmp_path / "b", **LAX)
    for _ in range(2):
        lax.compare()
        with _active.using(lax.library):
            liability_markdown()
        lax.evaluate([{"type": "catalog.change", "date": "2026-09-28", "subject": "cat"}],
                     jurisdiction="mycity", as_of="2026-11-22")
    assert compiled["mycity"] == compiled["cn"] == 1
    assert set(compiled.values()) == {1}
