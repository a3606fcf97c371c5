"""The rule-pack format: one YAML file per jurisdiction and version of its law.

A pack is metadata about the document (what it is, where it sits in the
hierarchy, when it is in force) and a list of rules. Every rule names its kind,
carries the parameters of that kind, and cites its source article with a
verbatim quote from the normalised text in `rules/sources/`. Where the text is
ambiguous the rule records the reading it takes and the alternative it rejects.

These models are the edge: packs are validated here once, then the engine works
on plain structures.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import vocabulary

__all__ = [
    "CLASSIFICATION_INPUTS",
    "ClassRequirement",
    "Classification",
    "Combination",
    "Deadline",
    "DeadlineKind",
    "DeadlineMatch",
    "Escalation",
    "Evidence",
    "Exemption",
    "Liability",
    "Sanction",
    "LegalBasis",
    "OpenType",
    "OpeningRule",
    "RequestPath",
    "RequestPathRule",
    "ShareClass",
    "ShareType",
    "Exception_",
    "Recurring",
    "Receipt",
    "Responsibility",
    "Extension",
    "InForce",
    "Level",
    "Names",
    "PackDocument",
    "PackFile",
    "PackMeta",
    "Party",
    "Period",
    "Reading",
    "Rule",
    "SourceRef",
    "Statement",
    "TimeUnit",
    "EventMatch",
]

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
RULE_ID_PATTERN = r"^[a-z][a-z0-9_-]*\.[a-z0-9_.]+$"
EVENT_TYPE_PATTERN = r"^[a-z]+\.[a-z_]+$"


class _Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must never be silently ignored."""

    # defer_build: the schemas are built on the first validation, which a process that reads
    # the bundled packs from the pack cache never does (class creation ~3x cheaper).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


Level = vocabulary.enum("Level", "levels", __name__, "Where a document sits in the hierarchy of norms, highest first.")


Party = vocabulary.enum("Party", "parties", __name__, "Who bears a duty or answers for conduct.")


TimeUnit = vocabulary.enum("TimeUnit", "units", __name__, "How a period is counted.")


DeadlineKind = vocabulary.enum("DeadlineKind", "deadline_kinds", __name__,
                               "What a time limit is for; add one only when a source needs it.")


