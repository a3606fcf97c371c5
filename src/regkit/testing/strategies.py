"""Hypothesis strategies for regkit: dates, events, histories and malformed input.

For regkit's own property tests and for a pack author's (docs/testing.md). Everything
about events is derived from `regkit.model.events.EVENT_ATTRIBUTES` and the packs, never
copied, so a new event type or rule is generated as soon as it exists. A history is
drawn for a jurisdiction of any library:

    from regkit.testing.strategies import histories
    library = regkit.Library.from_paths("my-rules")
    @given(histories("mycity", library=library))
    def test_mine(events): regkit.Engine(library).evaluate(events, jurisdiction="mycity", as_of=...)

Events are plain mappings, shaped like a history file's (docs/design.md, Events), with ISO dates.
"""

from __future__ import annotations

import types as _types
import typing
from datetime import date, timedelta
from typing import Any, Iterable

from hypothesis import strategies as st

from ..calendar import default_calendar
from ..model.events import EVENT_ATTRIBUTES, FLAGS
from ..model.packs import Deadline, Recurring
from ..packs import bundled_packs, lineage
from ..vocabulary import EVENT_TYPES
from .invariants import matching_event

__all__ = [
    "ANNOUNCED_FIRST", "ANNOUNCED_LAST", "JURISDICTIONS", "announced_dates", "as_of_dates", "as_of_near",
    "attribute_values", "evaluations", "event_attributes", "events", "histories", "json_values",
    "jurisdiction_histories", "malformed_events", "malformed_texts", "matching_event", "months",
    "obligation_rules", "subjects",
]

_CAL = default_calendar()
#: The span of the State Council's announced schedules the calendar holds (no provisional day).
ANNOUNCED_FIRST: date = _CAL.first_day
ANNOUNCED_LAST: date = _CAL.official_through
#: Every bundled jurisdiction, national first.
JURISDICTIONS: tuple[str, ...] = tuple(sorted(bundled_packs(), key=lambda j: (j != "cn", j)))


def announced_dates(min_value: date | None = None, max_value: date | None = None) -> st.SearchStrategy[date]:
    """Dates in years with an announced holiday schedule (clipped to them)."""
    lo = max(min_value or ANNOUNCED_FIRST, ANNOUNCED_FIRST)
    hi = min(max_value or ANNOUNCED_LAST, ANNOUNCED_LAST)
    return st.dates(min_value=lo, max_value=hi)


def as_of_near(events: list[dict[str, Any]], reach: int = 400) -> st.SearchStrategy[date]:
    """An `as_of` where a history is interesting: from just before one of its events to `reach`
    days after it (so its duties are pending, met, late or overdue, not all in the future)."""
    days = sorted({event["date"] for event in events}) or [ANNOUNCED_LAST.isoformat()]
    offsets = st.integers(min_value=-5, max_value=30) | st.integers(min_value=0, max_value=reach)
    return st.builds(lambda day, k: min(date.fromisoformat(day) + timedelta(days=k), _CAL.last_day),
                     st.sampled_from(days), offsets)


def as_of_dates() -> st.SearchStrategy[date]:
    """An `as_of` that may reach into unannounced years (answers there are flagged provisional)."""
    return st.dates(min_value=date(2020, 1, 1), max_value=ANNOUNCED_LAST + timedelta(days=400))


def months() -> st.SearchStrategy[str]:
    """A month as YYYY-MM, the form of `report.submitted.period`."""
    return st.builds(lambda d: f"{d.year:04d}-{d.month:02d}", announced_dates())


def subjects() -> st.SearchStrategy[str]:
    """Subject names: short, some Chinese, never empty."""
    return st.sampled_from(["default", "catalog", "req-1", "req-2", "质量-1", "登记注册科"]) | st.text(
        alphabet="abcxyz-政务数据0123456789", min_size=1, max_size=8)


# Constraints a validator enforces beyond the type annotation (model/events.py).
_BY_VALIDATOR: dict[tuple[str, str], st.SearchStrategy] = {("report.submitted", "period"): months()}


