"""Time regkit's add_working_days against holidays' get_nth_working_day.

Run as `python benchmarks/bench_calendar.py` (not collected by pytest). Both answer
the same sample of (start, n) pairs in the same process; the answers are compared too.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import holidays

from regkit.calendar import WorkingDayCalendar

PAIRS = 20_000
REPEAT = 5


def sample(rng: random.Random) -> list[tuple[date, int]]:
    first, span = date(2019, 1, 1), (date(2026, 12, 31) - date(2019, 1, 1)).days
    return [(first + timedelta(rng.randrange(span + 1)), rng.choice((-1, 1)) * rng.randint(1, 30))
            for _ in range(PAIRS)]


def best_per_call(fn, pairs: list[tuple[date, int]], repeat: int) -> float:
    """Best of `repeat` passes over the sample, in microseconds per call."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for start, n in pairs:
            fn(start, n)
        best = min(best, time.perf_counter() - t0)
    return best / len(pairs) * 1e6


def main() -> None:
    holidays.China(years=2026)  # warm the import so the first build below is the build alone
    builds = []
    for _ in range(5):
        t0 = time.perf_counter()
        calendar = WorkingDayCalendar()
        builds.append(time.perf_counter() - t0)
    print(f"index build: first {builds[0] * 1e3:.1f} ms, then best {min(builds[1:]) * 1e3:.1f} ms "
          f"({calendar.first_day}..{calendar.last_day}, holidays {calendar.holidays_version})")

    reference = holidays.China(years=range(2018, 2028))
    pairs = sample(random.Random(809))
    wrong = sum(calendar.add_working_days(s, n) != reference.get_nth_working_day(s, n) for s, n in pairs)
    if wrong:
        raise SystemExit(f"{wrong} of {len(pairs)} answers differ from holidays")

    ours = best_per_call(calendar.add_working_days, pairs, REPEAT)
    theirs = best_per_call(reference.get_nth_working_day, pairs, 1)
    print(f"{len(pairs)} pairs, n in +-1..30, starts 2019..2026 (answers identical)")
    print(f"regkit add_working_days:        {ours:8.3f} us/call")
    print(f"holidays get_nth_working_day:   {theirs:8.3f} us/call")
    print(f"ratio: {theirs / ours:.0f}x")


if __name__ == "__main__":
    main()
