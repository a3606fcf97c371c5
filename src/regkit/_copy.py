"""Fresh copies of JSON-like data, for answers built from data compiled once per process.

A result must belong to its caller: if it held the compiled citation or conflict
itself, editing the result would change every later answer.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fresh"]


def fresh(data: Any) -> Any:
    """A copy of plain data (dicts, lists, tuples of strings, numbers, None) sharing no container.

    Only containers are copied (scalars are immutable and shared), and only they
    cost a call: the hot path copies a citation or a conflict per result. Tuples
    become lists, as JSON would read them back."""
    if type(data) is dict:
        return {key: fresh(value) if type(value) in _CONTAINERS else value for key, value in data.items()}
    if type(data) in _CONTAINERS:
        return [fresh(value) if type(value) in _CONTAINERS else value for value in data]
    return data


_CONTAINERS = frozenset((dict, list, tuple))
