"""Error lines in Chinese with --lang zh: whole lines, the exit code and the JSON unchanged.

The errors a user meets are provoked through the command line; each line must be Chinese
after regkit：错误： (file names, ids and the values the user wrote stay as written). Each
template's fixed words must still be in the code that raises the error, so a reworded
message fails here rather than silently staying English.
"""

from __future__ import annotations

import argparse
from http import HTTPStatus
import re
from pathlib import Path

import pytest

from regkit.cli import main
from regkit.i18n import translator
from regkit.i18n.error_texts import TEMPLATES, error_line, translate_error
from test_chinese_everywhere import english_runs

ROOT = Path(__file__).resolve().parents[1]
HEBEI = str(ROOT / "examples/hebei.yaml")

HISTORIES = {
    "unknown_type": ("jurisdiction: hebei\nevents:\n  - {type: no.such, date: 2026-11-01}\n",
                     "[type]：事件0（no.such）：未知的事件类型"),
    "close_type": ("jurisdiction: hebei\nevents:\n  - {type: catalog.chang, date: 2026-11-01}\n",
                   "[type]：事件0（catalog.chang）：未知的事件类型（是否应为'catalog.change'？）"),
    "missing_attribute": ("jurisdiction: hebei\nevents:\n  - {type: catalog.change, subject: x}\n",
                          "[date]：事件0（catalog.change）：缺少属性'date'"),
    "unknown_attribute": ("jurisdiction: hebei\nevents:\n  - {type: catalog.change, date: 2026-01-05, colour: red}\n",
                          "[colour]：事件0（catalog.change）：未知的属性'colour'（catalog.change可有的属性："),
    "bad_value": ("jurisdiction: hebei\nevents:\n  - {type: request.submitted, date: 2026-01-05, share_type: maybe}\n",
                  "[share_type]：事件0（request.submitted）：share_type应为'unconditional', 'conditional' or "
                  "'not_shared'之一（实际为'maybe'）"),
    "not_a_mapping": ("events: [1]\n", "事件0：事件应当是含有type和date的映射，而不是int"),
    "impossible_month": ("jurisdiction: hebei\nas_of: 2026-13-40\nevents: []\n",
                         "日期'2026-13-40'不存在（月份应在1至12之间）"),
    "impossible_day": ("jurisdiction: hebei\nevents:\n  - {type: catalog.change, date: 2026-02-30}\n",
                       "日期'2026-02-30'不存在（该月没有这一日）"),
    "unknown_jurisdiction": ("jurisdiction: nowhere\nevents: []\n",
                             "[jurisdiction]：未知的地区'nowhere'；现有地区：cn, hebei, jinzhong"),
    "events_not_a_list": ("jurisdiction: hebei\nevents: 3\n", "[events]：events应当是事件列表"),
    "unknown_key": ("jurisdiction: hebei\nevents: []\nwhen: 2026-01-01\n",
                    "[when]：未知的键'when'（事件记录可有的键：jurisdiction, as_of, events）"),
    "duplicate_key": ("jurisdiction: hebei\njurisdiction: cn\nevents: []\n", "键'jurisdiction'重复（首次出现于第1行）"),
    "bad_yaml": ("a: b: c\n", "YAML格式错误：此处不能出现键值对（冒号后的值）"),
    # YAML's rarer complaints
    "open_quote": ('a: "x\n', "YAML格式错误：文件意外结束（引号可能没有闭合）"),
    "open_bracket": ("a: [1, 2\n", "YAML格式错误：此处应为逗号或右方括号，却出现了'<stream end>'"),
    "open_brace": ("a: {b: 1\n", "YAML格式错误：此处应为逗号或右花括号，却出现了'<stream end>'"),
    "no_colon": ("? a\nb\n", "YAML格式错误：缺少应有的冒号"),
    "bad_escape": ('a: "\\q"\n', "YAML格式错误：未知的转义字符'q'"),
    "tag_handle": ("a: !foo!bar 1\n", "YAML格式错误：未定义的标签前缀'!foo!'"),
    "alias": ("a: *x\n", "不允许使用别名（*name）"),
    "anchor": ("a: &x 1\n", "不允许使用锚点（&name）"),
    "python_tag": ("a: !!python/name:os.system\n", "不允许使用构造对象的标签（如!!python/...）："),
    "empty": ("", "事件记录应当是事件列表，或者含有events（以及可选的jurisdiction、as_of）的映射"),
}


def _error(capsys, args: list[str]) -> tuple[int, str]:
    code = main([*args, "--lang", "zh"])
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    return code, captured.err.rstrip("\n")


def _chinese(line: str) -> None:
    assert english_runs(line) == [], line


@pytest.mark.parametrize("name", sorted(HISTORIES))
def test_a_bad_history_is_one_chinese_line(name, capsys, tmp_path):
    text, expected = HISTORIES[name]
    history = tmp_path / f"{name}.yaml"
    history.write_text(text, encoding="utf-8")
    code, line = _error(capsys, ["evaluate", str(history)])
    assert code == 2
    assert line.startswith(f"regkit：错误：{history}") and expected in line
    _chinese(line)


