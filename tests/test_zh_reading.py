"""What a Chinese reader of the `--lang zh` outputs found wrong, each read from the example
histories and checked against the texts (see the comments for what the right words are)."""

from __future__ import annotations

from pathlib import Path

from regkit.cli import main
from regkit.sources import citation

ROOT = Path(__file__).resolve().parent.parent


def _run(capsys, *args) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_how_late_a_same_day_or_monthly_duty_is_counts_days(capsys):
    # shandong leak-1: incident Wed 18 Nov, never reported, 立即 = due 18 Nov; as of Sun 22 Nov
    # it is 4 calendar days late (19, 20, 21, 22 Nov): "4日（自然日）", not "4立即".
    out = _run(capsys, "evaluate", str(ROOT / "examples/shandong.yaml"), "--lang", "zh")
    row = next(line for line in out.splitlines() if "cn.incident_report" in line)
    assert "4日（自然日）" in row and "立即" not in row
    # jinzhong: the August report was due Sat 5 Sep and filed Mon 7 Sep: 2 days late
    # (6, 7 Sep), "2日（自然日）", not "2日（次月）"; the month it covers is written as the
    # other dates are, （2026年8月）, not [2026-08].
    out = _run(capsys, "evaluate", str(ROOT / "examples/jinzhong.yaml"), "--lang", "zh")
    row = next(line for line in out.splitlines() if "（2026年8月）" in line)
    assert "2日（自然日）" in row and "次月" not in row
    assert "[2026-" not in out


def test_a_plan_part_numbered_1_2_3_is_cited_by_its_point_everywhere(capsys):
    # Part 五 of the Jinzhong plan numbers its points 1. 2. 3. (3.时间安排 holds the monthly
    # report); it has no （三）, so the monthly report is 第五部分第3点 in the matrix too, as
    # in the deadline table, never 第五部分第（三）项. Part 四 does have （三）.
    assert citation("jinzhong-plan", 5, None, 3) == "第五部分第3点"
    assert citation("jinzhong-plan", 4, None, 3) == "第四部分第（三）项"
    out = _run(capsys, "compare", "--lang", "zh", "--topic", "reporting")
    assert "实施方案》第五部分第3点" in out and "第五部分第（三）项" not in out


def test_legal_bases_are_listed_by_rank_as_the_texts_list_them(capsys):
    # Decree 809 art. 14(3): 法律、行政法规或者国务院决定 - by rank, not by the ids' alphabet
    # (行政法规、法律、国务院决定 reads as a slip to a Chinese lawyer).
    out = _run(capsys, "compare", "--lang", "zh", "--topic", "classification")
    row = next(line for line in out.splitlines() if line.startswith("| 不予共享：限制共享可援引的依据"))
    assert "| 法律、行政法规、国务院决定（《政务数据共享条例》" in row
    assert "法律、行政法规、国务院决定、地方性法规、规章、国家有关规定（《晋中市" in row


def test_the_name_of_a_text_stands_in_book_title_marks(capsys):
    # In Chinese prose a regulation is named in 书名号: 《河北省…办法》规定…，《政务数据共享条例》规定…
    out = _run(capsys, "evaluate", str(ROOT / "examples/hebei.yaml"), "--lang", "zh")
    assert out.startswith("《河北省政务数据共享应用管理办法》，截至2026年11月22日")
    assert "法律责任：《河北省政务数据共享应用管理办法》，截至" in out
    assert "《河北省政务数据共享应用管理办法》规定目录更新可以延长10个工作日，" \
           "《政务数据共享条例》规定可以延长5个工作日" in out
    # what the pack holds besides its measures is no part of the title
    out = _run(capsys, "evaluate", str(ROOT / "examples/jinzhong.yaml"), "--lang", "zh")
    assert out.startswith("《晋中市市场监督管理局政务数据资源共享管理办法》（含实施方案），截至")


def test_explain_names_the_text_in_chinese_punctuation(capsys):
    # "cn.catalog_update  (政务数据共享条例)" mixed an ASCII bracket into Chinese; the civil code
    # a note relies on is named in 书名号 as well.
    out = _run(capsys, "explain", "jinzhong.monthly_report", "--lang", "zh")
    assert out.startswith("jinzhong.monthly_report　《晋中市市场监督管理局政务数据资源共享管理办法》（含实施方案）\n")
    assert "依《中华人民共和国民法典》第二百零一条" in out and "依民法典" not in out


