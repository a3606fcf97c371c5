"""regkit's closed vocabularies, read from `vocabulary.toml`: each value once, with its terms.

Every closed list (event types, parties, units, deadline kinds, statuses, sanctions,
escalation conditions, exemption grounds, share and open types, legal bases, request
paths, finding kinds, and the values of event attributes) is a table of that file, each
value with its Chinese term (`zh`) and an English gloss (`en`). The pack model's enums,
the event models' literals, the command line's choices, the JSON Schema's descriptions
and the generated docs are made from it, so a value is added in one place. Names are
jurisdiction-neutral (docs/design.md, Events).

Renderers that print a Chinese term take it from here (`term`); a locale file that words
whole sentences for output may add its own phrasing, but not another list of values.
"""

from __future__ import annotations

import tomllib
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

__all__ = ["EVENT_TYPES", "Term", "enum", "literal", "lists", "term", "terms", "values"]


class Term(NamedTuple):
    """A value's Chinese term, its English gloss, and (deadline kinds) its comparison topic."""

    zh: str
    en: str
    topic: str | None = None


@cache
def _tables() -> dict[str, dict[str, Term]]:
    with open(Path(__file__).with_name("vocabulary.toml"), "rb") as handle:
        data = tomllib.load(handle)
    return {name: {value: Term(entry["zh"], entry["en"], entry.get("topic")) for value, entry in table.items()}
            for name, table in data.items()}


def lists() -> tuple[str, ...]:
    """The names of the closed lists."""
    return tuple(_tables())


def terms(name: str) -> dict[str, Term]:
    """The values of list `name`, in their order, with their terms."""
    return dict(_tables()[name])


def values(name: str) -> tuple[str, ...]:
    """The values of list `name`, in their order."""
    return tuple(_tables()[name])


def term(name: str, value: str) -> Term:
    """The terms of one value (KeyError when the list has no such value)."""
    return _tables()[name][value]


def enum(class_name: str, name: str, module: str, doc: str) -> type[Enum]:
    """A `str` enum of list `name` (members named as their values), for the pack model;
    `module` is where it is defined, so that its members pickle; `doc` says what it is for."""
    made = Enum(class_name, [(value, value) for value in values(name)], type=str, module=module)
    made.__doc__ = f"{doc} (vocabulary.toml: {name})"
    return made


def literal(name: str) -> Any:
    """`Literal[...]` of list `name`, for the event models."""
    return Literal[values(name)]  # type: ignore[valid-type]


EVENT_TYPES: frozenset[str] = frozenset(values("event_types"))
