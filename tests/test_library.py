"""A user folder of rules is a library beside the bundled one: packs, texts, errors, engines.

Every folder here is made in tmp_path, outside the repository, and used through
`regkit.Library`, `regkit.Engine` and `--rules` only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import regkit
from regkit.cli import main

TEXT = """\
id: mycity
jurisdiction: mycity
title: 某市政务数据共享办法
number: null
provenance: {{}}
preamble: []
articles:
- number: 1
  chapter: null
  heading: null
  paragraphs:
  - 政务部门应当在政务数据目录变化之日起{days}个工作日内完成更新。
- number: 2
  chapter: null
  heading: null
  paragraphs:
  - 本办法自2024年1月1日起施行。
"""

PACK = """\
pack:
  id: {id}
  version: "1"
  names: {{zh: 某市政务数据共享办法, en: Measures of a city}}
  document: {{title: 某市政务数据共享办法, number: null, source: {source}}}
  level: city_rule
  parent: {parent}
  in_force:
    from: 2024-01-01
    source: {{article: 2, quote: 本办法自2024年1月1日起施行}}
rules:
  - id: {id}.catalog_update
    kind: deadline
    deadline: catalog_update
    party: department
    trigger: {{event: catalog.change}}
    done_by: {{event: catalog.updated}}
    period: {{amount: {days}, unit: working_days}}
    source: {{article: 1, quote: 变化之日起{days}个工作日内完成更新}}
    title_zh: 政务数据目录变化后完成更新
