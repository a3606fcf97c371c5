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

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from annotated_types import Ge

from ..errors import HistoryError
from ..vocabulary import EVENT_TYPES, literal, values

__all__ = ["Event", "EVENT_ATTRIBUTES", "HistoryError", "to_china_date"]

CHINA = timezone(timedelta(hours=8), "CST")

ShareType = literal("share_types")
Decision = literal("decisions")
UseKind = literal("use_kinds")
ProvisionMethod = literal("provision_methods")
ReviewResult = literal("review_results")
LegalBasisName = literal("legal_bases")
OpenTypeName = literal("open_types")
FoundConduct = literal("found_conducts")
StaffConduct = literal("staff_conducts")

#: What a grant extends by, in the unit of the period it extends: a grant cannot shorten it.
GrantAmount = Annotated[int, Ge(1)]
#: The role an actor plays in a matter: any party but `staff` (officials answer as persons, not roles).
Role = Literal[tuple(party for party in values("parties") if party != "staff")]  # type: ignore[valid-type]

_REQUIRED = ...

#: Attributes any event may carry, for the liability rules: seriousness and the exemption grounds.
FLAGS = ("serious", *values("exemption_grounds"))

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
    "sanction.proposed": {},
    "conduct.found": {"conduct": (FoundConduct, _REQUIRED)},
    "staff.misconduct": {"conduct": (StaffConduct, _REQUIRED), "staff_of": (Role, "department")},
    "dispute.raised": {},
    "dispute.negotiation_failed": {},
    "dispute.escalated": {},
    "dispute.decided": {},
}
assert set(EVENT_ATTRIBUTES) == EVENT_TYPES, "vocabulary and attribute table disagree"


def valid_period(value: str) -> bool:
    """Whether `value` is a month written YYYY-MM (the `period` of a report)."""
    try:
        year, month = value.split("-")
        digits = year + month  # int() alone would take '+202', ' 202' or full-width digits
        if len(year) != 4 or len(month) != 2 or not (digits.isascii() and digits.isdigit()):
            return False
        if not 1 <= int(month) <= 12:
            return False
    except ValueError:
        return False
    return True


def today_in_china() -> date:
    """The day it is now in China: the default `as_of` and `--on`."""
    return datetime.now(CHINA).date()


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
