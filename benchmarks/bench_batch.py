"""Time `regkit batch` on generated histories, and how the cost grows with history length.

Run as `python benchmarks/bench_batch.py [N]` (default 1,000,000; not collected by
pytest). Three parts, each with a baseline measured in the same run:

1. batch: N typical histories (benchmarks/histories.py, Hebei over Decree 809)
   through `regkit batch` in a subprocess on every core, with full records and
   then with `--record compact`; wall time, histories per second and the peak
   resident memory of the largest process. Baseline: the
   plain loop a user would write (json.loads, regkit.evaluate, to_json) in one
   process over the first 5,000 lines, extrapolated to N.
2. one process: the same command with --workers 1 over 20,000 lines, for the
   parallel speed-up.
3. scaling: one history of 10, 100 and 1,000 events evaluated in-process (the sizes
   taking turns, best of 7 rounds); the cost per event must stay flat (linear
   growth). Baseline: the 10-event history.
4. where a history's time goes in a worker: each stage of `regkit batch` timed
   alone over the first 5,000 lines (reading the JSON line, validating its events,
   evaluating, the compact record, writing it as JSON). Baseline: the CPU the
   target allows a history (2 cores x 60 s / 1,000,000 = 120 us).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import histories  # noqa: E402

import regkit  # noqa: E402


def run_batch(path: str, out: str, *extra: str) -> tuple[float, str]:
    """(wall seconds, summary line) of `regkit batch` in a fresh process."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "regkit", "batch", path, "--out", out, *extra],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return wall, done.stderr.strip().splitlines()[-1]


def plain_loop(path: str, lines: int) -> float:
    """Seconds per history of the obvious single-process loop over the public API."""
    with open(path, encoding="utf-8") as source:
        sample = [json.loads(line) for _, line in zip(range(lines), source)]
    regkit.evaluate(sample[0]["events"], jurisdiction="hebei", as_of=sample[0]["as_of"])  # warm
    t0 = time.perf_counter()
    for line in sample:
        data = json.loads(json.dumps(line))  # parse cost included, as from a file
        regkit.to_json(regkit.evaluate(data["events"], jurisdiction=data["jurisdiction"], as_of=data["as_of"]))
    return (time.perf_counter() - t0) / len(sample)


