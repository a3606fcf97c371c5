"""Properties of whole evaluations: time, order, independence of subjects, and layers.

Each test states what the law or docs/design.md (Events, Results, Hierarchy and time)
guarantees about a history as a whole; hypothesis looks for a history that breaks it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from regkit import conflicts, evaluate, to_json
from regkit.model.packs import Deadline
from regkit.packs import bundled_packs
from strategies import JURISDICTIONS, as_of_near, evaluations, histories

RULES = {rule.id: rule for pack in bundled_packs().values() for rule in pack.rules}
LOCAL = [j for j in JURISDICTIONS if bundled_packs()[j].meta.parent is not None]


def _keyed(deadlines: list[dict]) -> dict[tuple, dict]:
    """Entries by what identifies them across evaluations: rule, subject, trigger (its type and
    date: the receipt it names may be shown only on a later day, as a forwarding after the
    request), month covered, and the rank among otherwise equal ones."""
    seen: Counter = Counter()
    out = {}
    for d in deadlines:
        trigger = {"type": d["trigger"]["type"], "date": d["trigger"]["date"]}
        key = (d["rule"], d["subject"], json.dumps(trigger, sort_keys=True), (d["period"] or {}).get("covers"))
        out[key + (seen[key],)] = d
        seen[key] += 1
    return out


@given(evaluations(), st.lists(st.integers(0, 400), min_size=1, max_size=4))
def test_status_is_consistent_with_as_of(case, later_by):
    """Time only moves forward: a duty overdue on one day is overdue or (once done) late on any
    later day, never pending again; a duty done (met or late) stays as it was, because the
    completion and every grant before it are already in the history (docs/design.md, Counting). A minimum
    period that has run out stays met: an act after it is permitted."""
    jurisdiction, events, day1 = case
    earlier = _keyed(evaluate(events, jurisdiction=jurisdiction, as_of=day1)["deadlines"])
    for day2 in sorted(day1 + timedelta(days=k) for k in later_by):
        later = _keyed(evaluate(events, jurisdiction=jurisdiction, as_of=day2)["deadlines"])
        for key, before in earlier.items():
            after = later[key]  # a trigger considered on day1 is considered on day2
            if before["status"] == "overdue":
                assert after["status"] in ("overdue", "late"), (before, after)
            if before["completed_on"] is not None:  # the act is in the history: it stays as judged
                # not `due`: a grant dated after a met duty's completion still extends it (noted
                # for the lead); it cannot change the status, as a grant must precede the due date
                fields = ("status", "earliest", "completed_on", "late_by")
                assert [before[f] for f in fields] == [after[f] for f in fields], (before, after)
            elif before["status"] == "met":  # a minimum period that has run out: no act can breach it
                assert after["status"] == "met", (before, after)


def _date_preserving_shuffle(events: list[dict], order: list[str]) -> list[dict]:
    """Reorder `events` so their dates come in `order`, same-date events keeping their order."""
    queues: dict[str, list[dict]] = {}
    for event in events:
        queues.setdefault(event["date"], []).append(event)
    return [queues[day].pop(0) for day in order]


def _without_positions(result: dict) -> str:
    """The result with every reference to an event's position in the input removed."""
    text = to_json(result)
    text = re.sub(r'"(index|event)": \d+', r'"\1": "#"', text)
    return re.sub(r"event \d+", "event #", text)


@given(evaluations(), st.data())
def test_evaluation_is_deterministic_and_independent_of_event_order(case, data):
    """A history is a set of dated events in any order (docs/design.md, Events): the engine sorts by date, and
    only events on the same date keep the order given (the documented stable tie-break). So any
    reordering that keeps same-date events in order gives the same result, byte for byte apart
    from the events' positions, and the same input always gives the same JSON (docs/design.md, Results)."""
    jurisdiction, events, as_of = case
    order = data.draw(st.permutations([e["date"] for e in events]), label="date order")
    shuffled = _date_preserving_shuffle(events, order)
    first = evaluate(events, jurisdiction=jurisdiction, as_of=as_of)
    assert to_json(first) == to_json(evaluate(events, jurisdiction=jurisdiction, as_of=as_of))
    assert _without_positions(first) == _without_positions(
        evaluate(shuffled, jurisdiction=jurisdiction, as_of=as_of))


def _of_subjects(result: dict, subjects: set[str]) -> dict:
    return {key: [item for item in result[key] if item["subject"] in subjects]
            for key in ("deadlines", "findings", "classifications")}


@given(st.sampled_from(JURISDICTIONS).flatmap(lambda j: st.tuples(st.just(j), histories(j), histories(j))),
       st.data())
def test_another_subjects_events_change_nothing(case, data):
    """Obligations attach to the trigger's subject and only events of that subject fulfil, extend
    or escalate them (docs/events.md): adding the events of unrelated subjects leaves every
    deadline, finding and classification of the others as it was."""
    jurisdiction, mine, theirs = case
    shift = data.draw(st.integers(-30, 30), label="shift")  # look-alikes of my events, moved in time
    theirs = theirs + [{**event, "date": (date.fromisoformat(event["date"]) + timedelta(days=shift)).isoformat()}
                       for event in mine]
    as_of = data.draw(as_of_near(mine + theirs), label="as_of")
    theirs = [{**event, "subject": "other:" + event["subject"]} for event in theirs]
    subjects = {event["subject"] for event in mine}
    alone = evaluate(mine, jurisdiction=jurisdiction, as_of=as_of)
    together = evaluate(mine + theirs, jurisdiction=jurisdiction, as_of=as_of)
    assert _of_subjects(alone, subjects) == _of_subjects(together, subjects)


