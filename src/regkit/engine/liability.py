"""Liability: which conduct in a history is a violation, who answers, what applies, what follows.

A liability rule names the conduct and what establishes it: deadline results of
its own pack (a reply `late` or `overdue`, a retention `breached`) or an event (a
refusal without reasons, a third-party transfer). Each occurrence is a finding:

* `sanctions`: what the article imposes now, plus every escalation step whose
  condition the history shows (a `rectification.refused` for the subject; a
  `rectification.ordered` whose `due` passed without `rectification.completed`;
  the evidence marked `serious`; the same conduct again for the subject);
* `escalation`: every step, applied or not, each with its source;
* `discretionary`: the measures the text gives as a power (可以, 有权, 酌情), which the
  enforcer may impose, not must;
* `exemptions`: flags on the evidence (`just_cause`, `due_care`, `force_majeure`)
  that the rule accepts; one with effect `no_liability` makes the finding
  `exempted`, with no sanctions.

An omission is evidence with `without`: a late catalog update *without* an order to
correct after it. Deadline evidence may come from an ancestor pack (`of`), for a
local list that holds officials accountable for the national regulation's duties.
A `crime` step is stated and never applied: whether conduct is a crime is for the
courts, not for an event history.
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
    enforcer: str | None
    # kinds, statuses, party, pack of the deadlines, without (event type, where) or None
    deadline_evidence: tuple[tuple[frozenset, frozenset, str | None, str, tuple | None], ...]
    event_evidence: tuple[tuple[str, Where, tuple | None], ...]  # type, where, without
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
            if evidence.deadline is not None:
                match = evidence.deadline
                deadline_evidence.append((frozenset(k.value for k in match.kinds), frozenset(match.status),
                                          match.party.value if match.party else None, match.of or pack.id,
                                          without))
            else:
                event_evidence.append((evidence.event.event, _where(evidence.event), without))
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


def _event_matches(event: Event, event_type: str, where: Where) -> bool:
    return event.type == event_type and all(event.attrs.get(k) == v for k, v in where)


def _occurrences(rule: CompiledLiability, deadlines: list[dict], events: list[Event], by_subject: dict):
    """(subject, date, evidence dict, evidence events) for each occurrence of the conduct."""
    for entry in deadlines:
        for kinds, statuses, party, of, without in rule.deadline_evidence:
            if entry["jurisdiction"] == of and entry["kind"] in kinds and entry["status"] in statuses \
                    and party in (None, entry["party"]):
                if without and _followed(by_subject, entry["subject"], _day_after(entry["due"]), without):
                    continue
                when = entry["completed_on"] or _day_after(entry["due"])
                evidence = {"deadline": entry["rule"], "status": entry["status"], "due": entry["due"],
                            "earliest": entry["earliest"], "completed_on": entry["completed_on"]}
                if without:
                    evidence["without"] = without[0]
                related = [e for e in (entry.get("_done"), entry.get("_trigger")) if e is not None]
                yield entry["subject"], when, evidence, related
                break
    for event in events:
        for event_type, where, without in rule.event_evidence:
            if _event_matches(event, event_type, where):
                if without and _followed(by_subject, event.subject, event.date.isoformat(), without):
                    continue
                evidence = {"event": event.type, "index": event.index}
                if without:
                    evidence["without"] = without[0]
                yield event.subject, event.date.isoformat(), evidence, [event]
                break


def _followed(by_subject: dict, subject: str, since: str | None, match: tuple) -> bool:
    """Whether an event matching `match` for `subject` is dated on or after `since`."""
    event_type, where = match
    return any(_event_matches(e, event_type, where) and (since is None or e.date.isoformat() >= since)
               for e in by_subject.get(subject, ()))


def _day_after(iso: str | None) -> str | None:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat() if iso else None


def _escalation_applies(on: str, subject: str, when: str | None, related: list[Event], by_subject: dict,
                        as_of: date, repeated: bool) -> bool:
    if on == "serious":
        return any(e.attrs.get("serious") for e in related)
    if on == "repeated":
        return repeated
    if on == "crime":
        return False
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
        occurrences = sorted(_occurrences(rule, deadlines, events, by_subject), key=lambda o: (o[0], o[1] or ""))
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
                "discretionary": list(rule.discretionary),
                "reading": rule.reading,
                "source": rule.source,
            })
    return findings