def scaling(rounds: int = 7) -> None:
    import random
    print(f"\nscaling (one history, in-process, best of {rounds} rounds; the sizes take turns in each "
          "round, so a slow spell of the machine does not fall on one size):")
    sizes = (10, 100, 1000)
    cases = {count: histories.events(random.Random(count), count) for count in sizes}
    best = dict.fromkeys(sizes, float("inf"))
    for _ in range(rounds):
        for count, events in cases.items():
            repeat = max(3, 20_000 // count)
            t0 = time.perf_counter()
            for _ in range(repeat):
                regkit.evaluate(events, jurisdiction="hebei", as_of=histories.AS_OF)
            best[count] = min(best[count], (time.perf_counter() - t0) / repeat)
    base = best[sizes[0]] / sizes[0]
    for count, events in cases.items():
        per_event = best[count] / count
        result = regkit.evaluate(events, jurisdiction="hebei", as_of=histories.AS_OF)
        print(f"  {count:5d} events ({len(result['deadlines']):4d} deadlines, {len(result['findings']):4d} findings): "
              f"{best[count] * 1e3:8.2f} ms/history, {per_event * 1e6:6.1f} us/event, ratio to 10 events: "
              f"{per_event / base:.2f}")


def parts(path: str, lines: int = 5000) -> None:
    """Each stage of a batch worker alone, per history, against the target's CPU budget."""
    import gc
    from datetime import date

    from regkit.batch import record_json
    from regkit.calendar import default_calendar
    from regkit.compact import compact_result
    from regkit.engine.evaluate import evaluate_parsed
    from regkit.engine.plan import plan_for
    from regkit.history import parse_events

    budget = 2 * 60 / 1_000_000 * 1e6  # us of CPU per history: 2 cores, 60 s, 1,000,000 histories
    with open(path, "rb") as source:
        raw = [line for _, line in zip(range(lines), source)]
    plan, cal, as_of = plan_for("hebei", "all"), default_calendar(), date.fromisoformat(histories.AS_OF)
    # each stage's inputs are made beforehand and frozen, so the collector does not walk them
    # in the timed loop; each stage's outputs are dropped at once, as a worker does
    docs = [json.loads(line) for line in raw]
    parsed = [parse_events(doc["events"]) for doc in docs]
    results = [evaluate_parsed(events, plan, as_of, cal) for events in parsed]
    compact = [{"id": doc["id"], "record": "compact", "result": compact_result(result), "line": 1}
               for doc, result in zip(docs, results)]
    gc.collect()
    gc.freeze()
    stages = {
        "read the line (json.loads)": (json.loads, raw),
        "validate the events": (lambda doc: parse_events(doc["events"]), docs),
        "evaluate (lean entry)": (lambda events: evaluate_parsed(events, plan, as_of, cal), parsed),
        "compact record": (compact_result, results),
        "write the compact record as JSON": (record_json, compact),
    }
    print(f"\nwhere a history's time goes in a worker ({lines:,} histories, best of 3; "
          f"baseline: the target's {budget:.0f} us of CPU a history):")
    total = 0.0
    for name, (stage, inputs) in stages.items():
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for item in inputs:
                stage(item)
            best = min(best, (time.perf_counter() - t0) / len(inputs) * 1e6)
        total += best
        print(f"  {name:34} {best:6.1f} us  {best / budget:5.2f} of the budget")
    print(f"  {'all stages':34} {total:6.1f} us  {total / budget:5.2f} of the budget "
          f"(1,000,000 on 2 perfectly scaling cores: {total * 1e6 / 2 / 1e6:.0f} s)")
    gc.unfreeze()


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, out = os.path.join(tmp, "in.jsonl"), os.path.join(tmp, "out.jsonl")
        t0 = time.perf_counter()
        size = histories.write_jsonl(source, count)
        print(f"generated {count:,} histories ({size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")

        per_history = plain_loop(source, min(count, 5000))
        print(f"baseline: plain loop json.loads + regkit.evaluate + to_json, one process: "
              f"{per_history * 1e6:.0f} us/history -> {per_history * count:.1f} s for {count:,}")

        wall, summary = run_batch(source, out)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out_size = os.path.getsize(out)
        print(f"regkit batch, every core ({os.cpu_count()}): {wall:.1f} s wall, {count / wall:,.0f} histories/s, "
              f"peak RSS of the largest process {peak:.0f} MB, output {out_size / 1e6:,.0f} MB "
              f"({out_size / count / 1e3:.1f} kB/record)")
        print(f"  {summary}")
        print(f"  ratio baseline/batch: {per_history * count / wall:.2f}x")

        wall, summary = run_batch(source, out, "--record", "compact")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out_size = os.path.getsize(out)
        print(f"regkit batch --record compact, every core: {wall:.1f} s wall, {count / wall:,.0f} histories/s, "
              f"peak RSS {peak:.0f} MB, output {out_size / 1e6:,.0f} MB ({out_size / count / 1e3:.1f} kB/record)")
        print(f"  {summary}")
        print(f"  ratio baseline/batch: {per_history * count / wall:.2f}x")

        small = min(count, 20_000)
        if small < count:
            subprocess.run(["head", "-n", str(small), source], stdout=open(os.path.join(tmp, "s.jsonl"), "w"),
                           check=True)
            one, _ = run_batch(os.path.join(tmp, "s.jsonl"), out, "--workers", "1")
            many, _ = run_batch(os.path.join(tmp, "s.jsonl"), out)
            print(f"{small:,} histories: --workers 1 {one:.1f} s, every core {many:.1f} s, "
                  f"speed-up {one / many:.2f}x")
        parts(source)
    scaling()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