class Names(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class SourceRef(_Strict):
    """Where a rule comes from: an article, optionally a paragraph or item, quoted verbatim."""

    document: str | None = Field(
        default=None, pattern=ID_PATTERN,
        description="Source document id in rules/sources (default: the pack's document).")
    # strict: a number written as text or as true (which Python counts as 1) is a mistake
    article: int = Field(ge=1, strict=True, description="Article number (for Yumen: the list item; "
                                                        "for the Jinzhong plan: the section).")
    paragraph: int | None = Field(default=None, ge=1, strict=True,
                                  description="1-based paragraph of the article.")
    item: int | None = Field(default=None, ge=1, strict=True,
                             description="Numbered item （一）（二）… of the article.")
    quote: str = Field(min_length=4, description="Verbatim text of the normalised article.")

    @field_validator("quote")
    @classmethod
    def _no_surrounding_space(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("a quote must not start or end with white space")
        return value


class Reading(_Strict):
    """How an ambiguous text is read, and the reading rejected."""

    adopted: str = Field(min_length=1)
    alternative: str = Field(min_length=1)
    why: str | None = None
    adopted_zh: str | None = Field(default=None, min_length=1, description="The adopted reading in Chinese.")
    alternative_zh: str | None = Field(default=None, min_length=1,
                                       description="The alternative reading in Chinese.")
    why_zh: str | None = Field(default=None, min_length=1, description="Why, in Chinese.")


class InForce(_Strict):
    """The days a document or rule is in force; both ends inclusive, `None` = open or unknown."""

    from_: date | None = Field(alias="from", default=None)
    until: date | None = None
    source: SourceRef | None = None
    reading: Reading | None = None
    note: str | None = None
    note_zh: str | None = Field(default=None, min_length=1, description="The note in Chinese (lint P008).")

    @model_validator(mode="after")
    def _ordered(self) -> "InForce":
        if self.from_ and self.until and self.until < self.from_:
            raise ValueError(f"until ({self.until}) is before from ({self.from_})")
        if self.from_ is None and not self.note:
            raise ValueError("an unknown start date needs a note saying why")
        return self

    def contains(self, day: date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day <= self.until)


class PackDocument(_Strict):
    title: str = Field(min_length=1)
    number: str | None = None
    source: str = Field(pattern=ID_PATTERN, description="Id of the normalised source document.")
    documents: list[str] = Field(
        default_factory=list, description="Further source documents the pack may cite.")


class Classification(_Strict):
    """How the pack's classification rules combine, per table (docs/design.md, Results, issue 4).

    `all_apply`: every matching rule applies (requirements accumulate; their
    `otherwise` results must agree). `unique`: exactly one rule matches each input.
    `first_match`: the first matching rule, in file order, decides.
    """

    requirements: Literal["all_apply"] = "all_apply"
    request_path: Literal["unique", "first_match"] = "unique"
    opening: Literal["unique", "first_match"] = "unique"


class Combination(_Strict):
    """Rules of one pack that are the same obligation, declared to combine (linter code P007).

    The engine groups deadlines by kind, party, fulfilling event, subject and occurrence
    (docs/deadlines.md, Layers); two rules of one pack in such a group must be declared
    here, with the reason, so that the overlap is deliberate and not a slip.
    """

    rules: list[str] = Field(min_length=2, description="Ids of the rules (of this pack) that combine.")
    how: Literal["strictest_binds"] = Field(
        default="strictest_binds",
        description="How they combine: the earliest due date binds (for minimum periods, the "
                    "latest earliest-permitted date), as between layers; the engine's only rule.")
    why: str = Field(min_length=1, description="Why both rules can apply to one obligation.")
    why_zh: str | None = Field(default=None, min_length=1, description="The same in Chinese (lint P008).")


class PackMeta(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1, description="The pack's own version; bump it on every change.")
    names: Names
    document: PackDocument
    level: Level
    parent: str | None = Field(default=None, pattern=ID_PATTERN)
    in_force: InForce
    classification: Classification | None = Field(
        default=None, description="Present when the pack has classification rules.")
    combine: list[Combination] = Field(
        default_factory=list, description="Rules of this pack that are the same obligation (P007).")
    notes: list[str] = Field(default_factory=list)
    notes_zh: list[str] = Field(default_factory=list, description="The notes in Chinese, in the same order.")


class EventMatch(_Strict):
    """An event type, optionally narrowed by attribute values (e.g. share_type: conditional)
    and by attributes that must be absent (e.g. a refusal without a `reason`)."""

    event: str = Field(pattern=EVENT_TYPE_PATTERN)
    where: dict[str, str | bool | int] = Field(default_factory=dict)
    absent: list[str] = Field(default_factory=list)


class Period(_Strict):
    amount: int = Field(ge=0, strict=True)
    unit: TimeUnit

    @model_validator(mode="after")
    def _same_day_is_zero(self) -> "Period":
        if (self.unit is TimeUnit.same_day) != (self.amount == 0):
            raise ValueError("unit same_day goes with amount 0, and only it")
        return self


class Extension(_Strict):
    """More time granted by an event on or before the due date, capped at `max`.

    The grant event may say how much (`amount`, in the period's unit); without it the
    grant is the maximum. The extension counts from the original due date.
    """

    granted_by: EventMatch
    max: Period
    source: SourceRef | None = Field(default=None, description="Where the extension is allowed, "
                                                               "if not in the rule's own quote.")


class Exception_(_Strict):
    """A case the rule does not apply to: matching triggers give `not_applicable`, with the reason.

    `where` tests the trigger event; with `event`, it tests instead the subject's latest
    event of that type on or before the trigger (e.g. the request a reply answers), and a
    subject without such an event is not excepted."""

    event: str | None = Field(default=None, pattern=EVENT_TYPE_PATTERN,
                              description="Test this earlier event of the subject, not the trigger.")
    where: dict[str, str | bool | int] = Field(min_length=1)
    reason: str = Field(min_length=1)
    reason_zh: str | None = Field(default=None, min_length=1, description="The reason in Chinese (lint P008).")
    source: SourceRef


class _RuleBase(_Strict):
    id: str = Field(pattern=RULE_ID_PATTERN, description="'<pack id>.<name>', unique in the pack.")
    title: str | None = None
    title_zh: str | None = Field(default=None, min_length=1,
                                 description="The rule's title in Chinese (lint P008 requires it).")
    in_force: InForce | None = Field(default=None, description="Defaults to the pack's.")
    source: SourceRef
    reading: Reading | None = None
    notes: list[str] = Field(default_factory=list)
    notes_zh: list[str] = Field(default_factory=list, description="The notes in Chinese, in the same order.")


class Statement(_RuleBase):
    """What a text establishes, or expressly does not (e.g. 'sets no time limit')."""

    kind: Literal["statement"]
    topic: str = Field(pattern=r"^[a-z_]+$")
    says: str = Field(min_length=1)
    says_zh: str | None = Field(default=None, min_length=1, description="The same in Chinese (lint P008).")


class Deadline(_RuleBase):
    """A time limit: `party` must do `done_by` within `period` of `trigger`."""

    kind: Literal["deadline"]
    deadline: DeadlineKind
    party: Party
    trigger: EventMatch
    done_by: EventMatch | list[EventMatch] | None = Field(
        default=None, description="The event that fulfils the duty, or a list of alternatives "
                                  "(the first to occur counts).")
    period: Period
    bound: Literal["deadline", "minimum"] = Field(
        default="deadline",
        description="'minimum': the period is the least time allowed (不少于), giving an earliest "
                    "permitted date for `done_by`, which then names the act that must not come sooner.")
    extension: Extension | None = None
    exceptions: list[Exception_] = Field(default_factory=list)
    received_by: list[EventMatch] = Field(
        default_factory=list,
        description="For a period counted from the party's receipt (自收到…之日起): the events of the "
                    "subject by which the thing the trigger made reaches the party (e.g. "
                    "request.forwarded). The period runs from the first of them on or after the "
                    "trigger; without one, from the trigger's day, unless a `receipt` rule of a "
                    "binding pack says the party receives it only so, or never.")
    counterpart: str | None = Field(
        default=None, pattern=RULE_ID_PATTERN,
        description="The rule of an ancestor pack that sets a period for the same duty. Where this "
                    "rule allows more time, a longer extension or a shorter minimum, that is a "
                    "conflict, and the ancestor's rule prevails (docs/design.md, Hierarchy and time).")

    @model_validator(mode="after")
    def _consistent(self) -> "Deadline":
        if self.extension is not None:
            if self.bound == "minimum":
                raise ValueError("a minimum period has no extension")
            if self.extension.max.unit is not self.period.unit:
                raise ValueError("an extension is counted in its period's unit")
        if self.bound == "deadline" and not self.done_by:
            raise ValueError("a deadline needs done_by: the event that fulfils it")
        return self

    @property
    def done_by_all(self) -> list[EventMatch]:
        """`done_by` as a list of alternatives (empty when there is none)."""
        if self.done_by is None:
            return []
        return self.done_by if isinstance(self.done_by, list) else [self.done_by]


class Recurring(_RuleBase):
    """A duty due every month on a fixed day, for the month before (e.g. a monthly report).

    It starts with `starts_with` (for the subject of that event) but never before
    `first_due`, and ends with the rule's (or pack's) in-force interval. A `done_by`
    event fulfils the duty for the month named in its `period` attribute (YYYY-MM).
    """

    kind: Literal["recurring"]
    deadline: DeadlineKind
    party: Party
    starts_with: EventMatch
    done_by: EventMatch
    every: Literal["month"] = "month"
    due_day: int = Field(ge=1, le=28, strict=True, description="Day of the month after the period it covers.")
    first_due: date | None = None
    alternative_due: Literal["next_working_day"] | None = Field(
        default=None, description="The due date under the reading the rule rejects, shown in each result "
                                  "where it differs: next_working_day moves a due day that is no "
                                  "working day to the next working day (Civil Code art. 203).")


class Receipt(_RuleBase):
    """How this pack routes what a deadline counted from a party's receipt starts from.

    Where a text sends a request or an application through the authority or a platform,
    the party named by the deadline receives it only when it is forwarded (`on_forwarding`:
    the deadline's `received_by` events; until one, the duty has not arisen); where the
    authority or the platform serves it itself, the party never receives it (`never`). The
    named deadlines (this pack's or an ancestor's) then give `not_applicable` with `reason`,
    whenever this pack binds and is in force on the trigger's day.
    """

    kind: Literal["receipt"]
    rules: list[str] = Field(min_length=1, description="Ids of the deadlines this routing concerns.")
    where: dict[str, str | bool | int] = Field(
        default_factory=dict, description="Attributes of the trigger event the routing applies to.")
    received: Literal["on_forwarding", "never"]
    reason: str = Field(min_length=1)
    reason_zh: str | None = Field(default=None, min_length=1, description="The reason in Chinese (lint P008).")


ShareType = vocabulary.enum("ShareType", "share_types", __name__, "Sharing classes.")


LegalBasis = vocabulary.enum("LegalBasis", "legal_bases", __name__,
                             "What a department cites for restricting sharing; each text accepts some.")


OpenType = vocabulary.enum("OpenType", "open_types", __name__, "Whether data may be opened to the public.")


RequestPath = vocabulary.enum("RequestPath", "request_paths", __name__, "How a department obtains data of a class.")


#: The finite inputs of a classification, with their possible values.
CLASSIFICATION_INPUTS: dict[str, tuple] = {
    "share_type": tuple(t.value for t in ShareType),
    "legal_basis": tuple(b.value for b in LegalBasis),
    "approved_by_government": (False, True),
    "reasons_stated": (False, True),
    "conditions_listed": (False, True),
    "open_type": tuple(o.value for o in OpenType),
    "dedicated": (False, True),
}

Condition = dict[str, str | bool | list[str | bool]]


def _check_condition(condition: dict, allowed: tuple[str, ...]) -> dict:
    for name, value in condition.items():
        if name not in allowed:
            raise ValueError(f"a condition may test {', '.join(allowed)}; not {name!r}")
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item not in CLASSIFICATION_INPUTS[name]:
                raise ValueError(f"{item!r} is not a value of {name} "
                                 f"({', '.join(map(str, CLASSIFICATION_INPUTS[name]))})")
    return condition


class ShareClass(_RuleBase):
    """A sharing class as the text defines it."""

    kind: Literal["share_class"]
    share_type: ShareType
    definition: str = Field(min_length=1, description="The text's definition, in English.")
    definition_zh: str | None = Field(default=None, min_length=1, description="The same in Chinese (lint P008).")


class ClassRequirement(_RuleBase):
    """What a claimed class needs. All requirements apply; each unmet one is listed.

    `applies_to` selects the claims it concerns; `satisfied_when` is what meets it;
    `otherwise` is what the law makes of a claim that fails it (omitted: the claim
    stands but is invalid until the requirement is met).
    """

    kind: Literal["class_requirement"]
    applies_to: Condition
    satisfied_when: Condition
    requirement: str = Field(min_length=1)
    requirement_zh: str | None = Field(default=None, min_length=1, description="The same in Chinese (lint P008).")
    otherwise: ShareType | None = None

    @field_validator("applies_to", "satisfied_when")
    @classmethod
    def _inputs(cls, value: dict) -> dict:
        return _check_condition(value, tuple(n for n in CLASSIFICATION_INPUTS if n not in ("open_type", "dedicated")))


class RequestPathRule(_RuleBase):
    """The path a request for data of the resulting class takes."""

    kind: Literal["request_path"]
    when: Condition
    path: RequestPath
    steps: str = Field(min_length=1)
    steps_zh: str | None = Field(default=None, min_length=1, description="The same in Chinese (lint P008).")

    @field_validator("when")
    @classmethod
    def _inputs(cls, value: dict) -> dict:
        return _check_condition(value, ("share_type", "dedicated"))


class OpeningRule(_RuleBase):
    """Whether data of the resulting class may be opened to the public this way (null: the text is silent)."""

    kind: Literal["opening"]
    when: Condition
    open_allowed: bool | None

    @field_validator("when")
    @classmethod
    def _inputs(cls, value: dict) -> dict:
        return _check_condition(value, ("share_type", "open_type"))


Sanction = vocabulary.enum("Sanction", "sanctions", __name__,
                           "Sanctions and measures; add one only when a source needs it.")
EscalationCondition = vocabulary.literal("escalation_conditions")
ExemptionGround = vocabulary.literal("exemption_grounds")


class DeadlineMatch(_Strict):
    """Conduct shown by the deadline results: rules of these kinds with these statuses, in the
    same pack, or in the ancestor pack `of` (a local list holding officials accountable for
    the duties of the national regulation, Yumen's)."""

    kinds: list[DeadlineKind] = Field(min_length=1)
    status: list[Literal["late", "overdue", "breached"]] = Field(min_length=1)
    party: Party | None = None
    of: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]*$",
                           description="the pack whose deadlines show the conduct (default: this one)")


