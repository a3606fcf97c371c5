"""Languages: the catalogue is complete and compiled, terms cover every value, zh output has
no English status, party or measure words."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from regkit.cli import main
from regkit.i18n import resolve_lang, terms, translator
from regkit.i18n.catalogue import mo_bytes, read_po, used_messages
from regkit.model.packs import DeadlineKind, Party, Sanction
from regkit.vocabulary import EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/regkit/i18n/locale/zh/LC_MESSAGES/regkit.po"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_the_shipped_mo_is_the_compiled_po():
    # scripts/compile_catalogue.py writes it; a stale .mo would show old Chinese texts
    assert PO.with_suffix(".mo").read_bytes() == mo_bytes(read_po(PO))


def test_every_message_the_code_uses_is_translated_and_every_translation_is_used():
    catalogue = {k: v for k, v in read_po(PO).items() if k}
    used = used_messages(ROOT / "src/regkit")
    missing = sorted(f"{where}: {m!r}" for m, where in used.items() if not catalogue.get(m))
    unused = sorted(m for m in catalogue if m not in used)
    assert missing == [] and unused == []


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_a_translation_uses_only_the_placeholders_of_its_message():
    # a translation may leave one out (the Chinese conflict line says the kind once, in
    # words), never invent one: str.format would raise KeyError at run time
    for msgid, msgstr in read_po(PO).items():
        if msgid:
            assert _fields(msgstr) <= _fields(msgid), msgid


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "C.UTF-8"}, "en"), ({"LC_ALL": "zh_TW.UTF-8", "LANG": "C"}, "zh"),
    ({"LANGUAGE": "en_US:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"), ({}, "en"),
])
def test_the_default_language_follows_the_locale(monkeypatch, env, expected):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert resolve_lang() == expected
    assert resolve_lang("zh") == "zh"


def test_every_value_has_a_chinese_and_an_english_term():
    table = terms()
    for category in table.values():
        for value, entry in category.items():
            assert entry.get("zh") and entry.get("en"), value
    assert set(table["party"]) == {p.value for p in Party}
    assert set(table["sanction"]) == {s.value for s in Sanction}
    assert set(table["kind"]) == {k.value for k in DeadlineKind}
    assert set(table["event"]) == set(EVENT_TYPES)
    conducts = set()
    for pack in (ROOT / "rules/packs").glob("*.yaml"):
        rules = yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]
        conducts |= {r["conduct"] for r in rules if r.get("kind") == "liability"}
        conducts |= {r["outcome"] for r in rules if r.get("kind") == "responsibility"}
    assert conducts <= set(table["conduct"]), sorted(conducts - set(table["conduct"]))


def test_the_terms_the_issue_names():
    tr = translator("zh")
    assert [tr.term("party", "provider"), tr.term("party", "authority"), tr.term("status", "overdue"),
            tr.term("status", "met"), tr.term("sanction", "order_to_correct"),
            tr.term("sanction", "circulate_criticism")] == \
        ["提供部门", "政务数据共享主管部门", "逾期未办", "已按时办结", "责令改正", "通报批评"]


_ENGLISH_VALUES = sorted({v for c in ("status", "party", "sanction") for v in terms()[c]}, key=len, reverse=True)
_ENGLISH_WORD = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, _ENGLISH_VALUES)) + r")(?![\w.])")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_english_status_party_or_measure_in_a_chinese_table(example, capsys):
    for command in (["evaluate", str(example)], ["liability", str(example)],
                    ["evaluate", str(example), "--format", "markdown"]):
        assert main([*command, "--lang", "zh"]) == 0
        out = capsys.readouterr().out
        # every line, readings, warnings and reasons included
        found = _ENGLISH_WORD.findall(out)
        assert found == [], (command, found)


def test_the_english_table_is_unchanged_by_the_catalogue(capsys):
    assert main(["evaluate", str(ROOT / "examples/hebei.yaml"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("hebei as of 2026-11-22 (layers: all; calendar official through 2026-12-31)")
    assert "met (binding)" in out and "overdue (binding)" in out


def test_lang_is_accepted_by_every_command(capsys):
    for command in (["jurisdictions"], ["calendar", "add", "2026-09-28", "10"], ["explain", "cn.catalog_update"],
                    ["conflicts", "--on", "2026-11-22"], ["compare", "--topic", "catalog", "--on", "2026-11-22"],
                    ["classify", "--jurisdiction", "cn", "--share-type", "conditional"], ["lint"]):
        assert main([*command, "--lang", "zh"]) == 0, command
    capsys.readouterr()


def test_chinese_conflicts_classification_and_comparison(capsys):
    assert main(["conflicts", "--jurisdiction", "hebei", "--on", "2026-11-22", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026年11月22日适用于《河北省政务数据共享应用管理办法》的现行规定中，上下位规定不一致之处：")
    # hebei art. 9 可以延长十个工作日 against cn art. 17 可以延长5个工作日
    assert ("hebei.catalog_update（《河北省政务数据共享应用管理办法》第九条）与cn.catalog_update（《政务数据共享条例》"
            "第十七条）不一致：《河北省政务数据共享应用管理办法》规定目录更新可以延长10个工作日，《政务数据共享条例》规定可以延长5个工作日；"
            "适用cn.catalog_update") in out
    assert main(["classify", "--jurisdiction", "cn", "--share-type", "not_shared", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("《政务数据共享条例》：申报为不予共享")
    assert main(["evaluate", str(ROOT / "examples/hebei.yaml"), "--compare", "--lang", "zh",
                 "--jurisdictions", "hebei,shandong"]) == 0
    out = capsys.readouterr().out
    assert "| | 《河北省政务数据共享应用管理办法》 | 《山东省" in out
    assert "| req-he-17：共享申请答复（提供部门） |" in out


def test_explain_and_errors_in_chinese(capsys, tmp_path):
    assert main(["explain", "hebei.catalog_update", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "依据：《河北省政务数据共享应用管理办法》第九条\n" in out
    assert "延期依据：《河北省政务数据共享应用管理办法》第九条\n" in out
    assert main(["explain", "jinzhong.monthly_report", "--lang", "zh"]) == 0
    assert "依据：《晋中市市场监督管理局政务数据资源共享管理工作实施方案》第五部分" in capsys.readouterr().out
    missing = tmp_path / "none.yaml"
    assert main(["evaluate", str(missing), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("regkit：错误：") and err.count("\n") == 1


def test_every_engine_sentence_template_matches_what_the_engine_writes():
    # if the engine rewords a sentence, this fails rather than leaving it English in zh output
    from datetime import date
    from types import SimpleNamespace

    from regkit import evaluate
    from regkit.engine.deadlines import _in_force
    from regkit.i18n.engine_texts import TEMPLATES, _patterns, translate

    history = [{"type": "catalog.change", "date": "2027-12-20", "subject": "s"},
               {"type": "catalog.extension_granted", "date": "2028-01-20", "subject": "s"},
               {"type": "catalog.change", "date": "2028-06-01", "subject": "t"}]
    late = evaluate(history, jurisdiction="jinzhong", as_of="2028-02-01")
    capped = evaluate([{"type": "catalog.change", "date": "2026-09-28", "subject": "c"},
                       {"type": "catalog.extension_granted", "date": "2026-10-14", "subject": "c", "amount": 10}],
                      jurisdiction="cn", as_of="2026-11-22")
    early = evaluate([{"type": "catalog.change", "date": "2025-07-25", "subject": "e"}], jurisdiction="shandong",
                     as_of="2025-12-31")
    unknown = _in_force(SimpleNamespace(in_force_known=False, jurisdiction="xian"), date(2026, 1, 1))
    # a provisional count the engine cannot bound (no plain period) says so without a range
    from regkit.calendar import default_calendar
    from regkit.engine.deadlines import _flag_provisional, counter_for
    unbounded: list[dict] = []
    _flag_provisional({"rule": "r", "subject": "s", "period": None, "provisional": False}, "working_days",
                      date(2027, 12, 20), date(2028, 1, 4), counter_for(default_calendar()), unbounded)
    sentences = [w["message"] for r in (late, capped, early) for w in r["warnings"] + unbounded]
    sentences += [e["reason"] for r in (late, early) for e in r["deadlines"] if e["reason"]] + [unknown]
    tr = translator("zh")
    matched = {template for pattern, template in _patterns() for s in sentences if pattern.match(s)}
    assert matched == set(TEMPLATES)
    assert translate(tr, "jinzhong was in force until 2027-06-16") == \
        "《晋中市市场监督管理局政务数据资源共享管理办法》（含实施方案）施行至2027年6月16日"
    assert "准予延长10个工作日，超过最长5个工作日的规定，按最长期限计算" in translate(
        tr, next(w["message"] for w in capped["warnings"] if w["code"] == "extension_capped"))


def test_the_comparison_matrix_in_chinese(capsys):
    assert main(["compare", "--lang", "zh", "--on", "2026-11-22", "--topic", "catalog", "--topic", "liability",
                 "--jurisdictions", "cn,hebei,xian,yumen"]) == 0
    out = capsys.readouterr().out
    # cn art. 17: 10个工作日内…可以延长5个工作日; hebei art. 9: 十个工作日内…可以延长十个工作日;
    # xian's text has no known date of effect (not in force); yumen's list states it sets none, in
    # item 2's column 责任事项内容 (line 6), which yumen.no_time_limits cites
    assert ("| 目录更新 | 自目录信息调整变化之日起10个工作日内，可以延长5个工作日（《政务数据共享条例》第十七条） | "
            "自目录信息调整变化之日起10个工作日内，可以延长10个工作日（《河北省政务数据共享应用管理办法》第九条） | "
            "未施行 | 未规定（《玉门市数据局权责清单目录（不含涉密事项）》序号2“责任事项内容”栏） |") in out
    assert "### 法律责任" in out and "| 构成犯罪的（由司法机关认定） | 依法追究刑事责任（《政务数据共享条例》第四十二条）" in out
    assert _ENGLISH_WORD.findall(out) == [] and "working days" not in out


def test_json_keeps_identifiers_and_carries_the_texts_of_the_language_asked(capsys):
    history = str(ROOT / "examples/hebei.yaml")
    assert main(["evaluate", history, "--format", "json"]) == 0
    plain = capsys.readouterr().out
    assert main(["evaluate", history, "--format", "json", "--lang", "en"]) == 0
    assert capsys.readouterr().out == plain  # English is the result as the engine made it
    assert main(["evaluate", history, "--format", "json", "--lang", "zh"]) == 0
    import json
    zh, en = json.loads(capsys.readouterr().out), json.loads(plain)
    ids = ("rule", "kind", "party", "status", "due", "subject", "binding", "late_by")
    assert [{k: e[k] for k in ids} for e in zh["deadlines"]] == [{k: e[k] for k in ids} for e in en["deadlines"]]
    review = next(e for e in zh["deadlines"] if e["rule"] == "cn.catalog_review")
    assert review["reading"].startswith("审核期限自主管部门收到更新后的政务数据目录之日起计算")
    assert zh["warnings"][0]["code"] == "extension_capped" and "超过最长5个工作日" in zh["warnings"][0]["message"]
    summary = next(c["summary"] for c in zh["conflicts"] if c["kind"] == "more_time")
    # hebei art. 9 十个工作日内完成审核 against cn art. 17 2个工作日内完成审核并发布
    assert summary == "《河北省政务数据共享应用管理办法》规定目录审核发布期限为10个工作日，《政务数据共享条例》规定为2个工作日"
