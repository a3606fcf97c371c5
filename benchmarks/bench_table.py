"""Time `regkit table` (the columnar engine) against `regkit batch --record compact`, same run.

Run as `python benchmarks/bench_table.py [N] [--slices S] [--workers W] [--output R]`
(default N 1,000,000, W 0: every core; not collected by pytest).

1. N typical histories (benchmarks/histories.py, Hebei over Decree 809, the same
   histories `bench_batch.py` writes as JSON Lines) written once as a Parquet event
   table, then `regkit table --jurisdiction hebei` in a fresh process: wall time,
   histories per second, peak resident memory, and how many evaluations were decided
   over columns or by the scalar engine.
2. Baseline, measured in the same run: `regkit batch --record compact` on every core
   over the first min(N, 20,000) of the same histories as JSON Lines, its wall time
   scaled to N (stated as scaled). Ratio: baseline / table.
3. With `--slices S`: the N histories judged in slices of S histories (one Parquet row
   group each, read one at a time), tables appended slice by slice; wall time and peak
   memory, which must stay flat however large N.
4. With `--output R`: the output side alone, in one process, best of R runs of the
   same judging: CPU time building the decision tables' Arrow columns (columns.py) and
   putting them in order (`_Collector.tables`), then writing the five Parquet tables
   (`write_tables`, in threads) in CPU and wall time against one after the other, and
   each Parquet codec's CPU time and bytes; and the summary (`summarise`, which
   `regkit table` works out on every run).
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import histories  # noqa: E402

_COLUMNS = ("history_id", "jurisdiction", "as_of", "type", "date", "subject", "actor", "share_type", "amount",
            "decision", "reason")


def write_parquet(path: str, count: int, group: int = 100_000, seed: int = 809) -> None:
    """`count` typical histories as a long event table, `group` histories per row group."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = pa.schema([("history_id", pa.int64()), ("amount", pa.int64())]
                       + [(c, pa.string()) for c in _COLUMNS if c not in ("history_id", "amount")])
    rng = random.Random(seed)
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, count, group):
            rows = {c: [] for c in _COLUMNS}
            for number in range(start, min(count, start + group)):
                history = histories.typical(rng, number)
                for event in history["events"]:
                    for c in _COLUMNS:
                        rows[c].append(number if c == "history_id" else history[c] if c in ("jurisdiction", "as_of")
                                       else event.get(c))
            writer.write_table(pa.table({c: pa.array(rows[c], type=schema.field(c).type) for c in schema.names}))


def run(*argv: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "regkit", *argv], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return wall, done.stderr.strip().splitlines()[-1]


def peak_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def slices(path: str, out: str) -> None:
    """Judge the table row group by row group (whole histories each), appending the tables."""
    import pyarrow.parquet as pq
    from regkit.columnar import evaluate_table
    source = pq.ParquetFile(path)
    writers = {}
    try:
        for number in range(source.num_row_groups):
            decided = evaluate_table(source.read_row_group(number), jurisdiction="hebei", as_of="2026-11-22")
            for name, table in decided.tables.items():
                if name not in writers:
                    writers[name] = pq.ParquetWriter(f"{out}/{name}.parquet", table.schema)
                writers[name].write_table(table.cast(writers[name].schema))
    finally:
        for writer in writers.values():
            writer.close()


def output_side(path: str, out: str, repeats: int) -> None:
    """Part 4: the output side's times, best of `repeats` (see the docstring)."""
    import pyarrow.parquet as pq
    from regkit.columnar import output, run
    from regkit.columnar.schema import TABLES
    from regkit.columnar.summary import summarise
    spent: dict[str, float] = {}

    def timed(name, method):
        def wrapper(*args):
            t0 = time.process_time()
            result = method(*args)
            spent[name] = spent.get(name, 0.0) + time.process_time() - t0
            return result
        return wrapper

    run._Collector.columnar = timed("build the columns", run._Collector.columnar)
    run._Collector.tables = timed("put them in order", run._Collector.tables)
    table = pq.read_table(path)
    best: dict[str, float] = {}

    def keep(name, value):
        best[name] = min(best.get(name, value), value)

    for _ in range(repeats):
        spent.clear()
        decided = run.evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22")
        for name, value in spent.items():
            keep(name, value)
        t0 = time.process_time()
        summarise(decided)
        keep("summary", time.process_time() - t0)
        t0, w0 = time.process_time(), time.perf_counter()
        output.write_tables(decided.tables, out)
        keep("write, threads (CPU)", time.process_time() - t0)
        keep("write, threads (wall)", time.perf_counter() - w0)
        t0, w0 = time.process_time(), time.perf_counter()
        for name in TABLES:
            output._write(decided.tables[name], Path(out) / f"one.{name}.parquet", "parquet")
        keep("write, one after the other (CPU)", time.process_time() - t0)
        keep("write, one after the other (wall)", time.perf_counter() - w0)
        for codec in ("snappy", "lz4", "zstd", "none"):
            t0 = time.process_time()
            for name in TABLES:
                output._write(decided.tables[name], Path(out) / f"{codec}.{name}.parquet", "parquet", codec)
            keep(f"write with {codec} (CPU)", time.process_time() - t0)
    for name, value in best.items():
        print(f"  {name}: {value:.2f} s")
    for codec in ("snappy", "lz4", "zstd", "none"):
        size = sum((Path(out) / f"{codec}.{name}.parquet").stat().st_size for name in TABLES)
        print(f"  {codec}: {size / 1e6:.1f} MB")
    print(f"  rows: {', '.join(f'{name} {t.num_rows:,}' for name, t in decided.tables.items())}")


