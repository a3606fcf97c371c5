"""Time a cold start: `import regkit` and loading every bundled pack, in fresh processes.

Run as `python benchmarks/bench_cold_start.py` (not collected by pytest). Each
sample is a new interpreter, so nothing is cached in memory. Target: under 150 ms
for import plus packs. Also shown: compiling the plans of every jurisdiction and
building the calendar, which the first evaluation adds, and the interpreter's own
start (`python -c pass`) as the baseline.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

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


def main(samples: int = 7) -> None:
    rows, bare = [], []
    for _ in range(samples):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t0)
        out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out))
    med = [sorted(col)[len(col) // 2] * 1e3 for col in zip(*rows)]
    start = sorted(bare)[len(bare) // 2] * 1e3
    print(f"median of {samples} fresh processes:")
    print(f"  interpreter start (baseline)   {start:7.1f} ms")
    print(f"  import regkit                  {med[0]:7.1f} ms")
    print(f"  load every bundled pack        {med[1]:7.1f} ms")
    print(f"  = import + packs               {med[0] + med[1]:7.1f} ms   (target < 150 ms)")
    print(f"  compile plans, 7 jurisdictions {med[2]:7.1f} ms")
    print(f"  build the calendar             {med[3]:7.1f} ms")
    print(f"  ratio (import + packs) / interpreter start: {(med[0] + med[1]) / start:.1f}x")


if __name__ == "__main__":
    main()
