"""`regkit lint --lang zh`: each finding (P001–P008) in Chinese, its place and code as they were."""

from __future__ import annotations

import re
from pathlib import Path

from regkit.cli import main
from regkit.i18n import translator
from regkit.i18n.lint_texts import TEMPLATES, translate_finding
from test_chinese_everywhere import english_runs
from test_lint import LIABILITY, SECOND_UPDATE
from test_packs import GOOD

ROOT = Path(__file__).resolve().parent.parent

# one pack made to fail P002-P006 and P008, one P007, one that does not load (P001)
BROKEN = (GOOD.replace("10个工作日内对", "十个工作日内对").replace("parent: cn", "parent: atlantis")
          .replace("event: catalog.updated", "event: catalog.finished")
          .replace("    source:\n      article: 17", "    in_force: {from: 2020-01-01}\n    source:\n      article: 17", 1)
          + LIABILITY.replace("catalog_update]", "catalog_review]")
          + SECOND_UPDATE.replace("    title_zh: 测试规则\n", "    notes: [A note.]\n"))


def _lint(paths, lang, capsys):
    assert main(["lint", *map(str, paths), "--lang", lang]) == 1
    return capsys.readouterr().out.splitlines()


def test_every_finding_is_chinese_with_its_place_and_code_unchanged(write, capsys, tmp_path, monkeypatch):
    write("testland.yaml", BROKEN), write("bad.yaml", "pack:\n  id: bad\n  versio: 1\n")
    monkeypatch.chdir(tmp_path)
    paths = ["testland.yaml", "bad.yaml"]
    english, chinese = _lint(paths, "en", capsys), _lint(paths, "zh", capsys)
    assert chinese == [
        "bad.yaml:3: P001 [pack.versio] 未知的键'versio'（是否应为'version'？）（另有4处问题）",
        "testland.yaml:7: P005 [pack.parent] 上级'atlantis'不是已知的地区",
        "testland.yaml:15: P004 [rules.0.done_by.event] 未知的事件类型'catalog.finished'",
        "testland.yaml:17: P003 [rules.0.in_force] 规则testland.catalog_update的施行期间超出所属规则包的施行期间",
        "testland.yaml:20: P002 [rules.0.source.quote] 引文不是《政务数据共享条例》第十七条的原文："
        "'应当自调整、变化发生之日起十个工作日内对政务数据目录完成更新'",
        "testland.yaml:29: P006 [rules.1.established_by.0.deadline.kinds] "
        "规则包testland中没有'catalog_review'类期限，testland.late_update永远无法据此认定",
        "testland.yaml:35: P008 [rules.2.id] testland.catalog_update_again没有中文标题（title_zh）",
        "testland.yaml:35: P008 [rules.2.notes_zh] 说明1条，中文说明却有0条",
    ]
    assert [line.split(" [")[0] for line in chinese] == [line.split(" [")[0] for line in english]
    assert "unknown key 'versio'" in english[0]  # English stays English


def test_the_same_obligation_twice_in_chinese(write, capsys, tmp_path, monkeypatch):
    write("testland.yaml", GOOD + SECOND_UPDATE)
    monkeypatch.chdir(tmp_path)
    lines = _lint(["testland.yaml"], "zh", capsys)
    assert lines == ["testland.yaml:24: P007 [rules.1.deadline] testland.catalog_update_again与"
                     "testland.catalog_update是同一项义务（catalog_update，department，以catalog.updated办结），"
                     "应当在pack.combine中载明二者如何合并适用"]


def test_each_template_renders_without_english_and_unknown_messages_stay():
    tr = translator("zh")
    for template in TEMPLATES:
        sample = re.sub(r"\{(\w+)\}", lambda m: "'x'" if m[1] not in ("document", "article") else
                        {"document": "cn", "article": "17"}[m[1]], template)
        rendered = translate_finding(tr, sample)
        assert rendered != sample and english_runs(rendered) == [], template
    assert translate_finding(tr, "a finding nobody wrote yet") == "a finding nobody wrote yet"


def test_every_template_is_still_the_wording_of_the_code_that_writes_it():
    sources = "".join((ROOT / "src/regkit" / name).read_text(encoding="utf-8") for name in ("linting.py", "packs.py"))
    sources = re.sub(r"\"\s*\n\s*f?\"", "", sources)  # strings continued on the next line, joined
    assert 'f"paragraph {ref.paragraph} of "' in sources  # the P002 message's {where}, written apart
    sources += "quote not found verbatim in paragraph"
    missing = []
    for template in TEMPLATES:
        for words in re.split(r"\{\w+\}|[();?]|: ", template):
            words = words.strip(" :'.")
            if len(words) >= 6 and words not in sources:
                missing.append((template, words))
    assert missing == []
