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
enumerates every input to prove no bundled pack does. The tables are compiled once
per library (`engine.compile.classification`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model.packs import CLASSIFICATION_INPUTS
from ..packs import lineage
from .compile.classification import ClassificationTable, table_for

if TYPE_CHECKING:
    from ..model.results import Classification

__all__ = ["ClassificationTable", "classify", "classify_claim", "normalise_claim", "table_for"]


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