"""

EVENTS = [{"type": "catalog.change", "date": "2026-09-28", "subject": "cat"},
          {"type": "catalog.updated", "date": "2026-10-12", "subject": "cat"}]


def folder(root: Path, *, id: str = "mycity", parent: str = "cn", source: str = "mycity",  # noqa: A002
           days: int = 5, text: bool = True) -> Path:
    (root / "packs").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    if text:
        (root / "sources" / "mycity.yaml").write_text(TEXT.format(days=days), encoding="utf-8")
    (root / "packs" / f"{id}.yaml").write_text(
        PACK.format(id=id, parent=parent, source=source, days=days), encoding="utf-8")
    return root


def rule(result: dict, rule_id: str) -> dict:
    [entry] = [d for d in result["deadlines"] if d["rule"] == rule_id]
    return entry


def test_a_user_pack_under_cn_is_evaluated_with_the_national_layer(tmp_path):
    engine = regkit.Engine(library=regkit.Library.from_paths(folder(tmp_path)))
    result = engine.evaluate(EVENTS, jurisdiction="mycity", as_of="2026-11-22")
    # Mon 2026-09-28 + 5 working days: Sep 29 (1), Sep 30 (2), Oct 1-7 National Day off,
    # Oct 8 (3), Oct 9 (4), Sat Oct 10 a make-up workday (5) -> 2026-10-10; done Oct 12: late by 1
    # (Sun Oct 11 off, Mon Oct 12 the 6th working day).
    mine = rule(result, "mycity.catalog_update")
    assert (mine["due"], mine["status"], mine["late_by"], mine["binding"]) == ("2026-10-10", "late", 1, True)
    # cn art. 17, 10 working days: ... Oct 9 (4), Oct 10 (5), Oct 12-16 (10) -> 2026-10-16, met
    national = rule(result, "cn.catalog_update")
    assert (national["due"], national["status"], national["binding"]) == ("2026-10-16", "met", False)
    assert [p["id"] for p in result["receipt"]["packs"]] == ["mycity", "cn"]
    assert engine.source_text("mycity", 2) == "本办法自2024年1月1日起施行。"
    assert "mycity.catalog_update" in engine.explain("mycity.catalog_update")


def test_the_module_functions_answer_from_the_bundled_library_only(tmp_path):
    regkit.Engine(library=regkit.Library.from_paths(folder(tmp_path))).evaluate(
        EVENTS, jurisdiction="mycity", as_of="2026-11-22")
    with pytest.raises(regkit.UnknownJurisdiction):
        regkit.evaluate(EVENTS, jurisdiction="mycity", as_of="2026-11-22")
    assert "mycity" not in regkit.Library.bundled().packs


def test_two_libraries_never_share_a_compiled_form(tmp_path):
    five = regkit.Engine(library=regkit.Library.from_paths(folder(tmp_path / "a", days=5)))
    three = regkit.Engine(library=regkit.Library.from_paths(folder(tmp_path / "b", days=3)))
    # 3 working days after Mon 2026-09-28: Sep 29, Sep 30, (Oct 1-7 off) Oct 8 -> 2026-10-08
    for engine, due in ((five, "2026-10-10"), (three, "2026-10-08"), (five, "2026-10-10")):
        result = engine.evaluate(EVENTS, jurisdiction="mycity", as_of="2026-11-22")
        assert rule(result, "mycity.catalog_update")["due"] == due


def test_every_question_of_the_engine_sees_the_user_pack(tmp_path):
    library = regkit.Library.from_paths(folder(tmp_path))
    engine = regkit.Engine(library=library)
    assert library.order()[0] == "cn" and "mycity" in library.order()
    matrix = engine.compare(["catalog"])
    assert "mycity" in matrix["jurisdictions"]
    assert "mycity" in engine.compare_history(EVENTS, as_of="2026-11-22")["jurisdictions"]
    assert engine.conflicts("mycity") == []  # 5 working days is stricter than cn's 10
    [item] = engine.classify("mycity", {"share_type": "unconditional"})  # cn's table, through the layers
    assert item["jurisdiction"] == "cn"
    many = engine.evaluate_many([{"jurisdiction": "mycity", "as_of": "2026-11-22", "events": EVENTS}] * 2)
    assert [rule(r, "mycity.catalog_update")["due"] for r in many] == ["2026-10-10"] * 2


@pytest.mark.parametrize(("kwargs", "line", "says"), [
    ({"id": "hebei"}, 2, "'hebei' is already defined by a bundled pack"),
    ({"parent": "nowhere"}, 7, "parent 'nowhere' is not a known jurisdiction"),
    ({"source": "elsewhere"}, 10, "no source document 'elsewhere'"),
])
def test_a_broken_folder_is_one_located_error(tmp_path, kwargs, line, says):
    root = folder(tmp_path, **kwargs)
    file = str(root / "packs" / f"{kwargs.get('id', 'mycity')}.yaml")
    with pytest.raises(regkit.PackError) as caught:
        regkit.Library.from_paths(root)
    assert (caught.value.file, caught.value.line) == (file, line)
    assert says in str(caught.value)


def test_a_cycle_of_user_parents_is_one_located_error(tmp_path):
    root = folder(tmp_path, parent="other")
    folder(tmp_path, id="other", parent="mycity", text=False)
    with pytest.raises(regkit.PackError, match="the parents form a cycle") as caught:
        regkit.Library.from_paths(root)
    assert caught.value.line == 7


def test_a_user_pack_may_sit_under_a_pack_of_another_folder(tmp_path):
    first = folder(tmp_path / "a")
    second = folder(tmp_path / "b", id="district", parent="mycity", text=False)
    library = regkit.Library.from_paths(first, second)
    assert [p.id for p in library.lineage("district")] == ["district", "mycity", "cn"]


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(regkit.InputError, match="no such rules folder"):
        regkit.Library.from_paths(tmp_path / "absent")


def test_the_command_line_takes_rules_and_the_environment(tmp_path, monkeypatch, capsys):
    root = folder(tmp_path / "rules")
    history = tmp_path / "h.yaml"
    history.write_text("jurisdiction: mycity\nas_of: 2026-11-22\nevents:\n"
                       "- {type: catalog.change, date: 2026-09-28, subject: cat}\n", encoding="utf-8")
    assert main(["lint", "--rules", str(root)]) == 0
    assert main(["evaluate", str(history), "--rules", str(root), "--format", "json"]) == 0
    assert '"mycity.catalog_update"' in capsys.readouterr().out
    assert main(["evaluate", str(history)]) == 2  # not bundled
    assert "unknown jurisdiction 'mycity'" in capsys.readouterr().err
    monkeypatch.setenv("REGKIT_RULES", str(root))
    assert main(["jurisdictions"]) == 0
    assert "mycity" in capsys.readouterr().out


def test_lint_reports_a_taken_id_and_a_cycle_as_findings(tmp_path, capsys):
    root = folder(tmp_path, id="hebei")
    assert main(["lint", "--rules", str(root)]) == 1
    assert "P005 [pack.id] jurisdiction 'hebei' is already defined" in capsys.readouterr().out


def test_a_user_pack_is_named_after_its_id(tmp_path):
    root = folder(tmp_path)
    (root / "packs" / "mycity.yaml").rename(root / "packs" / "other.yaml")
    with pytest.raises(regkit.PackError, match="must be named mycity.yaml") as caught:
        regkit.Library.from_paths(root)
    assert caught.value.line == 2


def test_batch_workers_answer_from_the_same_folders(tmp_path):
    root = folder(tmp_path / "rules")
    lines = tmp_path / "in.jsonl"
    import json
    lines.write_text("".join(json.dumps({"id": n, "jurisdiction": "mycity", "as_of": "2026-11-22",
                                         "events": EVENTS}) + "\n" for n in range(4)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(lines), "--out", str(out), "--workers", "2", "--chunk", "1",
                 "--rules", str(root)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4
    for record in records:
        assert rule(record["result"] if "result" in record else record, "mycity.catalog_update")["due"] == "2026-10-10"


def _batch_input(tmp_path, count: int = 4) -> Path:
    import json
    lines = tmp_path / "in.jsonl"
    lines.write_text("".join(json.dumps({"id": n, "jurisdiction": "mycity", "as_of": "2026-11-22",
                                         "events": EVENTS}) + "\n" for n in range(count)), encoding="utf-8")
    return lines


def _run_on_two_workers(tmp_path, monkeypatch, **options):
    """`run_file` of 4 lines of the user jurisdiction, a line a chunk, on 2 worker processes."""
    from regkit import batchfile
    from regkit.batch import Options
    monkeypatch.setattr(batchfile, "_abandoned", False)  # the stopped pool is this test's alone
    lines, out = _batch_input(tmp_path), tmp_path / "out.jsonl"
    options = Options(rules=(str(folder(tmp_path / "rules")),), **options)
    with pytest.raises(regkit.InputError) as caught:
        batchfile.run_file(str(lines), str(out), options, workers=2, chunk_lines=1)
    assert not out.exists()
    return str(caught.value)


def test_batch_workers_that_find_changed_folders_stop_the_run(tmp_path, monkeypatch):
    """A pack edited after the run loaded the folders must not be answered from: the run stops
    with the reason (the command line: one line, exit 2). Before, each worker loaded whatever
    files it found and answered from them."""
    said = _run_on_two_workers(tmp_path, monkeypatch, fingerprint="of-the-files-the-run-loaded")
    assert "the rules folders on this worker differ from the caller's" in said


def test_batch_workers_that_cannot_load_the_folders_stop_the_run_instead_of_losing_every_line(tmp_path,
                                                                                             monkeypatch):
    """Before, the worker's start failed, the pool broke, and every chunk was retried, then
    recorded as lost: a whole output of error records for a pack broken since the run began."""
    import os

    import regkit.library as library_module
    parent, real = os.getpid(), library_module.load_pack

    def broken_in_workers(file):
        if os.getpid() != parent:  # the workers are forked from this process: they see this
            raise regkit.PackError("a pack broken since the run began", file=str(file))
        return real(file)

    monkeypatch.setattr(library_module, "load_pack", broken_in_workers)
    said = _run_on_two_workers(tmp_path, monkeypatch)
    assert "a worker cannot load the rules folders the run loaded" in said and "a pack broken since the run began" in said


def test_a_run_resumed_with_changed_rules_folders_is_refused(tmp_path, capsys):
    from regkit.batch import Options
    from regkit.batchfile import PARTIAL, SETTINGS, _settings, _write_settings
    root = folder(tmp_path / "rules")
    lines, out = _batch_input(tmp_path), tmp_path / "out.jsonl"
    # an interrupted run: its partial output (one record) and settings, with the rules as they were
    loaded = regkit.Library.from_paths(root).fingerprint
    options = Options(layers="all", rules=(str(root),), fingerprint=loaded)
    _write_settings(str(out) + SETTINGS, _settings(str(lines), options))
    (tmp_path / ("out.jsonl" + PARTIAL)).write_text('{"line": 1, "id": 0, "error": "x"}\n', encoding="utf-8")
    folder(tmp_path / "rules", days=7)  # the pack says 7 working days now
    code = main(["batch", str(lines), "--out", str(out), "--resume", "--rules", str(root)])
    assert code == 2
    assert "other settings (rules)" in capsys.readouterr().err
    assert not out.exists()


def test_an_engine_evaluates_a_history_file_of_a_user_jurisdiction(tmp_path):
    root = folder(tmp_path / "rules")
    path = tmp_path / "h.yaml"
    path.write_text("jurisdiction: mycity\nas_of: 2026-11-22\nevents:\n"
                    "- {type: catalog.change, date: 2026-09-28, subject: cat}\n", encoding="utf-8")
    engine = regkit.Engine(library=regkit.Library.from_paths(root))
    result = engine.evaluate(regkit.load_history(path))
    # 5 working days after Mon 2026-09-28 -> Sat 2026-10-10 (see the first test); undone: overdue
    assert (rule(result, "mycity.catalog_update")["due"], rule(result, "mycity.catalog_update")["status"]) == \
        ("2026-10-10", "overdue")
