"""Conflicts between layers: where a lower rule is laxer than a higher one (docs/design.md, Hierarchy and time).

Two kinds are found from the packs themselves, so a new pack needs no code:

- time limits: a local deadline names its `counterpart` in an ancestor pack (the
  same duty). It conflicts when it allows more time (`more_time`), a longer
  extension (`longer_extension`) or, for a minimum period, less time
  (`shorter_minimum`). The pack tree check guarantees the two share kind, bound
  and unit, so the figures compare directly.
- classification: the legal bases a pack accepts for restricting sharing of a class
  (the intersection of its requirements' `legal_basis` sets). A basis the local
  text accepts and its ancestor does not (`laxer_basis`) lets a department withhold
  data the higher rule makes shareable. A text that sets no basis at all is silent,
  not laxer, and gives no conflict.

Both rules must be in force on the date asked (a rule whose start is unknown is
not known to be in force). The principle applied is always lex superior: the
higher layer's rule prevails, as `prevails` names.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from .._active import compiled
from .._copy import fresh
from ..model.events import Event
from ..packs import current_packs, lineage
from .compile.conflicts import RESTRICTED_CLASSES, CompiledBases, CompiledLimit, accepted_bases, conflict_table_for

if TYPE_CHECKING:
    from ..model.results import Conflict, ConflictSide, Figure, InForce

__all__ = ["accepted_bases", "conflicts", "conflicts_for_result"]

PRINCIPLE = "lex_superior"
_UNIT_WORDS = {"working_days": "working days", "natural_days": "days", "months": "months",
               "years": "years", "same_day": "the same day"}


def conflicts(jurisdiction: str | None = None, on: date | None = None) -> list[dict[str, Any]]:
    """Every conflict between a pack and its ancestors, both rules in force on `on`.

    `jurisdiction` limits the list to the packs that bind it (it and its ancestors);
    `on=None` lists every conflict whatever the dates, with each one's interval.
    """
    if jurisdiction is None:
        ids = sorted(current_packs())
    else:
        ids = [pack.id for pack in lineage(jurisdiction)]
    found = [c for pid in ids for c in _pack_conflicts(pid)]
    if on is not None:
        found = [c for c in found if _in_force_on(c["in_force"], on)]
    found.sort(key=lambda c: (c["lower"]["jurisdiction"], c["topic"], c["kind"], c["lower"]["rule"]))
    return fresh(found)


def conflicts_for_result(jurisdiction: str, deadlines: Iterable[dict[str, Any]],
                         events: Iterable[Event]) -> list[dict[str, Any]]:
    """The conflicts a result met: a lower rule's deadline counted from a trigger on which
    both rules were in force, or a classification (a `data.classified` event) resting on a
    basis only the lower rule accepts."""
    return [{**_own(conflict), "subjects": subjects} for conflict, subjects in conflicts_met(jurisdiction, deadlines,
                                                                                           events)]


def conflicts_met(jurisdiction: str, deadlines: Iterable[dict[str, Any]],
                  events: Iterable[Event]) -> list[tuple[dict[str, Any], list[str]]]:
    """(the compiled conflict, shared: copy before handing it out; the subjects that met it)
    for each conflict a result met, in result order (`conflicts_for_result`)."""
    by_rule, by_class = _met_index(jurisdiction)
    if not by_rule and not by_class:
        return []
    met: dict[int, tuple[dict[str, Any], set[str]]] = {}
    for entry in deadlines:
        found = by_rule.get(entry["rule"])
        if found is None or entry["status"] == "not_applicable" or not entry.get("trigger"):
            continue
        day = entry["trigger"]["date"]
        for conflict, start, until in found:
            if (start is None or day >= start) and (until is None or day <= until):
                subjects = met.get(id(conflict))
                if subjects is None:
                    met[id(conflict)] = conflict, {entry["subject"]}
                else:
                    subjects[1].add(entry["subject"])
    for event in events if by_class else ():
        if event.type != "data.classified":
            continue
        for conflict in by_class.get(event.attrs["share_type"], ()):
            if event.attrs["legal_basis"] in conflict["lower"]["figure"]["bases"] \
                    and _in_force_on(conflict["in_force"], event.date):
                met.setdefault(id(conflict), (conflict, set()))[1].add(event.subject)
    out = [(conflict, sorted(subjects)) for conflict, subjects in met.values()]
    return sorted(out, key=lambda c: (c[0]["topic"], c[0]["kind"], c[0]["lower"]["rule"], c[0]["higher"]["rule"]))


@compiled
def _met_index(jurisdiction: str) -> tuple[dict[str, tuple[tuple[dict[str, Any], str | None, str | None], ...]],
                                           dict[str, list[dict[str, Any]]]]:
    """`_result_index` with each deadline conflict's interval ready to test an ISO trigger date
    against (ISO dates order as their days do): (conflict, from, until), the conflicts whose
    interval is not known left out, as `_in_force_on` never holds for them."""
    by_rule, by_class = _result_index(jurisdiction)
    return {rule: tuple((c, c["in_force"]["from"], c["in_force"]["until"]) for c in found if c["in_force"]["known"])
            for rule, found in by_rule.items()}, by_class


@compiled
def _result_index(jurisdiction: str) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """The conflicts of a jurisdiction's layers by lower rule id (deadlines) and by class (bases)."""
    by_rule: dict[str, list[dict[str, Any]]] = {}
    by_class: dict[str, list[dict[str, Any]]] = {}
    for conflict in (c for pack in lineage(jurisdiction) for c in _pack_conflicts(pack.id)):
        if conflict["kind"] == "laxer_basis":
            by_class.setdefault(conflict["topic"], []).append(conflict)
        else:
            by_rule.setdefault(conflict["lower"]["rule"], []).append(conflict)
    return by_rule, by_class


