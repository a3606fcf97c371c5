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
4. where a history's time goes in a worker: each stage of `regkit batch --record compact`
   timed alone over the first 5,000 lines (reading the JSON line, validating its events,
   evaluating into the compact record, writing it as JSON). Baseline: the CPU the
   target allows a history (2 cores x 60 s / 1,000,000 = 120 us).
5. the compact record, direct against projected: a worker's whole line (read, validate,
   evaluate, record, write) with the compact record built directly (`compact.evaluate_compact`,
   what `regkit batch --record compact` does) and projected from the full result (what it did
   before), taking turns, best of 7, over the first 5,000 lines; the bytes are compared.
   Baseline: one `holidays.China().get_nth_working_day(d, 10)` call per history, d the
   history's first event day, timed in the same rounds.

`python benchmarks/bench_batch.py N --compact-only` runs part 5 alone;
`--before SRC` (a `src` folder of an earlier regkit, with its `rules` folder beside it) also
times that build's worker line against this one's (each in its own process, the two taking
turns round by round, CPU, best and median of 30 rounds over the first 500 lines, the bytes
compared), then the worker's chunk function (`batchfile._run_chunk`, which judges a chunk's
compact lines together through the columnar engine: best and median of 10 rounds over the
first 5,000 lines, the bytes compared), and then that build's `regkit batch --record compact`
and this one's on the same N lines, taking turns.
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

    from regkit._jsonfast import NOT_SURE, dumps_line_bytes, loads_plain
    from regkit.batch import _parse_json
    from regkit.calendar import default_calendar
    from regkit.compact import evaluate_compact
    from regkit.engine.plan import plan_for
    from regkit.history import parse_events

    def read(line: bytes):  # as batch.evaluate_record reads a line
        value = loads_plain(line)
        return _parse_json(line.decode("utf-8")) if value is NOT_SURE else value

    budget = 2 * 60 / 1_000_000 * 1e6  # us of CPU per history: 2 cores, 60 s, 1,000,000 histories
    with open(path, "rb") as source:
        raw = [line for _, line in zip(range(lines), source)]
    plan, cal, as_of = plan_for("hebei", "all"), default_calendar(), date.fromisoformat(histories.AS_OF)
    # each stage's inputs are made beforehand and frozen, so the collector does not walk them
    # in the timed loop; each stage's outputs are dropped at once, as a worker does
    docs = [json.loads(line) for line in raw]
    parsed = [parse_events(doc["events"]) for doc in docs]
    compact = [{"id": doc["id"], "record": "compact", "result": evaluate_compact(events, plan, as_of, cal), "line": 1}
               for doc, events in zip(docs, parsed)]
    gc.collect()
    gc.freeze()
    stages = {
        "read the line (orjson where sure)": (read, raw),
        "validate the events": (lambda doc: parse_events(doc["events"]), docs),
        "evaluate, compact record built": (lambda events: evaluate_compact(events, plan, as_of, cal), parsed),
        "write the compact record as JSON": (dumps_line_bytes, compact),
    }
    print(f"\nwhere a history's time goes in a worker ({lines:,} histories, CPU, best of 3; "
          f"baseline: the target's {budget:.0f} us of CPU a history):")
    total = 0.0
    for name, (stage, inputs) in stages.items():
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            for item in inputs:
                stage(item)
            best = min(best, (time.process_time() - t0) / len(inputs) * 1e6)
        total += best
        print(f"  {name:34} {best:6.1f} us  {best / budget:5.2f} of the budget")
    print(f"  {'all stages':34} {total:6.1f} us  {total / budget:5.2f} of the budget "
          f"(1,000,000 on 2 perfectly scaling cores: {total * 1e6 / 2 / 1e6:.0f} s)")
    gc.unfreeze()


