"""The fast path of `parse_event`: plain mappings of exactly typed values, checked by hand.

Batch evaluation parses millions of events, mostly from JSON: ISO date strings,
strings, booleans and ints. For those, pydantic's work (coercion, error wording)
is not needed, and checking by hand is about ten times quicker. The rule that
keeps the two paths equal: the fast path accepts a value only where the models
would accept it *unchanged* (an exact `bool`, never 1 or "true"; a `YYYY-MM-DD`
string of a real date, never a datetime), and otherwise answers None so that the
models decide and word the error. The checkers are derived from the same
attribute table (`EVENT_ATTRIBUTES`), so a new attribute cannot be missed.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Annotated, Any, Callable, Literal, get_args, get_origin

from .events import EVENT_ATTRIBUTES, FLAGS, Event, Role, _REQUIRED, valid_period

__all__ = ["fast_event"]

_NO = object()  # "not sure": leave the value to the models


def _iso_date(value: Any) -> Any:
    """A `YYYY-MM-DD` string (ASCII digits) of a real date, or an exact `date`."""
    if type(value) is date:
        return value
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:
            return date.fromisoformat(value)
        except ValueError:
            return _NO
    return _NO


def _exact(kind: type) -> Callable[[Any], Any]:
    return lambda value: value if type(value) is kind else _NO


def _checker(annotation: Any) -> Callable[[Any], Any]:
    """A function value -> value (accepted unchanged) or `_NO`, for a type of the table."""
    origin = get_origin(annotation)
    if origin is Annotated:  # a bound such as Ge(1): outside it, the models word the error
        base, *constraints = get_args(annotation)
        check = _checker(base)
        least = [c.ge for c in constraints if hasattr(c, "ge")]
        if len(least) != len(constraints):
            raise TypeError(f"no fast check for constraints {constraints!r}; add one to model._fast_events")
        floor = max(least)
        return lambda value: value if check(value) is not _NO and value >= floor else _NO
    if origin is Literal:
        allowed = frozenset(get_args(annotation))
        return lambda value: value if type(value) is str and value in allowed else _NO
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(inner) == 1 and len(get_args(annotation)) == 2:
            check = _checker(inner[0])
            return lambda value: None if value is None else check(value)
    if annotation is date:
        return _iso_date
    if annotation in (bool, int, str):
        return _exact(annotation)
    raise TypeError(f"no fast check for attribute type {annotation!r}; add one to model._fast_events")


def _nonempty_str(value: Any) -> Any:
    return value if type(value) is str and value else _NO


def _period(value: Any) -> Any:
    return value if type(value) is str and valid_period(value) else _NO


_COMMON: dict[str, Callable[[Any], Any]] = {  # subject, actor and role are checked inline
    "subject": _nonempty_str, "actor": _checker(str | None), "role": _checker(Role | None),
    "serious": _checker(bool), "just_cause": _checker(str | None), "due_care": _checker(bool),
    "force_majeure": _checker(bool),
}
_ROLES = frozenset(get_args(Role))
_FLAGS = frozenset(FLAGS)
assert _FLAGS <= set(_COMMON)

# type -> (names a mapping may carry, attributes as (name, check, default))
_SPECS: dict[str, tuple[frozenset, tuple[tuple[str, Callable[[Any], Any], Any], ...]]] = {}
for _type, _attrs in EVENT_ATTRIBUTES.items():
    _checks = tuple((name, _period if (_type, name) == ("report.submitted", "period") else _checker(annotation),
                     default) for name, (annotation, default) in _attrs.items())
    _SPECS[_type] = (frozenset({"type", "date", *_COMMON, *_attrs}), _checks)

# Event is a frozen dataclass; its generated __init__ sets each field through
# object.__setattr__, which costs twice what the slot descriptors do.
_new = object.__new__
_set_type, _set_date, _set_subject, _set_actor, _set_role, _set_attrs, _set_index = (
    getattr(Event, name).__set__ for name in ("type", "date", "subject", "actor", "role", "attrs", "index"))


def fast_event(raw: dict, index: int) -> Event | None:
    """The `Event` of a mapping whose every value is exactly what the models would keep;
    None when any is not (unknown type or key, missing or coercible value, bad date)."""
    event_type = raw.get("type")
    spec = _SPECS.get(event_type) if type(event_type) is str else None  # a list is unhashable
    if spec is None:
        return None
    allowed, checks = spec
    if not allowed.issuperset(raw):
        return None
    day = raw.get("date")  # `_iso_date`, inline: every event has one
    if type(day) is str and len(day) == 10 and day[4] == "-" and day[7] == "-" and day.isascii():
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return None
    elif type(day) is not date:
        return None
    subject = raw.get("subject", "default")
    if type(subject) is not str or not subject:
        return None
    actor = raw.get("actor")
    if actor is not None and type(actor) is not str:
        return None
    role = raw.get("role")
    if role is not None and (type(role) is not str or role not in _ROLES):
        return None
    attrs = {}
    for name, check, default in checks:
        if name in raw:
            value = check(raw[name])
            if value is _NO:
                return None
        elif default is _REQUIRED:
            return None
        else:
            value = default
        attrs[name] = value
    if not _FLAGS.isdisjoint(raw):
        for flag in FLAGS:  # only when given and not False/None, as the models do
            if flag in raw:
                value = _COMMON[flag](raw[flag])
                if value is _NO:
                    return None
                if value not in (False, None):
                    attrs[flag] = value
    event = _new(Event)
    _set_type(event, raw["type"])
    _set_date(event, day)
    _set_subject(event, subject)
    _set_actor(event, actor)
    _set_role(event, role)
    _set_attrs(event, attrs)
    _set_index(event, index)
    return event
