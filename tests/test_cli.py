"""The command line: answers on stdout, every error one line on stderr with exit code 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from regkit.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_calendar_add_across_national_day(capsys):
    # 2026-09-28 (Mon) + 10 working days: Sep 29 = 1, Sep 30 = 2, Oct 1-7 off (国庆),
    # Oct 8 = 3, Oct 9 = 4, Oct 10 (Sat, make-up workday) = 5, Oct 12..16 = 6..10.
    assert run(capsys, "calendar", "add", "2026-09-28", "10") == (0, "2026-10-16\n", "")


def test_calendar_between(capsys):
    assert run(capsys, "calendar", "between", "2026-09-28", "2026-10-16") == (0, "10\n", "")


def test_provisional_answer_is_flagged_and_strict_refuses(capsys):
    code, out, err = run(capsys, "calendar", "add", "2026-12-28", "10")
    assert code == 0 and out.startswith("2027-01-")
    assert "provisional" in err and "2027-01-01" in err
    code, out, err = run(capsys, "calendar", "add", "2026-12-28", "10", "--strict")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "2027-01-01" in err


@pytest.mark.parametrize("argv, words", [
    (("calendar", "add", "2026-02-30", "1"), "not a date"),
    (("calendar", "add", "2026-09-28", "ten"), "invalid int value"),
    (("calendar", "add", "1990-01-01", "1"), "outside the working-day calendar"),
    (("frobnicate",), "invalid choice"),
    (("source", "cn", "45"), "45"),
    (("source", "atlantis", "1"), "atlantis"),
    (("lint", "/no/such/pack.yaml"), ""),
])
def test_errors_are_one_line_exit_2(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    if argv[0] == "lint":  # a pack that cannot be read is a lint finding: exit 1
        assert code == 1 and "P001" in out
        return
    assert code == 2
    assert err.count("\n") == 1, err
    assert words in err
    assert "Traceback" not in err


def test_jurisdictions_table_and_json(capsys):
    code, out, _ = run(capsys, "jurisdictions")
    assert code == 0 and "hebei" in out and "2027-06-16" in out
    code, out, _ = run(capsys, "jurisdictions", "--format", "json")
    rows = json.loads(out)
    assert {r["id"] for r in rows} == {"cn", "hebei", "shandong", "pingdingshan", "jinzhong", "xian", "yumen"}
    assert next(r for r in rows if r["id"] == "xian")["in_force_from"] is None


def test_lint_clean_and_dirty(capsys, write):
    assert run(capsys, "lint")[0] == 0
    bad = write("bad.yaml", "pack: {id: x}\n")
    code, out, _ = run(capsys, "lint", str(bad))
    assert code == 1 and "P001" in out and "bad.yaml:1" in out


def test_schema_is_json_schema_of_the_pack_format(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert set(schema["properties"]) == {"pack", "openings", "rules"}
    assert "additionalProperties" in json.dumps(schema)


def test_source_prints_an_article(capsys):
    code, out, _ = run(capsys, "source", "cn", "17")
    assert code == 0 and "可以延长5个工作日" in out
    code, out, _ = run(capsys, "source", "jinzhong", "5", "--document", "jinzhong-plan")
    assert code == 0 and "每月5日前" in out


def test_installed_console_script():
    exe = shutil.which("regkit") or shutil.which("regkit", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the regkit console script is not installed"
    done = subprocess.run([exe, "calendar", "add", "2026-09-28", "10"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "2026-10-16\n")
    done = subprocess.run([sys.executable, "-m", "regkit", "calendar", "add", "bad", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_works_outside_the_repository(tmp_path):
    """The packs and sources ship with the package: nothing is read from the working directory."""
    exe = shutil.which("regkit") or str(__import__("pathlib").Path(sys.executable).parent / "regkit")
    done = subprocess.run([exe, "source", "hebei", "9"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and "十个工作日内完成更新" in done.stdout
    done = subprocess.run([exe, "lint"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_evaluate_formats(capsys):
    example = str(__import__("pathlib").Path(__file__).resolve().parents[1] / "examples" / "cn.yaml")
    code, out, err = run(capsys, "evaluate", example, "--format", "json")
    result = json.loads(out)
    assert code == 0 and err == ""
    assert result["jurisdiction"] == "cn" and result["as_of"] == "2026-11-22"
    assert out == run(capsys, "evaluate", example, "--format", "json")[1]  # byte-identical
    code, out, _ = run(capsys, "evaluate", example)
    assert code == 0 and "cn.catalog_update" in out and "2026-10-16" in out
    code, out, _ = run(capsys, "evaluate", example, "--format", "markdown")
    assert code == 0 and out.startswith("**cn as of 2026-11-22") and "| cn.catalog_update" in out
    assert "Readings applied:" in out


def test_evaluate_flags_override_the_history(capsys, write):
    history = write("h.yaml", """
        jurisdiction: hebei
        as_of: 2026-10-01
        events:
          - {type: catalog.change, date: 2026-09-28}
    """)
    result = json.loads(run(capsys, "evaluate", str(history), "--format", "json")[1])
    assert (result["jurisdiction"], result["as_of"]) == ("hebei", "2026-10-01")
    assert {d["jurisdiction"] for d in result["deadlines"]} == {"cn", "hebei"}
    result = json.loads(run(capsys, "evaluate", str(history), "--format", "json", "--jurisdiction", "shandong",
                            "--as-of", "2026-11-22", "--layers", "local")[1])
    assert (result["jurisdiction"], result["as_of"], result["layers"]) == ("shandong", "2026-11-22", "local")
    assert {d["jurisdiction"] for d in result["deadlines"]} == {"shandong"}


@pytest.mark.parametrize("text, words", [
    ("events:\n  - {type: catalog.chang, date: 2026-09-28}\n", "did you mean 'catalog.change'"),
    ("events:\n  - {type: catalog.change, date: 2026-09-31}\n", "impossible date"),
    ("events: [}\n", "h.yaml:1"),
    ("jurisdiction: hebie\nevents: []\n", "did you mean 'hebei'"),
    ("events: []\n", "no jurisdiction"),
])
def test_evaluate_bad_history_is_one_line_exit_2(capsys, write, text, words):
    path = write("h.yaml", text)
    code, out, err = run(capsys, "evaluate", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err, err


def test_evaluate_strict_and_schedule(capsys, write):
    history = write("h.yaml", "jurisdiction: cn\nas_of: 2026-12-24\nevents:\n  - {type: catalog.change, date: 2026-12-24}\n")
    code, out, err = run(capsys, "evaluate", str(history))
    assert code == 0 and "PROVISIONAL" in out and "2027-01-01" in out
    code, out, err = run(capsys, "evaluate", str(history), "--strict")
    assert code == 2 and "past the last announced" in err


def test_explain(capsys):
    code, out, _ = run(capsys, "explain", "cn.request_reply_unconditional")
    assert code == 0
    assert "reading adopted:" in out and "alternative:" in out
    assert "第二十一条" not in out and "1个工作日内作出答复" in out  # the article text itself
    code, out, err = run(capsys, "explain", "cn.catalog_updte")
    assert code == 2 and "did you mean 'cn.catalog_update'" in err


@pytest.mark.parametrize("command", [["report"], ["agenda", "--as-of", "2026-11-22"]])
def test_an_out_that_is_the_history_is_refused_and_the_history_kept(tmp_path, capsys, command):
    """Before, `regkit report h.yaml --out h.yaml` replaced the history with the HTML report."""
    from pathlib import Path
    history = tmp_path / "h.yaml"
    history.write_bytes((Path(__file__).resolve().parents[1] / "examples" / "hebei.yaml").read_bytes())
    before = history.read_bytes()
    code, _out, err = run(capsys, command[0], str(history), *command[1:], "--out", str(history))
    assert code == 2 and err.strip().endswith("h.yaml: the output is the input file; choose another --out")
    assert history.read_bytes() == before