class Evidence(_Strict):
    """What in a history establishes the conduct: deadline results or an event (exactly one)."""

    deadline: DeadlineMatch | None = None
    event: EventMatch | None = None
    followed_by: EventMatch | None = Field(
        default=None, description="The conduct is shown only once such an event, for the same subject, "
                                  "follows it (from the day after the due date, or from the evidence "
                                  "event's day): e.g. the refusal to correct that conduct. `without` "
                                  "then counts from that event's day.")
    without: EventMatch | None = Field(
        default=None, description="An omission: the conduct is shown only if no such event, for the "
                                  "same subject, follows it (from the day after the due date, or from "
                                  "the evidence event's day, or from the `followed_by` event) up to as_of.")

    @model_validator(mode="after")
    def _one(self) -> "Evidence":
        if (self.deadline is None) == (self.event is None):
            raise ValueError("give exactly one of deadline or event")
        return self


class Exemption(_Strict):
    """What excuses the conduct: a flag on the evidence event (e.g. just_cause, force_majeure)."""

    flag: ExemptionGround
    effect: Literal["no_liability", "reduced"] = "no_liability"
    source: SourceRef | None = None


class Escalation(_Strict):
    """What follows when the conduct is refused correction, serious, or repeated, or is a
    crime (构成犯罪的: a step regkit states but never applies, a crime being for the courts)."""

    # not `on`: YAML 1.1 reads a bare `on:` key as the boolean true
    upon: EscalationCondition
    sanctions: list[Sanction] = Field(min_length=1)
    by: Party | None = None
    source: SourceRef | None = None