def _obligation(entry: dict, rank: int) -> tuple:
    """One obligation across layers (docs/deadlines.md, Layers): kind, party, subject, the event
    that fulfils it, and which occurrence of its trigger in the subject (or the month covered)."""
    rule = RULES[entry["rule"]]
    done = rule.done_by_all[0].event if isinstance(rule, Deadline) else rule.done_by.event
    cycle = entry["period"].get("covers") or rank
    return entry["kind"], entry["party"], entry["subject"], done, cycle


@given(evaluations(LOCAL))
def test_the_binding_due_date_is_never_later_than_any_layers(case):
    """When several layers set a period for the same obligation, all apply and the earliest due
    date binds (docs/design.md, Hierarchy and time): the binding entry's due date is no later
    than any layer's, and every obligation has one. For a minimum period the latest earliest-permitted date binds."""
    jurisdiction, events, as_of = case
    groups: dict[tuple, list[dict]] = {}
    ranks: Counter = Counter()
    for entry in evaluate(events, jurisdiction=jurisdiction, as_of=as_of)["deadlines"]:
        rank = ranks[entry["rule"], entry["subject"]]
        ranks[entry["rule"], entry["subject"]] += 1
        if entry["status"] != "not_applicable":
            groups.setdefault(_obligation(entry, rank), []).append(entry)
    for members in groups.values():
        binding = [m for m in members if m["binding"]]
        assert binding, members
        for b in binding:
            for m in members:
                if m["bound"] == "minimum":
                    assert b["earliest"] >= m["earliest"], members
                else:
                    assert b["due"] <= m["due"], members


def _in_force(pack, rule, day: date) -> bool:
    """Read from the pack model itself, not from the conflict record under test."""
    interval = rule.in_force or pack.meta.in_force
    return interval.from_ is not None and interval.contains(day)


_RULES = {rule.id: (pack, rule) for pack in bundled_packs().values() for rule in pack.rules}


def _ancestors(pack_id: str) -> list[str]:
    chain, parent = [], bundled_packs()[pack_id].meta.parent
    while parent is not None:
        chain.append(parent)
        parent = bundled_packs()[parent].meta.parent
    return chain


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.sampled_from([None, *JURISDICTIONS]))
def test_every_conflict_cites_two_rules_in_force_a_higher_and_a_lower(on, jurisdiction):
    """docs/design.md, Hierarchy and time, lex superior: a conflict exists only between a rule and a rule of a higher
    layer that binds the same department, both in force on the day; the higher prevails."""
    for conflict in conflicts(jurisdiction, on=on):
        lower_pack, lower = _RULES[conflict["lower"]["rule"]]
        higher_pack, higher = _RULES[conflict["higher"]["rule"]]
        assert _in_force(lower_pack, lower, on) and _in_force(higher_pack, higher, on)
        assert higher_pack.id in _ancestors(lower_pack.id)
        assert conflict["prevails"] == higher.id


@given(evaluations())
def test_a_result_lists_only_conflicts_of_rules_it_applied(case):
    """A layered result reports a conflict only for a local rule it counted a deadline by (or
    a classification it judged), from a trigger on which both rules were in force."""
    jurisdiction, events, as_of = case
    result = evaluate(events, jurisdiction=jurisdiction, as_of=as_of)
    for conflict in result["conflicts"]:
        lower_pack, lower = _RULES[conflict["lower"]["rule"]]
        higher_pack, higher = _RULES[conflict["higher"]["rule"]]
        if conflict["kind"] == "laxer_basis":
            days = [date.fromisoformat(c["event"]["date"]) for c in result["classifications"]]
        else:
            days = [date.fromisoformat(d["trigger"]["date"]) for d in result["deadlines"]
                    if d["rule"] == lower.id and d["status"] != "not_applicable"]
        assert any(_in_force(lower_pack, lower, d) and _in_force(higher_pack, higher, d) for d in days)


def test_a_receipt_shown_later_keeps_the_duty_and_starts_its_period():
    """The case hypothesis found: Jinzhong art. 14 (a conditional request reaches the provider when
    the platform forwards it). Judged on Sat 16 Aug 2025 the request has no forwarding: the
    national reply duty has not begun (not_applicable). Judged on Tue 19 Aug, the forwarding of
    that day is its receipt: the same duty, now pending, counted from 19 Aug (Decree 809 art. 21:
    10 working days from receipt: 20-22, 25-29 Aug, 1-2 Sep -> Tue 2 Sep 2025)."""
    events = [{"type": "request.submitted", "date": "2025-08-16", "subject": "0", "share_type": "conditional"},
              {"type": "request.forwarded", "date": "2025-08-19", "subject": "0"}]
    before = _keyed(evaluate(events, jurisdiction="jinzhong", as_of=date(2025, 8, 16))["deadlines"])
    after = _keyed(evaluate(events, jurisdiction="jinzhong", as_of=date(2025, 8, 19))["deadlines"])
    [key] = [k for k in before if k[0] == "cn.request_reply_conditional"]
    assert before[key]["status"] == "not_applicable"
    assert (after[key]["status"], after[key]["due"]) == ("pending", "2025-09-02")
    assert after[key]["trigger"]["received"] == {"type": "request.forwarded", "date": "2025-08-19"}
