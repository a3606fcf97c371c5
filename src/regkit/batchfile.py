"""`regkit batch`: a JSON Lines file of histories through every core, in order, in flat memory.

The input is read in chunks of lines; each chunk is one task. With more than one
worker the tasks go to a process pool whose workers load the packs and the
calendar once (in the initializer) and turn a chunk into its output text, so
only bytes cross between processes. At most a few chunks per worker are in
flight, and results are written in input order as they complete, so memory does
not grow with the input. One worker runs the same chunk function in-process:
both paths produce the same bytes by construction.

Nothing is lost (docs/reliability.md): a line is read only up to `MAX_LINE_BYTES`;
a worker that dies (a signal, the OOM killer) is replaced and its chunk run again
alone, and a chunk that kills its worker twice gives error records; the output is
written under a temporary name (`OUTPUT.partial`) and renamed only when complete,
so an interrupted run leaves whole records that `--resume` continues from.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import stat
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator

from ._progress import Progress
from .batch import Options, encode_line, error_record, record_json
from .errors import InputError, OutputError, RegkitError, _printable

__all__ = ["MAX_LINE_BYTES", "Summary", "cores", "run_file", "run_stream", "workers_abandoned"]

#: Lines per task: large enough that the pool's own cost per task is noise.
CHUNK_LINES = 1000
#: A longer input line is not read into memory: it gives an error record. No history of
#: `history.MAX_EVENTS` events comes near it.
MAX_LINE_BYTES = 8 * 1024 * 1024
#: The rest of an over-long line is skipped up to its newline, but no further than this:
#: an input with no newline in sight (say /dev/zero) is not JSON Lines.
MAX_SKIP_BYTES = 64 * MAX_LINE_BYTES
#: A chunk whose worker died is run again alone this many times before its lines are
#: recorded as errors.
RETRIES = 1

PARTIAL = ".partial"  # the output's name while it is written
SETTINGS = ".partial.json"  # what the interrupted run was asked, for --resume


@dataclass
class Summary:
    """What a run did: input lines holding a history, good records, error records, seconds."""

    histories: int = 0
    results: int = 0
    errors: int = 0
    seconds: float = 0.0
    resumed_after: int = 0  # the input lines an earlier, interrupted run had done
    interrupted: int = 0  # the signal that stopped the run (0: it ran to the end)

    def line(self) -> str:
        rate = self.histories / self.seconds if self.seconds else 0.0
        resumed = f" after line {self.resumed_after:,}" if self.resumed_after else ""
        return (f"{self.histories:,} histories{resumed}: {self.results:,} results, {self.errors:,} errors "
                f"({self.seconds:.1f} s, {rate:,.0f}/s)")


def cores() -> int:
    """The cores this process may run on (all of them, unless restricted)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


Line = bytes | int  # an int stands for an over-long line: its length, its bytes not kept
Chunk = tuple[int, list[Line]]  # (number of the first line, the lines)
Output = tuple[bytes, int, int, int, int]  # (text, histories, results, errors, input bytes)

_OPTIONS: Options | None = None  # a worker's options, set once by _init
_REFUSED: RegkitError | None = None  # why a worker cannot answer (its rules folders), set by _init


def _init(options: Options, parent: int) -> None:
    """Worker start: keep the options, compile the plans and build the calendar now, once."""
    global _OPTIONS, _REFUSED
    _OPTIONS = options
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if options.rules:  # this process answers from the same library as the parent, for good
        _REFUSED = _load_rules(options)
        if _REFUSED is not None:  # each of its chunks says so, and the parent stops the run
            return
    _warm(options)
    # The packs, plans and calendar live as long as the worker: moving them out of the
    # collector's sight keeps each full collection from walking them again.
    gc.freeze()


def _load_rules(options: Options) -> RegkitError | None:
    """Make the folders' library this worker's, or say why not: a worker must answer from the
    files the caller loaded, never from a pack changed or broken since (an initializer that
    raised would break the pool, and its chunks would be retried, then recorded as lost)."""
    from . import _active
    from .library import Library
    try:
        library = Library.from_paths(*options.rules)
    except RegkitError as exc:
        return InputError(f"a worker cannot load the rules folders the run loaded: {exc}")
    if options.fingerprint is not None and library.fingerprint != options.fingerprint:
        return InputError("the rules folders on this worker differ from the caller's (changed since the library "
                          f"was made, or another copy): {', '.join(options.rules)}")
    _active._ACTIVE.set(library)
    return None


