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

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Iterator

from ..model.events import Event
from .compile.liability import (CompiledLiability, CompiledResponsibility, compile_liability,
                               compile_responsibility)
from .compile.records import Where

if TYPE_CHECKING:
    from ..model.results import Finding

__all__ = ["CompiledLiability", "CompiledResponsibility", "LiabilityIndex", "compile_liability",
           "compile_responsibility", "find", "index_liability"]


def _event_matches(event: Event, event_type: str, where: Where) -> bool:
    return event.type == event_type and all(event.attrs.get(k) == v for k, v in where)


@dataclass(frozen=True, slots=True)
class LiabilityIndex:
    """The liability rules of a plan, indexed by what can establish them.

    `by_deadline`: (jurisdiction, deadline kind) -> numbers of the rules whose
    evidence names that kind; `by_event`: event type -> numbers of the rules whose
    evidence is an event of that type; `statuses`: every deadline status any rule
    takes as evidence (other entries are skipped at once); `matches`: (deadline rule id,
    status) -> the rules an entry of that rule and status is evidence for, each with the
    (without, then) of its evidence clauses that match, filled in as entries are met (the
    match depends only on the entry's rule and status, never on the history).
    """

    rules: tuple[CompiledLiability, ...]
    by_deadline: dict[tuple[str, str], tuple[int, ...]]
    by_event: dict[str, tuple[int, ...]]
    statuses: frozenset
    responsibilities: tuple[CompiledResponsibility, ...] = ()
    matches: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False, repr=False)
    #: the event types any responsibility rule is shown by (other events are skipped at once)
    shown_types: frozenset = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "shown_types", frozenset(kind for rule in self.responsibilities
                                                          for kind, _where in rule.shown_by))


def index_liability(rules: tuple[CompiledLiability, ...],
                    responsibilities: tuple[CompiledResponsibility, ...] = ()) -> LiabilityIndex:
    by_deadline: dict[tuple[str, str], list[int]] = {}
    by_event: dict[str, list[int]] = {}
    statuses: set[str] = set()
    for number, rule in enumerate(rules):
        for kinds, accepted, _party, of, _without, _then in rule.deadline_evidence:
            statuses |= accepted
            for kind in kinds:
                numbers = by_deadline.setdefault((of, kind), [])
                if number not in numbers:
                    numbers.append(number)
        for event_type, _match, _without, _then in rule.event_evidence:
            numbers = by_event.setdefault(event_type, [])
            if number not in numbers:
                numbers.append(number)
    return LiabilityIndex(rules, {k: tuple(v) for k, v in by_deadline.items()},
                          {k: tuple(v) for k, v in by_event.items()}, frozenset(statuses), responsibilities)


def _occurrences(index: LiabilityIndex, rows: list, events: list[Event], by_subject: dict) -> dict[int, list]:
    """Rule number -> (subject, date, evidence dict, evidence events) for each occurrence of its
    conduct: first the deadline entries (in result order), then the events (in history order)."""
    found: dict[int, list] = {}
    rules = index.rules
    statuses, matches = index.statuses, index.matches
    for entry, _group, _key, trigger, done, deadline in rows:
        status = entry["status"]
        if status not in statuses:
            continue
        liable = matches.get((entry["rule"], status))
        if liable is None:
            liable = matches.setdefault((entry["rule"], status), _deadline_matches(index, deadline, status))
        if not liable:
            continue
        after = _day_after(entry["due"])
        for number, clauses in liable:
            for without, then in clauses:
                since = after
                if then:
                    since = _first_after(by_subject, entry["subject"], since, then)
                    if since is None:
                        continue
                if without and _followed(by_subject, entry["subject"], since, without):
                    continue
                when = since if then else entry["completed_on"] or after
                evidence = {"deadline": entry["rule"], "status": status, "due": entry["due"],
                            "earliest": entry["earliest"], "completed_on": entry["completed_on"]}
                if then:
                    evidence["followed_by"] = then[0]
                if without:
                    evidence["without"] = without[0]
                if done is None:  # the evidence events: the fulfilling one, then the trigger
                    related = [] if trigger is None else [trigger]
                else:
                    related = [done] if trigger is None else [done, trigger]
                occurrence = (entry["subject"], when, evidence, related)
                if number in found:
                    found[number].append(occurrence)
                else:
                    found[number] = [occurrence]
                break
    for event in events:
        numbers = index.by_event.get(event.type)
        if numbers is None:
            continue
        for number in numbers:
            for event_type, where, without, then in rules[number].event_evidence:
                if _event_matches(event, event_type, where):
                    since = event.date.isoformat()
                    if then:
                        since = _first_after(by_subject, event.subject, since, then)
                        if since is None:
                            continue
                    if without and _followed(by_subject, event.subject, since, without):
                        continue
                    evidence = {"event": event.type, "index": event.index}
                    if then:
                        evidence["followed_by"] = then[0]
                    if without:
                        evidence["without"] = without[0]
                    found.setdefault(number, []).append((event.subject, since, evidence, [event]))
                    break
    return found


