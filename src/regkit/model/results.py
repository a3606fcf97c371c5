"""The result format, defined once: what `regkit.evaluate` returns and the service answers.

The shapes are `TypedDict`s: at run time a result stays a plain dict (no object is
built, nothing is copied, the JSON is byte-for-byte what it was), while type
checkers check the builders against them and pydantic turns them into the JSON
Schema that `regkit schema --result` prints and the service's OpenAPI document
carries. Every shape forbids keys it does not name, so a test that validates real
results against `RESULT` fails the day a builder adds a key the format lacks.

Dates are ISO strings (YYYY-MM-DD); a result holds nothing JSON cannot.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import ConfigDict
from typing_extensions import NotRequired, TypedDict  # pydantic needs these before Python 3.12

__all__ = [
    "Agenda", "AgendaItem", "BatchRecord", "Classification", "CompactResult", "CompareResult", "Conflict", "DeadlineEntry",
    "Finding", "Result", "ResultWarning", "Source", "result_schema",
]

_CLOSED = ConfigDict(extra="forbid")

Status = Literal["met", "late", "pending", "overdue", "breached", "not_applicable"]


class Source(TypedDict):
    """Where a rule stands in the law: a verbatim quote of the normalised text."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    jurisdiction: str
    article: int
    quote: str
    document: NotRequired[str]  # another document of the jurisdiction (e.g. jinzhong-plan)
    paragraph: NotRequired[int]  # 款
    item: NotRequired[int]  # 项
    citation: NotRequired[str]  # as a lawyer writes it: 第十一条第一款第（二）项


