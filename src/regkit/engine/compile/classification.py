"""Classification rules compiled into a table of slotted rows, and how a claim is read off it.

A pack's `classification` declaration says how each of its tables is read
(requirements `all_apply`; request path and opening `unique` or `first_match`);
its class definitions, requirements, request paths and opening rules become rows
whose conditions are tuples of (input, allowed values). `judge` reads one claim off
the table; a gap or a contradiction in a table is a `PackError`, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..._active import remember
from ..._copy import fresh
from ...errors import PackError
from ...model.packs import ClassRequirement, OpeningRule, RequestPathRule, ShareClass
from ...packs import Pack
from .records import _interval, _source

if TYPE_CHECKING:
    from ...model.results import Classification

__all__ = ["ClassificationTable", "compile_classification", "table_for"]

Cond = tuple[tuple[str, frozenset], ...]


def _cond(condition: dict) -> Cond:
    return tuple(sorted((name, frozenset(value if isinstance(value, list) else [value]))
                        for name, value in condition.items()))


def _holds(cond: Cond, values: dict[str, Any]) -> bool:
    return all(values[name] in allowed for name, allowed in cond)


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    when: Cond
    satisfied: Cond
    value: Any  # requirement text / path / open_allowed
    extra: Any  # otherwise / steps
    source: dict[str, Any]
    reading: str | None


@dataclass(frozen=True, slots=True)
class ClassificationTable:
    """One pack's classification rules, compiled (`file`: the pack's, named in a defect)."""

    jurisdiction: str
    file: str | None
    requirement_mode: str
    path_mode: str
    opening_mode: str
    classes: dict[str, _Row]
    requirements: tuple[_Row, ...]
    paths: tuple[_Row, ...]
    openings: tuple[_Row, ...]
    in_force: tuple[date | None, date | None, bool]

    def _pick(self, rows: tuple[_Row, ...], mode: str, values: dict[str, Any], table: str) -> _Row:
        matches = [row for row in rows if _holds(row.when, values)]
        if not matches:
            raise PackError(f"{self.jurisdiction}: no {table} rule covers {values}", file=self.file)
        if mode == "unique" and len(matches) > 1:
            raise PackError(f"{self.jurisdiction}: {table} rules {', '.join(r.id for r in matches)} all match "
                            f"{values}; the table is declared unique", file=self.file)
        return matches[0]

    def judge(self, claim: dict[str, Any]) -> Classification:
        """The classification item for one normalised claim (no subject, no date)."""
        unmet, otherwise, readings = [], {}, []
        for row in self.requirements:
            if _holds(row.when, claim) and not _holds(row.satisfied, claim):
                unmet.append({"rule": row.id, "requirement": row.value, "source": row.source})
                if row.extra is not None:
                    otherwise[row.id] = row.extra
                if row.reading:
                    readings.append({"rule": row.id, "reading": row.reading})
        results = set(otherwise.values())
        if len(results) > 1:
            raise PackError(f"{self.jurisdiction}: requirements {', '.join(sorted(otherwise))} make "
                            f"{sorted(results)} of the same claim {claim}", file=self.file)
        share_type = results.pop() if results else claim["share_type"]
        path = self._pick(self.paths, self.path_mode,
                          {"share_type": share_type, "dedicated": claim["dedicated"]}, "request_path")
        opening = self._pick(self.openings, self.opening_mode,
                             {"share_type": share_type, "open_type": claim["open_type"]}, "opening")
        for row in (path, opening):
            if row.reading:
                readings.append({"rule": row.id, "reading": row.reading})
        if opening.value is False and claim["open_type"] != "not_open":
            # every part of the claim must be lawful, its opening to the public included
            unmet.append({"rule": opening.id, "source": opening.source,
                          "requirement": f"Data of the class {share_type} may not be opened to the public "
                                         f"as claimed ({claim['open_type']})."})
        definition = self.classes.get(share_type)
        return fresh({  # the rows' data is compiled once per process; the caller gets a copy
            "rule": path.id,
            "jurisdiction": self.jurisdiction,
            "claimed": claim,
            "valid": not unmet,
            "result": {"share_type": share_type, "request_path": path.value, "open_allowed": opening.value},
            "requirements": unmet,
            "steps": path.extra,
            "readings": readings,
            "source": definition.source if definition else path.source,
            "sources": {"request_path": path.source, "opening": opening.source},
        })


def _row(pack: Pack, rule, when: dict, satisfied: dict, value: Any, extra: Any) -> _Row:
    reading = rule.reading.adopted if rule.reading else None
    return _Row(rule.id, _cond(when), _cond(satisfied), value, extra, _source(pack, rule.source), reading)


def compile_classification(pack: Pack) -> ClassificationTable | None:
    """A pack's classification rules as a table, or None if the pack declares none."""
    declared = pack.meta.classification
    if declared is None:
        return None
    classes, requirements, paths, openings = {}, [], [], []
    for rule in pack.rules:
        if isinstance(rule, ShareClass):
            classes[rule.share_type.value] = _row(pack, rule, {}, {}, rule.definition, None)
        elif isinstance(rule, ClassRequirement):
            requirements.append(_row(pack, rule, rule.applies_to, rule.satisfied_when, rule.requirement,
                                     rule.otherwise.value if rule.otherwise else None))
        elif isinstance(rule, RequestPathRule):
            paths.append(_row(pack, rule, rule.when, {}, rule.path.value, rule.steps))
        elif isinstance(rule, OpeningRule):
            openings.append(_row(pack, rule, rule.when, {}, rule.open_allowed, None))
    return ClassificationTable(pack.id, pack.file, declared.requirements, declared.request_path,
                               declared.opening, classes, tuple(requirements), tuple(paths),
                               tuple(openings), _interval(None, pack))


def table_for(pack: Pack) -> ClassificationTable | None:
    """The compiled classification table of a pack (compiled once), or None if it has none."""
    return remember(("classification", pack.id, pack.sha256), lambda: compile_classification(pack))
