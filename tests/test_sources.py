"""The normalised source texts (rules/sources/) and the API that reads them.

The spot checks below were written by hand from the raw texts in ../shared
(seeds/*.txt, sources/cn-809.txt), not copied from the generated files.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regkit import sources
from regkit.errors import LookupFailed, UnknownArticle, UnknownJurisdiction
from regkit.sources import article, document, documents, find_quote, source_text

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "normalize_sources.py"
SHARED = REPO.parent / "shared"
COMMITTED = REPO / "rules" / "sources"

COUNTS = {"cn": 44, "hebei": 32, "shandong": 40, "pingdingshan": 30, "jinzhong": 31,
          "jinzhong-plan": 5, "xian": 11, "yumen": 8}
TRADITIONAL = ("hebei", "shandong", "xian")

needs_shared = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(),
    reason=f"the raw texts are not beside the checkout ({SHARED}); CI has them at ../shared")


def texts(doc: sources.SourceDocument):
    """Every piece of law text in a document, with where it is."""
    yield "title", doc.title
    for i, p in enumerate(doc.preamble):
        yield f"preamble[{i}]", p
    for n, a in doc.articles.items():
        if a.chapter:
            yield f"art. {n} chapter", a.chapter
        if a.heading:
            yield f"art. {n} heading", a.heading
        for i, p in enumerate(a.paragraphs):
            yield f"art. {n} para {i}", p
    for i, p in enumerate(doc.closing):
        yield f"closing[{i}]", p


def all_texts():
    for doc in documents().values():
        for where, text in texts(doc):
            yield doc.id, where, text


# --------------------------------------------------------------------------- #
# the script


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("opencc", reason="the normalisation script needs OpenCC (pip install '.[test]')")
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@needs_shared
def test_committed_sources_are_fresh():
    result = run_script("--check")
    assert result.returncode == 0, (
        "rules/sources/ is out of date; run python scripts/normalize_sources.py\n"
        + result.stdout + result.stderr)


@needs_shared
def test_check_reports_a_changed_and_a_stale_file(tmp_path: Path):
    out = tmp_path / "sources"
    shutil.copytree(COMMITTED, out)
    hebei = out / "hebei.yaml"
    hebei.write_text(hebei.read_text(encoding="utf-8").replace("十个工作日", "十五个工作日", 1),
                     encoding="utf-8")
    (out / "old.yaml").write_text("id: old\n", encoding="utf-8")
    result = run_script("--check", "--out", str(out))
    assert result.returncode == 1
    assert "hebei.yaml" in result.stdout and "old.yaml" in result.stdout
    assert "cn.yaml" not in result.stdout
    # --check wrote nothing
    assert "十五个工作日" in hebei.read_text(encoding="utf-8")


@needs_shared
def test_output_is_deterministic_and_matches_the_committed_files(tmp_path: Path):
    for name in ("a", "b"):
        assert run_script("--out", str(tmp_path / name)).returncode == 0
    for path in sorted(COMMITTED.glob("*.yaml")):
        a = (tmp_path / "a" / path.name).read_bytes()
        assert a == (tmp_path / "b" / path.name).read_bytes()
        assert a == path.read_bytes()
    assert {p.name for p in (tmp_path / "a").iterdir()} == {f"{i}.yaml" for i in COUNTS}


@needs_shared
def test_a_changed_seed_fails_loudly_instead_of_being_miscut(tmp_path: Path):
    shared = tmp_path / "shared"
    shutil.copytree(SHARED / "seeds", shared / "seeds")
    shutil.copytree(SHARED / "sources", shared / "sources")
    seed = next((shared / "seeds").glob("004_*.txt"))
    seed.chmod(0o644)
    raw = seed.read_text(encoding="utf-8")
    assert "2100433B" in raw
    seed.write_text(raw.replace("2100433B", ""), encoding="utf-8")
    result = run_script("--shared", str(shared), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "anchor" in result.stderr and "2100433B" in result.stderr
    assert not (tmp_path / "out").exists()


@needs_shared
def test_provenance_hashes_are_of_the_raw_files():
    for doc in documents().values():
        raw = (SHARED / doc.provenance["file"]).read_bytes()
        assert doc.provenance["sha256"] == hashlib.sha256(raw).hexdigest(), doc.id


# --------------------------------------------------------------------------- #
# shape


def test_article_counts_and_numbering():
    docs = documents()
    assert {i: len(d.articles) for i, d in docs.items()} == COUNTS
    for doc in docs.values():
        assert list(doc.articles) == list(range(1, COUNTS[doc.id] + 1)), doc.id
        for n, a in doc.articles.items():
            assert a.number == n and a.document == doc.id
            assert a.paragraphs and all(p and p == p.strip() for p in a.paragraphs), (doc.id, n)


def test_documents_metadata():
    docs = documents()
    assert {d.jurisdiction for d in docs.values()} == {
        "cn", "hebei", "shandong", "pingdingshan", "jinzhong", "xian", "yumen"}
    assert docs["jinzhong-plan"].jurisdiction == "jinzhong"
    assert docs["cn"].title == "政务数据共享条例"
    assert docs["cn"].number == "中华人民共和国国务院令第809号"
    assert docs["shandong"].number == "山东省人民政府令第329号"
    assert docs["pingdingshan"].number == "平数政办〔2021〕7号"
    assert docs["pingdingshan"].title == "平顶山市政务数据管理办法（试行）"
    assert docs["hebei"].number is None
    for doc in docs.values():
        prov = doc.provenance
        assert prov["file"] and prov["part"] and re.fullmatch(r"[0-9a-f]{64}", prov["sha256"])
        steps = [t.split(" ", 1)[0] for t in prov["transforms"]]
        assert steps == sorted(steps) and steps[0] == "1" and steps[-1] == "6", doc.id
        assert ("3" in steps) == (doc.id in TRADITIONAL), doc.id


def test_no_paragraph_swallows_a_chapter_or_an_article_marker():
    marker = re.compile("^第[一二三四五六七八九十百零〇]+[章条]")
    for doc_id, where, text in all_texts():
        if "para" in where:
            assert not marker.match(text), (doc_id, where, text[:20])


def test_chapters():
    assert article("cn", 1).chapter == "第一章 总则"
    assert article("cn", 11).chapter == "第二章 管理体制"
    assert article("cn", 12).chapter == "第三章 目录管理"
    assert article("cn", 44).chapter == "第八章 附则"
    assert article("hebei", 32).chapter == "第七章 附则"  # raw: 第七章 附 則
    assert article("jinzhong", 1).chapter == "第一章 总则"  # raw: 第一章 总 则
    assert article("pingdingshan", 15).chapter == "第五章 政务数据共享"  # raw: no space
    assert article("pingdingshan", 30).chapter == "第九章 附则"
    assert article("shandong", 22).chapter == "第四章 应用和服务"
    assert article("xian", 11).chapter == "第三章 政务数据资源目录"
    assert all(a.chapter is None for d in ("yumen", "jinzhong-plan")
               for a in document(d).articles.values())


def test_headings():
    ping = document("pingdingshan")
    assert all(a.heading for a in ping.articles.values())
    assert ping.articles[1].heading == "制定目的及依据"
    assert ping.articles[14].heading == "政务数据维护"
    assert ping.articles[30].heading == "参照执行"
    plan = document("jinzhong-plan")
    assert [a.heading for a in plan.articles.values()] == [
        "建立政务数据资源共享工作机构", "明确政务数据资源共享工作原则",
        "确定政务数据资源共享范围和方式", "完善政务数据资源共享制度机制", "具体工作要求"]
    for doc_id in ("cn", "hebei", "shandong", "jinzhong", "xian", "yumen"):
        assert all(a.heading is None for a in document(doc_id).articles.values()), doc_id


# --------------------------------------------------------------------------- #
# what the transforms must have removed


PINYIN = "a-zü\u00e0\u00e1\u00e8\u00e9\u00ec\u00ed\u00f2\u00f3\u00f9\u00fa\u0101\u0113\u012b" \
    "\u014d\u016b\u01ce\u011b\u01d0\u01d2\u01d4\u01d6\u01d8\u01da\u01dc"


def test_no_pinyin_gloss_left():
    gloss = re.compile(f"[(（][{PINYIN}]{{1,6}}[)）]")
    hits = [(doc_id, where, m.group(), text[m.start() - 1])
            for doc_id, where, text in all_texts() for m in gloss.finditer(text)]
    # the one exception is the documented encoding garble in Hebei art. 9, where the
    # bracket follows a latin letter of the garble (原因？qū）е履夸汹l（fā）生变化)
    assert hits == [("hebei", "art. 9 para 0", "（fā）", "l")]


def test_glosses_stripped_but_chinese_brackets_kept():
    assert "（以下简称政务部门）" in source_text("hebei", 2)
    assert article("hebei", 11).paragraphs[1] == "（一）无条件共享类，可以提供给所有政务部门共享使用；"
    assert "设区的市、县（市、区）政务数据共享工作主管部门" in source_text("hebei", 4)
    assert "（陜政发〔2017〕34号）" in source_text("xian", 1)  # raw: (陜政發(fā)〔2017〕34號)


def test_no_traditional_characters_left():
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC("t2s")
    for doc_id in TRADITIONAL:
        for where, text in texts(document(doc_id)):
            assert converter.convert(text) == text, (doc_id, where)
    for word in ("政務", "數據", "條", "辦法", "規定"):
        assert not any(word in t for _, _, t in all_texts()), word


def test_no_half_width_punctuation():
    for doc_id, where, text in all_texts():
        assert not re.search("[,;:()?!]", text), (doc_id, where, text)


@pytest.mark.parametrize("junk", [
    "2100433B", "格式：pdf", "格式:pdf", "征求意见稿", "您的位置", "发布时间", "阅读：", "评分",
    ".zip", "<p>", "</p>", "span", "\u00a0", "\u3000", "三亚市", "南京市", "档案管理制度",
    "互联网”", "近日",
])
def test_no_junk(junk: str):
    for doc_id, where, text in all_texts():
        assert junk not in text, (doc_id, where)


def test_no_whitespace_inside_the_texts():
    # these texts have no latin words that would need a space; a chapter label is
    # written 第X章 + one space + its title
    for doc_id, where, text in all_texts():
        if where.endswith("chapter"):
            assert re.fullmatch(r"第[一二三四五六七八九十]+章 \S+", text), (doc_id, where, text)
        else:
            assert not re.search(r"\s", text), (doc_id, where, text)


# --------------------------------------------------------------------------- #
# spot checks, by hand from the raw texts


def test_cn():
    assert article("cn", 1).paragraphs[0].startswith("为了推进政务数据安全有序高效共享利用")
    assert find_quote("cn", 17, "可以延长5个工作日")
    assert find_quote("cn", 17, "政府部门应当自调整、变化发生之日起10个工作日内对政务数据目录完成更新")
    assert find_quote("cn", 21, "应当自收到政务数据共享申请之日起1个工作日内作出答复")
    assert find_quote("cn", 29, "有关记录保存期限不少于3年")
    p39 = article("cn", 39).paragraphs
    assert len(p39) == 10 and p39[1] == "（一）未按照要求编制或者更新政务数据目录；"
    assert p39[9] == "（九）违反本条例规定的其他情形。"
    assert source_text("cn", 44) == "本条例自2025年8月1日起施行。"
    assert document("cn").preamble == (
        "中华人民共和国国务院令第809号",
        "《政务数据共享条例》已经2025年5月9日国务院第59次常务会议通过，现予公布，自2025年8月1日起施行。",
        "总理李强", "2025年5月28日")


def test_hebei():
    assert find_quote("hebei", 9, "自变化之日起十个工作日内完成更新")
    assert find_quote("hebei", 9, "经同级政务数据共享工作主管部门同意，可以延长十个工作日。")
    assert find_quote("hebei", 15, "应当自收到申请之日起三个工作日内直接提供数据")
    assert find_quote("hebei", 16, "延长期限不超过十个工作日")
    assert source_text("hebei", 32) == "本办法自2023年1月1日起施行。"
    pre = document("hebei").preamble
    assert pre[0] == "河北省人民政府"
    assert pre[1].startswith("（《河北省政务数据共享应用管理办法》已经2022年10月25日省政府第162次常务会议通过")
    assert len(pre) == 2  # the title's repeats are not kept


def test_shandong():
    assert find_quote("shandong", 16, "应当在15个工作日内更新本部门政务数据目录")
    assert source_text("shandong", 22).startswith(
        "政务数据按照共享类型分为无条件共享、有条件共享和不予共享三种类型")
    assert find_quote("shandong", 23, "有关部门应当在10个工作日内予以答复")
    assert source_text("shandong", 40) == "本办法自2020年2月1日起施行。"
    pre = document("shandong").preamble
    assert pre[0] == "山东省人民政府令第329号" and pre[-2:] == ("省长龚正", "2019年12月25日")


def test_pingdingshan():
    # rejoined across a page break: "…法律法规授权具" / "" / "有行政职能的…"
    assert find_quote("pingdingshan", 2, "法律法规授权具有行政职能的事业单位")
    assert find_quote("pingdingshan", 14, "日志记录保存时间不得少于24个月")
    assert find_quote("pingdingshan", 5, "互联互通、充分利用")
    assert find_quote("pingdingshan", 11, "之日起10个工作日内更新本部门政务数据资源目录")
    assert find_quote("pingdingshan", 17, "提供方应明确共享条件。")
    assert find_quote("pingdingshan", 18, "提供部门应在5个工作日内完成线上审批")
    assert source_text("pingdingshan", 30) == (
        "财政性资金保障的其他机关和单位在履行公共管理和服务职责过程中制作或者获取的数据资源，参照本办法管理。")
    doc = document("pingdingshan")
    assert doc.preamble[0] == "平顶山市石龙区政务服务和大数据管理局"
    assert "平数政办〔2021〕7号" in doc.preamble
    assert doc.closing == ("平顶山市数字政府建设工作领导小组办公室2021年11月30日印发",)


def test_jinzhong():
    assert find_quote("jinzhong", 18, "不少于20个自然日的过渡期")
    assert find_quote("jinzhong", 8, "15个工作日内更新本单位政务数据资源目录")
    assert find_quote("jinzhong", 14, "提供部门应在5个工作日内予以答复")
    assert find_quote("jinzhong", 16, "提供部门应当在收到反馈之日起5个工作日内予以校核更正")
    assert find_quote("jinzhong", 31, "有效期5年")
    # garbles of the published text stay as they are
    assert find_quote("jinzhong", 7, "管理部门统一汇聚形成市局政务数据资源目录后，级共享平台备案")
    assert find_quote("jinzhong", 27, "财部门")
    assert article("jinzhong", 28).paragraphs[-1] == "（九）其他违反本办法规定造成不良后果的行为。"
    assert "2022年6月16日" in document("jinzhong").preamble


def test_jinzhong_plan():
    assert find_quote("jinzhong-plan", 5, "每月5日前")
    assert find_quote("jinzhong-plan", 2, "（一）共享为原则、不共享为例外。")
    assert find_quote("jinzhong-plan", 3, "只能选择不可对社会开放")
    plan = document("jinzhong-plan")
    assert any("市政办发〔20226精神" in p for p in plan.preamble)
    assert plan.preamble[:2] == ("晋中市市场监督管理局",
                                 "关于印发政务数据资源共享管理工作实施方案和政务数据资源共享管理办法的通知")
    assert plan.closing[0] == "附件：1.政务数据资源共享工作责任人、联系人表" and len(plan.closing) == 5
    # the measures do not leak into the plan, nor the plan into the measures
    assert not any("第一条" in t for _, t in texts(plan))
    assert not any("具体工作要求" in t for _, t in texts(document("jinzhong")))


def test_xian():
    text = source_text("xian", 11)
    assert "2100433B" not in text
    assert text.endswith("选择在线编制、离线工具、系统对接等方式，进行本部门资源目录编制。")
    assert find_quote("xian", 2, "在西安市行政区域内（含西咸新区）")
    assert document("xian").preamble == ()


def test_yumen():
    items = document("yumen").articles
    assert items[1].paragraphs[:4] == ("事项名称：政务数据共享争议调解", "权力类型：其他行政权力",
                                       "行使主体：玉门市数据局", "承办机构：数据管理股")
    assert "第十七条" in source_text("yumen", 2)
    assert find_quote("yumen", 2, "可以延长5个工作日")
    # rows 5-8 have one column fewer: their fields must still land under the right labels
    assert "承办机构：政务服务中心" in items[6].paragraphs
    assert "承办机构：营商建设股" in items[8].paragraphs
    assert any(p.startswith("实施依据：《甘肃省优化营商环境条例》") for p in items[6].paragraphs)
    assert any(p.startswith("实施依据：《政务数据共享条例》中华人民共和国国务院令第809号") and "第三十八条" in p
               for p in items[5].paragraphs)
    assert "责任事项依据：《甘肃省社会信用条例》" in items[8].paragraphs
    labels = [p.split("：", 1)[0] for p in items[5].paragraphs]
    assert labels == ["事项名称", "权力类型", "行使主体", "承办机构", "实施依据", "责任事项内容",
                      "责任事项依据", "追责对象范围", "追责情形"]
    for item in items.values():
        assert not any(p.startswith(("子项名称", "备注", "地方权力编码")) for p in item.paragraphs)


# --------------------------------------------------------------------------- #
# the API


def test_documents_returns_a_fresh_dict_of_the_same_documents():
    first = documents()
    first.pop("cn")
    again = documents()
    assert "cn" in again and again["hebei"] is first["hebei"]


def test_document_unknown_id_names_the_known_ones():
    with pytest.raises(LookupFailed) as info:
        document("atlantis")
    assert "atlantis" in str(info.value) and "jinzhong-plan" in str(info.value)
    assert not isinstance(info.value, UnknownArticle)


@pytest.mark.parametrize("number", [0, 45, -1, "17", True, 17.0, None])
def test_article_missing_names_document_and_range(number):
    with pytest.raises(UnknownArticle) as info:
        article("cn", number)
    assert "cn" in str(info.value) and "1-44" in str(info.value)


def test_article_text_joins_paragraphs():
    a = article("cn", 14)
    assert a.text == "\n".join(a.paragraphs) and a.text.count("\n") == 3
    assert a.text.startswith("政务数据按照共享属性分为无条件共享、有条件共享和不予共享三类：\n（一）")


def test_source_text():
    assert source_text("hebei", 9) == article("hebei", 9).text
    assert source_text("jinzhong", 5, document="jinzhong-plan") == article("jinzhong-plan", 5).text
    assert source_text("jinzhong", 5) == article("jinzhong", 5).text
    with pytest.raises(UnknownJurisdiction):
        source_text("atlantis", 1)
    with pytest.raises(LookupFailed):
        source_text("hebei", 1, document="cn")  # cn is not Hebei's document
    with pytest.raises(LookupFailed):
        source_text("jinzhong", 1, document="nope")
    with pytest.raises(UnknownArticle):
        source_text("jinzhong", 32)
    with pytest.raises(UnknownArticle):
        source_text("jinzhong", 6, document="jinzhong-plan")


def test_find_quote():
    assert find_quote("cn", 17, "可以延长5个工作日")
    assert not find_quote("cn", 16, "可以延长5个工作日")  # another article
    assert not find_quote("cn", 17, "可以延长5个工作日 ")
    assert not find_quote("cn", 17, "可以延长5個工作日")  # traditional form
    assert not find_quote("cn", 17, "")
    assert not find_quote("cn", 17, "  ")
    # across paragraphs only with the newline that separates them
    assert find_quote("cn", 14, "三类：\n（一）可以提供给所有政府部门")
    assert not find_quote("cn", 14, "三类：（一）可以提供给所有政府部门")
    with pytest.raises(UnknownArticle):
        find_quote("cn", 45, "本条例")
    with pytest.raises(LookupFailed):
        find_quote("nope", 1, "本条例")


def test_documents_are_read_only():
    doc = document("cn")
    with pytest.raises(TypeError):
        doc.articles[45] = doc.articles[1]  # type: ignore[index]
    with pytest.raises(AttributeError):
        doc.articles[1].paragraphs = ()  # type: ignore[misc]
    assert isinstance(doc.preamble, tuple) and isinstance(doc.articles[1].paragraphs, tuple)
    assert hash(doc) == hash(document("cn")) and doc == document("cn")


def test_nothing_is_read_at_import_time():
    code = ("import regkit.sources as s, sys; "
            "sys.exit(0 if s._bundled_documents.cache_info().currsize == 0 else 1)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_numerals_are_written_as_in_chinese_legal_texts():
    cases = {1: "一", 9: "九", 10: "十", 11: "十一", 17: "十七", 20: "二十", 39: "三十九", 44: "四十四",
             100: "一百", 102: "一百零二", 110: "一百一十"}
    assert {n: sources.chinese_numeral(n) for n in cases} == cases


def test_a_citation_names_the_kuan_and_xiang_as_a_lawyer_writes_them():
    # cn art. 39 is one 款: an opening line and items (一) to (九); an article of one 款 is
    # cited without it (立法技术规范: 条下不分款的，不写款).
    assert sources.clauses(sources.article("cn", 39)) == [tuple(range(1, 11))]
    assert sources.citation("cn", 39, item=9) == "第三十九条第（九）项"
    assert sources.citation("cn", 39, paragraph=10) == "第三十九条第（九）项"  # line 10 opens (九)
    # hebei art. 11: 第一款 is the opening line with items (一) to (三); 第二款 the fifth line
    assert sources.clauses(sources.article("hebei", 11)) == [(1, 2, 3, 4), (5,)]
    assert sources.citation("hebei", 11, paragraph=3) == "第十一条第一款第（二）项"
    assert sources.citation("hebei", 11, paragraph=5) == "第十一条第二款"
    assert sources.citation("hebei", 11) == "第十一条"
    # documents numbered otherwise: the Jinzhong plan's sections, the Yumen list's items
    assert sources.citation("jinzhong-plan", 5) == "第五部分"
    assert sources.citation("yumen", 3) == "序号3"
    # their lines are not 款. The plan's 五、具体工作要求: line 13 (每月5日前…) is under the
    # point "3.时间安排" (line 3), so 第五部分第3点, not 第五部分第十三款; 三、 line 6 is under
    # （一） (line 3) and its "1." (line 5); line 23 under （三） (line 18), which has no point
    assert sources.citation("jinzhong-plan", 5, paragraph=13) == "第五部分第3点"
    assert sources.citation("jinzhong-plan", 3, paragraph=6) == "第三部分第（一）项第1点"
    assert sources.citation("jinzhong-plan", 3, paragraph=23) == "第三部分第（三）项"
    # a list's item is cited by the column its line fills: item 2, line 9 is 追责情形：…
    assert sources.citation("yumen", 2, paragraph=9) == "序号2“追责情形”栏"
    assert sources.citation("yumen", 2, paragraph=6) == "序号2“责任事项内容”栏"
