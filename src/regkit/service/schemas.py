"""The shapes the service takes and gives besides results: requests, version, calendar answers."""

from __future__ import annotations

from typing import Any, Literal, Optional

from typing_extensions import NotRequired, TypedDict

from ..model.results import Agenda, BatchRecord, Classification, CompareResult, Receipt, Result
from .errors import ErrorBody

__all__ = ["COMPONENTS"]


class HistoryEvent(TypedDict):
    """One event (docs/events.md): its type, date and subject, plus the attributes its type takes."""

    type: str
    date: str
    subject: NotRequired[str]


class HistoryRequest(TypedDict):
    """A history in the mapping form of a history file; `jurisdiction` and `as_of` as there
    (as_of defaults to today in China); `layers`: 'all' (default) or 'local'."""

    jurisdiction: NotRequired[str]
    as_of: NotRequired[str]
    events: list[HistoryEvent]
    layers: NotRequired[Literal["all", "local"]]


class AgendaRequest(TypedDict):
    """Histories as /v1/evaluate takes them; `within`: working days ahead (default 5); `as_of`:
    the day judged on (default each history's own, else today in China); `layers` as there."""

    histories: list[HistoryRequest]
    within: NotRequired[int]
    as_of: NotRequired[str]
    layers: NotRequired[Literal["all", "local"]]


class ClassifyRequest(TypedDict):
    """A claim to judge, as `regkit classify` takes it; `on`: the rules in force that day."""

    jurisdiction: str
    share_type: Literal["unconditional", "conditional", "not_shared"]
    legal_basis: NotRequired[str]
    approved_by_government: NotRequired[bool]
    reasons_stated: NotRequired[bool]
    conditions_listed: NotRequired[bool]
    open_type: NotRequired[Literal["not_open", "open", "open_on_application"]]
    dedicated: NotRequired[bool]
    on: NotRequired[str]
    layers: NotRequired[Literal["all", "local"]]


class Jurisdiction(TypedDict):
    id: str
    level: str
    parent: Optional[str]
    in_force_from: Optional[str]
    in_force_until: Optional[str]
    title: str
    version: str


class RuleExplanation(TypedDict):
    """A rule: `text` is what `regkit explain` prints; `rule` its entry in the pack."""

    id: str
    jurisdiction: str
    text: str
    rule: dict[str, Any]


class SourceArticle(TypedDict):
    jurisdiction: str
    document: str
    article: int
    text: str


class CalendarAnswer(TypedDict):
    """`result`: a date (add) or a count of working days (between); `provisional`: the span
    without an announced schedule that the answer crosses, else null."""

    result: Any
    provisional: Optional[list[str]]
    official_through: str


class Health(TypedDict):
    status: Literal["ok"]


#: Every named schema of the OpenAPI document's components.
COMPONENTS: dict[str, Any] = {
    "Result": Result,
    "CompareResult": CompareResult,
    "ClassificationList": list[Classification],
    "BatchRecord": BatchRecord,
    "Agenda": Agenda,
    "AgendaRequest": AgendaRequest,
    "Receipt": Receipt,
    "Error": ErrorBody,
    "HistoryRequest": HistoryRequest,
    "ClassifyRequest": ClassifyRequest,
    "JurisdictionList": list[Jurisdiction],
    "RuleExplanation": RuleExplanation,
    "SourceArticle": SourceArticle,
    "CalendarAnswer": CalendarAnswer,
    "Health": Health,
}