def main(count: int, slice_size: int | None, workers: int = 0, repeats: int = 0) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        table = f"{tmp}/events.parquet"
        t0 = time.perf_counter()
        write_parquet(table, count, group=slice_size or 100_000)
        size = Path(table).stat().st_size
        print(f"generated {count:,} histories as Parquet ({size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")
        if repeats:
            print(f"the output side alone, {count:,} histories, best of {repeats}:", flush=True)
            code = ("import sys; sys.path.insert(0, 'benchmarks'); import bench_table as b; "
                    f"b.output_side({table!r}, {tmp + '/out'!r}, {repeats})")
            subprocess.run([sys.executable, "-c", code], check=True)
            return
        if slice_size:
            code = ("import sys, resource, time; sys.path.insert(0, 'benchmarks'); import bench_table as b; "
                    f"t0 = time.perf_counter(); b.slices({table!r}, {tmp!r}); "
                    "r = resource.getrusage(resource.RUSAGE_SELF); "
                    "print(time.perf_counter() - t0, r.ru_maxrss / 1024, r.ru_utime + r.ru_stime)")
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            wall, peak, cpu = map(float, done.stdout.split())
            print(f"in slices of {slice_size:,}: {wall:.1f} s wall, {cpu:.1f} s CPU, {count / wall:,.0f} histories/s, "
                  f"peak RSS {peak:.0f} MB")
            return
        t0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, line = run("table", table, "--jurisdiction", "hebei", "--as-of", "2026-11-22", "--out", f"{tmp}/out",
                         "--workers", str(workers))
        t1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (t1.ru_utime - t0.ru_utime) + (t1.ru_stime - t0.ru_stime)
        print(f"regkit table --workers {workers or 'every core'}: {wall:.1f} s wall, {cpu:.1f} s CPU")
        print(f"  {wall:.1f} s wall, {count / wall:,.0f} histories/s, peak RSS {peak_children_mb():.0f} MB")
        print(f"  {line}")
        small = min(count, 20_000)
        jsonl = f"{tmp}/histories.jsonl"
        histories.write_jsonl(jsonl, small)
        t0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        batch_wall, _line = run("batch", jsonl, "--out", f"{tmp}/out.jsonl", "--record", "compact")
        t1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        batch_cpu = ((t1.ru_utime - t0.ru_utime) + (t1.ru_stime - t0.ru_stime)) * count / small
        scaled = batch_wall * count / small
        note = f" (measured on {small:,}, scaled to {count:,})" if small < count else ""
        print(f"baseline regkit batch --record compact, every core: {scaled:.1f} s wall, {batch_cpu:.1f} s CPU{note}")
        print(f"  ratio baseline/table: {scaled / wall:.1f}x in wall time, {batch_cpu / cpu:.1f}x in CPU time")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    slice_size = None
    if "--slices" in arguments:
        at = arguments.index("--slices")
        slice_size = int(arguments[at + 1])
        del arguments[at:at + 2]
    workers = 0
    if "--workers" in arguments:
        at = arguments.index("--workers")
        workers = int(arguments[at + 1])
        del arguments[at:at + 2]
    repeats = 0
    if "--output" in arguments:
        at = arguments.index("--output")
        repeats = int(arguments[at + 1])
        del arguments[at:at + 2]
    main(int(arguments[0]) if arguments else 1_000_000, slice_size, workers, repeats)
