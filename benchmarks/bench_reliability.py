"""What the reliability guards cost, and what the limits allow (docs/reliability.md).

Run as `python benchmarks/bench_reliability.py` (not collected by pytest). Three parts,
each against a baseline measured in the same run:

1. strict JSON: reading a batch line with duplicate keys, NaN and Infinity refused
   (`batch._parse_json`), against plain `json.loads`, over 5,000 typical lines.
2. the whole line: `batch.encode_line` (strict parse, evaluation, the record and its
   UTF-8 check), against the same without the strict parse, over the same lines.
3. the largest history allowed: `history.MAX_EVENTS` events evaluated in a fresh
   process (wall time and peak resident memory), against a history of 1,000 events.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))

from histories import write_jsonl  # noqa: E402

from regkit import batch  # noqa: E402
from regkit.batch import Options, encode_line  # noqa: E402

LINES = 5000


def best(function, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def strict_json(lines: list[bytes]) -> None:
    plain = best(lambda: [json.loads(line) for line in lines])
    strict = best(lambda: [batch._parse_json(line.decode("utf-8")) for line in lines])
    print(f"1. reading {len(lines):,} lines: json.loads {plain * 1e6 / len(lines):.1f} us/line, strict "
          f"{strict * 1e6 / len(lines):.1f} us/line: ratio {strict / plain:.2f}")


def whole_line(lines: list[bytes], rounds: int = 7) -> None:
    """Strict and plain parsing take turns, round by round, so the machine's noise hits both;
    CPU time of this process, median of the rounds."""
    options = Options(default_as_of=None)
    real, times = batch._parse_json, {"strict": [], "plain": []}
    try:
        for _ in range(rounds):
            for name, parse in (("strict", real), ("plain", json.loads)):
                batch._parse_json = parse
                start = time.process_time()
                for number, line in enumerate(lines, 1):
                    encode_line(line, number, options)
                times[name].append(time.process_time() - start)
    finally:
        batch._parse_json = real
    strict, plain = (sorted(times[name])[rounds // 2] for name in ("strict", "plain"))
    print(f"2. a whole line (parse, evaluate, record), CPU: {plain * 1e6 / len(lines):.0f} us with json.loads, "
          f"{strict * 1e6 / len(lines):.0f} us strict: ratio {strict / plain:.3f}")


PROBE = """
import json, resource, sys, time
sys.path.insert(0, {bench!r})
import random
from histories import events
import regkit
from regkit.history import parse_events
count = int(sys.argv[1])
history = events(random.Random(809), count)
regkit.evaluate(history[:5], jurisdiction="hebei", as_of="2027-06-30")  # packs and plans loaded
start = time.perf_counter()
result = regkit.evaluate(history, jurisdiction="hebei", as_of="2027-06-30")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps([seconds, peak, len(json.dumps(result, default=str))]))
"""


def largest_history() -> None:
    from regkit.history import MAX_EVENTS

    code = PROBE.format(bench=os.path.dirname(os.path.abspath(__file__)))
    rows = {}
    for count in (1000, MAX_EVENTS):
        out = subprocess.run([sys.executable, "-c", code, str(count)], capture_output=True, text=True, check=True)
        rows[count] = json.loads(out.stdout)
    (base_s, base_mb, base_size), (top_s, top_mb, top_size) = rows[1000], rows[MAX_EVENTS]
    print(f"3. one history of 1,000 events: {base_s:.2f} s, peak {base_mb:.0f} MB, result {base_size / 1e6:.1f} MB")
    print(f"   one history of {MAX_EVENTS:,} events (the limit): {top_s:.2f} s, peak {top_mb:.0f} MB, "
          f"result {top_size / 1e6:.1f} MB: time ratio {top_s / base_s:.1f} for {MAX_EVENTS / 1000:.0f}x events")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="regkit-bench-") as root:
        path = os.path.join(root, "in.jsonl")
        write_jsonl(path, LINES)
        with open(path, "rb") as handle:
            lines = handle.read().splitlines()
    strict_json(lines)
    whole_line(lines[:500])
    if "--no-largest" not in sys.argv:
        largest_history()


if __name__ == "__main__":
    main()
