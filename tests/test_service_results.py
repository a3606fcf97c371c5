"""The typed result format: every real result fits it, and `regkit schema --result` prints it.

The shapes forbid keys they do not name and are checked strictly (no coercion), so a
builder that adds, drops or retypes a key fails here until `model/results.py` says so.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from pydantic import TypeAdapter, ValidationError

import regkit
from regkit.batch import Options, evaluate_line
from regkit.cli import main
from regkit.compact import compact_result
from regkit.history import load_history
from regkit.model.results import Agenda, BatchRecord, Classification, CompactResult, CompareResult, Result
from strategies import evaluations

EXAMPLES = sorted(Path(__file__).parent.parent.joinpath("examples").glob("*.yaml"))
RESULT = TypeAdapter(Result)


def _check(adapter: TypeAdapter, value) -> None:
    adapter.validate_python(value, strict=True)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_form_of_every_example_fits_its_type(path):
    history = load_history(path)
    result = regkit.evaluate(history.events, jurisdiction=history.jurisdiction, as_of=history.as_of)
    _check(RESULT, result)
    _check(TypeAdapter(CompactResult), compact_result(result))
    _check(TypeAdapter(CompareResult), regkit.compare_history(history.events, as_of=history.as_of))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    line = json.dumps({"id": 7, **raw}, default=str)  # YAML dates as ISO text, as in a JSON Lines file
    record, _ok = evaluate_line(line, 1, Options())
    _check(TypeAdapter(BatchRecord), record)


def test_the_agenda_of_every_example_fits_its_type():
    found = regkit.agenda([load_history(path) for path in EXAMPLES], within=400)
    assert found["items"]  # something to check
    _check(TypeAdapter(Agenda), found)


@given(evaluations())
def test_generated_histories_fit_the_type(case):
    jurisdiction, events, as_of = case
    _check(RESULT, regkit.evaluate(events, jurisdiction=jurisdiction, as_of=as_of))


def test_classifications_fit_the_type_in_force_or_not():
    adapter = TypeAdapter(list[Classification])
    claim = {"share_type": "not_shared", "legal_basis": "local_regulation"}
    _check(adapter, regkit.classify("hebei", claim))
    _check(adapter, regkit.classify("hebei", claim, on=date(2020, 1, 1)))  # before either layer is in force


def test_a_key_the_format_lacks_is_refused():
    history = load_history(EXAMPLES[0])
    result = regkit.evaluate(history.events, jurisdiction=history.jurisdiction, as_of=history.as_of)
    result["deadlines"][0]["extra"] = 1
    with pytest.raises(ValidationError):
        _check(RESULT, result)


def test_schema_result_prints_the_json_schema(capsys):
    assert main(["schema", "--result"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Result"
    assert {"DeadlineEntry", "Finding", "Conflict", "Classification", "Receipt"} <= set(schema["$defs"])
    assert schema["$defs"]["DeadlineEntry"]["additionalProperties"] is False


def test_provisional_ranges_and_loaded_schedules_fit_the_type():
    # a catalog change on 2026-12-20 counts 10 working days into 2027, whose schedule is not
    # announced: the entry is provisional and carries the range its due date can still fall in
    result = regkit.evaluate([{"type": "catalog.change", "date": "2026-12-20", "subject": "c"}],
                             jurisdiction="hebei", as_of="2026-12-31")
    assert any("provisional_range" in entry for entry in result["deadlines"])
    _check(RESULT, result)
    schedule = regkit.load_schedule(Path(__file__).parent.parent / "examples" / "calendar" / "cn-2026.yaml")
    history = load_history(EXAMPLES[0])
    loaded = regkit.evaluate(history.events, jurisdiction=history.jurisdiction, as_of=history.as_of,
                             calendar=regkit.WorkingDayCalendar([schedule]))
    assert loaded["receipt"]["calendar"]["schedules"]
    _check(RESULT, loaded)
