"""Liability and responsibility rules compiled into slotted records (engine.liability reads them).

Evidence is split by kind (deadline results, events) so that the evaluator indexes
each rule by what can establish it; every enum is a plain string and every citation
a plain dict, made once per pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..._active import remember
from ...model.packs import Liability, Responsibility
from ...packs import Pack
from .records import Where, _interval, _source, _where

__all__ = ["CompiledLiability", "CompiledResponsibility", "compile_liability", "compile_responsibility",
           "liability_for"]


@dataclass(frozen=True, slots=True)
class CompiledLiability:
    id: str
    jurisdiction: str
    conduct: str
    party: str
    enforcer: str | None
    # kinds, statuses, party, pack of the deadlines, without (event type, where) or None,
    # followed_by (event type, where) or None
    deadline_evidence: tuple[tuple[frozenset, frozenset, str | None, str, tuple | None, tuple | None], ...]
    event_evidence: tuple[tuple[str, Where, tuple | None, tuple | None], ...]  # type, where, without, followed_by
    sanctions: tuple[str, ...]
    escalation: tuple[tuple[str, tuple[str, ...], str | None, dict | None], ...]  # on, sanctions, by, source
    exemptions: tuple[tuple[str, str, dict | None], ...]  # flag, effect, source
    discretionary: tuple[str, ...]
    source: dict[str, Any]
    reading: str | None


def compile_liability(pack: Pack) -> tuple[CompiledLiability, ...]:
    rules = []
    for rule in pack.rules:
        if not isinstance(rule, Liability):
            continue
        deadline_evidence, event_evidence = [], []
        for evidence in rule.established_by:
            without = (evidence.without.event, _where(evidence.without)) if evidence.without else None
            then = (evidence.followed_by.event, _where(evidence.followed_by)) if evidence.followed_by else None
            if evidence.deadline is not None:
                match = evidence.deadline
                deadline_evidence.append((frozenset(k.value for k in match.kinds), frozenset(match.status),
                                          match.party.value if match.party else None, match.of or pack.id,
                                          without, then))
            else:
                event_evidence.append((evidence.event.event, _where(evidence.event), without, then))
        rules.append(CompiledLiability(
            id=rule.id, jurisdiction=pack.id, conduct=rule.conduct, party=rule.party.value,
            enforcer=rule.enforcer.value if rule.enforcer else None, deadline_evidence=tuple(deadline_evidence),
            event_evidence=tuple(event_evidence), sanctions=tuple(s.value for s in rule.sanctions),
            escalation=tuple((step.upon, tuple(s.value for s in step.sanctions), step.by.value if step.by else None,
                              _source(pack, step.source) if step.source else None) for step in rule.escalation),
            exemptions=tuple((e.flag, e.effect, _source(pack, e.source) if e.source else None)
                             for e in rule.exemptions),
            discretionary=tuple(sorted(s.value for s in rule.discretionary)),
            source=_source(pack, rule.source), reading=rule.reading.adopted if rule.reading else None))
    return tuple(rules)


def liability_for(pack: Pack) -> tuple[CompiledLiability, ...]:
    """The compiled liability rules of a pack, compiled once in the library answering now."""
    return remember(("liability", pack.id, pack.sha256), lambda: compile_liability(pack))


@dataclass(frozen=True, slots=True)
class CompiledResponsibility:
    id: str
    jurisdiction: str
    outcome: str
    shown_by: tuple[tuple[str, Where], ...]
    at: frozenset  # roles; empty: any
    bears: tuple[str, ...]
    not_borne_by: tuple[str, ...]
    source: dict[str, Any]
    reading: str | None
    in_force: tuple  # (from, until, known)


def compile_responsibility(pack: Pack) -> tuple[CompiledResponsibility, ...]:
    return tuple(CompiledResponsibility(
        id=rule.id, jurisdiction=pack.id, outcome=rule.outcome,
        shown_by=tuple((m.event, _where(m)) for m in rule.shown_by), at=frozenset(p.value for p in rule.at),
        bears=tuple(p.value for p in rule.bears), not_borne_by=tuple(p.value for p in rule.not_borne_by),
        source=_source(pack, rule.source), reading=rule.reading.adopted if rule.reading else None,
        in_force=_interval(rule.in_force, pack))
        for rule in pack.rules if isinstance(rule, Responsibility))