def _fingerprinted(options: Options) -> Options:
    """`options` with the fingerprint of its rules folders' files as they are now, unless the
    caller gave the one it loaded: what every worker, and a resumed run, must find again."""
    if not options.rules or options.fingerprint is not None:
        return options
    from dataclasses import replace
    from .library import Library
    return replace(options, fingerprint=Library.from_paths(*options.rules).fingerprint)


def _watch_parent(parent: int) -> None:
    """A worker outlives no parent: a parent killed outright (SIGKILL) cannot stop it."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


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


def _run_chunk(chunk: Chunk, options: Options | None = None) -> Output:
    """(output bytes, histories, results, errors, input bytes) of one chunk; blank lines are skipped."""
    if options is None:  # in a worker
        if _REFUSED is not None:
            raise _REFUSED
        options = _OPTIONS
    first, lines = chunk
    out, histories, results, size = [], 0, 0, 0
    for offset, raw in enumerate(lines):
        number = first + offset
        if isinstance(raw, int):
            size += raw
            histories += 1
            reason = f"line too long ({raw:,} bytes; the limit is {MAX_LINE_BYTES:,})"
            out.append(record_json(error_record(number, reason, options)).encode("utf-8"))
            continue
        size += len(raw)
        if not raw.strip():
            continue
        histories += 1
        text, ok = encode_line(raw, number, options)
        results += ok
        out.append(text)
    return b"".join(out), histories, results, histories - results, size


def _lost(chunk: Chunk, options: Options) -> Output:
    """The output of a chunk whose worker died every time it ran it: one error record a line."""
    first, lines = chunk
    last = first + len(lines) - 1
    reason = (f"not evaluated: the worker process evaluating lines {first:,}-{last:,} died "
              f"{RETRIES + 1} times (killed by a signal, or out of memory)")
    out, histories, size = [], 0, 0
    for offset, raw in enumerate(lines):
        size += raw if isinstance(raw, int) else len(raw)
        if isinstance(raw, bytes) and not raw.strip():
            continue
        histories += 1
        out.append(record_json(error_record(first + offset, reason, options, "WorkerDied")).encode("utf-8"))
    return b"".join(out), histories, 0, histories, size


def read_lines(source: BinaryIO, limit: int | None = None) -> Iterator[Line]:
    """The lines of `source`, each read only up to `limit` bytes (default `MAX_LINE_BYTES`):
    a longer one is its length."""
    limit = limit or MAX_LINE_BYTES
    while True:
        raw = source.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = source.readline(1 << 20)
            if not raw:
                break
            size += len(raw)
            if size > max(MAX_SKIP_BYTES, limit):
                raise InputError(f"no end of line within {MAX_SKIP_BYTES:,} bytes: not JSON Lines")
        yield size


def _chunks(lines: Iterator[Line], size: int, first: int = 1) -> Iterator[Chunk]:
    number, chunk = first, []
    for raw in lines:
        chunk.append(raw)
        if len(chunk) == size:
            yield number, chunk
            number += size
            chunk = []
    if chunk:
        yield number, chunk


_abandoned = False  # whether a pool was stopped with its workers killed mid-task
_NOTICE = 3.0  # seconds a dead worker may go unnoticed by its pool before the pool is given up


def workers_abandoned() -> bool:
    """Whether this process stopped a pool mid-task. The pool's own thread may then wait for
    ever on a result a killed worker never sent, and Python joins that thread at exit: a
    process in this state must end with `os._exit` (the command line does)."""
    return _abandoned


class _Workers:
    """A process pool that survives the death of a worker: it is replaced, with all of them."""

    def __init__(self, count: int, options: Options) -> None:
        self.count, self.options = count, options
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.count, initializer=_init, initargs=(self.options, os.getpid()))

    def submit(self, chunk: Chunk) -> Future:
        """The chunk's future; where the pool broke since the last look (a worker died while
        nothing was collected), `submit` itself raises, so the chunk gets a future that holds
        that error and is run again when its turn to be collected comes."""
        try:
            return self.pool.submit(_run_chunk, chunk)
        except BrokenProcessPool as error:
            future: Future = Future()
            future.set_exception(error)
            return future

    def result(self, future: Future) -> Output:
        """`future.result()`, or BrokenProcessPool where a worker died and the pool never says so.

        A worker killed while it was sending a result (the OOM killer, SIGKILL) leaves half a
        message in the pipe: the pool's own thread then waits for the rest for ever, and so
        would every future. A worker dead for longer than `_NOTICE` seconds with the future
        still open is taken as that case; the pool is then abandoned, not joined."""
        dead_since: float | None = None
        while True:
            try:
                return future.result(timeout=0.2)
            except FuturesTimeout:
                processes = (getattr(self.pool, "_processes", None) or {}).values()
                if not any(process.exitcode is not None for process in processes):
                    dead_since = None
                    continue
                dead_since = dead_since or time.monotonic()
                if time.monotonic() - dead_since > _NOTICE:
                    self.stop(abandon=True)
                    raise BrokenProcessPool("a worker died while it was sending a result") from None

    def restart(self) -> None:
        self.stop()
        self.pool = self._start()

    def stop(self, abandon: bool = False) -> None:
        """End every worker now, whatever it is doing (an interrupt must not wait for them).
        `abandon`: the pool was working, not broken (see `workers_abandoned`)."""
        global _abandoned
        _abandoned = _abandoned or abandon
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(5)

    def run_alone(self, chunk: Chunk) -> Output:
        """Run `chunk` with nothing else in flight, so that a death is surely its own."""
        for _ in range(RETRIES + 1):
            self.restart()
            try:
                return self.result(self.submit(chunk))
            except BrokenProcessPool:
                continue
        self.restart()
        return _lost(chunk, self.options)


def run_stream(source: BinaryIO, sink: BinaryIO | Callable[[bytes], object], options: Options, *,
               workers: int | None = None, chunk_lines: int = CHUNK_LINES, total_bytes: int | None = None,
               progress: Progress | None = None, first_line: int = 1, summary: Summary | None = None) -> Summary:
    """Evaluate every line of `source` into `sink` (a binary file or a write function), in order;
    `workers` processes (default: all cores). `first_line`: the number of the first line read;
    `summary`: filled in as chunks are written, so that an interrupted caller has it."""
    workers = workers or cores()
    options = _fingerprinted(options)
    write_bytes = sink if callable(sink) else sink.write
    progress = progress or Progress(total_bytes, force=False)
    summary = summary or Summary()
    done_bytes, start = 0, time.perf_counter()

    def write(output: Output) -> None:
        nonlocal done_bytes
        text, histories, results, errors, size = output
        write_bytes(text)
        summary.histories += histories
        summary.results += results
        summary.errors += errors
        summary.seconds = time.perf_counter() - start
        done_bytes += size
        progress.update(done_bytes, summary.histories)

    try:
        chunks = _chunks(read_lines(source), chunk_lines, first_line)
        first = next(chunks, None)
        second = next(chunks, None) if first is not None else None
        if workers <= 1 or second is None:  # one chunk is not worth starting processes for
            _warm(options)
            for chunk in _chain(first, second, chunks):
                write(_run_chunk(chunk, options))
        else:
            _run_pool(_chain(first, second, chunks), write, options, workers)
    finally:
        progress.close()
        summary.seconds = time.perf_counter() - start
    return summary


def _run_pool(chunks: Iterator[Chunk], write: Callable[[Output], None], options: Options, count: int) -> None:
    pool = _Workers(count, options)
    pending: deque[list] = deque()  # [chunk, future], in input order

    def collect() -> None:
        chunk, future = pending[0]
        try:
            output = pool.result(future)
        except BrokenProcessPool:  # a worker died: which chunk killed it is not known
            output = pool.run_alone(chunk)
            for item in list(pending)[1:]:
                item[1] = pool.submit(item[0])
        pending.popleft()
        write(output)

    try:
        for chunk in chunks:
            pending.append([chunk, pool.submit(chunk)])
            if len(pending) > 2 * count:  # bounded: memory stays flat
                collect()
        while pending:
            collect()
    except BaseException:
        pool.stop(abandon=True)
        raise
    pool.pool.shutdown(wait=True)


def _chain(*chunks: Chunk | Iterator[Chunk] | None) -> Iterator[Chunk]:
    for item in chunks:
        if isinstance(item, tuple):
            yield item
        elif item is not None:
            yield from item


def _open(path: str, flags: int = os.O_RDONLY):
    """A file opened for batch input or output; a failure is an `InputError` naming it."""
    try:
        if flags == os.O_RDONLY:
            return open(path, "rb")  # noqa: SIM115 - closed by run_file
        return os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o666)
    except FileExistsError:
        raise InputError("left by an interrupted run: continue it with --resume, or remove it",
                         file=path) from None
    except OSError as exc:
        verb = "read" if flags == os.O_RDONLY else "write"
        raise InputError(f"cannot {verb}: {exc.strerror or exc}", file=path) from None
    except ValueError:  # the operating system takes no file name with a NUL byte in it
        raise InputError("not a valid file name (it contains a NUL byte)", file=path) from None


def _same_file(status: os.stat_result, path: str) -> bool:
    try:
        other = os.stat(path)
    except (OSError, ValueError):
        return False
    return (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino)


def _refuse_overwriting_input(source: BinaryIO, input_path: str, output_path: str) -> None:
    """The output (or its temporary names) is the input by another spelling or a link: refuse."""
    status = os.fstat(source.fileno())
    if output_path == "-":
        if sys.stdout is not None and _same_fd(status, sys.stdout):
            raise InputError("standard output is the input file: it would be overwritten")
        return
    for path in (output_path, output_path + PARTIAL, output_path + SETTINGS):
        if _same_file(status, path):
            raise InputError(f"the output is the input file {_printable(input_path)}: it would be overwritten",
                             file=path)
    if os.path.isdir(output_path):
        raise InputError("is a directory", file=output_path)


def _same_fd(status: os.stat_result, stream) -> bool:
    try:
        other = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISREG(other.st_mode) and (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino)


def _settings(input_path: str, options: Options) -> dict:
    """What must be the same for a resumed run to write what a single run would have."""
    return {"input": input_path if input_path == "-" else os.path.realpath(input_path),
            "jurisdiction": options.jurisdiction, "as_of": _iso(options.as_of),
            "default_as_of": _iso(options.default_as_of), "layers": options.layers,
            "compare": options.compare, "record": options.record,
            **({"rules": [list(options.rules), options.fingerprint]} if options.rules else {})}


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def run_file(input_path: str, output_path: str, options: Options, *, workers: int | None = None,
             chunk_lines: int = CHUNK_LINES, resume: bool = False) -> Summary:
    """`run_stream` over files ('-' is stdin / stdout), with a progress bar when stderr is a terminal.

    A file output is written as `OUTPUT.partial` and renamed to `OUTPUT` when the run
    ends; an interrupt (KeyboardInterrupt) leaves the partial file holding whole records
    and returns the summary so far with `interrupted` set; `resume` continues it.
    A write failure is an `OutputError` (the partial file is cut back to whole records).
    """
    if sys.stdin is None and input_path == "-":
        raise InputError("standard input is closed")
    options = _fingerprinted(options)
    source = sys.stdin.buffer if input_path == "-" else _open(input_path)
    try:
        _refuse_overwriting_input(source, input_path, output_path)
        status = os.fstat(source.fileno())
        total = status.st_size if stat.S_ISREG(status.st_mode) else None
        if output_path == "-" or _special(output_path):
            if resume:
                raise InputError("--resume needs an output file, not standard output or a device",
                                 file=output_path)
            return _to_stream(source, output_path, options, workers, chunk_lines, total)
        return _to_file(source, input_path, output_path, options, workers, chunk_lines, total, resume)
    finally:
        if source is not sys.stdin.buffer:
            source.close()


def _special(path: str) -> bool:
    """An existing output that is not a regular file (a device, a FIFO): written in place,
    since renaming a file over it would replace the device itself."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _to_stream(source: BinaryIO, output_path: str, options: Options, workers: int | None, chunk_lines: int,
               total: int | None) -> Summary:
    """Standard output ('-') or a device: written as records come, nothing to rename."""
    if output_path == "-":
        if sys.stdout is None:
            raise OutputError("cannot write standard output: it is closed")
        out, name = sys.stdout.buffer, "standard output"
    else:
        out, name = os.fdopen(_open(output_path, os.O_WRONLY), "wb"), _printable(output_path)
    summary = Summary()

    def write(data: bytes) -> None:
        try:
            out.write(data)
            out.flush()
        except OSError as exc:
            raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None

    try:
        run_stream(source, write, options, workers=workers, chunk_lines=chunk_lines, total_bytes=total,
                   progress=Progress(total), summary=summary)
    except KeyboardInterrupt as exc:
        summary.interrupted = getattr(exc, "signum", signal.SIGINT)
    finally:
        if output_path != "-":
            _close(out)
    return summary


