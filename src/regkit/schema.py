"""The JSON Schema of the pack format, for editors: `regkit schema`, and `rules/pack.schema.json`.

The shape comes from the pack model (`model.packs`); this module adds what an editor needs
to catch a mistake as it is typed: every closed value with its Chinese term and English
gloss (from the vocabulary), the event types, and for each event type the attributes
its `where` and `absent` may name (so `catalog.chnage` and `shar_type` are refused, not
only by `regkit lint`). The bundled packs point to the file with the modeline

    # yaml-language-server: $schema=../pack.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from . import vocabulary

__all__ = ["FORMAT_VERSION", "SCHEMA_ID", "pack_schema", "schema_json"]

#: The version of the pack format; it changes when a valid pack could become invalid.
FORMAT_VERSION = 1
SCHEMA_ID = f"urn:regkit:pack-format:{FORMAT_VERSION}"


def _values(name: str) -> list[dict[str, str]]:
    """One `const` per value, titled with its Chinese term and described in English."""
    return [{"const": value, "title": term.zh, "description": term.en}
            for value, term in vocabulary.terms(name).items()]


def _by_vocabulary(node: Any, lists: dict[frozenset, str]) -> None:
    """Replace every enum of a vocabulary list by its described values, in place."""
    if isinstance(node, dict):
        enum = node.get("enum")
        if isinstance(enum, list) and frozenset(enum) in lists:
            node.pop("enum")
            node["oneOf"] = _values(lists[frozenset(enum)])
        for value in node.values():
            _by_vocabulary(value, lists)
    elif isinstance(node, list):
        for value in node:
            _by_vocabulary(value, lists)


def pack_schema() -> dict[str, Any]:
    from .model.events import EVENT_ATTRIBUTES, FLAGS
    from .model.packs import PackFile

    schema = PackFile.model_json_schema(by_alias=True)
    lists = {frozenset(vocabulary.values(name)): name for name in vocabulary.lists()}
    _by_vocabulary(schema, lists)
    match = schema["$defs"]["EventMatch"]
    match["properties"]["event"] = {"title": "Event", "oneOf": _values("event_types")}
    match["allOf"] = [{
        "if": {"properties": {"event": {"const": event_type}}},
        "then": {"properties": {
            "where": {"propertyNames": {"enum": sorted([*attributes, *FLAGS])}},
            "absent": {"items": {"enum": sorted([*attributes, *FLAGS])}},
        }},
    } for event_type, attributes in EVENT_ATTRIBUTES.items()]
    # a liability rule that names its article's opening clause takes party and enforcer from it
    liability = schema["$defs"]["Liability"]
    liability["required"] = [name for name in liability["required"] if name not in ("party", "enforcer")]
    liability["anyOf"] = [{"required": ["opening"]}, {"required": ["party", "enforcer"]}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "x-regkit-format": FORMAT_VERSION,
        "title": "regkit rule pack (规则包)",
        "description": "A rule pack of regkit: one jurisdiction's rules, each citing its article. "
                       "规则包：一个法域的规则，每条规则注明所依据的条款。",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


def schema_json() -> str:
    """The schema as the file and `regkit schema` give it: sorted keys, stable bytes."""
    return json.dumps(pack_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