def test_classify_sentences_end_where_a_drafter_ends_them(capsys):
    # A sentence set before or inside a bracket loses its 。: 条件（《…》第十五条：…）, not
    # 条件。（…）; a text that says nothing of opening "未作规定", not "本规定未作规定".
    out = _run(capsys, "classify", "--jurisdiction", "cn", "--share-type", "conditional", "--lang", "zh")
    assert "。（" not in out and "。）" not in out
    assert "使用用途等共享使用条件（《政务数据共享条例》第十五条：" in out
    assert "协调不成的由本级人民政府决定（第二十八条））\n" in out
    assert "向社会开放（申报为不予开放）：未作规定\n" in out


def test_the_chinese_report_writes_no_ascii_brackets_or_colons_in_chinese_text(tmp_path, capsys):
    # The comparison matrix wrote "catalog-2026: 目录审核发布 (政务数据共享主管部门)" and
    # "2026年10月26日 逾期办结 [cn.catalog_review]"; Chinese text takes full-width marks:
    # catalog-2026：目录审核发布（政务数据共享主管部门）, 2026年10月26日 逾期办结（cn.catalog_review）.
    import html
    import re
    out = tmp_path / "r.html"
    assert main(["report", str(ROOT / "examples/hebei.yaml"), "--out", str(out), "--lang", "zh", "--compare"]) == 0
    page = re.sub(r"<(style|pre)\b.*?</\1>", "", out.read_text(encoding="utf-8"), flags=re.S)
    texts = {html.unescape(t).strip() for t in re.split(r"<[^>]+>", page)}
    mixed = sorted(t for t in texts if re.search(r"[\u4e00-\u9fff]", t) and re.search(r"[():\[\];]", t))
    assert mixed == []
    assert "catalog-2026：目录审核发布（政务数据共享主管部门）" in texts


def test_a_finding_does_not_name_its_party_twice(capsys):
    # "提供部门：提供部门未在规定时限内办理" said the party twice; the heading names it once.
    out = _run(capsys, "liability", str(ROOT / "examples/hebei.yaml"), "--lang", "zh")
    assert "提供部门：未在规定时限内办理（quality-3，" in out
    assert "政务数据共享主管部门：未在规定时限内办理（req-he-18，" in out
    assert "提供部门：提供部门" not in out and "主管部门：主管部门" not in out


def test_the_markdown_readings_take_a_chinese_colon(capsys):
    # "- `cn.catalog_review`: 审核期限…" put an ASCII colon before Chinese text
    out = _run(capsys, "evaluate", str(ROOT / "examples/pingdingshan.yaml"), "--lang", "zh", "--format", "markdown")
    assert "- `cn.catalog_review`：审核期限自主管部门收到" in out
    assert "`: " not in out


def test_a_run_of_items_names_its_article_once(capsys):
    # "第三十九条第（一）项、第三十九条第（二）项、…" repeated the article; a drafter writes
    # 第三十九条第（一）项、第（二）项、…, and names the next article when it changes.
    out = _run(capsys, "compare", "--lang", "zh", "--format", "csv", "--topic", "liability")
    assert "《政务数据共享条例》第二十七条、第三十九条第（一）项、第（二）项、第（三）项" in out
    assert "第（九）项、第四十条第（一）项、第（二）项" in out
    assert "项、第三十九条第（" not in out


def test_the_chinese_matrix_names_the_paragraph_its_rule_cites():
    """Hebei art. 15 has three 款 (normalised text): 1 the application, 2 unconditional data
    provided by the authority within three working days, 3 conditional data forwarded within
    three working days and answered within five. The matrix cited all of them as 第十五条; it now
    cites as the deadline table does, with the 款."""
    import json

    from regkit.cli import main as cli_main
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["compare", "--lang", "zh", "--format", "json"]) == 0
    cells = {rule: cell["articles"] for row in json.loads(out.getvalue())["rows"]
             for pid, cell in row["cells"].items() if pid == "hebei" for rule in cell["rules"]}
    assert cells["hebei.request_reply"] == ["《河北省政务数据共享应用管理办法》第十五条第三款"]
    assert cells["hebei.request_forward"] == ["《河北省政务数据共享应用管理办法》第十五条第三款"]
    assert cells["hebei.request_delivery_unconditional"] == ["《河北省政务数据共享应用管理办法》第十五条第二款"]
    assert cells["hebei.catalog_update"] == ["《河北省政务数据共享应用管理办法》第九条"]  # one 款: none named