class Responsibility(_RuleBase):
    """Who bears an outcome the text allocates, and who it says expressly does not.

    An allocation is an answer of its own (a finding of kind `responsibility`), never a
    sanction: the text sets none. An event of `shown_by` shows the outcome; where the text
    allocates by where the outcome happened, `at` names the roles the event's `role` must have
    (an incident at the user: role requester).
    """

    kind: Literal["responsibility"]
    outcome: str = Field(pattern=r"^[a-z][a-z_]*$")
    shown_by: list[EventMatch] = Field(min_length=1)
    at: list[Party] = Field(default_factory=list, description="The event's role must be one of these "
                                                              "(empty: any role, or none).")
    bears: list[Party] = Field(min_length=1)
    not_borne_by: list[Party] = Field(default_factory=list,
                                      description="Parties the text says expressly do not bear it.")
    says: str = Field(min_length=1)
    says_zh: str | None = Field(default=None, min_length=1, description="The same in Chinese (lint P008).")


class Liability(_RuleBase):
    """Conduct that is a violation, who answers for it, what applies now and what follows."""

    kind: Literal["liability"]
    conduct: str = Field(pattern=r"^[a-z][a-z_]*$")
    party: Party
    enforcer: Party | None = Field(description="Who imposes the measures; null where the text names nobody.")
    opening: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]*$",
        description="The opening clause (pack `openings`) of the article whose item this is: the rule "
                    "takes its party, enforcer, sanctions, escalation and discretionary measures, except "
                    "those it gives itself.")
    established_by: list[Evidence] = Field(min_length=1)
    sanctions: list[Sanction] = Field(default_factory=list)
    escalation: list[Escalation] = Field(default_factory=list)
    exemptions: list[Exemption] = Field(default_factory=list)
    discretionary: list[Sanction] = Field(
        default_factory=list, description="Measures of this rule (now or in a step) that the text gives "
                                          "as a power (可以, 有权, 酌情), not a duty; findings list them.")

    @model_validator(mode="after")
    def _discretionary_named(self) -> "Liability":
        named = set(self.sanctions) | {s for step in self.escalation for s in step.sanctions}
        stray = [s.value for s in self.discretionary if s not in named]
        if stray:
            raise ValueError(f"discretionary names measures the rule does not impose: {', '.join(stray)}")
        return self


