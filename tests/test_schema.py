"""The pack format's JSON Schema, as an editor uses it: every bundled pack passes, the mistakes
only `regkit lint` used to catch are refused as they are typed, and every value is described."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from regkit import vocabulary
from regkit.schema import SCHEMA_ID, schema_json

RULES = Path(__file__).resolve().parents[1] / "rules"
SCHEMA = json.loads((RULES / "pack.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=None)


def _pack(path: Path) -> dict:
    # dates as YAML gives them would not be JSON: read them as the strings an editor sees
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a safe loader


def test_the_committed_schema_is_the_one_regkit_gives():
    assert (RULES / "pack.schema.json").read_text(encoding="utf-8") == schema_json(), \
        "run: python scripts/generate_docs.py"
    assert SCHEMA["$id"] == SCHEMA_ID and SCHEMA["x-regkit-format"] == 1
    assert SCHEMA["$schema"].endswith("2020-12/schema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", sorted((RULES / "packs").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_pack_passes_and_points_to_the_schema(path):
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in VALIDATOR.iter_errors(_pack(path))]
    assert errors == []
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../pack.schema.json\n")


@pytest.mark.parametrize(("typo", "where"), [
    ({"event": "catalog.chnage"}, "event"),
    ({"event": "request.submitted", "where": {"shar_type": "conditional"}}, "where"),
    ({"event": "request.replied", "absent": ["reson"]}, "absent"),
])
def test_a_misspelt_event_or_attribute_is_refused(typo, where):
    pack = _pack(RULES / "packs" / "hebei.yaml")
    rule = next(r for r in pack["rules"] if r["kind"] == "deadline")
    rule["trigger"] = typo
    assert list(VALIDATOR.iter_errors(pack)), f"{where} passed"


def test_every_closed_value_of_the_pack_format_is_described_in_chinese_and_english():
    text = json.dumps(SCHEMA, ensure_ascii=False)
    # the lists a pack names values of (the others are values of event attributes and results)
    in_packs = ("levels", "parties", "units", "deadline_kinds", "sanctions", "escalation_conditions",
                "exemption_grounds", "share_types", "request_paths", "event_types")
    for name in vocabulary.lists():
        for value, term in vocabulary.terms(name).items():
            assert term.zh.strip() and term.en.strip(), (name, value)
            described = json.dumps({"const": value, "description": term.en, "title": term.zh},
                                   ensure_ascii=False, sort_keys=True)[1:-1]
            assert described in text or name not in in_packs, (name, value)
