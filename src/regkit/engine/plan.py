"""What evaluating under one (jurisdiction, layers) needs, put together once.

`compiled.layers_for` gives each binding pack's rules as plain records; a plan
lays the records of all those layers side by side, each with its layer depth,
indexes the liability rules by what can establish them, and keeps the pack
receipts. It is built on first use per pair and never changes, so evaluating a
history does no pack or model access at all: only look-ups in these tables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .._active import compiled
from .compile.deadlines import CompiledDeadline, CompiledRecurring, layers_for
from .liability import LiabilityIndex, index_liability

__all__ = ["Plan", "plan_for"]


@dataclass(frozen=True, slots=True)
class Plan:
    """The compiled rules binding `jurisdiction` under `layers` ('all' or 'local')."""

    jurisdiction: str
    layers: str
    deadlines: tuple[tuple[CompiledDeadline, int], ...]  # (rule, depth), nearest layer first
    recurring: tuple[tuple[CompiledRecurring, int], ...]
    triggers: dict[str, tuple[int, ...]]  # event type -> numbers of the deadlines it triggers
    liability: LiabilityIndex
    receipts: tuple[tuple[str, str, str], ...]  # (id, version, sha256) of each pack used


@compiled
def plan_for(jurisdiction: str, layers: str = "all") -> Plan:
    """The plan of a jurisdiction of the library answering now (an unknown id raises `UnknownJurisdiction`)."""
    compiled = layers_for(jurisdiction, layers)
    routes: dict[str, list] = {}  # deadline id -> the receipt rules of the binding packs naming it
    for layer in compiled:
        for receipt in layer.receipts:
            for rule_id in receipt.rules:
                routes.setdefault(rule_id, []).append(receipt)
    deadlines = tuple((replace(rule, routes=tuple(routes[rule.id])) if rule.id in routes else rule, layer.depth)
                      for layer in compiled for rule in layer.deadlines)
    triggers: dict[str, list[int]] = {}
    for number, (rule, _depth) in enumerate(deadlines):
        triggers.setdefault(rule.trigger_type, []).append(number)
    return Plan(
        jurisdiction=jurisdiction,
        layers=layers,
        deadlines=deadlines,
        triggers={event_type: tuple(numbers) for event_type, numbers in triggers.items()},
        recurring=tuple((rule, layer.depth) for layer in compiled for rule in layer.recurring),
        liability=index_liability(tuple(rule for layer in compiled for rule in layer.liability),
                                  tuple(rule for layer in compiled for rule in layer.responsibilities)),
        receipts=tuple((r["id"], r["version"], r["sha256"]) for r in (l.pack.receipt() for l in compiled)),
    )