def _projected_line(raw: bytes, number: int, options) -> bytes:
    """A compact batch line as it was made before the direct record: the full result, projected."""
    from regkit.batch import _parse_json, _plan, _prepare, record_json
    from regkit.calendar import default_calendar
    from regkit.compact import compact_result
    from regkit.engine.evaluate import evaluate_parsed

    item = _parse_json(raw.decode("utf-8"))
    record = {"record": "compact", "id": item.pop("id")}
    plan = _plan(item, options)
    parsed, as_of = _prepare(item, options)
    record["result"] = compact_result(evaluate_parsed(parsed, plan, as_of, default_calendar()))
    record["line"] = number
    return record_json(record).encode("utf-8")


def compact_paths(path: str, lines: int = 5000, rounds: int = 7) -> dict[str, float]:
    """Part 5: us of CPU per history of each compact path and of the holidays baseline."""
    import gc
    from datetime import date

    import holidays

    from regkit.batch import Options, encode_line

    with open(path, "rb") as source:
        raw = [line for _, line in zip(range(lines), source)]
    options = Options(record="compact")
    direct = [encode_line(line, n, options)[0] for n, line in enumerate(raw, 1)]
    projected = [_projected_line(line, n, options) for n, line in enumerate(raw, 1)]
    same = sum(a == b for a, b in zip(direct, projected))
    china = holidays.China()
    days = [date.fromisoformat(min(e["date"] for e in json.loads(line)["events"])) for line in raw]
    for day in days:
        china.get_nth_working_day(day, 10)  # every year's holidays made before timing
    paths = {
        "compact record, direct (now)": lambda: [encode_line(line, n, options) for n, line in enumerate(raw, 1)],
        "compact record, projected (before)": lambda: [_projected_line(line, n, options)
                                                      for n, line in enumerate(raw, 1)],
        "holidays get_nth_working_day(d, 10)": lambda: [china.get_nth_working_day(day, 10) for day in days],
    }
    best = dict.fromkeys(paths, float("inf"))
    gc.collect()
    gc.freeze()
    for _ in range(rounds):
        for name, run in paths.items():
            t0 = time.process_time()
            run()
            best[name] = min(best[name], (time.process_time() - t0) / len(raw) * 1e6)
    gc.unfreeze()
    now, before, call = best.values()
    print(f"\nthe compact record, direct against projected ({len(raw):,} histories, the whole worker line, "
          f"CPU, best of {rounds}, taking turns; holidays {holidays.__version__}):")
    for name, value in best.items():
        print(f"  {name:36} {value:6.1f} us/history")
    print(f"  same bytes: {same:,} of {len(raw):,} lines")
    print(f"  ratio projected/direct: {before / now:.2f}x (target 2.5x); "
          f"direct in holidays calls: {now / call:.2f} (target 1)")
    return best


_LINE_WORKER = """
import hashlib, sys, time, gc
from regkit.batch import Options, encode_line
from regkit.batchfile import CHUNK_LINES, _run_chunk
raw = open(sys.argv[1], "rb").readlines()[:int(sys.argv[2])]
options = Options(record="compact")
if sys.argv[3] == "line":
    def run():
        return [encode_line(line, n, options)[0] for n, line in enumerate(raw, 1)]
else:  # what a worker does with its chunks (regkit batch: batchfile._run_chunk)
    def run():
        return [_run_chunk((k + 1, raw[k:k + CHUNK_LINES]), options)[0] for k in range(0, len(raw), CHUNK_LINES)]
print(hashlib.sha256(b"".join(run())).hexdigest(), flush=True)
gc.collect()
gc.freeze()
for _ in sys.stdin:
    t0 = time.process_time()
    run()
    print((time.process_time() - t0) / len(raw) * 1e6, flush=True)
"""


