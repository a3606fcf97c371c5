"""`regkit source import`: a plain text becomes a source file that packs can cite."""

from __future__ import annotations

import pytest
import yaml

from regkit import Engine, Library, _active, sources
from regkit.cli import main

TEXT = """\ufeff某市政务数据共享管理办法\r
\r
第一章 总则\r
第一条 为了规范政务数据共享, 根据《政务数据共享条例》, 制定本办法。\r
第二条 政务部门应当履行下列职责:\r
(一)编制本部门政务数据目录;\r
(二)在政务数据目录变化之日起5个工作日内完成更新。\r
数据主管部门应当在收到更新后2个工作日内完成审核。\r
第二章 附则\r
第三条 本办法自2024年1月1日起施行。\r
第五条 本行以第五条开头, 是第三条的文字, 不是新的一条。\r
"""


def run_import(tmp_path, text: str, *extra: str) -> int:
    source = tmp_path / "text.txt"
    source.write_text(text, encoding="utf-8", newline="")
    return main(["source", "import", str(source), "--id", "mycity", "--title", "某市政务数据共享管理办法",
                 "--rules", str(tmp_path / "rules"), *extra])


def test_a_plain_text_is_split_into_chapters_articles_paragraphs_and_items(tmp_path):
    assert run_import(tmp_path, TEXT) == 0
    doc = yaml.safe_load((tmp_path / "rules" / "sources" / "mycity.yaml").read_text(encoding="utf-8"))
    assert doc["preamble"] == ["某市政务数据共享管理办法"]
    assert [a["number"] for a in doc["articles"]] == [1, 2, 3]
    second = doc["articles"][1]
    assert second["chapter"] == "第一章 总则"
    assert second["paragraphs"] == [  # full-width punctuation, no space beside Chinese text
        "政务部门应当履行下列职责：",
        "（一）编制本部门政务数据目录；",
        "（二）在政务数据目录变化之日起5个工作日内完成更新。",
        "数据主管部门应当在收到更新后2个工作日内完成审核。",
    ]
    # 第一款 is the opening line with items (一) and (二); 第二款 the last line
    assert second["clauses"] == [{"lines": [1, 2, 3], "items": {1: 2, 2: 3}}, {"lines": [4]}]
    third = doc["articles"][2]
    assert third["chapter"] == "第二章 附则"
    assert third["paragraphs"][1].startswith("第五条")  # out of sequence: text, not an article
    assert len(doc["provenance"]["sha256"]) == 64 and len(doc["provenance"]["transforms"]) == 5
    library = Library.from_paths(tmp_path / "rules")
    assert Engine(library=library).source_text("mycity", 3).startswith("本办法自2024年1月1日起施行。")


def test_traditional_characters_are_converted_when_opencc_is_installed(tmp_path):
    pytest.importorskip("opencc")
    assert run_import(tmp_path, "第一條 政務數據應當共享。\n".replace("條", "条")) == 0
    doc = yaml.safe_load((tmp_path / "rules" / "sources" / "mycity.yaml").read_text(encoding="utf-8"))
    assert doc["articles"][0]["paragraphs"] == ["政务数据应当共享。"]


