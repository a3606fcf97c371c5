"""`regkit batch`: a JSON Lines file of histories through every core, in order, in flat memory.

The input is read in chunks of lines; each chunk is one task. With more than one
worker the tasks go to a process pool whose workers load the packs and the
calendar once (in the initializer) and turn a chunk into its output text, so
only bytes cross between processes. At most a few chunks per worker are in
flight, and results are written in input order as they complete, so memory does
not grow with the input. One worker runs the same chunk function in-process:
both paths produce the same bytes by construction.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ._progress import Progress
from .batch import Options, evaluate_line, record_json
from .errors import InputError

__all__ = ["Summary", "cores", "run_file", "run_stream"]

#: Lines per task: large enough that the pool's own cost per task is noise.
CHUNK_LINES = 1000


@dataclass
class Summary:
    """What a run did: input lines holding a history, good records, error records, seconds."""

    histories: int = 0
    results: int = 0
    errors: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.histories / self.seconds if self.seconds else 0.0
        return (f"{self.histories:,} histories: {self.results:,} results, {self.errors:,} errors "
                f"({self.seconds:.1f} s, {rate:,.0f}/s)")


def cores() -> int:
    """The cores this process may run on (all of them, unless restricted)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


Chunk = tuple[int, list[bytes]]  # (number of the first line, the lines)

_OPTIONS: Options | None = None  # a worker's options, set once by _init


def _init(options: Options) -> None:
    """Worker start: keep the options, compile the plans and build the calendar now, once."""
    global _OPTIONS
    _OPTIONS = options
    if options.rules:  # this process answers from the same library as the parent, for good
        from . import _active
        from .library import Library
        _active._ACTIVE.set(Library.from_paths(*options.rules))
    _warm(options)
    # The packs, plans and calendar live as long as the worker: moving them out of the
    # collector's sight keeps each full collection from walking them again.
    gc.freeze()


def _warm(options: Options) -> None:
    from .calendar import default_calendar
    from .engine.plan import plan_for
    from .packs import current_packs
    if options.compare:
        for jurisdiction in current_packs():
            plan_for(jurisdiction, options.layers)
    elif options.jurisdiction:
        plan_for(options.jurisdiction, options.layers)
    if options.calendar is None:
        default_calendar()


def _run_chunk(chunk: Chunk, options: Options | None = None) -> tuple[bytes, int, int, int, int]:
    """(output bytes, histories, results, errors, input bytes) of one chunk; blank lines are skipped.

    The output is UTF-8 already, so the parent only writes it."""
    options = options or _OPTIONS
    first, lines = chunk
    out, histories, results, size = [], 0, 0, 0
    for offset, raw in enumerate(lines):
        size += len(raw)
        if not raw.strip():
            continue
        histories += 1
        record, ok = evaluate_line(raw, first + offset, options)
        results += ok
        out.append(record_json(record))
    return "".join(out).encode("utf-8"), histories, results, histories - results, size


def _chunks(source: BinaryIO, size: int) -> Iterator[Chunk]:
    number, lines = 1, []
    for raw in source:
        lines.append(raw)
        if len(lines) == size:
            yield number, lines
            number += size
            lines = []
    if lines:
        yield number, lines


def run_stream(source: BinaryIO, sink: BinaryIO, options: Options, *, workers: int | None = None,
               chunk_lines: int = CHUNK_LINES, total_bytes: int | None = None,
               progress: Progress | None = None) -> Summary:
    """Evaluate every line of `source` into `sink`, in order; `workers` processes (default: all cores)."""
    workers = workers or cores()
    progress = progress or Progress(total_bytes, force=False)
    summary, done_bytes, start = Summary(), 0, time.perf_counter()

    def write(output: tuple[bytes, int, int, int, int]) -> None:
        nonlocal done_bytes
        text, histories, results, errors, size = output
        sink.write(text)
        summary.histories += histories
        summary.results += results
        summary.errors += errors
        done_bytes += size
        progress.update(done_bytes, summary.histories)

    chunks = _chunks(source, chunk_lines)
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if workers <= 1 or second is None:  # one chunk is not worth starting processes for
        _warm(options)
        for chunk in (c for c in (first, second) if c is not None):
            write(_run_chunk(chunk, options))
        for chunk in chunks:
            write(_run_chunk(chunk, options))
    else:
        pending: deque[Future] = deque()
        with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(options,)) as pool:
            for chunk in _chain(first, second, chunks):
                pending.append(pool.submit(_run_chunk, chunk))
                if len(pending) > 2 * workers:  # bounded: memory stays flat
                    write(pending.popleft().result())
            while pending:
                write(pending.popleft().result())
    progress.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _chain(first: Chunk, second: Chunk, rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield first
    yield second
    yield from rest


def _open(path: str, mode: str):
    """A file opened for batch input or output; a failure is an `InputError` naming it."""
    try:
        return open(path, mode)  # noqa: SIM115 - closed by run_file
    except OSError as exc:
        verb = "read" if "r" in mode else "write"
        raise InputError(f"cannot {verb}: {exc.strerror or exc}", file=path) from None
    except ValueError:  # the operating system takes no file name with a NUL byte in it
        raise InputError("not a valid file name (it contains a NUL byte)", file=path) from None


def run_file(input_path: str, output_path: str, options: Options, *, workers: int | None = None,
             chunk_lines: int = CHUNK_LINES) -> Summary:
    """`run_stream` over files ('-' is stdin / stdout), with a progress bar when stderr is a terminal."""
    source = sys.stdin.buffer if input_path == "-" else _open(input_path, "rb")
    try:
        total = None if input_path == "-" else os.fstat(source.fileno()).st_size
        sink = sys.stdout.buffer if output_path == "-" else _open(output_path, "wb")
        try:
            return run_stream(source, sink, options, workers=workers, chunk_lines=chunk_lines,
                              total_bytes=total, progress=Progress(total))
        finally:
            if sink is not sys.stdout.buffer:
                sink.close()
            else:
                sink.flush()
    finally:
        if source is not sys.stdin.buffer:
            source.close()
