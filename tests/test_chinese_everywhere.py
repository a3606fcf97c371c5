"""With --lang zh, a Chinese reader meets no English sentence anywhere regkit writes.

Every command over every example history (and every rule for `explain`) is run with
`--lang zh`; its output may hold identifiers (rule ids, subject ids, event types, JSON keys),
dates and numbers, but no English prose. "English prose" is a run of four or more English
words separated only by spaces or punctuation: no identifier, quote or number makes one, and
every untranslated sentence of a pack or of the code does.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from regkit.cli import main
from regkit.packs import packs_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
JURISDICTIONS = sorted(p.stem for p in packs_dir().glob("*.yaml"))
# four words or more in a row, none glued to an identifier (a.b, a_b, `a`, 'a', "a", a-b); words
# parted by commas are a list of ids (cn, hebei, jinzhong, yumen), not a sentence
ENGLISH = re.compile(r"(?<![\w./`'\"-])[A-Za-z][a-z']*(?: +[A-Za-z][a-z']*){3,}(?![\w.`'\"-])")


def english_runs(text: str) -> list[str]:
    return [m.group(0) for m in ENGLISH.finditer(text)]


def _run(capsys, args: list[str]) -> str:
    try:
        main([*args, "--lang", "zh"])
    except SystemExit:
        pass
    captured = capsys.readouterr()
    return captured.out + captured.err


def _visible(page: str) -> str:
    """The text a reader of an HTML page sees (style sheets and tags left out)."""
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def test_the_check_finds_an_english_sentence_and_passes_identifiers():
    assert english_runs("逾期未办 because the provider did not reply") == ["because the provider did not reply"]
    assert english_runs("cn.catalog_update catalog-2026 `catalog.change` 2026-10-01 第17条 zero report") == []
    assert english_runs("现有地区：cn, hebei, jinzhong, yumen") == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_english_in_any_chinese_output_of_an_example(example, capsys, tmp_path):
    history = str(example)
    commands = [["evaluate", history], ["evaluate", history, "--format", "markdown"],
                ["evaluate", history, "--format", "json"], ["evaluate", history, "--compare"],
                ["liability", history], ["liability", history, "--format", "json"],
                ["agenda", history, "--within", "400"], ["agenda", history, "--within", "400", "--format", "json"]]
    outputs = {" ".join(c[:1] + c[2:]): _run(capsys, c) for c in commands}
    main(["evaluate", history, "--format", "json", "--lang", "en"])
    result = json.loads(capsys.readouterr().out)
    for entry in result["deadlines"]:
        if entry.get("due"):
            trail = f"{entry['subject']}/{entry['rule']}"
            outputs[f"trail {trail}"] = _run(capsys, ["evaluate", history, "--trail", trail])
    report, ics = tmp_path / "report.html", tmp_path / "agenda.ics"
    _run(capsys, ["report", history, "--out", str(report), "--compare"])
    outputs["report"] = _visible(report.read_text(encoding="utf-8"))
    _run(capsys, ["agenda", history, "--within", "400", "--format", "ics", "--out", str(ics)])
    outputs["ics"] = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    found = {name: english_runs(text) for name, text in outputs.items() if english_runs(text)}
    assert found == {}


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_no_english_in_the_chinese_classification_conflicts_and_rules_of_a_jurisdiction(jurisdiction, capsys):
    outputs = {}
    for share_type in ("unconditional", "conditional", "not_shared"):
        outputs[share_type] = _run(capsys, ["classify", "--jurisdiction", jurisdiction, "--share-type", share_type,
                                            "--basis", "law", "--reasons", "--conditions"])
    outputs["conflicts"] = _run(capsys, ["conflicts", "--jurisdiction", jurisdiction])
    outputs["conflicts json"] = _run(capsys, ["conflicts", "--jurisdiction", jurisdiction, "--format", "json"])
    pack = yaml.safe_load((packs_dir() / f"{jurisdiction}.yaml").read_text(encoding="utf-8"))
    for rule in pack["rules"]:
        outputs[rule["id"]] = _run(capsys, ["explain", rule["id"]])
    found = {name: english_runs(text) for name, text in outputs.items() if english_runs(text)}
    assert found == {}


def test_no_english_in_the_chinese_list_of_jurisdictions_and_comparison(capsys):
    outputs = {"jurisdictions": _run(capsys, ["jurisdictions"]), "compare": _run(capsys, ["compare"]),
               "compare csv": _run(capsys, ["compare", "--format", "csv"])}
    matrix = json.loads(_run(capsys, ["compare", "--format", "json"]))
    for row in matrix["rows"]:
        row.pop("row")  # the row's key, the same in every language (its Chinese is `label`)
    outputs["compare json"] = json.dumps(matrix, ensure_ascii=False)
    found = {name: english_runs(text) for name, text in outputs.items() if english_runs(text)}
    assert found == {}
