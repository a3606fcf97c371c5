"""The compact record built directly equals the projection of the full result, on every record.

`regkit batch --record compact` builds each compact result from the history's decisions
(`compact.evaluate_compact`) without making the full result first. The reference is the
full result of `regkit.evaluate`'s lean entry, projected by `compact.compact_result`: the
two must be equal as data and as the JSON bytes batch writes, for histories drawn over
every bundled jurisdiction (tests/strategies.py) with adversarial shapes mixed in, both
layer choices, compare mode, and a hand-made history for each rare construct.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from regkit.batch import Options, encode_line, evaluate_record, record_json
from regkit.calendar import default_calendar
from regkit.compact import compact_result, evaluate_compact
from regkit.engine.evaluate import evaluate_parsed
from regkit.engine.plan import plan_for
from regkit.errors import RegkitError
from regkit.history import parse_events
from strategies import JURISDICTIONS, histories

_CAL = default_calendar()


def _both(jurisdiction: str, events: list[dict], as_of: date, layers: str = "all"):
    """(direct, projected) compact results, or the error each raised."""
    plan = plan_for(jurisdiction, layers)
    parsed = parse_events(events)
    out = []
    for make in (lambda: evaluate_compact(parsed, plan, as_of, _CAL),
                 lambda: compact_result(evaluate_parsed(parsed, plan, as_of, _CAL))):
        try:
            out.append(make())
        except RegkitError as exc:
            out.append((type(exc).__name__, str(exc)))
    return out


def _assert_same(jurisdiction: str, events: list[dict], as_of: date, layers: str = "all") -> dict:
    direct, projected = _both(jurisdiction, events, as_of, layers)
    assert direct == projected
    if isinstance(direct, dict):
        assert record_json({"result": direct}) == record_json({"result": projected})
    return direct


#: Where an event may be moved, from (the first event's day, its own day, a drawn number).
_MOVES = {
    "same_day": lambda first, day, n: first,
    "year_end": lambda first, day, n: date(day.year, 12, 24 + n % 8),
    "provisional": lambda first, day, n: date(2026, 12, 20) + timedelta(days=n % 41),  # unannounced days
}


@st.composite
def _shaken(draw, events: list[dict]) -> list[dict]:
    """Some events moved onto one day, to a year end or into an unannounced year; grants at or
    past the cap; the order shuffled (the engine sorts stably by date)."""
    events = [dict(e) for e in events]
    first = date.fromisoformat(events[0]["date"])
    for position, move, number in draw(st.lists(st.tuples(st.integers(0, len(events) - 1),
                                                          st.sampled_from(sorted(_MOVES)), st.integers(0, 99)),
                                                max_size=3)):
        event = events[position]
        event["date"] = _MOVES[move](first, date.fromisoformat(event["date"]), number).isoformat()
    for event in events:
        if event["type"].endswith("extension_granted") and draw(st.booleans()):
            event["amount"] = draw(st.sampled_from([1, 10, 15, 30, 60]))
    random.Random(draw(st.integers(0, 2**16))).shuffle(events)
    return events


@st.composite
def _cases(draw):
    jurisdiction = draw(st.sampled_from(JURISDICTIONS))
    events = draw(_shaken(draw(histories(jurisdiction))))
    days = sorted(date.fromisoformat(e["date"]) for e in events)
    # an as_of among the events (a cut-off), a little after, or long after
    as_of = draw(st.sampled_from(days) | st.sampled_from(days).map(lambda d: d + timedelta(days=40))
                 | st.just(date(2026, 12, 31)))
    return jurisdiction, events, as_of, draw(st.sampled_from(["all", "all", "local"]))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_cases())
def test_direct_compact_equals_the_projection(case):
    _assert_same(*case)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(_cases(), st.integers(1, 10**6))
def test_batch_lines_are_the_projected_bytes(case, number):
    jurisdiction, events, as_of, layers = case
    line = json.dumps({"id": number, "jurisdiction": jurisdiction, "as_of": as_of.isoformat(), "events": events},
                      ensure_ascii=False)
    options = Options(record="compact", layers=layers)
    written, ok = encode_line(line.encode("utf-8"), number, options)
    full, full_ok = evaluate_record(line, Options(layers=layers))
    expected = {"record": "compact", "id": number, "line": number}
    if "result" in full:
        expected["result"] = compact_result(full["result"])
    else:
        expected.update(error=full["error"], error_type=full["error_type"])
    assert (written, ok) == (record_json(expected).encode("utf-8"), full_ok)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(_cases())
def test_compare_records_are_the_projection_per_jurisdiction(case):
    _jurisdiction, events, as_of, _layers = case
    item = {"as_of": as_of.isoformat(), "events": events}
    direct, ok = evaluate_record(dict(item), Options(record="compact", compare=True))
    full, full_ok = evaluate_record(dict(item), Options(compare=True))
    assert ok == full_ok
    assert direct["results"] == {j: r if "error" in r else compact_result(r) for j, r in full["results"].items()}


# ---- the rare constructs, each in a history of its own ------------------------------------------

def _catalog(day: str, subject: str = "c") -> dict:
    return {"type": "catalog.change", "date": day, "subject": subject}


RARE = {
    # events after as_of (a warning and a cut), an extension past the cap and one after the due date
    "cut_and_capped": ("hebei", [
        _catalog("2026-03-02"),
        {"type": "catalog.extension_granted", "date": "2026-03-05", "subject": "c", "amount": 10},
        {"type": "catalog.extension_granted", "date": "2026-03-06", "subject": "c", "amount": 10},
        {"type": "catalog.extension_granted", "date": "2026-05-30", "subject": "c"},
        {"type": "catalog.updated", "date": "2026-06-30", "subject": "c"},
        _catalog("2026-12-01", "later"),
    ], "2026-11-22"),
    # a count running into the unannounced year: provisional, with its range
    "provisional": ("cn", [_catalog("2026-12-28")], "2026-12-31"),
    # a refusal without reasons, rectification refused (escalation), an exemption flag
    "escalation_and_exemption": ("hebei", [
        {"type": "request.submitted", "date": "2026-03-02", "subject": "r", "share_type": "conditional"},
        {"type": "request.forwarded", "date": "2026-03-03", "subject": "r"},
        {"type": "request.replied", "date": "2026-04-30", "subject": "r", "decision": "refuse",
         "just_cause": "系统升级"},
        {"type": "rectification.ordered", "date": "2026-05-06", "subject": "r", "due": "2026-05-20"},
        {"type": "rectification.refused", "date": "2026-05-08", "subject": "r"},
    ], "2026-11-22"),
    # classifications (valid and not), which also meet a laxer-basis conflict where a pack has one
    "classified": ("shandong", [
        {"type": "data.classified", "date": "2026-03-02", "subject": "d", "share_type": "conditional",
         "legal_basis": "none"},
        {"type": "data.classified", "date": "2026-03-02", "subject": "e", "share_type": "not_shared",
         "legal_basis": "law"},
    ], "2026-11-22"),
    # a monthly duty (its month covered, a due day off work with the rejected reading's date), late and
    # missing reports, and a records period cut short (a breach no liability rule covers everywhere)
    "monthly_and_breach": ("jinzhong", [
        {"type": "provision.started", "date": "2026-01-10", "subject": "m", "method": "file_upload"},
        {"type": "report.submitted", "date": "2026-02-04", "subject": "m", "period": "2026-01"},
        {"type": "report.submitted", "date": "2026-04-20", "subject": "m", "period": "2026-03"},
        {"type": "request.delivered", "date": "2026-03-02", "subject": "y"},
        {"type": "records.destroyed", "date": "2026-03-10", "subject": "y"},
    ], "2026-06-30"),
}


@pytest.mark.parametrize("name", sorted(RARE))
@pytest.mark.parametrize("layers", ["all", "local"])
def test_rare_constructs(name, layers):
    jurisdiction, events, as_of = RARE[name]
    for other in JURISDICTIONS:  # the same history under every jurisdiction
        _assert_same(other, events, date.fromisoformat(as_of), layers)
    result = _assert_same(jurisdiction, events, date.fromisoformat(as_of), layers)
    assert isinstance(result, dict), result


def test_rare_constructs_are_reached():
    """The hand-made histories reach what they are for (else the test above proves less)."""
    def result(name):
        jurisdiction, events, as_of = RARE[name]
        return _assert_same(jurisdiction, events, date.fromisoformat(as_of))
    cut = result("cut_and_capped")
    assert {w["code"] for w in cut["warnings"]} >= {"events_after_as_of", "extension_capped"}
    assert any(d["provisional"] and "provisional_range" in d for d in result("provisional")["deadlines"])
    findings = result("escalation_and_exemption")["findings"]
    assert any(f["escalated_upon"] for f in findings) and any(f["exemptions"] for f in findings)
    assert result("classified")["classifications"]
    monthly = result("monthly_and_breach")
    assert any("covers" in d for d in monthly["deadlines"]) and any("alternative" in d for d in monthly["deadlines"])
    assert any(d["status"] == "breached" for d in monthly["deadlines"])


def test_every_responsibility_and_breach_is_the_projection():
    """Findings that are not a liability rule's: who bears an outcome (an event with a role) and
    a minimum period cut short, under every jurisdiction."""
    events = [{"type": "security.incident", "date": "2026-03-02", "subject": "x", "role": role}
              for role in ("provider", "requester", "platform", "authority")]
    events += [{"type": "request.delivered", "date": "2026-03-02", "subject": "y"},
               {"type": "records.destroyed", "date": "2026-03-10", "subject": "y"},
               {"type": "logs.deleted", "date": "2026-03-10", "subject": "y"},
               {"type": "resource.replacement_available", "date": "2026-03-02", "subject": "z"},
               {"type": "resource.retired", "date": "2026-03-05", "subject": "z"}]
    kinds, breached = set(), False
    for jurisdiction in JURISDICTIONS:
        for layers in ("all", "local"):
            result = _assert_same(jurisdiction, events, date(2026, 11, 22), layers)
            kinds |= {f["kind"] for f in result["findings"]}
            breached |= any(d["status"] == "breached" for d in result["deadlines"])
    assert "responsibility" in kinds and "violation" in kinds and breached


def test_the_direct_result_is_the_callers_own():
    """Changing one compact result changes no later one (nothing compiled is handed out)."""
    jurisdiction, events, as_of = RARE["escalation_and_exemption"]
    first = _assert_same(jurisdiction, events, date.fromisoformat(as_of))
    before = json.dumps(first, sort_keys=True)
    for finding in first["findings"]:
        finding["sanctions"].append("changed")
        finding["evidence"]["changed"] = True
    first["receipt"]["calendar"]["changed"] = True
    first["receipt"]["packs"][0]["id"] = "changed"
    again = _assert_same(jurisdiction, events, date.fromisoformat(as_of))
    assert json.dumps(again, sort_keys=True) == before