def test_an_existing_source_is_not_overwritten_and_bad_input_is_refused(tmp_path, capsys):
    assert run_import(tmp_path, TEXT) == 0
    first = (tmp_path / "rules" / "sources" / "mycity.yaml").read_bytes()
    assert run_import(tmp_path, TEXT.replace("5个", "9个")) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "rules" / "sources" / "mycity.yaml").read_bytes() == first
    assert run_import(tmp_path, TEXT.replace("5个", "9个"), "--replace") == 0
    assert run_import(tmp_path, "没有条文的文字。\n", "--replace") == 2
    assert "no article found" in capsys.readouterr().err
    (tmp_path / "latin1.txt").write_bytes("第一条 政务".encode("gb18030"))
    assert main(["source", "import", str(tmp_path / "latin1.txt"), "--id", "x", "--title", "t",
                 "--rules", str(tmp_path / "rules")]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert not list((tmp_path / "rules" / "sources").glob("*.part"))


NUMBERED = """\
第一条 政务部门应当在政务数据目录变化之日起5个工作日内完成更新。
数据主管部门应当履行下列职责：
一、统筹政务数据共享工作；
二、审核政务数据目录，包括：
1.目录的完整性；
2.目录的准确性；
三、督促政务部门更新目录。
本办法由市数据主管部门负责解释。
第二条 共享申请按照下列程序办理：
(一)使用部门提出申请，载明：
(1)申请事项；
(2)使用用途；
(二)提供部门答复。
第三条 有下列情形之一的，予以通报：
(一)未按规定更新目录的；
(三)重复采集数据的；
1.未说明理由的；
二、拒绝提供数据的。
第四条 本办法自2024年1月1日起施行。
"""


def test_items_written_yi_dun_and_sub_items_are_placed_and_cited(tmp_path):
    assert run_import(tmp_path, NUMBERED) == 0
    doc = yaml.safe_load((tmp_path / "rules" / "sources" / "mycity.yaml").read_text(encoding="utf-8"))
    first, second = doc["articles"][0], doc["articles"][1]
    # three 款, each on its own line; the second holds 项 一、二、三、 and 项 二 its 目 1. 2.
    assert first["clauses"] == [{"lines": [1]},
                                {"lines": [2, 3, 4, 5, 6, 7], "items": {1: 3, 2: 4, 3: 7},
                                 "subitems": {2: {1: 5, 2: 6}}},
                                {"lines": [8]}]
    # one 款: 项 （一）（二）, and 项 （一）'s 目 （1）（2）
    assert second["clauses"] == [{"lines": [1, 2, 3, 4, 5], "items": {1: 2, 2: 5}, "subitems": {1: {1: 3, 2: 4}}}]
    assert len(doc["provenance"]["transforms"]) == 6  # step 6 names the lines of article 3
    library = Library.from_paths(tmp_path / "rules")
    with _active.using(library):
        assert sources.citation("mycity", 1, 6) == "第一条第二款第（二）项第2目"
        assert sources.citation("mycity", 1, 7) == "第一条第二款第（三）项"
        assert sources.citation("mycity", 1, 8) == "第一条第三款"
        assert sources.citation("mycity", 2, 4) == "第二条第（一）项第2目"  # a single 款 is not named
        assert sources.citation("mycity", 2, None, 2) == "第二条第（二）项"


def test_a_line_that_cannot_be_placed_stays_text_and_is_reported(tmp_path):
    assert run_import(tmp_path, NUMBERED) == 0
    doc = yaml.safe_load((tmp_path / "rules" / "sources" / "mycity.yaml").read_text(encoding="utf-8"))
    third = doc["articles"][2]
    assert third["paragraphs"] == ["有下列情形之一的，予以通报：", "（一）未按规定更新目录的；", "（三）重复采集数据的；",
                                   "1.未说明理由的；", "二、拒绝提供数据的。"]  # nothing lost
    assert third["clauses"] == [{"lines": [1, 2, 3, 4, 5], "items": {1: 2}}]  # only （一） is placed
    step = doc["provenance"]["transforms"][5]
    assert step.startswith("6 not placed, kept as text: ")
    assert "article 3 line 3 (（三）重复采集数据的；…): 项 3 out of sequence (2 expected)" in step
    assert "article 3 line 4 (1.未说明理由的；…): a 目 with no 项 placed before it" in step
    assert "article 3 line 5 (二、拒绝提供数据的。…): 项 numbered 一、, the ones before （一）" in step
    assert "article 1" not in step and "article 2" not in step
    with _active.using(Library.from_paths(tmp_path / "rules")):
        assert sources.citation("mycity", 3, 3) == "第三条"  # no 项 is claimed for it


def test_a_rules_folder_that_cannot_be_written_is_refused_in_one_line(tmp_path, capsys):
    (tmp_path / "rules").write_text("a file where the folder should be", encoding="utf-8")
    assert run_import(tmp_path, NUMBERED) == 2  # before: an internal error (exit 3)
    err = capsys.readouterr().err
    assert "cannot write" in err and "rules/sources/mycity.yaml" in err and "internal error" not in err
    assert err.count("\n") == 1