@pytest.mark.parametrize("args, expected", [
    (["evaluate", "{missing}"], "：无法读取：文件不存在"),
    (["evaluate", "{folder}"], "：无法读取：这是目录，不是文件"),
    (["evaluate", HEBEI, "--jurisdiction", "nowhere"], "regkit：错误：未知的地区'nowhere'；现有地区："),
    (["explain", "cn.catalog_updat"], "regkit：错误：未知的规则'cn.catalog_updat'（是否应为'cn.catalog_update'？）"),
    (["source", "cn", "99"], "regkit：错误：《政务数据共享条例》（cn）没有第99条；条文编号为1-44"),
    (["compare", "--topic", "catalogue"], "regkit：错误：[topic]：未知的类别'catalogue'；可选：catalog, request"),
    (["agenda", HEBEI, "--within", "-1"], "regkit：错误：[within]：--within应当是不小于0的整数（工作日数），而不是-1"),
    (["evaluate", HEBEI, "--trail", "x/y"], "regkit：错误：[trail]：--trail 'x/y'：结果中没有该期限；现有期限："),
    (["calendar", "add", "1990-01-01", "3"],
     "regkit：错误：1990年1月1日超出工作日日历的范围（2001年1月1日至2036年12月31日）"),
    (["evaluate", HEBEI, "--as-of", "2031-01-01", "--strict"],
     "regkit：错误：2027年1月1日至2031年1月1日在已公布的节假日安排之后（已公布至2026年12月31日）；"
     "请载入该年度的安排，或者不使用严格模式"),
    (["evaluate", HEBEI, "--as-of", "2026-02-30"],
     "regkit evaluate：参数--as-of：不是日期（YYYY-MM-DD）：'2026-02-30'（参见--help）"),
    (["classify", "--jurisdiction", "cn", "--share-type", "x"], "regkit classify：参数--share-type：无效的选项'x'"),
    (["calendar", "add", "2026-09-28", "abc"], "regkit calendar add：参数n：'abc'不是整数（参见--help）"),
    (["evaluate"], "regkit evaluate：缺少必需的参数：HISTORY（参见--help）"),
])
def test_input_errors_are_whole_chinese_lines_with_the_same_exit_code(args, expected, capsys, tmp_path):
    args = [a.format(missing=tmp_path / "none.yaml", folder=tmp_path) for a in args]
    code, line = _error(capsys, args)
    assert code == 2 and expected in line
    _chinese(line)
    assert main([*args, "--lang", "en"]) == 2  # the same refusal, the same exit code, in English
    english = capsys.readouterr().err
    assert english.startswith(("regkit: error: ", "regkit ")) and "错误" not in english


def test_a_message_no_template_knows_stays_as_it_was():
    tr = translator("zh")
    assert translate_error(tr, "something new went wrong") == "something new went wrong"
    assert translate_error(translator("en"), "unknown rule 'x'") == "unknown rule 'x'"


def test_the_location_stays_and_only_the_reason_is_translated():
    from regkit.errors import HistoryError
    exc = HistoryError("'events' must be a list of events", file="a.yaml", line=3, field="events")
    assert error_line(exc, "zh") == "a.yaml:3 [events]：events应当是事件列表"
    assert error_line(exc, "en") == "a.yaml:3 [events]: 'events' must be a list of events"


def test_every_template_is_still_the_wording_of_the_code_that_raises_it():
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src/regkit").rglob("*.py")
                      if p.parent.name != "i18n")
    sources = re.sub(r"\"\s*\n\s*f?\"", "", sources)  # strings continued on the next line, joined
    sources += Path(argparse.__file__).read_text(encoding="utf-8")
    sources += Path(__import__("yaml").__file__).with_name("scanner.py").read_text(encoding="utf-8")
    sources += Path(__import__("yaml").__file__).with_name("parser.py").read_text(encoding="utf-8")
    sources += Path(__import__("yaml").__file__).with_name("constructor.py").read_text(encoding="utf-8")
    assert 'f" after line {' in sources  # the closing line of a resumed batch, its words written apart
    sources += " histories after line"
    sources += "month must be in 1..12 day is out of range for month No such file or directory Is a directory " \
               "Permission denied Input should be invalid int value"  # Python's, pydantic's, argparse's words
    sources += " ".join(HTTPStatus(code).phrase for code in (404, 405))  # the service's framework's
    sources += " Field required Input should be a valid integer, unable to parse string as an integer" \
               " Input should be a valid date or datetime, day value is outside expected range" \
               " Input should be a valid date or datetime, month value is outside expected range of 1-12" \
               " Datetimes provided to dates should have zero time - e.g. be exact dates" \
               " Input should be greater than or equal to Input should be a valid boolean," \
               " Input should be a valid string"  # pydantic's (in its compiled core)
    missing = []
    for template in TEMPLATES:
        for words in re.split(r"\{\w+\}|[();?]|: ", template):  # a hint in brackets is written apart
            words = words.strip(" :'").replace("{{", "{").replace("}}", "}")  # str.format's escapes
            if len(words) >= 6 and words not in sources:
                missing.append((template, words))
    assert missing == []


