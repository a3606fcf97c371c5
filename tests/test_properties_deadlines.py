"""Properties of single deadlines that the law and the calendar guarantee, for any history.

Each test states a rule of counting (docs/design.md, Counting, docs/deadlines.md); hypothesis looks
for a history that breaks it. Examples per test: the hypothesis profile (conftest.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from regkit import Engine, evaluate
from regkit.calendar import default_calendar
from regkit.model.events import EVENT_ATTRIBUTES
from regkit.model.packs import Deadline
from regkit.packs import bundled_packs
from regkit.testing import check_extension, check_result, check_trigger_order
from strategies import ANNOUNCED_LAST, attribute_values, evaluations, matching_event

CAL = default_calendar()
ENGINE = Engine()
#: (jurisdiction, rule) for every deadline of every bundled pack.
DEADLINES = [(pack.id, rule) for pack in bundled_packs().values() for rule in pack.rules
             if isinstance(rule, Deadline)]
EXTENDABLE = [(j, rule) for j, rule in DEADLINES if rule.extension is not None]
trigger_days = st.dates(min_value=date(2020, 1, 1), max_value=ANNOUNCED_LAST)


def _entry(jurisdiction: str, rule: Deadline, events: list[dict], as_of: date) -> dict:
    result = evaluate(events, jurisdiction=jurisdiction, as_of=as_of, layers="local")
    (entry,) = [d for d in result["deadlines"] if d["rule"] == rule.id]
    return entry


@given(evaluations())
def test_a_working_day_due_date_is_a_working_day_and_late_by_is_zero_exactly_when_on_time(case):
    """"N个工作日内" ends at the end of the N-th working day after the trigger (docs/design.md, Counting), and an
    extension adds working days to it: the due date of a working-day period is never a day off.
    A duty done by 24:00 of its due date is on time; done or still undone after it, it is late by
    at least one unit of its period, never by zero; a minimum period is never late, only breached
    (both: regkit.testing.check_result)."""
    jurisdiction, events, as_of = case
    assert check_result(evaluate(events, jurisdiction=jurisdiction, as_of=as_of), CAL) == []


@given(st.sampled_from(DEADLINES), trigger_days)
def test_a_later_trigger_never_gives_an_earlier_due_date(case, first):
    """A period counted from a later day ends no earlier (自X之日起: the end moves with X); for a
    minimum period (不少于) the earliest permitted date does not move back either. Checked for
    every trigger day of a fortnight, so every weekday and most holiday edges are crossed."""
    jurisdiction, rule = case
    assert check_trigger_order(ENGINE, jurisdiction, rule, first, days=15) == []


@given(st.sampled_from(EXTENDABLE), trigger_days, st.integers(0, 40), st.data())
def test_an_extension_never_shortens_nor_exceeds_the_maximum(case, day, after, data):
    """An extension counts from the original due date and never exceeds the maximum the article
    allows (cn art. 17, 21; hebei art. 9, 16): the due date can only move later, and at most
    by the maximum."""
    jurisdiction, rule = case
    grant_type = rule.extension.granted_by.event
    amount = data.draw(attribute_values(EVENT_ATTRIBUTES[grant_type]["amount"][0]), label="amount")
    assert check_extension(ENGINE, jurisdiction, rule, day, after, amount) == []


@given(st.sampled_from([(j, r) for j, r in DEADLINES if r.bound == "deadline"]), trigger_days)
def test_late_by_around_the_due_date(case, day):
    """The same statement, swept over every completion day (and every as_of without one) from two
    days before the due date to ten after: days off right after a due date are the edge."""
    jurisdiction, rule = case
    trigger = matching_event(rule.trigger, day)
    due = _entry(jurisdiction, rule, [trigger], day)["due"]
    assume(due is not None)
    for offset in range(-2, 11):
        when = date.fromisoformat(due) + timedelta(days=offset)
        if when < day:  # a same-day duty: nothing before its trigger
            continue
        done = _entry(jurisdiction, rule, [trigger, matching_event(rule.done_by_all[0], when)], when)
        undone = _entry(jurisdiction, rule, [trigger], when)
        in_time = offset <= 0
        assert (done["status"] == "met") == in_time and (done["late_by"] == 0) == in_time, done
        assert (undone["status"] == "pending") == in_time and (undone["late_by"] == 0) == in_time, undone
