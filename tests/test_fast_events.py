"""The fast path of event parsing agrees with the pydantic models, and defers when unsure."""

from __future__ import annotations

import random
from datetime import date
from typing import Literal, get_args, get_origin

import pytest

from regkit.model._event_models import parse_with_models
from regkit.model._fast_events import fast_event
from regkit.model.events import EVENT_ATTRIBUTES
from regkit.model.parse import parse_event

_VALUES = {
    "share_type": "conditional", "decision": "refuse", "kind": "third_party", "method": "table",
    "result": "rejected", "legal_basis": "law", "open_type": "open", "period": "2026-03", "due": "2026-05-01",
    "amount": 5, "reason": "不在职责范围",
}


def _value(name: str, annotation):
    """A valid value: the table above, else the first of a closed list, else True."""
    if name in _VALUES:
        return _VALUES[name]
    if get_origin(annotation) is Literal:
        return get_args(annotation)[0]
    return True


def _full(event_type: str) -> dict:
    event = {"type": event_type, "date": "2026-04-30", "subject": "s-1", "actor": "某局", "role": "provider",
             "serious": True, "just_cause": "系统故障", "due_care": False}
    for name, (annotation, _default) in EVENT_ATTRIBUTES[event_type].items():
        event[name] = _value(name, annotation)
    return event


@pytest.mark.parametrize("event_type", sorted(EVENT_ATTRIBUTES))
def test_fast_path_equals_models(event_type):
    for raw in (_full(event_type), {"type": event_type, "date": date(2026, 4, 30),
                                    **{k: _value(k, a) for k, (a, d) in EVENT_ATTRIBUTES[event_type].items()
                                       if d is ...}}):
        fast = fast_event(raw, 3)
        assert fast is not None, raw
        assert fast == parse_with_models(raw, 3)


@pytest.mark.parametrize("change", [
    {"date": "2026-04-30T20:00:00+00:00"},  # a datetime: reduced in China time by the models
    {"date": "20260430"}, {"date": "2026-02-30"}, {"date": "２０２６-04-30"},
    {"serious": 1}, {"serious": "true"}, {"amount": True}, {"amount": "5"},
    {"subject": ""}, {"subject": 7}, {"role": "king"}, {"extra": 1}, {"period": "2026-13"},
])
def test_fast_path_defers_when_unsure(change):
    raw = {**_full("report.submitted"), "type": "report.submitted"}
    raw = {k: v for k, v in raw.items() if k in ("type", "date", "subject", "period")}
    raw.update(change)
    assert fast_event(raw, 0) is None
    try:  # and parse_event still answers exactly as the models do
        expected = parse_with_models(raw, 0)
    except Exception as exc:  # noqa: BLE001
        with pytest.raises(type(exc)) as info:
            parse_event(raw, 0)
        assert str(info.value) == str(exc)
    else:
        assert parse_event(raw, 0) == expected


def test_fast_path_on_random_events():
    rng = random.Random(17)
    for _ in range(500):
        event_type = rng.choice(sorted(EVENT_ATTRIBUTES))
        raw = {key: value for key, value in _full(event_type).items() if key == "type" or rng.random() < 0.7}
        raw.setdefault("date", "2026-01-05")
        try:
            expected = parse_with_models(raw, 1)
        except Exception:  # noqa: BLE001 - a required attribute left out: the fast path must decline
            assert fast_event(raw, 1) is None
            continue
        assert fast_event(raw, 1) == expected