@compiled
def _pack_conflicts(pack_id: str) -> tuple[dict[str, Any], ...]:
    """The conflicts of one pack against all its ancestors, whatever the date."""
    chain = [conflict_table_for(pack) for pack in lineage(pack_id)]
    if len(chain) == 1:
        return ()
    table, ancestors = chain[0], chain[1:]
    limits = {rule_id: limit for owner in ancestors for rule_id, limit in owner.limits.items()}
    found: list[dict[str, Any]] = []
    for limit in table.limits.values():
        if limit.counterpart:
            found.extend(_deadline_conflicts(limit, limits[limit.counterpart]))
    for owner in ancestors:
        for share_type in RESTRICTED_CLASSES:
            mine, theirs = table.bases.get(share_type), owner.bases.get(share_type)
            if mine is not None and theirs is not None:
                found.extend(_basis_conflicts(mine, theirs))
    return tuple(found)


def _overlap(a: tuple, b: tuple) -> dict[str, Any]:
    starts = [x for x in (a[0], b[0]) if x is not None]
    ends = [x for x in (a[1], b[1]) if x is not None]
    return {"from": max(starts).isoformat() if starts else None,
            "until": min(ends).isoformat() if ends else None,
            "known": a[2] and b[2]}


def _in_force_on(interval: dict[str, Any], day: date) -> bool:
    if not interval["known"]:
        return False
    if interval["from"] is not None and day < date.fromisoformat(interval["from"]):
        return False
    return interval["until"] is None or day <= date.fromisoformat(interval["until"])


def _figure(amount: int, unit: str) -> str:
    return _UNIT_WORDS[unit] if unit == "same_day" else f"{amount} {_UNIT_WORDS[unit]}"


def _side(rule: CompiledLimit | CompiledBases, figure: Figure, source: dict[str, Any] | None = None) -> ConflictSide:
    """One rule of a conflict, cited where the figure is (`source`, else the rule's own);
    `reading` is the reading of the text the figure rests on, if any."""
    return {"rule": rule.id, "jurisdiction": rule.jurisdiction, "figure": figure,
            "source": dict(source or rule.source), "reading": rule.reading}


def _own(conflict: dict[str, Any]) -> dict[str, Any]:
    """A copy of a cached conflict for one result (the shape `_conflict` and `_side` give),
    copied level by level: a result meets few conflicts, and evaluates in microseconds."""
    return {**conflict, "lower": _own_side(conflict["lower"]), "higher": _own_side(conflict["higher"]),
            "in_force": dict(conflict["in_force"])}


def _own_side(side: dict[str, Any]) -> dict[str, Any]:
    return {**side, "figure": fresh(side["figure"]), "source": dict(side["source"])}


def _conflict(kind: str, topic: str, lower: ConflictSide, higher: ConflictSide, interval: InForce,
              summary: str) -> Conflict:
    return {"kind": kind, "topic": topic, "lower": lower, "higher": higher, "principle": PRINCIPLE,
            "prevails": higher["rule"], "in_force": interval, "summary": summary}


def _deadline_conflicts(rule: CompiledLimit, other: CompiledLimit) -> list[dict[str, Any]]:
    unit, topic = rule.unit, rule.kind
    interval = _overlap(rule.in_force, other.in_force)
    lower, higher = rule.jurisdiction, other.jurisdiction
    out = []
    mine, theirs = rule.amount, other.amount
    if rule.bound == "minimum" and mine < theirs or rule.bound == "deadline" and mine > theirs:
        kind = "shorter_minimum" if rule.bound == "minimum" else "more_time"
        out.append(_conflict(
            kind, topic,
            _side(rule, {"amount": mine, "unit": unit}), _side(other, {"amount": theirs, "unit": unit}),
            interval, f"{lower} sets {_figure(mine, unit)} for {topic}, {higher} {_figure(theirs, unit)}"))
    mine_ext, theirs_ext = rule.extension, other.extension
    if mine_ext > theirs_ext:
        out.append(_conflict(
            "longer_extension", topic,
            _side(rule, {"extension": mine_ext, "unit": unit}, rule.extension_source),
            _side(other, {"extension": theirs_ext, "unit": unit}, other.extension_source),
            interval, f"{lower} allows extending {topic} by {_figure(mine_ext, unit)}, "
                      f"{higher} by {_figure(theirs_ext, unit) if theirs_ext else 'nothing'}"))
    return out


def _basis_conflicts(mine: CompiledBases, theirs: CompiledBases) -> list[dict[str, Any]]:
    laxer = mine.bases - theirs.bases
    if not laxer:
        return []
    share_type = mine.share_type
    return [_conflict(
        "laxer_basis", share_type,
        _side(mine, {"bases": sorted(laxer), "accepted": sorted(mine.bases)}),
        _side(theirs, {"accepted": sorted(theirs.bases)}),
        _overlap(mine.in_force, theirs.in_force),
        f"{mine.jurisdiction} accepts {', '.join(sorted(laxer))} as a basis for {share_type} data; "
        f"{theirs.jurisdiction} accepts only {', '.join(sorted(theirs.bases))}")]
