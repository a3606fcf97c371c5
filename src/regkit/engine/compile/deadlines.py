"""Time limits compiled into slotted records, and a pack's layer of compiled rules.

The pydantic models validate packs at the edge; evaluation then touches only
these records, with enum values as plain strings and `where` clauses as tuples of
pairs, so the hot path does no model access and no validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..._active import compiled
from ...model.packs import Deadline, Receipt, Recurring
from ...packs import Pack, lineage
from .liability import compile_responsibility, liability_for
from .records import Where, _interval, _reading, _source, _where

__all__ = ["CompiledDeadline", "CompiledReceipt", "CompiledRecurring", "Layer", "compile_layer", "layers_for"]


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    """What every compiled rule carries: identity, duty, interval and citation."""

    id: str
    jurisdiction: str
    kind: str
    party: str
    in_force_from: date | None
    in_force_until: date | None
    in_force_known: bool
    source: dict[str, Any]
    reading: str | None
    #: a result entry of the rule with every key in its order, not yet decided (`not_applicable`),
    #: full and compact (`compact`): the engine copies one and fills in the history's values
    #: (never hand it out itself)
    blank: dict[str, Any] = field(init=False, repr=False, compare=False)
    compact_blank: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blank", {
            "rule": self.id, "kind": self.kind, "jurisdiction": self.jurisdiction, "subject": None,
            "party": self.party, "trigger": None, "period": None,
            "bound": "minimum" if self.minimum else "deadline", "due": None, "earliest": None,
            "status": "not_applicable", "completed_on": None, "late_by": 0, "binding": False,
            "provisional": False, "reading": self.reading, "reason": None, "source": None})
        object.__setattr__(self, "compact_blank", {
            "rule": self.id, "subject": None, "trigger": None, "due": None, "earliest": None,
            "status": "not_applicable", "completed_on": None, "late_by": 0, "extended_by": 0, "binding": False,
            "provisional": False, "reason": None})


@dataclass(frozen=True, slots=True)
class CompiledDeadline(_CompiledRule):
    trigger_type: str
    trigger_where: Where
    done: tuple[tuple[str, Where], ...]  # alternatives: (event type, where)
    amount: int
    unit: str
    minimum: bool
    ext_type: str | None
    ext_where: Where
    ext_max: int
    exceptions: tuple[tuple[Where, str, str | None], ...]  # (where, reason, earlier event type or None)
    received: tuple[tuple[str, Where], ...] = ()  # events by which the party receives what the trigger made
    routes: tuple["CompiledReceipt", ...] = ()  # receipt rules of the binding packs (plan.plan_for)


@dataclass(frozen=True, slots=True)
class CompiledReceipt:
    """A pack's routing of what deadlines counted from receipt start from (model.packs.Receipt)."""

    id: str
    jurisdiction: str
    rules: tuple[str, ...]
    where: Where
    received: str  # on_forwarding | never
    reason: str
    in_force_from: date | None
    in_force_until: date | None
    source: dict[str, Any]
    reading: str | None


@dataclass(frozen=True, slots=True)
class CompiledRecurring(_CompiledRule):
    start_type: str
    start_where: Where
    done_type: str
    done_where: Where
    due_day: int
    first_due: date | None
    alternative_due: str | None = None
    alternative: str | None = None  # the rejected reading's text
    minimum = False  # a monthly duty is a deadline, never a minimum period (not a field)


@dataclass(frozen=True, slots=True)
class Layer:
    """One pack's compiled rules; `depth` 0 is the jurisdiction asked for, 1 its parent, …"""

    pack: Pack
    depth: int
    deadlines: tuple[CompiledDeadline, ...]
    recurring: tuple[CompiledRecurring, ...]
    liability: tuple = ()  # CompiledLiability records (compile.liability)
    receipts: tuple[CompiledReceipt, ...] = ()
    responsibilities: tuple = ()  # CompiledResponsibility records (compile.liability)


def compile_layer(pack: Pack, depth: int) -> Layer:
    """One pack's rules as records, `depth` layers below the jurisdiction asked for."""
    deadlines, recurring, receipts = [], [], []
    for rule in pack.rules:
        start, until, known = _interval(rule.in_force, pack)
        if isinstance(rule, Deadline):
            ext = rule.extension
            deadlines.append(CompiledDeadline(
                id=rule.id, jurisdiction=pack.id, kind=rule.deadline.value, party=rule.party.value,
                trigger_type=rule.trigger.event, trigger_where=_where(rule.trigger),
                done=tuple((m.event, _where(m)) for m in rule.done_by_all),
                amount=rule.period.amount, unit=rule.period.unit.value, minimum=rule.bound == "minimum",
                ext_type=ext.granted_by.event if ext else None, ext_where=_where(ext.granted_by) if ext else (),
                ext_max=ext.max.amount if ext else 0,
                exceptions=tuple((tuple(sorted(e.where.items())), e.reason, e.event) for e in rule.exceptions),
                received=tuple((m.event, _where(m)) for m in rule.received_by),
                in_force_from=start, in_force_until=until, in_force_known=known,
                source=_source(pack, rule.source), reading=_reading(rule)))
        elif isinstance(rule, Recurring):
            recurring.append(CompiledRecurring(
                id=rule.id, jurisdiction=pack.id, kind=rule.deadline.value, party=rule.party.value,
                start_type=rule.starts_with.event, start_where=_where(rule.starts_with),
                done_type=rule.done_by.event, done_where=_where(rule.done_by), due_day=rule.due_day,
                first_due=rule.first_due, alternative_due=rule.alternative_due,
                alternative=rule.reading.alternative if rule.reading else None, in_force_from=start, in_force_until=until,
                in_force_known=known, source=_source(pack, rule.source), reading=_reading(rule)))
        elif isinstance(rule, Receipt):
            receipts.append(CompiledReceipt(
                id=rule.id, jurisdiction=pack.id, rules=tuple(rule.rules), where=tuple(sorted(rule.where.items())),
                received=rule.received, reason=rule.reason, in_force_from=start, in_force_until=until,
                source=_source(pack, rule.source), reading=_reading(rule)))
    return Layer(pack, depth, tuple(deadlines), tuple(recurring), liability_for(pack), tuple(receipts),
                 compile_responsibility(pack))


@compiled
def layers_for(jurisdiction: str, layers: str = "all") -> tuple[Layer, ...]:
    """The compiled layers that bind `jurisdiction`: itself, plus its ancestors for 'all'."""
    if layers not in ("all", "local"):
        raise ValueError(f"layers must be 'all' or 'local', not {layers!r}")
    chain = lineage(jurisdiction)
    if layers == "local":
        chain = chain[:1]
    return tuple(compile_layer(pack, depth) for depth, pack in enumerate(chain))