def _deadline_matches(index: LiabilityIndex, deadline: Any, status: str) -> tuple:
    """(rule number, ((without, then) of each of its evidence clauses the entry matches, in
    order)) for each indexed rule an entry of the `deadline` rule with `status` can establish."""
    out = []
    for number in index.by_deadline.get((deadline.jurisdiction, deadline.kind), ()):
        clauses = tuple((without, then) for kinds, statuses, party, of, without, then
                        in index.rules[number].deadline_evidence
                        if deadline.jurisdiction == of and deadline.kind in kinds and status in statuses
                        and party in (None, deadline.party))
        if clauses:
            out.append((number, clauses))
    return tuple(out)


def _followed(by_subject: dict, subject: str, since: str | None, match: tuple) -> bool:
    """Whether an event matching `match` for `subject` is dated on or after `since`."""
    event_type, where = match
    return any(_event_matches(e, event_type, where) and (since is None or e.date.isoformat() >= since)
               for e in by_subject.get(subject, ()))


def _first_after(by_subject: dict, subject: str, since: str | None, match: tuple) -> str | None:
    """The day of the first event matching `match` for `subject` on or after `since` (None: none)."""
    event_type, where = match
    return next((e.date.isoformat() for e in by_subject.get(subject, ())
                 if _event_matches(e, event_type, where) and (since is None or e.date.isoformat() >= since)), None)


def _day_after(iso: str | None) -> str | None:
    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat() if iso else None


#: The escalation conditions read off the subject's rectification events (`_escalation_applies`).
_ORDER_STEPS = frozenset(("rectification_refused", "rectification_missed"))


def _escalation_applies(on: str, when: str | None, related: list[Event], rectifications: list[Event],
                        as_of: date, repeated: bool) -> bool:
    """Whether the history shows the condition `on` of an escalation step.

    `rectifications`: the subject's `rectification.*` events, in history order (the
    only events the order-based conditions look at)."""
    if on == "serious":
        for e in related:
            if e.attrs.get("serious"):
                return True
        return False
    if on == "repeated":
        return repeated
    if on == "crime":
        return False
    if not rectifications:
        return False
    later = [e for e in rectifications if when is None or e.date.isoformat() >= when]
    if on == "rectification_refused":
        return any(e.type == "rectification.refused" for e in later)
    if on == "rectification_missed":
        for order in (e for e in later if e.type == "rectification.ordered" and e.attrs.get("due")):
            due = order.attrs["due"]
            done = any(e.type == "rectification.completed" and order.date <= e.date <= due for e in later)
            if not done and as_of > due:
                return True
    return False


def find(index: LiabilityIndex, rows: list, events: list[Event], by_subject: dict[str, list[Event]],
         as_of: date) -> list[Finding]:
    """Every finding of the indexed rules over the evaluated obligations (`deadlines.Row`s,
    in result order) and the events of one evaluation, rule by rule.

    `by_subject`: the same events grouped by subject, in history order."""
    findings = []
    for rule, subject, when, evidence, applies, exemptions in judge(index, rows, events, by_subject, as_of):
        exempt = exempted(exemptions)
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
            "sanctions": [] if exempt else sanctions_now(rule, applies),
            "escalation": [{"upon": on, "sanctions": list(sanctions), "by": by, "applies": applied,
                            "source": dict(source) if source else None}
                           for (on, sanctions, by, source), applied in zip(rule.escalation, applies)],
            "exemptions": [{"flag": flag, "value": value, "effect": effect,
                            "source": dict(source) if source else None}
                           for flag, value, effect, source in exemptions],
            "discretionary": list(rule.discretionary),
            "reading": rule.reading,
            "source": dict(rule.source),
        })
    findings.extend(_allocations(index, events))
    return findings