class EventStamp(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    type: str
    date: str


class Trigger(TypedDict):
    """The event that started the period; `received`: the event by which the party received
    what it made, where the period runs from receipt and that is a later event."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    type: str
    date: str
    received: NotRequired[EventStamp]


class ProvisionalRange(TypedDict):
    """Where a provisional due date can still fall, whatever the unannounced schedule says."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    earliest: str
    latest: str


class Alternative(TypedDict):
    """The due date and status under the reading the pack rejects, where they differ."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    due: str
    status: Status
    reading: NotRequired[Optional[str]]


class Period(TypedDict):
    """The rule's period; `covers` is the month a monthly duty's entry is for (YYYY-MM)."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    amount: int
    unit: str
    extended_by: int
    covers: NotRequired[str]


class DeadlineEntry(TypedDict):
    """One obligation met by the history: its due date (or, for a minimum period, the
    earliest permitted day), its status and the article that sets it."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: str
    kind: str
    jurisdiction: str
    subject: str
    party: str
    trigger: Trigger
    period: Optional[Period]
    bound: Literal["deadline", "minimum"]
    due: Optional[str]
    earliest: Optional[str]
    status: Status
    completed_on: Optional[str]
    late_by: int
    binding: bool
    provisional: bool
    reading: Optional[str]
    reason: Optional[str]
    source: Source
    provisional_range: NotRequired[ProvisionalRange]
    alternative: NotRequired[Alternative]


class Claim(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    share_type: str
    legal_basis: str
    approved_by_government: bool
    reasons_stated: bool
    conditions_listed: bool
    open_type: str
    dedicated: bool


class ClassificationOutcome(TypedDict):
    """What the law makes of a claim: its class, how it is requested, whether it may be opened
    (`open_allowed` null: the text is silent)."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    share_type: str
    request_path: str
    open_allowed: Optional[bool]


class Requirement(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: str
    requirement: str
    source: Source


class Reading(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: str
    reading: str


class ClassificationSources(TypedDict, total=False):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    request_path: Source
    opening: Source


class EventRef(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    index: int
    date: str


class Classification(TypedDict):
    """One layer's judgment of a claim; `valid` null (with `reason`) when the layer is not in
    force. `subject` and `event` are set when the claim came from a history's event."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: Optional[str]
    jurisdiction: str
    claimed: Claim
    valid: Optional[bool]
    result: Optional[ClassificationOutcome]
    requirements: list[Requirement]
    steps: Optional[str]
    readings: list[Reading]
    source: Optional[Source]
    sources: ClassificationSources
    reason: Optional[str]
    subject: NotRequired[str]
    event: NotRequired[EventRef]


class DeadlineEvidence(TypedDict):
    """A finding established by a deadline entry; `without`: the event that did not follow."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    deadline: str
    status: Status
    due: Optional[str]
    earliest: Optional[str]
    completed_on: Optional[str]
    without: NotRequired[str]


class EventEvidence(TypedDict):
    """A finding established by an event of the history (its type, index and role)."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    event: str
    index: int
    role: NotRequired[Optional[str]]
    without: NotRequired[str]


class EscalationStep(TypedDict):
    """What follows if the conduct continues or is serious; `applies`: the history shows it."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    upon: str
    sanctions: list[str]
    by: Optional[str]
    applies: bool
    source: Optional[Source]


class Exemption(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    flag: str
    value: Any
    effect: str
    source: Optional[Source]


class Finding(TypedDict):
    """Who is liable, for what, under which article; `sanctions` apply now. A finding of kind
    `responsibility` says who bears an outcome a text allocates (`bears`) and who expressly
    does not (`not_borne_by`), with no sanction."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: str
    kind: str
    conduct: str
    jurisdiction: str
    party: str
    enforcer: Optional[str]
    subject: str
    date: Optional[str]
    evidence: Union[DeadlineEvidence, EventEvidence]
    bears: NotRequired[list[str]]
    not_borne_by: NotRequired[list[str]]
    sanctions: list[str]
    escalation: list[EscalationStep]
    exemptions: list[Exemption]
    discretionary: list[str]
    reading: Optional[str]
    source: Source


class Figure(TypedDict, total=False):
    """The figure each side of a conflict sets: a period, an extension or accepted bases."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    amount: int
    extension: int
    unit: str
    bases: list[str]
    accepted: list[str]


class ConflictSide(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: str
    jurisdiction: str
    figure: Figure
    source: Source
    reading: Optional[str]


InForce = TypedDict("InForce", {"from": Optional[str], "until": Optional[str], "known": bool})
InForce.__pydantic_config__ = _CLOSED  # type: ignore[attr-defined]


class Conflict(TypedDict):
    """A lower rule laxer than a higher one in force; the higher prevails (lex superior).
    `subjects`: in a result, the subjects of the history that met it."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    kind: str
    topic: str
    lower: ConflictSide
    higher: ConflictSide
    principle: str
    prevails: str
    in_force: InForce
    summary: str
    subjects: NotRequired[list[str]]


class ResultWarning(TypedDict):
    """Something the answer depends on that the caller should know (`event`: its index)."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    code: str
    message: str
    event: NotRequired[int]


class CalendarStatus(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    provisional: bool
    official_through: str


class PackReceipt(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    id: str
    version: str
    sha256: str


class Notice(TypedDict):
    """The State Council notice a schedule transcribes."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    issued: Optional[str]
    number: Optional[str]
    source: Optional[str]
    title: str


class ScheduleReceipt(TypedDict):
    """A loaded schedule: its notices, hash, year, and the days where it differs from the library."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    differs_from_library: list[str]
    notice: Notice
    notices: list[Notice]
    sha256: str
    year: int


class CalendarReceipt(TypedDict):
    """The calendar's data: holidays version, last announced day, provisional runs
    ([first, last] pairs), user schedules."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    holidays_version: str
    official_through: str
    provisional: list[list[str]]
    schedules: list[ScheduleReceipt]


class Receipt(TypedDict):
    """What makes a result reproducible: the regkit version, each pack with its hash, the calendar."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    regkit_version: str
    packs: list[PackReceipt]
    calendar: CalendarReceipt


class Result(TypedDict):
    """The result of one history under one jurisdiction (`regkit evaluate --format json`)."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    jurisdiction: str
    as_of: str
    layers: Literal["all", "local"]
    regkit_version: str
    calendar: CalendarStatus
    deadlines: list[DeadlineEntry]
    classifications: list[Classification]
    findings: list[Finding]
    conflicts: list[Conflict]
    warnings: list[ResultWarning]
    receipt: Receipt


class CompareResult(TypedDict):
    """One history under every bundled jurisdiction (`regkit evaluate --compare --format json`)."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    as_of: str
    layers: Literal["all", "local"]
    jurisdictions: list[str]
    results: dict[str, Result]


# -- the compact form (`regkit batch --record compact`): rules named by id -------------------

class CompactDeadline(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: str
    subject: str
    trigger: Trigger
    due: Optional[str]
    earliest: Optional[str]
    status: Status
    completed_on: Optional[str]
    late_by: int
    extended_by: int
    binding: bool
    provisional: bool
    reason: Optional[str]
    covers: NotRequired[str]
    provisional_range: NotRequired[ProvisionalRange]
    alternative: NotRequired[Alternative]


class CompactClassification(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: Optional[str]
    jurisdiction: str
    subject: str
    event: EventRef
    valid: Optional[bool]
    result: Optional[ClassificationOutcome]
    unmet: list[str]
    reason: Optional[str]


class CompactExemption(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    flag: str
    value: Any
    effect: str


class CompactFinding(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    rule: str
    kind: str
    subject: str
    date: Optional[str]
    evidence: Union[DeadlineEvidence, EventEvidence]
    sanctions: list[str]
    escalated_upon: list[str]
    exemptions: list[CompactExemption]


class CompactConflict(TypedDict):
    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    kind: str
    lower: str
    higher: str
    subjects: list[str]


class CompactResult(TypedDict):
    """What a history decided, each rule named by its id; the receipt fixes what ids mean."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    jurisdiction: str
    as_of: str
    layers: Literal["all", "local"]
    calendar: CalendarStatus
    deadlines: list[CompactDeadline]
    classifications: list[CompactClassification]
    findings: list[CompactFinding]
    conflicts: list[CompactConflict]
    warnings: list[ResultWarning]
    receipt: Receipt


class AgendaItem(TypedDict):
    """A binding deadline overdue or falling due soon; `working_days_left` is negative when
    overdue; `uid` stays the same for the same duty in a later agenda."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    uid: str
    due: str
    status: Literal["pending", "overdue"]
    working_days_left: int
    party: str
    subject: str
    rule: str
    kind: str
    jurisdiction: str
    history: Optional[str]
    as_of: str
    trigger: Trigger
    provisional: bool
    source: Source


class Agenda(TypedDict):
    """What `regkit agenda` gives: `as_of` is null when the histories were judged on different days."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    as_of: Optional[str]
    within: int
    items: list[AgendaItem]


class ErrorRecord(TypedDict):
    """A history that gave no result: the one-line message and the kind of error."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    error: str
    error_type: str


class BatchRecord(TypedDict, total=False):
    """One output line of `regkit batch` and `POST /v1/batch`: `result` (or, compared,
    `results`) for a good history, `error` and `error_type` for a bad one."""

    __pydantic_config__ = _CLOSED  # type: ignore[misc]
    id: Any
    line: int
    record: Literal["compact"]
    result: Union[Result, CompactResult]
    results: dict[str, Union[Result, CompactResult, ErrorRecord]]
    error: str
    error_type: str


def result_schema() -> dict[str, Any]:
    """The JSON Schema of a result (`Result`), its shapes under `$defs`."""
    from pydantic import TypeAdapter
    return TypeAdapter(Result).json_schema()