def _close(out: BinaryIO) -> None:
    try:
        out.close()
    except OSError:  # what was left to flush was already reported as a write error
        pass


def _to_file(source: BinaryIO, input_path: str, output_path: str, options: Options, workers: int | None,
             chunk_lines: int, total: int | None, resume: bool) -> Summary:
    partial, settings_path = output_path + PARTIAL, output_path + SETTINGS
    settings = _settings(input_path, options)
    summary = Summary()
    if resume:
        fd, done, options = _reopen(partial, settings_path, settings, options)
        summary.resumed_after = done
        skipped = _skip(source, done)
        if skipped < done:
            os.close(fd)
            raise InputError(f"the input has {skipped:,} lines but the interrupted run wrote records up to "
                             f"line {done:,}: not the same input", file=input_path)
    else:
        fd = _open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        done = 0
        try:
            _write_settings(settings_path, settings)
        except OSError as exc:
            os.close(fd)
            os.unlink(partial)
            raise OutputError(f"{_printable(settings_path)}: cannot write: {exc.strerror or exc}") from None
    good = os.lseek(fd, 0, os.SEEK_END)

    def write(data: bytes) -> None:
        nonlocal good
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        good += len(data)

    try:
        run_stream(source, write, options, workers=workers, chunk_lines=chunk_lines, total_bytes=total,
                   progress=Progress(total), first_line=done + 1, summary=summary)
        os.fsync(fd)
    except KeyboardInterrupt as exc:
        summary.interrupted = getattr(exc, "signum", signal.SIGINT)
        _cut(fd, good)
        os.close(fd)
        return summary
    except OSError as exc:
        _cut(fd, good)
        os.close(fd)
        raise OutputError(f"{_printable(output_path)}: cannot write: {exc.strerror or exc}; the records "
                          f"written so far are kept in {_printable(partial)} (--resume continues them)") from None
    except BaseException:
        _cut(fd, good)
        os.close(fd)
        raise
    os.close(fd)
    try:
        os.replace(partial, output_path)
    except OSError as exc:
        raise OutputError(f"{_printable(output_path)}: cannot write: {exc.strerror or exc}; the whole output "
                          f"is in {_printable(partial)}") from None
    _remove(settings_path)
    return summary


