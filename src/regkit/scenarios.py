"""Scenario tests beside a pack: a history, the day it is judged on, and the answers expected.

A rules folder may hold `tests/*.yaml`, each a list of scenarios worked out by hand
from the text of the law (the arithmetic in a comment), never pasted from regkit's
output:

    - name: a catalog updated one working day late
      jurisdiction: mycity
      as_of: 2026-11-22
      events:
        - {type: catalog.change, date: 2026-09-28, subject: cat}
        - {type: catalog.updated, date: 2026-10-12, subject: cat}
      expect:
        deadlines:
          # 5 working days after Mon 09-28: 09-29, 09-30, (10-01..07 off) 10-08, 10-09, Sat 10-10
          mycity.catalog_update: {due: 2026-10-10, status: late, late_by: 1}
        findings:
          cn.catalog_not_updated: {party: department}

Under `expect`, `deadlines`, `findings` and `classifications` map a rule id to the
fields expected of the result's entry for that rule (a list of such mappings when
the rule gives several entries, in the result's order); only the fields named are
compared, nested mappings likewise. A rule id mapped to `null` must give no entry.
`layers: local` judges the pack alone. `regkit test` runs them; a failure names the
file, the line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from .errors import InputError, RegkitError

__all__ = ["ScenarioFailure", "run_scenarios"]

_SECTIONS = ("deadlines", "findings", "classifications")
_KEYS = {"name", "jurisdiction", "as_of", "layers", "events", "expect"}


@dataclass(frozen=True, order=True)
class ScenarioFailure:
    file: str
    line: int
    scenario: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: scenario {self.scenario!r}: {self.message}"


def run_scenarios(files: Iterable[str | Path], engine: Any = None) -> tuple[int, list[ScenarioFailure]]:
    """Run every scenario of `files` on `engine` (default: the bundled library's);
    returns (scenarios run, failures). A file that cannot be read is one failure."""
    from ._yaml import load_yaml_file
    from .engine.engine import Engine

    engine = engine or Engine()
    count, failures = 0, []
    for file in files:
        try:
            located = load_yaml_file(file)
        except InputError as exc:
            failures.append(ScenarioFailure(str(file), exc.line or 1, "", exc.reason))
            continue
        if not isinstance(located.data, list):
            failures.append(ScenarioFailure(str(file), 1, "", "a scenario file is a list of scenarios"))
            continue
        for index, scenario in enumerate(located.data):
            count += 1
            failures.extend(_run_one(engine, located, index, scenario))
    return count, sorted(failures)


def _run_one(engine: Any, located: Any, index: int, scenario: Any) -> list[ScenarioFailure]:
    def fail(message: str, *path: Any) -> ScenarioFailure:
        line = located.line_of((index, *path)) or located.line_of((index,)) or 1
        return ScenarioFailure(located.file, line, name, message)

    name = scenario.get("name", f"#{index + 1}") if isinstance(scenario, dict) else f"#{index + 1}"
    if not isinstance(scenario, dict) or not {"jurisdiction", "as_of", "events", "expect"} <= set(scenario):
        return [fail("a scenario has name, jurisdiction, as_of, events and expect")]
    unknown = set(scenario) - _KEYS
    if unknown:
        return [fail(f"unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(_KEYS))})",
                     sorted(unknown)[0])]
    expect = scenario["expect"]
    if not isinstance(expect, dict) or set(expect) - set(_SECTIONS):
        return [fail(f"expect holds {', '.join(_SECTIONS)}", "expect")]
    try:
        result = engine.evaluate(scenario["events"], jurisdiction=scenario["jurisdiction"],
                                 as_of=scenario["as_of"], layers=scenario.get("layers", "all"))
    except RegkitError as exc:
        return [fail(f"cannot be evaluated: {exc}")]
    failures = []
    for section in _SECTIONS:
        for rule, wanted in (expect.get(section) or {}).items():
            got = [entry for entry in result[section] if entry.get("rule") == rule]
            path = ("expect", section, rule)
            if wanted is None:
                if got:
                    failures.append(fail(f"{section}: {rule} gives {len(got)} entr(ies), none expected", *path))
                continue
            wanted_list = wanted if isinstance(wanted, list) else [wanted]
            if len(got) != len(wanted_list):
                failures.append(fail(f"{section}: {rule} gives {len(got)} entr(ies), "
                                     f"{len(wanted_list)} expected", *path))
                continue
            for number, (expected, entry) in enumerate(zip(wanted_list, got)):
                where = path + ((number,) if isinstance(wanted, list) else ())
                failures.extend(fail(message, *where) for message in _differences(f"{section}: {rule}",
                                                                                  expected, entry))
    return failures


def _differences(label: str, expected: Any, actual: Any) -> list[str]:
    """What differs, field by field; only the fields `expected` names are compared."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{label}: expected a mapping, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{label}: no field {key!r}")
            else:
                out += _differences(f"{label} {key}", value, actual[key])
        return out
    if isinstance(expected, date):
        expected = expected.isoformat()
    if isinstance(expected, list) and isinstance(actual, list):
        expected = [v.isoformat() if isinstance(v, date) else v for v in expected]
    if expected != actual:
        return [f"{label}: expected {expected!r}, got {actual!r}"]
    return []
