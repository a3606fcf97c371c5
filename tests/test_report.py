"""`regkit report`: one self-contained HTML page (no script, nothing fetched), in Chinese or English."""

from __future__ import annotations

import re
from pathlib import Path

from regkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
HEBEI = ROOT / "examples/hebei.yaml"


def _report(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.html"
    assert main(["report", str(HEBEI), "--out", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


def test_the_report_is_self_contained(tmp_path):
    html = _report(tmp_path, "--lang", "zh", "--compare")
    assert "<script" not in html.lower()
    # nothing that a browser would fetch: no src, no link, no url(), no @import
    assert not re.search(r"\bsrc=|<link\b|url\(|@import", html, re.IGNORECASE)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "@page { size: A4" in html


def test_the_chinese_report_holds_timelines_quotes_matrix_and_receipt(tmp_path):
    html = _report(tmp_path, "--lang", "zh", "--compare", "--jurisdictions", "hebei,cn,shandong")
    assert html.count("<svg") == 4  # one timeline per subject of the example
    assert '<html lang="zh-CN">' in html and "<h2>各事项期限</h2>" in html
    assert "政务部门应当自变化之日起十个工作日内完成更新" in html  # hebei art. 9, quoted
    assert "逾期未办" in html and "责令改正" in html
    assert "<h2>各地规定对照</h2>" in html
    assert "<th>河北省政务数据共享应用管理办法</th><th>政务数据共享条例</th>" in html
    assert "&quot;holidays_version&quot;: &quot;" in html and "&quot;sha256&quot;" in html  # the receipt
    # a day off between trigger and due date is drawn: 1 Oct 2026 (国庆节) in catalog-2026's timeline
    assert 'class="off"' in html


def test_the_english_report_and_an_existing_file_left_whole_on_failure(tmp_path):
    html = _report(tmp_path, "--lang", "en")
    assert '<html lang="en">' in html and "<h2>Deadlines by subject</h2>" in html
    out = tmp_path / "kept.html"
    out.write_text("earlier report", encoding="utf-8")
    assert main(["report", str(HEBEI), "--out", str(out), "--jurisdiction", "nowhere"]) == 2
    assert out.read_text(encoding="utf-8") == "earlier report"


def test_a_timeline_label_names_its_rule_whole(tmp_path):
    # pingdingshan.request_reply_conditional (38 letters) and the long ids of hebei, shandong
    # and jinzhong were cut at 38 characters; each label is now its rule id and party whole,
    # on lines that fit the 190 px left of the timeline (about 40 Latin letters at 9 px, a
    # Chinese character two)
    from regkit.packs import bundled_packs
    from regkit.render.html import _LABEL_WIDTH, _text_width
    rule_ids = {rule.id for pack in bundled_packs().values() for rule in pack.rules}
    out = tmp_path / "report.html"
    named = set()
    for example in ("pingdingshan", "hebei", "shandong", "jinzhong"):
        assert main(["report", str(ROOT / f"examples/{example}.yaml"), "--out", str(out), "--lang", "zh"]) == 0
        html = out.read_text(encoding="utf-8")
        labels = [re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text)
                  for text in re.findall(r'<text class="label".*?</text>', html)]
        assert labels and all(_text_width(line) <= _LABEL_WIDTH for lines in labels for line in lines)
        for lines in labels:  # the rule id, then " · party" or the party on a line of its own
            whole = "".join(lines)
            found = [r for r in rule_ids if whole.startswith(r) and not re.match(r"[a-z0-9_.]", whole[len(r):])]
            assert found, lines
            named |= set(found)
    assert {"pingdingshan.request_reply_conditional", "hebei.request_delivery_unconditional",
            "jinzhong.request_review_conditional", "shandong.request_reply_conditional"} <= named