def _cut(fd: int, good: int) -> None:
    """Cut a partial output back to its last whole record (a write may have stopped half-way)."""
    try:
        os.ftruncate(fd, good)
    except OSError:
        pass


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _write_settings(path: str, settings: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(settings, handle, sort_keys=True)


def _reopen(partial: str, settings_path: str, settings: dict, options: Options) -> tuple[int, int, Options]:
    """The partial output to append to, the last input line it holds a record of, and the
    options of the interrupted run (its default day: today may be another day)."""
    from dataclasses import replace
    from datetime import date

    try:
        with open(settings_path, encoding="utf-8") as handle:
            stored = json.load(handle)
    except FileNotFoundError:
        raise InputError("no interrupted run to resume (no partial output)", file=partial) from None
    except (OSError, ValueError):
        raise InputError("cannot read the settings of the interrupted run", file=settings_path) from None
    if not isinstance(stored, dict):
        raise InputError("not the settings of an interrupted run", file=settings_path)
    differing = sorted(k for k in settings if k != "default_as_of" and stored.get(k) != settings[k])
    if differing:
        raise InputError(f"the interrupted run had other settings ({', '.join(differing)}): resume it "
                         "with the same input and options", file=settings_path)
    if stored.get("default_as_of"):
        options = replace(options, default_as_of=date.fromisoformat(stored["default_as_of"]))
    fd = _open(partial, os.O_RDWR)
    try:
        good, done = _last_record(fd)
    except InputError:
        os.close(fd)
        raise InputError("not a partial output of regkit batch", file=partial) from None
    os.ftruncate(fd, good)
    return fd, done, options


def _last_record(fd: int) -> tuple[int, int]:
    """(bytes of whole lines, the input line of the last record) of a partial output."""
    end = os.lseek(fd, 0, os.SEEK_END)
    tail, position = b"", end
    while position > 0 and tail.count(b"\n") < 2:
        step = min(1 << 16, position)
        position -= step
        tail = os.pread(fd, step, position) + tail
    good = position + tail.rfind(b"\n") + 1 if b"\n" in tail else 0
    if good == 0:
        return 0, 0
    last = tail[:good - position - 1].rsplit(b"\n", 1)[-1]
    try:
        number = json.loads(last)["line"]
    except (ValueError, KeyError, TypeError):
        raise InputError("no line number") from None
    if not isinstance(number, int) or number < 1:
        raise InputError("no line number")
    return good, number


def _skip(source: BinaryIO, count: int) -> int:
    """Read past the first `count` lines (as `read_lines` counts them); the number skipped."""
    skipped = 0
    if count:
        for _ in read_lines(source):
            skipped += 1
            if skipped == count:
                break
    return skipped
