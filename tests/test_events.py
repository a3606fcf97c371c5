"""Events and histories: validation at the edge, errors that name the event."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from regkit import HistoryError, load_history
from regkit.history import parse_events
from regkit.model.events import EVENT_ATTRIBUTES
from regkit.model.parse import parse_event
from regkit.vocabulary import EVENT_TYPES

DOCS = Path(__file__).resolve().parents[1] / "docs" / "events.md"


def test_every_event_type_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    missing = [t for t in sorted(EVENT_TYPES) if f"| `{t}` |" not in text]
    assert missing == []


def test_every_attribute_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for event_type, attributes in EVENT_ATTRIBUTES.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{event_type}` |"))
        for name in attributes:
            assert f"`{name}`" in row, (event_type, name)


@pytest.mark.parametrize("raw, words", [
    ({"type": "request.submited", "date": "2026-09-28"},
     "event 3 (request.submited): unknown event type (did you mean 'request.submitted'?)"),
    ({"type": "request.submitted", "date": "2026-02-30", "share_type": "conditional"}, "event 3 (request.submitted): date"),
    ({"type": "request.submitted", "date": "2026-02-03"}, "missing attribute 'share_type'"),
    ({"type": "request.submitted", "date": "2026-02-03", "share_type": "conditional", "dedicate": True},
     "unknown attribute 'dedicate' (did you mean 'dedicated'?)"),
    ({"type": "request.submitted", "date": "2026-02-03", "share_type": "sometimes"}, "share_type"),
    ({"type": "report.submitted", "date": "2026-02-03", "period": "2026-13"}, "YYYY-MM"),
    ({"date": "2026-02-03"}, "event 3: missing 'type'"),
    ({"type": "catalog.change"}, "missing attribute 'date'"),
    ("catalog.change", "an event is a mapping"),
])
def test_bad_events_are_named(raw, words):
    with pytest.raises(HistoryError) as info:
        parse_event(raw, 3)
    assert words in str(info.value)


def test_datetimes_become_dates_in_china():
    utc_evening = datetime(2026, 9, 30, 17, 0, tzinfo=timezone.utc)  # 01:00 on 1 Oct in Beijing
    assert parse_event({"type": "catalog.change", "date": utc_evening}, 0).date == date(2026, 10, 1)
    assert parse_event({"type": "catalog.change", "date": "2026-09-30T17:00:00Z"}, 0).date == date(2026, 10, 1)
    naive = datetime(2026, 9, 30, 23, 0)  # taken as China time
    assert parse_event({"type": "catalog.change", "date": naive}, 0).date == date(2026, 9, 30)
    eight = timezone(timedelta(hours=8))
    assert parse_event({"type": "catalog.change", "date": datetime(2026, 9, 30, 23, tzinfo=eight)}, 0).date \
        == date(2026, 9, 30)


def test_sorting_is_stable_by_date():
    events = parse_events([
        {"type": "catalog.updated", "date": "2026-10-02", "subject": "b"},
        {"type": "catalog.change", "date": "2026-10-01", "subject": "a"},
        {"type": "catalog.updated", "date": "2026-10-01", "subject": "a"},
    ])
    assert [(e.index, e.type) for e in events] == [(1, "catalog.change"), (2, "catalog.updated"),
                                                   (0, "catalog.updated")]


def test_history_file_errors_name_file_line_and_event(write):
    path = write("h.yaml", """
        jurisdiction: cn
        events:
          - {type: catalog.change, date: 2026-09-28}
          - type: request.submitted
            date: 2026-09-29
    """)
    with pytest.raises(HistoryError) as info:
        load_history(path)
    assert info.value.line == 4
    assert "event 1 (request.submitted): missing attribute 'share_type'" in str(info.value)
    assert str(info.value).startswith(f"{path}:4")


def test_history_shapes(write):
    listed = load_history(write("l.yaml", "- {type: catalog.change, date: 2026-09-28}\n"))
    assert listed.jurisdiction is None and len(listed.events) == 1
    mapped = load_history(write("m.json", json.dumps(
        {"jurisdiction": "hebei", "as_of": "2026-11-22", "events": [{"type": "catalog.change", "date": "2026-09-28"}]})))
    assert (mapped.jurisdiction, mapped.as_of) == ("hebei", date(2026, 11, 22))
    with pytest.raises(HistoryError, match="unknown key 'event'"):
        load_history(write("x.yaml", "event: []\n"))
    with pytest.raises(HistoryError, match="malformed JSON"):
        load_history(write("y.json", "[{'type': 1}]"))
    with pytest.raises(HistoryError, match="as_of"):
        load_history(write("z.yaml", "as_of: soon\nevents: []\n"))
