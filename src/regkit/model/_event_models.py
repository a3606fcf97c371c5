"""The pydantic models of events: the slow, thorough path of `parse_event`.

Each event type gets a model (built on first use: making all of them costs
about a quarter of a second, which a valid history never needs to pay). They
decide every input the fast path of `model._fast_events` is unsure of, with
pydantic's coercions, and word the errors, naming the event by index and type.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from ..errors import HistoryError
from ..vocabulary import EVENT_TYPES
from .events import EVENT_ATTRIBUTES, FLAGS, Event, Role, to_china_date, valid_period

__all__ = ["model_for", "parse_with_models"]


class _EventBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    subject: str = Field(default="default", min_length=1)
    actor: str | None = None
    role: Role | None = None
    # what the liability rules need to decide (docs/events.md): any event may carry them
    serious: bool = False  # 情节严重 / 造成严重不良后果
    just_cause: str | None = None  # 正当理由 (cn art. 39(4)), stated
    due_care: bool = False  # 履行了监督管理职责、合理注意义务 (pingdingshan art. 28)
    force_majeure: bool = False  # 不可抗力 (pingdingshan art. 28)

    @field_validator("date", mode="before")
    @classmethod
    def _china_date(cls, value: Any) -> Any:
        return to_china_date(value)


def _model_for(event_type: str) -> type[BaseModel]:
    fields: dict[str, Any] = {"type": (Literal[event_type], ...)}
    for name, (annotation, default) in EVENT_ATTRIBUTES[event_type].items():
        fields[name] = (annotation, default)
    name = "".join(part.title() for part in event_type.replace("_", ".").split(".")) + "Event"
    validators = {f"_{field}": check for field, check in _CHECKS.items() if field in fields}
    return create_model(name, __base__=_EventBase, __validators__=validators, **fields)


@field_validator("amount", mode="before")
def _amount_validator(cls, value: Any) -> Any:  # noqa: N805 - pydantic validator
    # Python counts True as 1; a grant of "true" working days is a mistake, not one day
    if isinstance(value, bool):
        raise ValueError("should be a whole number of at least 1, not true or false")
    return value


@field_validator("period")
def _period_validator(cls, value: str) -> str:  # noqa: N805 - pydantic validator
    if not valid_period(value):
        raise ValueError("should be a month as YYYY-MM")
    return value


#: attribute -> the check pydantic's types do not make, for every event type that has it
_CHECKS = {"amount": _amount_validator, "period": _period_validator}

_MODELS: dict[str, type[BaseModel]] = {}


def model_for(event_type: str) -> type[BaseModel]:
    """The model of a known event type, built once."""
    model = _MODELS.get(event_type)
    if model is None:
        model = _MODELS[event_type] = _model_for(event_type)
    return model


def parse_with_models(raw: Any, index: int, *, file: str | None = None, line: int | None = None) -> Event:
    """Validate one raw event with its pydantic model; every error names the event."""
    if isinstance(raw, BaseModel):
        raw = raw.model_dump()
    label = f"event {index}"
    if not isinstance(raw, dict):
        raise HistoryError(f"{label}: an event is a mapping with 'type' and 'date', "
                           f"not {type(raw).__name__}", file=file, line=line)
    event_type = raw.get("type")
    if not isinstance(event_type, str) or not event_type:
        raise HistoryError(f"{label}: missing 'type'", file=file, line=line, field="type")
    label = f"event {index} ({event_type})"
    if event_type not in EVENT_TYPES:
        close = difflib.get_close_matches(event_type, sorted(EVENT_TYPES), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise HistoryError(f"{label}: unknown event type{hint}", file=file, line=line, field="type")
    try:
        event = model_for(event_type).model_validate(raw)
    except ValidationError as exc:
        raise _event_error(exc, label, event_type, file, line) from None
    attrs = {name: getattr(event, name) for name in EVENT_ATTRIBUTES[event_type]}
    for flag in FLAGS:  # only when given, so results and JSON stay as they were without them
        value = getattr(event, flag)
        if value not in (False, None):
            attrs[flag] = value
    return Event(event_type, event.date, event.subject, event.actor, event.role, attrs, index)


def _event_error(exc: ValidationError, label: str, event_type: str, file: str | None,
                 line: int | None) -> HistoryError:
    rank = {"extra_forbidden": 0, "missing": 2}
    first = sorted(exc.errors(include_url=False), key=lambda e: rank.get(e["type"], 1))[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    known = ["date", "subject", "actor", "role", *FLAGS, *EVENT_ATTRIBUTES[event_type]]
    if first["type"] == "extra_forbidden":
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" ({event_type} takes: {', '.join(known)})"
        message = f"{label}: unknown attribute {name!r}{hint}"
    elif first["type"] == "missing":
        message = f"{label}: missing attribute {name!r}"
    else:
        got = first.get("input")
        shown = f" (got {got!r})" if got is not None and not isinstance(got, (dict, list)) else ""
        # our own validators' words, without pydantic's "Value error, " before them
        said = str(first["ctx"]["error"]) if first["type"] == "value_error" else first["msg"]
        message = f"{label}: {name}: {said}{shown}"
    return HistoryError(message, file=file, line=line, field=name or None)
