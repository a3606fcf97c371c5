"""Using a user library writes nothing inside the installed package.

A new user's folder is made outside the package and used through `--rules` and
`regkit.Engine` only: import a text, lint, scenarios, evaluate (in Chinese too, which
reads the message catalogue), compare, check, the schema. Every file of the package
and of its bundled rules is hashed before and after, with its modification time; none
may change and none may appear (compiled bytecode aside, which Python writes, not
regkit). Run from a wheel, the package is the installed one; from a checkout, the
source tree.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import regkit
from regkit._resources import rules_dir
from regkit.cli import main

PAGE = Path(__file__).resolve().parents[1] / "docs" / "adding-a-jurisdiction.md"
STEP = re.compile(r"<!-- (file: (?P<file>\S+)|run) -->\n```\w*\n(?P<body>.*?)```", re.S)


def _snapshot() -> dict[str, tuple[str, int]]:
    roots = {Path(regkit.__file__).resolve().parent, rules_dir().resolve()}
    files = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return files


def test_a_user_library_writes_nothing_in_the_installed_package(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name in ("REGKIT_RULES", "REGKIT_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # where the pack cache goes, if written
    before = _snapshot()
    assert len(before) > 50  # the modules, the packs, the texts, the catalogue, the schema
    import shlex
    for step in STEP.finditer(PAGE.read_text(encoding="utf-8")):
        if step["file"]:
            (tmp_path / step["file"]).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / step["file"]).write_text(step["body"], encoding="utf-8")
        else:
            for line in step["body"].splitlines():
                assert main(shlex.split(line)[1:]) == 0, line
    history = str(tmp_path / "my-rules" / "history.yaml")
    for argv in (["evaluate", history, "--rules", "my-rules", "--lang", "zh"],
                 ["evaluate", history, "--rules", "my-rules", "--format", "json"],
                 ["explain", "mycity.catalog_update", "--rules", "my-rules", "--lang", "zh"],
                 ["schema"]):
        assert main(argv) == 0, argv
    engine = regkit.Engine(library=regkit.Library.from_paths("my-rules"))
    engine.evaluate([{"type": "catalog.change", "date": "2026-09-28", "subject": "c"}],
                    jurisdiction="mycity", as_of="2026-11-22")
    engine.conflicts("mycity")
    engine.classify("mycity", {"share_type": "conditional"})
    capsys.readouterr()
    after = _snapshot()
    assert sorted(set(after) - set(before)) == []
    assert [path for path in before if after.get(path) != before[path]] == []
