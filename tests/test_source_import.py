"""`regkit source import`: a plain text becomes a source file that packs can cite."""

from __future__ import annotations

import pytest
import yaml

from regkit import Engine, Library
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
