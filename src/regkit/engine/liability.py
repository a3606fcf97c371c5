"""Liability: which conduct in a history is a violation, who answers, what applies, what follows.

A liability rule names the conduct and what establishes it: deadline results of
its own pack (a reply `late` or `overdue`, a retention `breached`) or an event (a
refusal without reasons, a third-party transfer). Each occurrence is a finding:

* `sanctions`: what the article imposes now, plus every escalation step whose
  condition the history shows (a `rectification.refused` for the subject; a
  `rectification.ordered` whose `due` passed without `rectification.completed`;
  the evidence marked `serious`; the same conduct again for the subject);
* `escalation`: every step, applied or not, each with its source;
* `exemptions`: flags on the evidence (`just_cause`, `due_care`, `force_majeure`)
  that the rule accepts; one with effect `no_liability` makes the finding
  `exempted`, with no sanctions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..model.events import Event
from ..model.packs import Liability
from ..packs import Pack
from .compiled import Where, _source, _where

__all__ = ["CompiledLiability", "compile_liability", "find"]


@dataclass(frozen=True, slots=True)
class CompiledLiability:
    id: str
    jurisdiction: str
    conduct: str
    party: str
    enforcer: str
    deadline_evidence: tuple[tuple[frozenset, frozenset, str | None], ...]  # kinds, statuses, party
    event_evidence: tuple[tuple[str, Where], ...]
    sanctions: tuple[str, ...]
    escalation: tuple[tuple[str, tuple[str, ...], str | None, dict | None], ...]  # on, sanctions, by, source
    exemptions: tuple[tuple[str, str, dict | None], ...]  # flag, effect, source
    source: dict[str, Any]
    reading: str | None


def compile_liability(pack: Pack) -> tuple[CompiledLiability, ...]:
    rules = []
    for rule in pack.rules:
        if not isinstance(rule, Liability):
            continue
        deadline_evidence, event_evidence = [], []
        for evidence in rule.established_by:
            if evidence.deadline is not None:
                match = evidence.deadline
                deadline_evidence.append((frozenset(k.value for k in match.kinds), frozenset(match.status),
                                          match.party.value if match.party else None))
            else:
                event_evidence.append((evidence.event.event, _where(evidence.event)))
        rules.append(CompiledLiability(
            id=rule.id, jurisdiction=pack.id, conduct=rule.conduct, party=rule.party.value,
            enforcer=rule.enforcer.value, deadline_evidence=tuple(deadline_evidence),
            event_evidence=tuple(event_evidence), sanctions=tuple(s.value for s in rule.sanctions),
            escalation=tuple((step.upon, tuple(s.value for s in step.sanctions), step.by.value if step.by else None,
                              _source(pack, step.source) if step.source else None) for step in rule.escalation),
            exemptions=tuple((e.flag, e.effect, _source(pack, e.source) if e.source else None)
                             for e in rule.exemptions),
            source=_source(pack, rule.source), reading=rule.reading.adopted if rule.reading else None))
    return tuple(rules)


def _event_matches(event: Event, event_type: str, where: Where) -> bool:
    return event.type == event_type and all(event.attrs.get(k) == v for k, v in where)


def _occurrences(rule: CompiledLiability, deadlines: list[dict], events: list[Event]):
    """(subject, date, evidence dict, evidence events) for each occurrence of the conduct."""
    for entry in deadlines:
        if entry["jurisdiction"] != rule.jurisdiction:
            continue
        for kinds, statuses, party in rule.deadline_evidence:
            if entry["kind"] in kinds and entry["status"] in statuses and party in (None, entry["party"]):
                when = entry["completed_on"] or _day_after(entry["due"])
                evidence = {"deadline": entry["rule"], "status": entry["status"], "due": entry["due"],
                            "earliest": entry["earliest"], "completed_on": entry["completed_on"]}
                related = [e for e in (entry.get("_done"), entry.get("_trigger")) if e is not None]
                yield entry["subject"], when, evidence, related
                break
    for event in events:
        for event_type, where in rule.event_evidence:
            if _event_matches(event, event_type, where):
                yield event.subject, event.date.isoformat(), {"event": event.type, "index": event.index}, [event]
                break


def _day_after(iso: str | None) -> str | None:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat() if iso else None


def _escalation_applies(on: str, subject: str, when: str | None, related: list[Event], by_subject: dict,
                        as_of: date, repeated: bool) -> bool:
    if on == "serious":
        return any(e.attrs.get("serious") for e in related)
    if on == "repeated":
        return repeated
    later = [e for e in by_subject.get(subject, ()) if when is None or e.date.isoformat() >= when]
    if on == "rectification_refused":
        return any(e.type == "rectification.refused" for e in later)
    if on == "rectification_missed":
        for order in (e for e in later if e.type == "rectification.ordered" and e.attrs.get("due")):
            due = order.attrs["due"]
            done = any(e.type == "rectification.completed" and order.date <= e.date <= due for e in later)
            if not done and as_of > due:
                return True
    return False


def find(rules: list[CompiledLiability], deadlines: list[dict], events: list[Event],
         as_of: date) -> list[dict[str, Any]]:
    """Every finding of `rules` over the deadline results and events of one evaluation."""
    by_subject: dict[str, list[Event]] = {}
    for event in events:
        by_subject.setdefault(event.subject, []).append(event)
    findings = []
    for rule in rules:
        seen: dict[str, int] = {}
        occurrences = sorted(_occurrences(rule, deadlines, events), key=lambda o: (o[0], o[1] or ""))
        for subject, when, evidence, related in occurrences:
            seen[subject] = seen.get(subject, 0) + 1
            steps, now = [], list(rule.sanctions)
            for on, sanctions, by, source in rule.escalation:
                applies = _escalation_applies(on, subject, when, related, by_subject, as_of, seen[subject] > 1)
                steps.append({"upon": on, "sanctions": list(sanctions), "by": by, "applies": applies,
                              "source": source})
                if applies:
                    now.extend(s for s in sanctions if s not in now)
            exemptions = []
            for flag, effect, source in rule.exemptions:
                value = next((e.attrs[flag] for e in related if e.attrs.get(flag)), None)
                if value:
                    exemptions.append({"flag": flag, "value": value, "effect": effect, "source": source})
            exempt = any(e["effect"] == "no_liability" for e in exemptions)
            findings.append({
                "rule": rule.id,
                "kind": "exempted" if exempt else "violation",
                "conduct": rule.conduct,
                "jurisdiction": rule.jurisdiction,
                "party": rule.party,
                "enforcer": rule.enforcer,
                "subject": subject,
                "date": when,
                "evidence": evidence,
                "sanctions": [] if exempt else now,
                "escalation": steps,
                "exemptions": exemptions,
                "reading": rule.reading,
                "source": rule.source,
            })
    return findings