def test_batch_error_records_are_chinese_with_lang_zh_and_keep_their_type(tmp_path, capsys):
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"jurisdiction":"hebei","events":[{"type":"no.such","date":"2026-01-05"}]}\n'
                     'not json\n{"jurisdiction":"nowhere","events":[]}\n', encoding="utf-8")
    records = {}
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.jsonl"
        assert main(["batch", str(lines), "--out", str(out), "--lang", lang]) == 1
        records[lang] = [__import__("json").loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        summary = capsys.readouterr().err
    assert [r["error"] for r in records["zh"]] == [
        "[type]：事件0（no.such）：未知的事件类型", "JSON格式错误：Expecting value (column 1)",
        "未知的地区'nowhere'；现有地区：cn, hebei, jinzhong, pingdingshan, shandong, xian, yumen"]
    assert [r["error"] for r in records["en"]][0] == "[type]: event 0 (no.such): unknown event type"
    strip = [{k: v for k, v in r.items() if k != "error"} for r in records["zh"]]
    assert strip == [{k: v for k, v in r.items() if k != "error"} for r in records["en"]]  # types, lines unchanged
    assert "3 histories: 0 results, 3 errors" in summary


def test_a_resumed_or_interrupted_batch_closes_in_chinese():
    from regkit.batchfile import Summary
    tr = translator("zh")
    resumed = Summary(histories=1200, results=1190, errors=10, seconds=2.0, resumed_after=3000).line()
    assert resumed.startswith("1,200 histories after line 3,000: ")
    assert translate_error(tr, resumed) == "自第3,000行之后共1,200份事件记录：1,190份得出结果，10份出错（2.0秒，每秒600份）"
    assert translate_error(tr, "interrupted by SIGINT; the records so far are in out.jsonl.partial "
                               "(--resume continues)") == "被SIGINT信号中断；已写出的记录在out.jsonl.partial中（加--resume可继续）"


def test_a_worker_refusing_a_user_library_says_so_in_chinese(tmp_path):
    """A library whose folders changed after it was made is refused in a worker (library._loaded);
    with --lang zh the line is Chinese, the folder named as it is."""
    from regkit.errors import InputError
    from regkit.library import _loaded
    folder = tmp_path / "rules"
    (folder / "packs").mkdir(parents=True)
    try:
        _loaded(((str(folder),), True), "not the fingerprint of these files")
    except InputError as exc:
        line = translate_error(translator("zh"), str(exc))
    else:
        raise AssertionError("a changed folder was not refused")
    assert line == f"本工作进程读取的规则目录与调用方的不一致（规则库建立后目录已改动，或者读取的是另一副本）：{folder}"


_VALUES = {  # an event's value of the wrong kind, as pydantic words it, and its Chinese
    '{"type": "catalog.change", "date": "2026-02-30"}': "date：日期'2026-02-30'不存在（该月没有这一日）",
    '{"type": "catalog.change", "date": "2026-13-01"}': "date：日期'2026-13-01'不存在（月份应在1至12之间）",
    '{"type": "catalog.change", "date": "2026-9-28"}': "date应当为日期（YYYY-MM-DD）（实际为'2026-9-28'）",
    '{"type": "catalog.change", "date": 20260928}': "date应当为日期（YYYY-MM-DD），不是数字或时刻（实际为20260928）",
    '{"type": "request.extension_granted", "date": "2026-09-28", "amount": "x"}': "amount应当为整数（实际为'x'）",
    '{"type": "request.extension_granted", "date": "2026-09-28", "amount": 2.5}': "amount应当为整数（实际为2.5）",
    '{"type": "request.extension_granted", "date": "2026-09-28", "amount": -1}': "amount应当不小于1（实际为-1）",
    '{"type": "catalog.change", "date": "2026-09-28", "serious": "maybe"}':
        "serious应当为真假值（true或false）（实际为'maybe'）",
    '{"type": "catalog.change", "date": "2026-09-28", "subject": 5}': "subject应当为文字（实际为5）",
}


def test_a_value_of_the_wrong_kind_is_worded_in_chinese_not_as_a_list_of_choices(tmp_path):
    """Before, pydantic's "Input should be a valid date or datetime, ..." was taken for the list of
    allowed values and read "date应为a valid date or datetime, day value ...之一"."""
    import json
    lines = tmp_path / "in.jsonl"
    lines.write_text("".join(f'{{"jurisdiction": "hebei", "as_of": "2026-11-22", "events": [{event}]}}\n'
                             for event in _VALUES), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(lines), "--out", str(out), "--workers", "1", "--lang", "zh"]) == 1
    said = [json.loads(line)["error"] for line in out.read_text(encoding="utf-8").splitlines()]
    for text, (event, chinese) in zip(said, _VALUES.items()):
        assert text.endswith(chinese), (event, text)
        assert not english_runs(text.split("）：", 1)[1]), text  # past the event's label, no English words
