"""What if a rule said otherwise: a plan with some of its numbers changed (`--set RULE.FIELD=N`).

The numbers a rule can be asked about: `period` (its amount, in its own unit),
`extension` (the most an extension may add) and, for a monthly duty, `due_day`.
The changed plan runs on both engines like the law as it is; the pack files are
never touched, and conflicts met are still judged against the law as it is.
"""

from __future__ import annotations

from dataclasses import replace
from numbers import Integral
from typing import Any

from ..engine.plan import Plan
from ..errors import InputError

__all__ = ["FIELDS", "changed_plan", "check_overrides", "parse_setting"]

#: --set field -> the compiled record's attribute, for deadlines and monthly duties
FIELDS = {"period": ("amount", None), "extension": ("ext_max", None), "due_day": (None, "due_day")}


def parse_setting(text: str) -> tuple[str, int]:
    """'hebei.request_reply.period=10' -> ('hebei.request_reply.period', 10)."""
    key, sep, value = text.partition("=")
    if not sep or "." not in key:
        raise InputError(f"--set takes RULE.FIELD=N (e.g. hebei.catalog_update.period=10), not {text!r}")
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"--set {key}: {value!r} is not a whole number") from None
    if number < 0:
        raise InputError(f"--set {key}: a number of a rule cannot be negative")
    return key, number


def changed_plan(plan: Plan, overrides: dict[str, int]) -> Plan:
    """`plan` with the numbers of `overrides` ({"RULE.FIELD": N}) changed.

    A rule the plan does not hold is left alone (it binds other jurisdictions); a setting
    that names no rule of any pack, or a field the rule does not have, is refused by
    `check_overrides` before the run."""
    wanted = _split(overrides)
    deadlines = []
    for rule, depth in plan.deadlines:
        for field, number in wanted.get(rule.id, {}).items():
            attribute = FIELDS[field][0]
            if attribute is None or (field == "extension" and rule.ext_type is None):
                raise InputError(f"--set {rule.id}.{field}: the rule has no {field}")
            rule = replace(rule, **{attribute: number})
        deadlines.append((rule, depth))
    recurring = []
    for rule, depth in plan.recurring:
        for field, number in wanted.get(rule.id, {}).items():
            attribute = FIELDS[field][1]
            if attribute is None:
                raise InputError(f"--set {rule.id}.{field}: a monthly duty has only due_day")
            rule = replace(rule, **{attribute: number})
        recurring.append((rule, depth))
    return replace(plan, deadlines=tuple(deadlines), recurring=tuple(recurring))


def check_overrides(overrides: dict[str, int]) -> None:
    """Refuse a setting that names no rule of the library answering now, or no field of one,
    or whose number is not a whole number of 0 or more (the Python API takes them unparsed)."""
    from ..packs import current_packs
    if not isinstance(overrides, dict):
        raise InputError("overrides is a mapping {'RULE.FIELD': N}, e.g. {'hebei.catalog_update.period': 10}",
                         field="overrides")
    for key, number in overrides.items():
        if not isinstance(key, str) or "." not in key:
            raise InputError(f"--set takes RULE.FIELD=N (e.g. hebei.catalog_update.period=10), not {key!r}")
        if isinstance(number, bool) or not isinstance(number, Integral):
            raise InputError(f"--set {key}: {number!r} is not a whole number")
        if number < 0:
            raise InputError(f"--set {key}: a number of a rule cannot be negative")
    known = {rule.id for pack in current_packs().values() for rule in pack.rules}
    for rule_id, fields in _split(overrides).items():
        if rule_id not in known:
            raise InputError(f"--set: no rule {rule_id!r} in the packs (regkit explain RULE)")
        for field in fields:
            if field not in FIELDS:
                raise InputError(f"--set {rule_id}.{field}: the numbers that can be set are "
                                 f"{', '.join(FIELDS)}")


def _split(overrides: dict[str, Any]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key, number in overrides.items():
        rule_id, _dot, field = key.rpartition(".")
        out.setdefault(rule_id, {})[field] = number
    return out