def judge(index: LiabilityIndex, rows: list, events: list[Event], by_subject: dict[str, list[Event]],
          as_of: date) -> Iterator[tuple[CompiledLiability, str, str | None, dict[str, Any], list[bool], list]]:
    """Each occurrence of an indexed rule's conduct, rule by rule, as (rule, subject, date,
    evidence, whether each escalation step applies, the exemptions shown as (flag, value,
    effect, source)): what a finding says, full (`find`) or compact (`compact`)."""
    found = _occurrences(index, rows, events, by_subject)
    rectifications: dict[str, list[Event]] = {}  # per subject, made when first needed
    for number in sorted(found):
        rule = index.rules[number]
        seen: dict[str, int] = {}
        occurrences = found[number]
        if len(occurrences) > 1:
            occurrences.sort(key=lambda o: (o[0], o[1] or ""))
        for subject, when, evidence, related in occurrences:
            seen[subject] = seen.get(subject, 0) + 1
            if rule.escalation and subject not in rectifications:
                rectifications[subject] = [e for e in by_subject.get(subject, ())
                                           if e.type.startswith("rectification.")]
            ordered = rectifications.get(subject)
            applies = []
            for on, _sanctions, _by, _source in rule.escalation:
                if on == "repeated":
                    applies.append(seen[subject] > 1)
                elif not ordered and on in _ORDER_STEPS:  # no rectification event: the step cannot apply
                    applies.append(False)
                else:
                    applies.append(_escalation_applies(on, when, related, ordered, as_of, seen[subject] > 1))
            exemptions = []
            for flag, effect, source in rule.exemptions:
                for e in related:  # the first evidence event that carries the flag
                    value = e.attrs.get(flag)
                    if value:
                        exemptions.append((flag, value, effect, source))
                        break
            yield rule, subject, when, evidence, applies, exemptions


def exempted(exemptions: list) -> bool:
    """Whether an exemption shown (`judge`) takes away liability."""
    for _flag, _value, effect, _source in exemptions:
        if effect == "no_liability":
            return True
    return False


def sanctions_now(rule: CompiledLiability, applies: list[bool]) -> list[str]:
    """The rule's sanctions, then those of each escalation step that applies, each once."""
    now = list(rule.sanctions)
    if True not in applies:
        return now
    for (_on, sanctions, _by, _source), applied in zip(rule.escalation, applies):
        if applied:
            now.extend(s for s in sanctions if s not in now)
    return now


def _allocations(index: LiabilityIndex, events: list[Event]) -> list[dict[str, Any]]:
    """A finding of kind `responsibility` for each event showing an outcome a text allocates
    (a responsibility rule of `index`): who bears it and who expressly does not, with no
    sanction (the text sets none)."""
    found: list[dict[str, Any]] = []
    shown = index.shown_types
    events = [event for event in events if event.type in shown]
    if not events:
        return found
    for rule in index.responsibilities:
        start, until, known = rule.in_force
        for event in events:
            if not known or event.date < start or (until is not None and event.date > until):
                continue  # the text allocates only what happens while it is in force
            if (not rule.at or event.role in rule.at) and any(
                    _event_matches(event, kind, where) for kind, where in rule.shown_by):
                found.append({
                    "rule": rule.id, "kind": "responsibility", "conduct": rule.outcome,
                    "jurisdiction": rule.jurisdiction, "party": rule.bears[0], "enforcer": None,
                    "subject": event.subject, "date": event.date.isoformat(),
                    "evidence": {"event": event.type, "index": event.index, "role": event.role},
                    "bears": list(rule.bears), "not_borne_by": list(rule.not_borne_by),
                    "sanctions": [], "escalation": [], "exemptions": [], "discretionary": [],
                    "reading": rule.reading, "source": dict(rule.source)})
    return found