def attribute_values(annotation: Any) -> st.SearchStrategy:
    """Valid values of one attribute, read off its type annotation."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        base, *meta = args
        if base is int:
            lo = max([getattr(m, "ge", 0) for m in meta] + [getattr(m, "gt", -1) + 1 for m in meta
                                                              if hasattr(m, "gt")] + [0])
            return st.integers(min_value=lo, max_value=lo + 30)
        return attribute_values(base)
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, _types.UnionType):
        return st.one_of([attribute_values(arm) for arm in args])
    if annotation is type(None):
        return st.none()
    if annotation is bool:
        return st.booleans()
    if annotation is int:  # unbounded in the model: negative values are valid input too
        return st.integers(min_value=-10, max_value=40)
    if annotation is str:
        return st.text(min_size=1, max_size=12)
    if annotation is date:
        return announced_dates().map(date.isoformat)
    raise TypeError(f"no strategy for attribute type {annotation!r}: extend attribute_values")


def event_attributes(event_type: str) -> st.SearchStrategy[dict[str, Any]]:
    """The type-specific attributes of `event_type`: required ones always, optional ones sometimes."""
    required, optional = {}, {}
    for name, (annotation, default) in EVENT_ATTRIBUTES[event_type].items():
        values = _BY_VALIDATOR.get((event_type, name))
        values = attribute_values(annotation) if values is None else values
        (required if default is ... else optional)[name] = values
    return st.fixed_dictionaries(required, optional=optional)


_FLAG_VALUES = {"serious": st.booleans(), "just_cause": st.text(min_size=1, max_size=8),
                "due_care": st.booleans(), "force_majeure": st.booleans()}
assert set(_FLAG_VALUES) == set(FLAGS), "a flag was added to model.events: give it a strategy here"


@st.composite
def events(draw, types: Iterable[str] | None = None, dates: st.SearchStrategy[date] | None = None,
           subject: st.SearchStrategy[str] | None = None, flags: bool = True) -> dict[str, Any]:
    """One valid event of any type (or of `types`), with valid attributes."""
    event_type = draw(st.sampled_from(sorted(types or EVENT_TYPES)))
    event = {"type": event_type,
             "date": draw(announced_dates() if dates is None else dates).isoformat(),
             "subject": draw(subjects() if subject is None else subject)}
    event.update(draw(event_attributes(event_type)))
    if flags:
        event.update(draw(st.fixed_dictionaries({}, optional=_FLAG_VALUES)))
    return event


def obligation_rules(jurisdiction: str, library: Any = None) -> list[Deadline | Recurring]:
    """The time-limit rules (deadlines and recurring duties) binding `jurisdiction`, all layers,
    in `library` (default: the one answering now)."""
    chain = library.lineage(jurisdiction) if library is not None else lineage(jurisdiction)
    return [rule for pack in chain for rule in pack.rules if isinstance(rule, (Deadline, Recurring))]


@st.composite
def _flow(draw, rule: Deadline | Recurring, subject: str, start: date, end: date) -> list[dict]:
    """Events one obligation needs: its trigger, then perhaps a grant and a completion after it."""
    day = draw(st.dates(min_value=start, max_value=end))
    if isinstance(rule, Recurring):
        out = [matching_event(rule.starts_with, day, subject)]
        for offset in draw(st.lists(st.integers(0, 400), max_size=4)):
            done = day + timedelta(days=offset)
            covers = draw(st.sampled_from([done - timedelta(days=20), done - timedelta(days=40)]))
            out.append(matching_event(rule.done_by, done, subject, period=f"{covers:%Y-%m}"))
        return out
    trigger = matching_event(rule.trigger, day, subject)
    trigger.update({k: v for k, v in draw(event_attributes(rule.trigger.event)).items()
                    if k not in rule.trigger.where and k not in rule.trigger.absent})
    out = [trigger]
    span = 4 * 366 if rule.bound == "minimum" else 60  # long periods need long gaps to be reached
    if rule.extension is not None and draw(st.booleans()):
        grant = {"amount": draw(attribute_values(EVENT_ATTRIBUTES[rule.extension.granted_by.event]["amount"][0]))}
        out.append(matching_event(rule.extension.granted_by, day + timedelta(days=draw(st.integers(0, 30))),
                                  subject, **grant))
    if rule.done_by_all and draw(st.integers(0, 3)):  # usually done, sometimes never
        done = draw(st.sampled_from(rule.done_by_all))
        near_end = _period_end(rule, day) + timedelta(days=draw(st.integers(-3, 5)))
        when = draw(st.just(max(near_end, day)) | st.integers(0, span).map(lambda k: day + timedelta(days=k)))
        out.append(matching_event(done, when, subject))
    return out


def _period_end(rule: Deadline, day: date) -> date:
    """Roughly where the period ends (no extension): completions are drawn around it, where
    met turns into late and the calendar's days off matter most."""
    amount, unit = rule.period.amount, rule.period.unit.value
    if unit == "working_days":
        return _CAL.add_working_days(day, amount)
    if unit in ("months", "years"):
        return _CAL.add_months(day, amount * (12 if unit == "years" else 1))
    return day + timedelta(days=amount)


