"""The OpenAPI document: the framework's (3.1) with the result types, and its 3.0 form.

FastAPI writes OpenAPI 3.1, whose schemas are JSON Schema 2020-12. Java client
generators read 3.0 best, so `to_openapi_30` rewrites the few constructs 3.0 lacks:
`null` in a type or an `anyOf` becomes `nullable`, `const` an one-value `enum`,
`examples` one `example`, a numeric `exclusiveMinimum`/`exclusiveMaximum` the boolean
form. `docs/openapi.json` is its output, and a test checks it is current.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["component_schemas", "to_openapi_30", "openapi_30_text"]

REF = "#/components/schemas/{model}"


def component_schemas(types: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schemas of `types` (name -> type) and every shape they use, for `components`."""
    from pydantic import TypeAdapter
    out: dict[str, Any] = {}
    for name, type_ in types.items():
        schema = TypeAdapter(type_).json_schema(ref_template=REF)
        out.update(schema.pop("$defs", {}))
        schema.setdefault("title", name)
        out[name] = schema
    return out


def to_openapi_30(document: dict[str, Any]) -> dict[str, Any]:
    """The same document in OpenAPI 3.0.3."""
    converted = _convert(document)
    converted["openapi"] = "3.0.3"
    return converted


def openapi_30_text(document: dict[str, Any]) -> str:
    """`to_openapi_30` as the text of docs/openapi.json (sorted keys: a stable diff)."""
    return json.dumps(to_openapi_30(document), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# maps whose keys are names (a property, a schema, a path), not schema keywords
_NAME_MAPS = frozenset({"properties", "schemas", "paths", "responses", "content", "headers", "parameters"})


def _convert(node: Any, names: bool = False) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    if names:
        return {key: _convert(value) for key, value in node.items()}
    node = {key: _convert(value, key in _NAME_MAPS) for key, value in node.items()}
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [option for option in options if option != {"type": "null"}]
            del node[key]
            node["nullable"] = True
            if len(rest) == 1 and "$ref" not in rest[0]:
                node.update({k: v for k, v in rest[0].items() if k not in node})
            elif len(rest) == 1:
                node["allOf"] = rest  # 3.0 ignores what stands beside a $ref
            else:
                node[key] = rest
    if isinstance(node.get("type"), list):
        types = [t for t in node["type"] if t != "null"]
        if len(types) < len(node["type"]):
            node["nullable"] = True
        node["type"] = types[0] if len(types) == 1 else types
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if isinstance(node.get("examples"), list):
        examples = node.pop("examples")
        if examples:
            node["example"] = examples[0]
    for bound, plain in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), (int, float)) and not isinstance(node[bound], bool):
            node[plain] = node[bound]
            node[bound] = True
    return node
