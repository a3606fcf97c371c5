"""Classification: what class a claim may carry here, what it needs, how it is requested, opened.

A claim is the finite inputs of `model.packs.CLASSIFICATION_INPUTS` (share type,
legal basis, approval, reasons, conditions, open type, dedicated). Each pack with
a `classification` declaration judges it with four tables:

* requirements (`all_apply`): every requirement that applies to the claim is
  checked; the claim is valid when all are met; an unmet one may say what the law
  makes of the claim instead (`otherwise`), and those answers must agree;
* request path and opening (`unique` or `first_match`), on the resulting class.

A table that leaves an input without an answer, or gives two, is a defect of the
pack: the evaluator raises `PackError` rather than guess, and the test suite
enumerates every input to prove no bundled pack does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .._copy import fresh
from ..errors import InputError, PackError
from ..model.packs import (CLASSIFICATION_INPUTS, ClassRequirement, OpeningRule, RequestPathRule,
                           ShareClass)
from .._active import remember
from ..packs import Pack, lineage
from .records import _interval, _source

if TYPE_CHECKING:
    from ..model.results import Classification

__all__ = ["ClassificationTable", "classify", "classify_claim", "normalise_claim", "table_for"]

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


@dataclass(frozen=True)
class ClassificationTable:
    """One pack's classification rules, compiled."""

    pack: Pack
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
            raise PackError(f"{self.pack.id}: no {table} rule covers {values}", file=self.pack.file)
        if mode == "unique" and len(matches) > 1:
            raise PackError(f"{self.pack.id}: {table} rules {', '.join(r.id for r in matches)} all match "
                            f"{values}; the table is declared unique", file=self.pack.file)
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
            raise PackError(f"{self.pack.id}: requirements {', '.join(sorted(otherwise))} make "
                            f"{sorted(results)} of the same claim {claim}", file=self.pack.file)
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
            "jurisdiction": self.pack.id,
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


def _compile(pack: Pack) -> ClassificationTable | None:
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
    return ClassificationTable(pack, declared.requirements, declared.request_path, declared.opening, classes,
                               tuple(requirements), tuple(paths), tuple(openings),
                               _interval(None, pack))


def table_for(pack: Pack) -> ClassificationTable | None:
    """The compiled classification table of a pack (compiled once), or None if it has none."""
    return remember(("classification", pack.id, pack.sha256), lambda: _compile(pack))


def normalise_claim(claim: dict[str, Any]) -> dict[str, Any]:
    """Fill defaults and check every value; unknown inputs are an error."""
    unknown = set(claim) - set(CLASSIFICATION_INPUTS)
    if unknown:
        raise InputError(f"unknown classification input {sorted(unknown)[0]!r} "
                         f"(inputs: {', '.join(CLASSIFICATION_INPUTS)})")
    if "share_type" not in claim:
        raise InputError("a classification claim needs share_type")
    defaults = {"legal_basis": "none", "approved_by_government": False, "reasons_stated": False,
                "conditions_listed": False, "open_type": "not_open", "dedicated": False}
    values = {**defaults, **claim}
    for name, value in values.items():
        if value not in CLASSIFICATION_INPUTS[name] or type(value) is not type(CLASSIFICATION_INPUTS[name][0]):
            raise InputError(f"{name} cannot be {value!r} (one of: "
                             f"{', '.join(map(str, CLASSIFICATION_INPUTS[name]))})", field=name)
    return values


def classify_claim(jurisdiction: str, claim: dict[str, Any], *, on: date | None = None,
                   layers: str = "all") -> list[Classification]:
    """One item per layer with classification rules (in force on `on`, when given).

    The national layer comes first, then the local one; a layer not in force on
    `on` gives an item with `valid: None` and the reason, never silence.
    """
    values = normalise_claim(claim)
    chain = lineage(jurisdiction)
    if layers == "local":
        chain = chain[:1]
    items = []
    for pack in reversed(chain):
        table = table_for(pack)
        if table is None:
            continue
        start, until, known = table.in_force
        reason = None
        if on is not None:
            if not known:
                reason = f"{pack.id}: the date it takes effect is unknown"
            elif on < start:
                reason = f"{pack.id} is in force from {start.isoformat()}"
            elif until is not None and on > until:
                reason = f"{pack.id} was in force until {until.isoformat()}"
        if reason is not None:
            items.append({"rule": None, "jurisdiction": pack.id, "claimed": dict(values), "valid": None,
                          "result": None, "requirements": [], "steps": None, "readings": [],
                          "source": None, "sources": {}, "reason": reason})
            continue
        item = table.judge(values)
        item["reason"] = None
        items.append(item)
    return items


#: The public name: `regkit.classify(jurisdiction, claim, on=..., layers=...)`.
classify = classify_claim
