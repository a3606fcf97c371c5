"""Evaluation pauses Python's cyclic collector, and always leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

import regkit
from regkit.history import parse_events


def _long_history(lifecycles: int = 300) -> list[dict]:
    # 300 catalog lifecycles, 3 events each: thousands of result containers, far past the
    # collector's first threshold (700 allocations), so a running collector would run here
    events = []
    for n in range(lifecycles):
        subject = f"catalog-{n}"
        events += [{"type": "catalog.change", "date": "2026-03-02", "subject": subject},
                   {"type": "catalog.updated", "date": "2026-03-10", "subject": subject},
                   {"type": "catalog.published", "date": "2026-03-11", "subject": subject}]
    return events


def test_no_collection_runs_while_a_long_history_is_evaluated():
    parsed = parse_events(_long_history())
    regkit.evaluate(parsed[:3], jurisdiction="hebei", as_of="2026-11-22")  # packs loaded before counting
    runs = []

    def count(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        result = regkit.evaluate(parsed, jurisdiction="hebei", as_of="2026-11-22")
    finally:
        gc.callbacks.remove(count)
    assert len(result["deadlines"]) >= 900  # the history did build thousands of containers
    assert runs == []
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off():
    gc.disable()
    try:
        regkit.evaluate(_long_history(3), jurisdiction="hebei", as_of="2026-11-22")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_back_on_after_an_error():
    with pytest.raises(regkit.HistoryError, match="after the last day of the working-day calendar"):
        regkit.evaluate(_long_history(3), jurisdiction="hebei", as_of="2099-01-01")
    assert gc.isenabled()