Rule = Annotated[Union[Deadline, Recurring, Receipt, Responsibility, Statement, ShareClass, ClassRequirement, RequestPathRule,
                       OpeningRule, Liability], Field(discriminator="kind")]


class Opening(_Strict):
    """The opening clause of a liability article with items (有下列情形之一的，由…责令改正；拒不
    改正或者情节严重的，…依法给予处分): who answers, who enforces, what applies now and what
    follows, written once. The liability rules of its items name it with `opening`."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    party: Party | None = None
    enforcer: Party | None = None
    sanctions: list[Sanction] = Field(default_factory=list)
    escalation: list[Escalation] = Field(default_factory=list)
    discretionary: list[Sanction] = Field(default_factory=list)
    source: SourceRef | None = None


#: What a liability rule takes from its opening clause, unless it gives it itself.
OPENING_FIELDS = ("party", "enforcer", "sanctions", "escalation", "discretionary")


class PackFile(_Strict):
    """One YAML file: `pack:` metadata, the `openings` its liability rules share, and `rules:`."""

    pack: PackMeta
    openings: list[Opening] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _rule_ids(self) -> "PackFile":
        seen: set[str] = set()
        prefix = self.pack.id + "."
        for rule in self.rules:
            if not rule.id.startswith(prefix):
                raise ValueError(f"rule id {rule.id!r} must start with {prefix!r}")
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} is used twice")
            seen.add(rule.id)
        return self


def field_names() -> set[str]:
    """Every key the format knows, for did-you-mean suggestions."""
    names: set[str] = set()
    for model in (PackFile, PackMeta, PackDocument, Names, InForce, SourceRef, Reading,
                  EventMatch, Period, Extension, Exception_, Statement, Deadline, Recurring, Receipt, Responsibility,
                  ShareClass, ClassRequirement, RequestPathRule, OpeningRule, Classification, Combination,
                  DeadlineMatch, Evidence, Exemption, Escalation, Liability, Opening):
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return names

