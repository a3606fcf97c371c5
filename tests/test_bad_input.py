"""Bad histories on the command line: each is one line on stderr naming where, exit code 2.

test_cli.py covers misspelt types, impossible dates, syntax errors, unknown jurisdictions and
strict mode; test_yaml.py the loader's refusals in general. These are the rest of issue 7's
list, through `regkit evaluate`, for YAML and JSON alike.
"""

from __future__ import annotations

import json

import pytest

from regkit._yaml import MAX_BYTES
from regkit.cli import main

HEAD = "jurisdiction: cn\nas_of: 2026-11-22\n"


def _evaluate(capsys, path, *flags):
    code = main(["evaluate", str(path), *flags])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name, text, words", [
    ("dup.yaml", HEAD + "as_of: 2026-11-23\nevents: []\n", "dup.yaml:3: duplicate key 'as_of' (first given on line 2)"),
    ("dup.json", '{"jurisdiction": "cn", "events": [], "events": []}', "dup.json:1: duplicate key 'events'"),
    ("tag.yaml", HEAD + "events: !!python/object/apply:os.system ['true']\n", "tag.yaml:3: tags that build objects"),
    ("alias.yaml", HEAD + "events: &e []\nx: *e\n", "alias.yaml:3: anchors (&name) are not allowed"),
    ("types.yaml", HEAD + "events:\n  - {type: request.submitted, date: 2026-10-01, share_type: [conditional]}\n",
     "types.yaml:4 [share_type]: event 0 (request.submitted): share_type"),
    ("nodate.json", json.dumps({"jurisdiction": "cn", "events": [{"type": "catalog.change"}]}),
     "nodate.json:1 [date]: event 0 (catalog.change): missing attribute 'date'"),
    ("eventkey.yaml", HEAD + "events:\n  - {type: catalog.change, date: 2026-10-01, subjet: a}\n",
     "eventkey.yaml:4 [subjet]: event 0 (catalog.change): unknown attribute 'subjet' (did you mean 'subject'?)"),
    ("range.yaml", HEAD.replace("2026-11-22", "2101-01-01") + "events: []\n",
     "as_of 2101-01-01 is after the last day of the working-day calendar (2036-12-31)"),
    ("far.yaml", "jurisdiction: cn\nas_of: 2036-12-31\nevents:\n  - {type: catalog.change, date: 2036-12-24}\n",
     "event 0 (catalog.change): 2037-01-01 is outside the working-day calendar"),
    # due 2036-12-29 is inside the calendar; the grant's extra working days are not
    ("ext.yaml", "jurisdiction: cn\nas_of: 2036-12-31\nevents:\n  - {type: catalog.change, date: 2036-12-15}\n"
                 "  - {type: catalog.extension_granted, date: 2036-12-16}\n",
     "event 0 (catalog.change): cn.catalog_update: 2037-01-01 is outside the working-day calendar"),
    ("deep.json", "[" * 5000 + "]" * 5000, "deep.json:1: nested too deeply"),
    ("deep.yaml", "x: " + "[" * 5000 + "]" * 5000, "deep.yaml:1: nested too deeply"),
    ("deeper.yaml", HEAD + "events:\n  - " + "[" * 5000 + "]" * 5000, "deeper.yaml:4: nested too deeply"),
    ("nul.yaml", HEAD + "events: [\x00]\n", "nul.yaml:3: character U+0000 is not allowed in YAML"),
    # the file's own as_of and jurisdiction are judged only when evaluating: still named by line
    ("asof.yaml", "jurisdiction: cn\nas_of: 2040-01-01\nevents: []\n",
     "asof.yaml:2 [as_of]: as_of 2040-01-01 is after the last day of the working-day calendar"),
    ("jur.yaml", "jurisdiction: hebeii\nas_of: 2026-01-01\nevents: []\n",
     "jur.yaml:1 [jurisdiction]: unknown jurisdiction 'hebeii' (did you mean 'hebei'?)"),
    # Python counts True as 1: a grant of `true` working days must not extend by one day
    ("grant.yaml", HEAD + "events:\n  - {type: catalog.extension_granted, date: 2026-10-01, amount: true}\n",
     "grant.yaml:4 [amount]: event 0 (catalog.extension_granted): amount: should be a whole number "
     "of at least 1, not true or false (got True)"),
    ("period.yaml", "jurisdiction: jinzhong\nevents:\n  - {type: report.submitted, date: 2026-10-01, period: '+202-10'}\n",
     "period.yaml:3 [period]: event 0 (report.submitted): period: should be a month as YYYY-MM (got '+202-10')"),
])
def test_bad_history_is_one_located_line_and_exit_2(capsys, write, name, text, words):
    code, out, err = _evaluate(capsys, write(name, text))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and words in err, err


def test_huge_history_is_refused_before_reading(capsys, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    code, out, err = _evaluate(capsys, path)
    assert code == 2 and f"huge.yaml: too large ({MAX_BYTES + 1} bytes" in err


def test_unannounced_years_are_provisional_or_refused_in_strict_mode(capsys, write):
    # cn.catalog_update from Thu 2026-12-24: 10 working days reach into January 2027, which
    # has no announced schedule (the calendar's official data ends 2026-12-31).
    path = write("late.json", json.dumps({"jurisdiction": "cn", "as_of": "2026-12-24",
                                          "events": [{"type": "catalog.change", "date": "2026-12-24"}]}))
    code, out, _ = _evaluate(capsys, path, "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["calendar"]["provisional"] is True
    assert any(w["code"] == "provisional_calendar" for w in result["warnings"])
    code, out, err = _evaluate(capsys, path, "--strict")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "past the last announced" in err
