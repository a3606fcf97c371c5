"""docs/adding-a-jurisdiction.md, run as a new user would: in a fresh folder outside the
repository, every file of the page written and every command of it run, then the same
folder used through `regkit.Engine` and `regkit.testing` only."""

from __future__ import annotations

import csv
import re
import shlex
from datetime import date
from pathlib import Path

from hypothesis import given, settings

import regkit
from regkit.cli import main
from regkit.testing import check_library, check_result
from regkit.testing.strategies import as_of_near, histories

PAGE = Path(__file__).resolve().parents[1] / "docs" / "adding-a-jurisdiction.md"
STEP = re.compile(r"<!-- (file: (?P<file>\S+)|run) -->\n```\w*\n(?P<body>.*?)```", re.S)


def test_the_page_runs_from_a_plain_text_to_a_checked_pack(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REGKIT_RULES", raising=False)
    steps = list(STEP.finditer(PAGE.read_text(encoding="utf-8")))
    assert len(steps) == 10  # 5 files, 5 blocks of commands
    for step in steps:
        if step["file"]:
            path = tmp_path / step["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(step["body"], encoding="utf-8")
            continue
        for line in step["body"].splitlines():
            argv = shlex.split(line)
            assert argv[0] == "regkit"
            status = main(argv[1:])
            assert status == 0, (line, capsys.readouterr())
    out = capsys.readouterr().out
    assert "（二）在政务数据目录变化之日起5个工作日内完成更新。" in out  # regkit source mycity 2
    assert "all packs clean" in out and "1 scenario(s), 0 failure(s)" in out
    assert "invariants: 0 broken" in out
    # the evaluation: the hand-worked dates of the page's scenario
    assert re.search(r"mycity\.catalog_update .*2026-10-10 .*late \(binding\)", out)
    assert "| mycity |" in out or "| mycity " in out  # compare has a column for it
    # regkit table --rules: the page's two histories, judged by the user pack (h1 as the scenario;
    # h2 has no update: due the same Sat 2026-10-10, overdue on 2026-11-22)
    with (tmp_path / "decisions" / "deadlines.csv").open(encoding="utf-8") as file:
        table = {(r["history_id"], r["rule"]): (r["due"], r["status"]) for r in csv.DictReader(file)}
    assert table[("h1", "mycity.catalog_update")] == ("2026-10-10", "late")
    assert table[("h2", "mycity.catalog_update")] == ("2026-10-10", "overdue")

    # in Chinese, the user pack is named by its own title and cited by its own text (before,
    # the renderer looked only among the bundled packs and showed the bare id)
    history_file = tmp_path / "mycity-history.yaml"
    history_file.write_text("jurisdiction: mycity\nas_of: 2026-11-22\nevents:\n"
                            "  - {type: catalog.change, date: 2026-09-28, subject: catalog}\n",
                            encoding="utf-8")
    assert main(["evaluate", str(history_file), "--rules", str(tmp_path / "my-rules"), "--lang", "zh"]) == 0
    chinese = capsys.readouterr().out
    assert chinese.startswith("某市政务数据共享管理办法，截至2026年11月22日")  # the heading: its name
    assert "《某市政务数据共享管理办法》第二条" in chinese  # the citation: its own text

    # the same folder through the Python API only
    library = regkit.Library.from_paths(tmp_path / "my-rules")
    engine = regkit.Engine(library=library)
    history = [{"type": "catalog.change", "date": "2026-09-28", "subject": "catalog"},
               {"type": "catalog.updated", "date": "2026-10-12", "subject": "catalog"}]
    result = engine.evaluate(history, jurisdiction="mycity", as_of="2026-11-22")
    [mine] = [d for d in result["deadlines"] if d["rule"] == "mycity.catalog_update"]
    assert (mine["due"], mine["status"], mine["late_by"]) == ("2026-10-10", "late", 1)
    matrix = engine.compare(["catalog"])
    assert matrix["jurisdictions"][0] == "cn" and "mycity" in matrix["jurisdictions"]
    assert check_library(engine, library.scenario_files()) == []
    rows = engine.evaluate_table(tmp_path / "my-rules" / "events.csv", as_of="2026-11-22")["deadlines"]
    assert {(r["history_id"], str(r["due"])) for r in rows.to_pylist() if r["rule"] == "mycity.catalog_update"} == {
        ("h1", "2026-10-10"), ("h2", "2026-10-10")}

    # regkit.testing's strategies draw histories for the user pack, and the invariants hold
    @settings(max_examples=25, deadline=None)
    @given(histories("mycity", library=library).flatmap(lambda events: as_of_near(events).map(
        lambda day: (events, day))))
    def invariants_hold(case):
        events, as_of = case
        assert check_result(engine.evaluate(events, jurisdiction="mycity", as_of=as_of)) == []

    invariants_hold()


def test_a_broken_rule_is_caught_by_the_invariants():
    """check_library can fail: a period counted back from the trigger would be flagged."""
    from regkit.testing import check_trigger_order

    class Backwards:  # an engine whose due dates run back as the trigger moves forward
        calendar = None

        def evaluate(self, events, **kwargs):
            day = int(events[0]["date"][-2:])
            entry = {"rule": "x.r", "status": "pending", "due": f"2026-10-{40 - day:02d}"}
            return {"deadlines": [entry]}

    rules = regkit.Library.bundled().packs["cn"].rules
    deadline = next(r for r in rules if getattr(r, "kind", None) == "deadline")
    fake = type("Rule", (), {"id": "x.r", "bound": "deadline", "trigger": deadline.trigger})()
    assert check_trigger_order(Backwards(), "x", fake, date(2026, 10, 5), days=5) != []
