"""Events and histories: what happened, validated once at the edge.

An event is a mapping with `type` (one of `regkit.vocabulary.EVENT_TYPES`), `date`,
`subject` (what obligations attach to; default "default"), optional `actor` and
`role`, and the attributes of its type (the table below, documented in
docs/events.md). Unknown types, unknown or missing attributes and impossible dates
are errors that name the event by index and type; a misspelt type gets the nearest
valid one. A datetime is reduced to its date in China Standard Time (UTC+8, which
has had no daylight saving since 1991, so no time-zone database is needed).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from annotated_types import Ge
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from ..errors import HistoryError
from ..vocabulary import EVENT_TYPES

__all__ = ["Event", "EVENT_ATTRIBUTES", "HistoryError", "parse_event", "to_china_date"]

CHINA = timezone(timedelta(hours=8), "CST")

ShareType = Literal["unconditional", "conditional", "not_shared"]
Decision = Literal["approve", "refuse"]
UseKind = Literal["beyond_scope", "changed_purpose", "third_party", "commercial"]
ProvisionMethod = Literal["interface", "table", "file_upload"]
ReviewResult = Literal["accepted", "rejected"]
LegalBasisName = Literal["none", "law", "administrative_regulation", "state_council_decision",
                         "local_regulation", "government_rule", "national_provision", "internal_rule"]
OpenTypeName = Literal["not_open", "open", "open_on_application"]
#: What a grant extends by, in the unit of the period it extends: a grant cannot shorten it.
GrantAmount = Annotated[int, Ge(1)]
Role = Literal["provider", "requester", "department", "authority", "third_party", "government",
               "platform"]

_REQUIRED = ...

#: Attributes any event may carry, for the liability rules.
FLAGS = ("serious", "just_cause", "due_care", "force_majeure")

#: attribute -> (type, default) per event type; `_REQUIRED` marks a required attribute.
EVENT_ATTRIBUTES: dict[str, dict[str, tuple[Any, Any]]] = {
    "catalog.change": {},
    "catalog.extension_granted": {"amount": (GrantAmount | None, None)},
    "catalog.updated": {},
    "catalog.published": {},
    "request.submitted": {"share_type": (ShareType, _REQUIRED), "dedicated": (bool, False)},
    "request.reviewed": {"result": (ReviewResult, "accepted")},
    "request.forwarded": {},
    "request.extension_granted": {"amount": (GrantAmount | None, None)},
    "request.replied": {"decision": (Decision, _REQUIRED), "reason": (str | None, None),
                        "incomplete_materials": (bool, False)},
    "request.delivered": {},
    "request.objected": {},
    "request.decided": {"decision": (Decision | None, None)},
    "quality.objection": {},
    "quality.forwarded": {},
    "quality.extension_granted": {"amount": (GrantAmount | None, None)},
    "quality.resolved": {},
    "resource.replacement_available": {},
    "resource.users_notified": {},
    "resource.retired": {},
    "service.changed": {"negotiated": (bool, False), "filed": (bool, False)},
    "service.terminated": {"negotiated": (bool, False), "filed": (bool, False)},
    "use.out_of_scope": {"kind": (UseKind, _REQUIRED)},
    "sharing.suspended": {},
    "sharing.terminated": {},
    "security.incident": {},
    "security.response_started": {},
    "security.reported": {},
    "collection.duplicate": {},
    "records.destroyed": {},
    "logs.deleted": {},
    "provision.started": {"method": (ProvisionMethod, _REQUIRED)},
    "data.classified": {
        "share_type": (ShareType, _REQUIRED),
        "legal_basis": (LegalBasisName, "none"),
        "approved_by_government": (bool, False),
        "reasons_stated": (bool, False),
        "conditions_listed": (bool, False),
        "open_type": (OpenTypeName, "not_open"),
        "dedicated": (bool, False),
    },
    "report.submitted": {"period": (str, _REQUIRED), "zero": (bool, False)},
    "rectification.ordered": {"due": (date | None, None)},
    "rectification.completed": {},
    "rectification.refused": {},
    "dispute.raised": {},
    "dispute.negotiation_failed": {},
    "dispute.escalated": {},
    "dispute.decided": {},
}
assert set(EVENT_ATTRIBUTES) == EVENT_TYPES, "vocabulary and attribute table disagree"


def to_china_date(value: Any) -> Any:
    """A datetime becomes its date in China Standard Time (a naive one is taken as CST)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.date()
        return value.astimezone(CHINA).date()
    if isinstance(value, str) and len(value) > 10:
        try:
            return to_china_date(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    return value


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
    model = create_model(name, __base__=_EventBase, **fields)
    if event_type == "report.submitted":
        model = create_model(name, __base__=model, __validators__={"_period": _period_validator})
    return model


@field_validator("period")
def _period_validator(cls, value: str) -> str:  # noqa: N805 - pydantic validator
    try:
        year, month = value.split("-")
        digits = year + month  # int() alone would take '+202', ' 202' or full-width digits
        if len(year) != 4 or len(month) != 2 or not (digits.isascii() and digits.isdigit()):
            raise ValueError
        if not 1 <= int(month) <= 12:
            raise ValueError
    except ValueError:
        raise ValueError(f"period must be a month as YYYY-MM, not {value!r}") from None
    return value


_MODELS: dict[str, type[BaseModel]] = {t: _model_for(t) for t in sorted(EVENT_TYPES)}


@dataclass(frozen=True, slots=True)
class Event:
    """One validated event, as the engine uses it: plain fields, attributes in a dict."""

    type: str
    date: date
    subject: str
    actor: str | None
    role: str | None
    attrs: dict[str, Any]
    index: int  # position in the history as given (for messages and stable order)

    def to_json(self) -> dict[str, Any]:
        data = {"type": self.type, "date": self.date.isoformat(), "subject": self.subject}
        if self.actor is not None:
            data["actor"] = self.actor
        if self.role is not None:
            data["role"] = self.role
        data.update(self.attrs)
        return data


def parse_event(raw: Any, index: int, *, file: str | None = None, line: int | None = None) -> Event:
    """Validate one raw event (a mapping, or an already built `Event`)."""
    if isinstance(raw, Event):
        return raw
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
    model = _MODELS.get(event_type)
    if model is None:
        close = difflib.get_close_matches(event_type, sorted(EVENT_TYPES), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise HistoryError(f"{label}: unknown event type{hint}", file=file, line=line, field="type")
    try:
        event = model.model_validate(raw)
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
        message = f"{label}: {name}: {first['msg']}{shown}"
    return HistoryError(message, file=file, line=line, field=name or None)
