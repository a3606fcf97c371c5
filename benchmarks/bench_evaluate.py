"""Time one evaluation of a typical history against one holidays look-up.

Run as `python benchmarks/bench_evaluate.py` (not collected by pytest). The typical
history is Hebei under Decree 809: eight events on three subjects (a catalog update
with an extension and a late submission, its review, a data-quality objection and
two events that trigger nothing), giving six deadline entries over both layers and
the findings of the late update and the unforwarded objection. The baseline is one
`holidays.China().get_nth_working_day(d, 10)` call, timed in the same process;
the target is a ratio of at least 1 (a whole history for the price of one look-up).

Three figures: `regkit.evaluate` on raw mappings (what a caller passes, validated
at the edge), on already parsed `Event`s, and the lean internal entry point
`engine.evaluate.evaluate_parsed` on parsed events with a compiled plan. Nothing
is cached across calls keyed on the input: every call evaluates from scratch.
"""

from __future__ import annotations

import sys
import time
from datetime import date

import holidays

import regkit
from regkit.history import parse_events

AS_OF = "2026-11-22"
HISTORY = [
    {"type": "catalog.change", "date": "2026-09-28", "subject": "catalog-1", "actor": "省市场监管局"},
    {"type": "catalog.extension_granted", "date": "2026-10-14", "subject": "catalog-1", "amount": 5},
    {"type": "catalog.updated", "date": "2026-10-27", "subject": "catalog-1"},
    {"type": "catalog.published", "date": "2026-10-29", "subject": "catalog-1"},
    {"type": "quality.objection", "date": "2026-11-02", "subject": "quality-1"},
    {"type": "quality.resolved", "date": "2026-11-10", "subject": "quality-1"},
    {"type": "resource.users_notified", "date": "2026-11-12", "subject": "resource-1"},
    {"type": "dispute.raised", "date": "2026-11-13", "subject": "quality-1"},
]


def per_call(fn, calls: int, repeat: int = 5) -> float:
    """Best of `repeat` loops of `calls` calls, in microseconds per call."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, time.perf_counter() - t0)
    return best / calls * 1e6


def main(calls: int = 20_000) -> None:
    result = regkit.evaluate(HISTORY, jurisdiction="hebei", as_of=AS_OF)
    print(f"history: {len(HISTORY)} events, {len(result['deadlines'])} deadline entries, "
          f"{len(result['findings'])} findings (hebei over cn)")

    china = holidays.China()
    start = date(2026, 9, 28)
    china.get_nth_working_day(start, 10)  # builds the years it needs, outside the timing
    baseline = per_call(lambda: china.get_nth_working_day(start, 10), calls)

    parsed = parse_events(HISTORY)
    figures = {
        "regkit.evaluate, raw mappings": per_call(
            lambda: regkit.evaluate(HISTORY, jurisdiction="hebei", as_of=AS_OF), calls),
        "regkit.evaluate, parsed Events": per_call(
            lambda: regkit.evaluate(parsed, jurisdiction="hebei", as_of=AS_OF), calls),
    }
    try:
        from regkit.engine.evaluate import evaluate_parsed, plan_for
    except ImportError:
        pass
    else:
        from regkit.calendar import default_calendar
        plan, cal, as_of = plan_for("hebei", "all"), default_calendar(), date.fromisoformat(AS_OF)
        assert evaluate_parsed(parsed, plan, as_of, cal) == result
        figures["evaluate_parsed (lean entry)"] = per_call(lambda: evaluate_parsed(parsed, plan, as_of, cal),
                                                           calls)
    print(f"{'holidays get_nth_working_day(d, 10)':34} {baseline:8.1f} us/call (baseline)")
    for name, micro in figures.items():
        print(f"{name:34} {micro:8.1f} us/history   ratio baseline/this: {baseline / micro:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