def line_against(source: str, before_src: str, lines: int = 500, rounds: int = 30,
                 how: str = "line") -> tuple[float, float]:
    """A worker's whole compact line (`batch.encode_line`; `how` "chunk": the worker's chunk function
    `batchfile._run_chunk` over chunks of its size, which judges a chunk's lines together) of an
    earlier build and of this one, each in its own process, the two taking turns round by round
    (so a busy spell of a shared machine falls on both): us of CPU per line, best of `rounds`, as
    (before, now)."""
    import statistics

    def start(pythonpath: str | None) -> subprocess.Popen:
        env = dict(os.environ, PYTHONPATH=pythonpath) if pythonpath else None
        return subprocess.Popen([sys.executable, "-c", _LINE_WORKER, source, str(lines), how], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tempfile.gettempdir())

    workers = {"before": start(before_src), "now": start(None)}
    digests = {name: worker.stdout.readline().strip() for name, worker in workers.items()}
    times: dict[str, list[float]] = {name: [] for name in workers}
    for _ in range(rounds):
        for name, worker in workers.items():
            worker.stdin.write("round\n")
            worker.stdin.flush()
            times[name].append(float(worker.stdout.readline()))
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    before, now = min(times["before"]), min(times["now"])
    what = "line (encode_line)" if how == "line" else "chunks (_run_chunk)"
    print(f"\na worker's compact {what}, {lines:,} histories, each build in its own process, taking turns, "
          f"CPU, {rounds} rounds (before: {before_src}):")
    print(f"  before {before:6.1f} us/history (median {statistics.median(times['before']):6.1f}), "
          f"now {now:6.1f} us/history (median {statistics.median(times['now']):6.1f}): {before / now:.2f}x "
          f"(median {statistics.median(times['before']) / statistics.median(times['now']):.2f}x); "
          f"same bytes: {digests['before'] == digests['now']}")
    return before, now


def before_and_after(source: str, count: int, before_src: str, rounds: int = 3) -> None:
    """`regkit batch --record compact` of an earlier build (its `src` folder) and of this one,
    on the same input, taking turns: wall seconds and CPU seconds (the command and its workers,
    which is what a machine shared with other work shows best), each the best of `rounds`."""
    env = dict(os.environ, PYTHONPATH=before_src)
    out = source + ".out"
    wall = {"before": float("inf"), "now": float("inf")}
    cpu = dict(wall)
    for _ in range(rounds):
        for name in wall:
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "regkit", "batch", source, "--out", out, "--record", "compact"],
                           env=env if name == "before" else None, capture_output=True, check=False)
            wall[name] = min(wall[name], time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name] = min(cpu[name], after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
            os.replace(out, f"{out}.{name}")
    same = Path(f"{out}.before").read_bytes() == Path(f"{out}.now").read_bytes()
    print(f"\nregkit batch --record compact, {count:,} histories, every core, best of {rounds} "
          f"(before: {before_src}): wall before {wall['before']:.1f} s, now {wall['now']:.1f} s, "
          f"{wall['before'] / wall['now']:.2f}x; CPU before {cpu['before']:.1f} s, now {cpu['now']:.1f} s, "
          f"{cpu['before'] / cpu['now']:.2f}x; same bytes: {same}")


def main(count: int, before: str | None = None) -> None:
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
        compact_paths(source)
        if before:
            line_against(source, before)
            line_against(source, before, lines=min(count, 5000), rounds=10, how="chunk")
            before_and_after(source, count, before)
    scaling()


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--compact-only", action="store_true", help="part 5 alone (with --before, that too)")
    parser.add_argument("--before", metavar="SRC", help="the src folder of an earlier regkit to compare with")
    args = parser.parse_args()
    if args.compact_only:
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "in.jsonl")
            histories.write_jsonl(source, args.count)
            best = compact_paths(source, min(args.count, 5000))
            if args.before:
                before, now = line_against(source, args.before)
                print(f"  now in holidays calls: {now / best['holidays get_nth_working_day(d, 10)']:.2f} "
                      f"(the call as timed in part 5)")
                before, now = line_against(source, args.before, lines=min(args.count, 5000), rounds=10, how="chunk")
                print(f"  now in holidays calls: {now / best['holidays get_nth_working_day(d, 10)']:.2f}")
                before_and_after(source, args.count, args.before)
    else:
        main(args.count, args.before)
