"""What conflicts between layers compare, compiled per pack into slotted records.

Two kinds of figure are compared (engine.conflicts says how):

- a time limit (`CompiledLimit`): its period, bound and extension, with the id of the
  ancestor rule it is the counterpart of;
- the legal bases a pack accepts for restricting sharing of a class (`CompiledBases`):
  the intersection of its requirements' `legal_basis` sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from ..._active import remember
from ...model.packs import ClassRequirement, Deadline
from ...packs import Pack
from .records import _interval, _reading, _source

__all__ = ["RESTRICTED_CLASSES", "CompiledBases", "CompiledLimit", "ConflictTable", "accepted_bases",
           "conflict_table_for"]

#: The classes whose restriction a legal basis must justify.
RESTRICTED_CLASSES = ("conditional", "not_shared")

Interval = tuple[date | None, date | None, bool]


@dataclass(frozen=True, slots=True)
class CompiledLimit:
    """A time limit as conflicts compare it (`extension`: the longest, 0 when none)."""

    id: str
    jurisdiction: str
    kind: str
    bound: str
    amount: int
    unit: str
    extension: int
    counterpart: str | None
    in_force: Interval
    source: dict[str, Any]
    extension_source: dict[str, Any] | None  # where the extension is allowed, if cited apart
    reading: str | None


@dataclass(frozen=True, slots=True)
class CompiledBases:
    """The bases one pack accepts for restricting a class, and the requirements that set them
    (the first one stands for the pack in a conflict)."""

    jurisdiction: str
    share_type: str
    bases: frozenset
    rules: tuple[str, ...]
    id: str
    in_force: Interval
    source: dict[str, Any]
    reading: str | None


@dataclass(frozen=True, slots=True)
class ConflictTable:
    """One pack's figures: its time limits by id, and its bases by restricted class
    (a class absent: the pack sets no basis for it)."""

    jurisdiction: str
    limits: Mapping[str, CompiledLimit]
    bases: Mapping[str, CompiledBases]


def accepted_bases(pack: Pack, share_type: str) -> tuple[list[ClassRequirement], set[str]] | None:
    """The bases a pack accepts for restricting sharing of `share_type` (its basis
    requirements for that class all apply, so their sets intersect), or None if it sets none."""
    rules, bases = [], None
    for rule in pack.rules:
        if not isinstance(rule, ClassRequirement) or "legal_basis" not in rule.satisfied_when:
            continue
        applies = rule.applies_to.get("share_type")
        if applies is not None and share_type not in (applies if isinstance(applies, list) else [applies]):
            continue
        allowed = set(rule.satisfied_when["legal_basis"])
        bases = allowed if bases is None else bases & allowed
        rules.append(rule)
    return None if bases is None else (rules, bases - {"none"})


def _limit(pack: Pack, rule: Deadline) -> CompiledLimit:
    ext = rule.extension
    return CompiledLimit(
        id=rule.id, jurisdiction=pack.id, kind=rule.deadline.value, bound=rule.bound, amount=rule.period.amount,
        unit=rule.period.unit.value, extension=ext.max.amount if ext else 0, counterpart=rule.counterpart,
        in_force=_interval(rule.in_force, pack), source=_source(pack, rule.source),
        extension_source=_source(pack, ext.source) if ext and ext.source else None, reading=_reading(rule))


def compile_conflict_table(pack: Pack) -> ConflictTable:
    """A pack's time limits and accepted bases, as conflicts compare them."""
    limits = {rule.id: _limit(pack, rule) for rule in pack.rules if isinstance(rule, Deadline)}
    bases = {}
    for share_type in RESTRICTED_CLASSES:
        found = accepted_bases(pack, share_type)
        if found is None:
            continue
        rules, accepted = found
        first = rules[0]
        bases[share_type] = CompiledBases(
            jurisdiction=pack.id, share_type=share_type, bases=frozenset(accepted), rules=tuple(r.id for r in rules), id=first.id,
            in_force=_interval(first.in_force, pack), source=_source(pack, first.source), reading=_reading(first))
    return ConflictTable(pack.id, limits, bases)


def conflict_table_for(pack: Pack) -> ConflictTable:
    """The conflict table of a pack, compiled once in the library answering now."""
    return remember(("conflicts", pack.id, pack.sha256), lambda: compile_conflict_table(pack))
