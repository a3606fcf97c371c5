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