@st.composite
def histories(draw, jurisdiction: str, *, start: date | None = None, end: date | None = None,
              max_subjects: int = 3, noise: bool = True, library: Any = None) -> list[dict[str, Any]]:
    """A history that makes sense under `jurisdiction`: per subject, flows of the rules that bind
    it (a trigger, then its completion or grant, never before it), plus some unrelated events.
    `library`: where `jurisdiction` is (default: the library answering when drawn).

    Dates lie in [start, end] (default: 2025-06-01, two months before the national regulation,
    to the last announced day); a completion or grant may fall later. The list comes in date order.
    """
    start = start or date(2025, 6, 1)
    end = end or ANNOUNCED_LAST
    rules = obligation_rules(jurisdiction, library)
    names = draw(st.lists(subjects(), min_size=1, max_size=max_subjects, unique=True))
    out: list[dict[str, Any]] = []
    for subject in names:
        for rule in draw(st.lists(st.sampled_from(rules), min_size=1, max_size=3)):
            out += draw(_flow(rule, subject, start, end))
        if noise:
            out += draw(st.lists(events(dates=st.dates(min_value=start, max_value=end),
                                        subject=st.just(subject)), max_size=2))
    out.sort(key=lambda e: e["date"])  # stable: a flow's same-day events keep trigger first
    return out


def jurisdiction_histories(jurisdictions: Iterable[str] = JURISDICTIONS, **kw: Any):
    """(jurisdiction, history) pairs, over every bundled jurisdiction by default."""
    return st.sampled_from(tuple(jurisdictions)).flatmap(lambda j: st.tuples(st.just(j), histories(j, **kw)))


@st.composite
def evaluations(draw, jurisdictions: Iterable[str] = JURISDICTIONS, **kw: Any):
    """(jurisdiction, history, as_of) with `as_of` near the history's events (as_of_near)."""
    jurisdiction, events = draw(jurisdiction_histories(jurisdictions, **kw))
    return jurisdiction, events, draw(as_of_near(events))


# ---- malformed input ------------------------------------------------------------------------

def json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """Any JSON value (what a history file parsed as JSON can hold)."""
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=max_leaves)


def _break(event: dict) -> st.SearchStrategy[dict]:
    """Ways to spoil one valid event: each must be refused with an error naming it."""
    def without(key):
        return {k: v for k, v in event.items() if k != key}
    spoilt = [
        without("date"), without("type"),
        {**event, "type": event["type"] + "x"},
        {**event, "date": "2026-02-30"}, {**event, "date": "26-1-1"}, {**event, "date": 20260101},
        {**event, "unknown_key": 1}, {**event, "subject": ""}, {**event, "subject": 7},
        {**event, "role": "king"},
    ]
    required = [n for n, (_, d) in EVENT_ATTRIBUTES[event["type"]].items() if d is ...]
    spoilt += [without(name) for name in required]
    spoilt += [{**event, name: [1, 2]} for name in EVENT_ATTRIBUTES[event["type"]]]
    return st.sampled_from(spoilt)


def malformed_events() -> st.SearchStrategy[dict]:
    """An event that is invalid in exactly one documented way."""
    return events().flatmap(_break)


def malformed_texts() -> st.SearchStrategy[str]:
    """YAML/JSON texts that break the loader's rules: duplicate keys, tags, aliases, syntax."""
    return st.sampled_from([
        "a: 1\na: 2\n", "events: !!python/object/apply:os.system ['true']\n", "a: &x [1]\nb: *x\n",
        "events: [\n", "{\"events\": [}\n", "events:\n  - {type: catalog.change, date: 2026-02-30}\n",
        "- - - [\n", "\t- x\n", "events: {}\n", "? [a, b]\n: 1\n", "%YAML 9.9\n---\na: 1\n",
        "!!binary xyz\n", "--- a\n--- b\n",
    ]) | st.text(max_size=60)
