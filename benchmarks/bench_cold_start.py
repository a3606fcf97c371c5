"""Time a cold start: `import regkit` and loading every bundled pack, in fresh processes.

Run as `python benchmarks/bench_cold_start.py` (not collected by pytest). Each
sample is a new interpreter, so nothing is cached in memory. Two cases:

- cold cache: REGKIT_CACHE is a new empty folder for every sample, so the packs
  are parsed, validated and citation-checked, and the pack cache is written (the
  first run after installing or changing regkit);
- warm cache: every sample reads the packs from the pack cache written by one
  run beforehand (every later run).

Target: under 150 ms for import plus packs with a warm cache. Also shown: compiling
the plans of every jurisdiction and building the calendar, which the first
evaluation adds, and the interpreter's own start (`python -c pass`) as the baseline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = """
import json, time
t0 = time.perf_counter()
import regkit
t1 = time.perf_counter()
packs = regkit.bundled_packs()
t2 = time.perf_counter()
from regkit.engine.plan import plan_for
for j in packs: plan_for(j)
t3 = time.perf_counter()
from regkit.calendar import default_calendar
default_calendar()
t4 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3]))
"""

ROWS = ("import regkit", "load every bundled pack", "= import + packs", "compile plans, 7 jurisdictions",
        "build the calendar")


def probe(cache: Path) -> list[float]:
    """The probe's timings (seconds) in a new interpreter using `cache` as the pack cache."""
    env = {**os.environ, "REGKIT_CACHE": str(cache)}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                         env=env).stdout
    import_s, packs_s, plans_s, calendar_s = json.loads(out)
    return [import_s, packs_s, import_s + packs_s, plans_s, calendar_s]


def interpreter_start() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - t0


def median_ms(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] * 1e3


def main(samples: int = 7) -> None:
    bare, cold, warm = [], [], []
    with tempfile.TemporaryDirectory(prefix="regkit-bench-") as root:
        warm_cache = Path(root) / "warm"
        probe(warm_cache)  # writes the cache the warm samples read
        for index in range(samples):  # interleaved, so that the machine's noise hits all alike
            bare.append(interpreter_start())
            cold.append(probe(Path(root) / f"cold-{index}"))
            warm.append(probe(warm_cache))
    cold_ms = [median_ms(list(column)) for column in zip(*cold)]
    warm_ms = [median_ms(list(column)) for column in zip(*warm)]
    start = median_ms(bare)
    print(f"median of {samples} fresh processes:     cold cache   warm cache")
    print(f"  interpreter start (baseline)   {start:9.1f} ms")
    for name, cold_value, warm_value in zip(ROWS, cold_ms, warm_ms):
        target = "   (target < 150 ms)" if name.startswith("=") else ""
        print(f"  {name:<30} {cold_value:9.1f} ms {warm_value:9.1f} ms{target}")
    print(f"  ratio (import + packs) / interpreter start: "
          f"{cold_ms[2] / start:.1f}x cold, {warm_ms[2] / start:.1f}x warm")
    if sys.flags.dont_write_bytecode:
        print("note: PYTHONDONTWRITEBYTECODE is set, so modules without a __pycache__ entry "
              "(an editable install's) are compiled again in every process")


if __name__ == "__main__":
    main()
