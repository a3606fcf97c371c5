"""Faults and bad input (docs/reliability.md): nothing lost, nothing executed, nothing unbounded.

Each test drives one failure of the issue on reliability, with real processes, signals
and file descriptors where the failure lives there, and bounds itself in time. Every
one of them failed on the code before the fix (the docstring says how).
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import regkit
from regkit import batchfile
from regkit.batch import Options
from regkit.batchfile import run_stream
from regkit.history import MAX_EVENTS, load_history

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))
LIMIT = 120  # seconds: no test here may hang the suite
REGKIT = [sys.executable, "-m", "regkit"]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux devices and /proc")


def _mappings() -> list[dict]:
    out = []
    for path in EXAMPLES:
        history = load_history(path)
        out.append({"jurisdiction": history.jurisdiction, "as_of": history.as_of.isoformat(),
                    "events": [{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in e.to_json().items()}
                               for e in history.events]})
    return out


def _write_input(path: Path, count: int) -> Path:
    """`count` histories (the examples in turn, each with an id), with a blank line now and then."""
    mappings, lines = _mappings(), []
    for n in range(count):
        lines.append(json.dumps({**mappings[n % len(mappings)], "id": n}, ensure_ascii=False))
        if n % 97 == 5:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _signals_as_a_shell_gives_them() -> None:
    """In the child, before regkit starts: no signal blocked, SIGINT and SIGTERM at their
    defaults. A child inherits both from the test process, where an in-process server of
    another test (the service tests) may have blocked or ignored them; a signal test then
    proves nothing about regkit."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    own = kw.pop("preexec_fn", None)

    def prepare() -> None:
        _signals_as_a_shell_gives_them()
        if own is not None:
            own()

    return subprocess.run([*REGKIT, *args], timeout=LIMIT, preexec_fn=prepare, **kw)


def _valid_jsonl(data: bytes) -> list[dict]:
    assert data == b"" or data.endswith(b"\n"), "a cut-off last line"
    return [json.loads(line) for line in data.splitlines()]


def _one_line(stderr: bytes | str) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    lines = text.strip("\n").split("\n")
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture(scope="module")
def batch_input(tmp_path_factory) -> tuple[Path, bytes]:
    """An input of 600 histories and the bytes a single uninterrupted run writes for it."""
    return _input_and_single_run(tmp_path_factory, 600)


@pytest.fixture(scope="module")
def long_batch_input(tmp_path_factory) -> tuple[Path, bytes]:
    """6,000 histories: long enough that a signal sent once output has begun arrives before
    the run ends, even on a loaded machine (600 sometimes finished first)."""
    return _input_and_single_run(tmp_path_factory, 6000)


def _input_and_single_run(tmp_path_factory, count: int) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("batch")
    source = _write_input(folder / "in.jsonl", count)
    single = folder / "single.jsonl"
    done = _run(["batch", str(source), "--out", str(single), "--workers", "1", "--as-of", "2026-11-22"])
    assert done.returncode == 0, done.stderr
    return source, single.read_bytes()


# -- 1. never destroy input -------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["same", "dot", "parent", "symlink", "hardlink", "stdin"])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path, spelling):
    """Before: `regkit batch X --out X` truncated X, reported 0 histories and exited 0."""
    source = _write_input(tmp_path / "in.jsonl", 3)
    before = source.read_bytes()
    out = {"same": str(source), "dot": str(tmp_path / "." / "in.jsonl"),
           "parent": str(tmp_path / ".." / tmp_path.name / "in.jsonl"),
           "symlink": str(tmp_path / "link.jsonl"), "hardlink": str(tmp_path / "hard.jsonl"),
           "stdin": str(source)}[spelling]
    if spelling == "symlink":
        os.symlink(source, out)
    if spelling == "hardlink":
        os.link(source, out)
    if spelling == "stdin":
        with source.open("rb") as stdin:
            done = _run(["batch", "-", "--out", out], stdin=stdin)
    else:
        done = _run(["batch", str(source), "--out", out])
    assert done.returncode == 2
    assert "the output is the input file" in _one_line(done.stderr)
    assert source.read_bytes() == before
    assert not Path(out + ".partial").exists()


# -- 2. one bad line never ends a run ------------------------------------------------------------

GOOD = json.dumps({"jurisdiction": "hebei", "as_of": "2026-11-22",
                   "events": [{"type": "catalog.change", "date": "2026-09-28"}]})
BAD_LINES = {
    "lone surrogate": ('{"jurisdiction": "hebei", "as_of": "2026-11-22", "events": [], "id": "\\ud800"}',
                       "lone surrogate"),
    "surrogate in a subject": ('{"jurisdiction": "hebei", "as_of": "2026-11-22", "events": [{"type": '
                               '"catalog.change", "date": "2026-09-28", "subject": "\\udfff"}]}', "lone surrogate"),
    "huge integer": ('{"jurisdiction": "hebei", "id": ' + "9" * 5000 + ', "events": []}',
                     "a number has more than 4,300 digits"),
    "too deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "duplicate key": ('{"jurisdiction": "cn", "jurisdiction": "hebei", "as_of": "2026-11-22", "events": []}',
                      "duplicate key 'jurisdiction'"),
    "NaN": ('{"jurisdiction": "hebei", "as_of": "2026-11-22", "events": [], "id": NaN}', "NaN is not a JSON number"),
    "1e999": ('{"jurisdiction": "hebei", "as_of": "2026-11-22", "events": [], "id": 1e999}', "out of range"),
    "not UTF-8": (b'{"jurisdiction": "\xff"}', "not UTF-8"),
    "not an object": ("[1, 2]", "a history record is a JSON object"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_bad_line_is_an_error_record_and_the_run_goes_on(case):
    """Before: a surrogate ended the run (exit 3, the rest lost); a duplicate key was kept
    silently; a huge number and deep nesting were 'internal errors'."""
    line, words = BAD_LINES[case]
    raw = line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
    data = b"\n".join([GOOD.encode(), raw, GOOD.encode()]) + b"\n"
    sink = io.BytesIO()
    summary = run_stream(io.BytesIO(data), sink, Options(), workers=1)
    records = _valid_jsonl(sink.getvalue())
    assert [r["line"] for r in records] == [1, 2, 3]
    assert "result" in records[0] and "result" in records[2]
    assert words in records[1]["error"] and records[1]["error_type"] == "HistoryError"
    assert "please report" not in records[1]["error"]
    assert (summary.histories, summary.results, summary.errors) == (3, 2, 1)


def test_a_surrogate_line_does_not_end_a_cli_run(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([GOOD, BAD_LINES["lone surrogate"][0], GOOD]) + "\n")
    done = _run(["batch", str(source), "--out", str(tmp_path / "out.jsonl"), "--workers", "1"])
    assert done.returncode == 1, done.stderr  # some error records: 1, not 3
    records = _valid_jsonl((tmp_path / "out.jsonl").read_bytes())
    assert ["result" in r for r in records] == [True, False, True]


def test_an_error_inside_the_engine_is_an_error_record(monkeypatch):
    from regkit import batch

    real = batch.evaluate_parsed

    def faulty(parsed, plan, as_of, calendar):
        if plan.jurisdiction == "cn":
            raise ZeroDivisionError("a bug")
        return real(parsed, plan, as_of, calendar)

    monkeypatch.setattr(batch, "evaluate_parsed", faulty)
    data = "\n".join([GOOD, GOOD.replace("hebei", "cn"), GOOD]).encode() + b"\n"
    sink = io.BytesIO()
    run_stream(io.BytesIO(data), sink, Options(), workers=1)
    records = _valid_jsonl(sink.getvalue())
    assert records[1]["error_type"] == "InternalError" and "ZeroDivisionError" in records[1]["error"]
    assert "result" in records[0] and "result" in records[2]


# -- 3. bounded reading and work -----------------------------------------------------------------


def test_an_overlong_line_is_an_error_record_and_not_held(monkeypatch):
    monkeypatch.setattr(batchfile, "MAX_LINE_BYTES", 1000)
    long_line = b'{"jurisdiction": "hebei", "events": [' + b" " * 5000 + b"]}"
    data = b"\n".join([GOOD.encode(), long_line, GOOD.encode()]) + b"\n"
    sink = io.BytesIO()
    run_stream(io.BytesIO(data), sink, Options(), workers=1)
    records = _valid_jsonl(sink.getvalue())
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[1]["error"] == f"line too long ({len(long_line) + 1:,} bytes; the limit is 1,000)"


def test_a_batch_input_without_newlines_is_refused(monkeypatch):
    monkeypatch.setattr(batchfile, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(batchfile, "MAX_SKIP_BYTES", 100_000)
    with pytest.raises(regkit.InputError, match="no end of line within 100,000 bytes"):
        run_stream(io.BytesIO(b"x" * 1_000_000), io.BytesIO(), Options(), workers=1)


@linux_only
@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom"])
def test_a_history_from_an_endless_device_is_read_up_to_the_limit_and_refused(path):
    """Before: stat() said 0 bytes, so the whole device was read: memory without end."""
    done = _run(["evaluate", path, "--jurisdiction", "cn", "--as-of", "2026-11-22"])
    assert done.returncode == 2
    assert "too large (more than 33,554,432 bytes" in _one_line(done.stderr)


def test_a_pipe_is_read_up_to_the_limit_and_refused():
    """A pipe (as `<(...)` or `/dev/stdin` gives) fed forever: refused after the limit."""
    process = subprocess.Popen(preexec_fn=_signals_as_a_shell_gives_them, args=[*REGKIT, "evaluate", "-", "--jurisdiction", "cn"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def feed() -> None:
        try:
            while True:
                process.stdin.write(b"# comment\n" * 100_000)
        except (BrokenPipeError, ValueError, OSError):
            pass

    threading.Thread(target=feed, daemon=True).start()
    try:
        process.wait(timeout=LIMIT)
    finally:
        process.kill()
    assert process.returncode == 2
    assert "<stdin>: too large" in _one_line(process.stderr.read())


@linux_only
def test_process_substitution_is_a_history_file(tmp_path):
    """`regkit evaluate <(cat h.yaml)`: a /dev/fd path to a pipe, read like a file."""
    text = EXAMPLES[0].read_bytes()
    read, write = os.pipe()
    process = subprocess.Popen(preexec_fn=_signals_as_a_shell_gives_them, args=[*REGKIT, "evaluate", f"/dev/fd/{read}", "--format", "json"], pass_fds=[read],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(read)
    os.write(write, text)
    os.close(write)
    out, err = process.communicate(timeout=LIMIT)
    assert process.returncode == 0, err
    expected = _run(["evaluate", str(EXAMPLES[0]), "--format", "json"])
    assert out == expected.stdout


def test_evaluate_dash_reads_standard_input():
    expected = _run(["evaluate", str(EXAMPLES[1]), "--format", "json"])
    with EXAMPLES[1].open("rb") as stdin:
        done = _run(["evaluate", "-", "--format", "json"], stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected.stdout and expected.returncode == 0


def test_a_history_of_too_many_events_is_refused():
    events = [{"type": "catalog.change", "date": "2026-09-28"}] * (MAX_EVENTS + 1)
    with pytest.raises(regkit.HistoryError, match=f"too many events \\({MAX_EVENTS + 1:,}; the limit is"):
        regkit.evaluate(events, jurisdiction="cn", as_of="2026-11-22")
    generated = (event for event in events)  # an iterator: counted as it is read
    with pytest.raises(regkit.HistoryError, match="too many events \\(more than"):
        regkit.evaluate(generated, jurisdiction="cn", as_of="2026-11-22")


# -- 4. faults mid-run leave a valid, resumable output ----------------------------------------------


def _wait_for(condition, timeout: float = LIMIT) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@linux_only
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_keeps_whole_records_and_resume_ends_with_the_same_bytes(tmp_path, long_batch_input, signum,
                                                                            code):
    source, single = long_batch_input
    out = tmp_path / "out.jsonl"
    args = ["batch", str(source), "--out", str(out), "--workers", "2", "--chunk", "20", "--as-of", "2026-11-22"]
    process = subprocess.Popen(preexec_fn=_signals_as_a_shell_gives_them, args=[*REGKIT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: _size(Path(str(out) + ".partial")) > 0 or process.poll() is not None)
        process.send_signal(signum)
        _, err = process.communicate(timeout=LIMIT)
    finally:
        process.kill()
    assert process.returncode == code, err
    message, summary = err.decode().strip().split("\n")
    assert message.startswith(f"regkit batch: interrupted by {signal.Signals(signum).name}")
    assert summary.startswith("regkit batch: ")
    assert not out.exists()  # a partial output never sits under the final name
    partial = Path(str(out) + ".partial").read_bytes()
    records = _valid_jsonl(partial)
    assert partial == single[:len(partial)]  # what is there is what a single run wrote
    assert 0 < len(records) < 6000
    done = _run([*args, "--resume"])
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == single
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


@linux_only
def test_a_worker_killed_outright_loses_nothing(tmp_path, batch_input):
    """Before: BrokenProcessPool ended the run with exit 3."""
    source, single = batch_input
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(preexec_fn=_signals_as_a_shell_gives_them, args=[*REGKIT, "batch", str(source), "--out", str(out), "--workers", "2", "--chunk", "20",
                                "--as-of", "2026-11-22"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: _size(Path(str(out) + ".partial")) > 0)
        os.kill(_children(process.pid)[0], signal.SIGKILL)
        _, err = process.communicate(timeout=LIMIT)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert out.read_bytes() == single


@linux_only
def test_a_pool_that_broke_between_two_looks_does_not_end_the_run():
    """Before: a worker that died while the parent was reading more input broke the pool, and
    the next `submit` raised BrokenProcessPool out of the run (exit 3, seen under load in
    test_a_worker_killed_outright_loses_nothing). The chunk now waits its turn and is run again."""
    from concurrent.futures.process import BrokenProcessPool

    workers = batchfile._Workers(1, Options())
    try:
        first = workers.submit((1, [GOOD.encode()]))
        first.result(timeout=LIMIT)  # the worker is up
        for process in list(workers.pool._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        _wait_for(lambda: workers.pool._broken)
        late = workers.submit((2, [GOOD.encode()]))  # raised before the fix
        with pytest.raises(BrokenProcessPool):
            late.result(timeout=LIMIT)
    finally:
        workers.stop()


@linux_only
def test_a_worker_dead_without_word_from_its_pool_is_noticed(monkeypatch):
    """A worker killed half-way through sending its result leaves the pool's thread waiting
    for the rest for ever, so the future never ends (a hang seen under load). Here the
    worker is dead and the future is one that never ends: the wait gives up on the pool."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    monkeypatch.setattr(batchfile, "_abandoned", False)
    workers = batchfile._Workers(1, Options())
    try:
        workers.result(workers.submit((1, [GOOD.encode()])))  # the worker is up
        for process in list(workers.pool._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        start = time.monotonic()
        with pytest.raises(BrokenProcessPool, match="died while it was sending"):
            workers.result(Future())
        assert time.monotonic() - start < 30
        assert batchfile.workers_abandoned()  # so the command line ends without joining that thread
    finally:
        workers.stop()


def _poisoned_chunk(chunk, options=None):
    """A chunk with a poisoned line kills the worker that runs it, every time."""
    if any(isinstance(line, bytes) and b"poison" in line for line in chunk[1]):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_run_chunk(chunk, options)


_real_run_chunk = batchfile._run_chunk


@linux_only
def test_a_chunk_that_kills_its_worker_every_time_gives_error_records(monkeypatch):
    monkeypatch.setattr(batchfile, "_run_chunk", _poisoned_chunk)  # the forked workers inherit it
    lines = [GOOD] * 6 + ['{"poison": 1}'] + [GOOD] * 5
    sink = io.BytesIO()
    summary = run_stream(io.BytesIO(("\n".join(lines) + "\n").encode()), sink, Options(), workers=2, chunk_lines=3)
    records = _valid_jsonl(sink.getvalue())
    assert [r["line"] for r in records] == list(range(1, 13))
    lost = [r["line"] for r in records if r.get("error_type") == "WorkerDied"]
    assert lost == [7, 8, 9]  # the poisoned chunk, alone: the others were run again and gave results
    assert "lines 7-9 died 2 times" in records[6]["error"]
    assert (summary.histories, summary.results, summary.errors) == (12, 9, 3)


@linux_only
def test_killing_the_parent_stops_the_workers(tmp_path, batch_input):
    source, _ = batch_input
    process = subprocess.Popen(preexec_fn=_signals_as_a_shell_gives_them, args=[*REGKIT, "batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--workers", "2",
                                "--chunk", "20"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(lambda: len(_children(process.pid)) >= 2)
        workers = _children(process.pid)
    finally:
        process.kill()
        process.wait(timeout=LIMIT)

    def gone() -> bool:
        return not any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers)

    try:
        _wait_for(gone, timeout=30)
    finally:  # a failed test must not leave the orphans it found
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@linux_only
def test_a_full_disk_is_one_line_exit_2_and_the_partial_output_resumes(tmp_path, batch_input):
    """A file-size limit stands for a full disk: the write fails half-way through a chunk."""
    source, single = batch_input
    out = tmp_path / "out.jsonl"
    args = ["batch", str(source), "--out", str(out), "--workers", "1", "--chunk", "7", "--as-of", "2026-11-22"]

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(single) // 3, len(single) // 3))

    done = _run(args, preexec_fn=small_disk)
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert "out.jsonl: cannot write: File too large" in line and "--resume" in line
    partial = Path(str(out) + ".partial").read_bytes()
    assert 0 < len(partial) and partial == single[:len(partial)]
    _valid_jsonl(partial)
    done = _run([*args, "--resume"])
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == single


def _dev_full_ok() -> bool:
    try:
        return stat.S_ISCHR(os.stat("/dev/full").st_mode)
    except OSError:
        return False


@pytest.mark.skipif(not _dev_full_ok(), reason="no /dev/full")
@pytest.mark.parametrize("unbuffered", [False, True])
@pytest.mark.parametrize("argv", [["evaluate", "--format", "json"], ["evaluate", "--format", "table"],
                                  ["evaluate", "--format", "markdown"], ["liability"], ["evaluate", "--compare"]])
def test_evaluate_into_a_full_disk_fails_with_one_line(argv, unbuffered):
    """Before: exit 0 or 120 with 'Exception ignored ... BrokenPipe/OSError' noise."""
    env = {**os.environ, **({"PYTHONUNBUFFERED": "1"} if unbuffered else {})}
    with open("/dev/full", "wb") as full:
        done = _run([argv[0], str(EXAMPLES[0]), *argv[1:]], stdout=full, env=env)
    assert done.returncode == 2
    assert _one_line(done.stderr) == "regkit: error: cannot write standard output: No space left on device"


@pytest.mark.skipif(not _dev_full_ok(), reason="no /dev/full")
@pytest.mark.parametrize("target", ["stdout", "device"])
def test_batch_into_a_full_device_fails_with_one_line_and_keeps_the_device(tmp_path, target):
    source = _write_input(tmp_path / "in.jsonl", 20)
    if target == "stdout":
        with open("/dev/full", "wb") as full:
            done = _run(["batch", str(source), "--out", "-", "--workers", "1"], stdout=full)
        name = "standard output"
    else:
        done = _run(["batch", str(source), "--out", "/dev/full", "--workers", "1"])
        name = "/dev/full"
    assert done.returncode == 2
    assert _one_line(done.stderr) == f"regkit: error: cannot write {name}: No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # never renamed over


def test_a_closed_standard_output_is_one_line():
    done = _run(["evaluate", str(EXAMPLES[0])], stdout=subprocess.DEVNULL,
                preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert _one_line(done.stderr) == "regkit: error: cannot write standard output: it is closed"


def test_a_standard_output_that_is_not_utf8_is_one_line():
    done = _run(["evaluate", str(EXAMPLES[0]), "--format", "json"], env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    assert "its encoding is ascii, not UTF-8 (set PYTHONIOENCODING=utf-8)" in _one_line(done.stderr)


def test_resume_refuses_what_it_cannot_continue(tmp_path):
    source = _write_input(tmp_path / "in.jsonl", 5)
    out = tmp_path / "out.jsonl"
    done = _run(["batch", str(source), "--out", str(out), "--resume"])
    assert done.returncode == 2 and "no interrupted run to resume" in _one_line(done.stderr)
    Path(str(out) + ".partial").write_bytes(b"")
    Path(str(out) + ".partial.json").write_text(json.dumps(
        {"input": os.path.realpath(source), "jurisdiction": None, "as_of": None, "default_as_of": "2026-11-22",
         "layers": "all", "compare": False, "record": "full"}))
    done = _run(["batch", str(source), "--out", str(out)])
    assert done.returncode == 2 and "left by an interrupted run" in _one_line(done.stderr)
    done = _run(["batch", str(source), "--out", str(out), "--resume", "--record", "compact"])
    assert done.returncode == 2 and "other settings (record)" in _one_line(done.stderr)
    done = _run(["batch", str(source), "--out", str(out), "--resume", "--workers", "1"])
    assert done.returncode == 0, done.stderr
    assert [r["line"] for r in _valid_jsonl(out.read_bytes())] == [1, 2, 3, 4, 5]


# -- 5. nothing is executed from a file ------------------------------------------------------------


class _Planted:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_planted_pickle_in_the_cache_folder_is_never_run(tmp_path):
    """Before: a pickle under the cache's name was unpickled, and so run, by every process."""
    import pickle

    from regkit import _pack_cache, packs

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    key = _pack_cache.key_of(packs._bundled_inputs())
    marker = tmp_path / "pwned"
    payload = pickle.dumps((key, _Planted(str(marker))))
    for name in (f"packs-{key}.pickle", f"packs-{key}.json"):
        (folder / name).write_bytes(payload)
        (folder / name).chmod(0o600)
    done = _run(["jurisdictions"], env={**os.environ, "REGKIT_CACHE": str(folder)})
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert not (folder / f"packs-{key}.pickle").exists()  # the old format is removed, never read
    assert (folder / f"packs-{key}.json").read_bytes().startswith(b"regkit-pack-cache-")


# -- 6. terminal safety -------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["evaluate"], ["evaluate", "--format", "markdown"], ["liability"],
                                  ["evaluate", "--compare"]])
def test_control_characters_of_a_subject_never_reach_the_terminal(tmp_path, argv):
    history = tmp_path / "h.yaml"
    history.write_text('jurisdiction: hebei\nas_of: 2026-11-22\nevents:\n- type: catalog.change\n'
                       '  date: 2026-09-28\n  subject: "\\e]0;PWNED\\a\\e[31mred\\u009b2J\\nrow"\n'
                       '  actor: "\\e[5m"\n', encoding="utf-8")
    done = _run([argv[0], str(history), *argv[1:]])
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b]0;PWNED\\x07\\x1b[31mred\\x9b2J\\nrow" in out


def test_control_characters_in_an_error_are_escaped(tmp_path):
    history = tmp_path / "h.yaml"
    history.write_text('jurisdiction: hebei\nas_of: 2026-11-22\nevents:\n- type: "catalog.\\e[31mchange"\n'
                       '  date: 2026-09-28\n', encoding="utf-8")
    name = tmp_path / "bad\x1b]0;t\x07.yaml"
    name.write_text("[")
    for path in (history, name):
        done = _run(["evaluate", str(path)])
        assert done.returncode == 2
        line = _one_line(done.stderr)
        assert "\x1b" not in line and "\x07" not in line and "\\x1b" in line


# -- 8. smaller promises ---------------------------------------------------------------------------


def test_workers_are_capped_at_the_cores_with_a_note(tmp_path):
    source = _write_input(tmp_path / "in.jsonl", 3)
    done = _run(["batch", str(source), "--out", str(tmp_path / "o.jsonl"), "--workers", "999"])
    assert done.returncode == 0, done.stderr
    note = done.stderr.decode().split("\n")[0]
    assert note.startswith("regkit batch: note: --workers 999 is more than the") and "using" in note


def test_evaluate_many_takes_the_id_of_the_line_format():
    """Before: the docs' own batch line failed with "unknown key 'id'"."""
    line = {"id": "he-2026-0001", "jurisdiction": "hebei", "as_of": "2026-11-22",
            "events": [{"type": "catalog.change", "date": "2026-09-28", "subject": "catalog"},
                       {"type": "catalog.updated", "date": "2026-10-15", "subject": "catalog"}]}
    [result] = regkit.evaluate_many([line])
    assert result == regkit.evaluate(line["events"], jurisdiction="hebei", as_of="2026-11-22")


def test_evaluate_takes_a_loaded_history_with_its_own_jurisdiction_and_as_of():
    history = load_history(EXAMPLES[0])
    result = regkit.evaluate(history)
    assert (result["jurisdiction"], result["as_of"]) == (history.jurisdiction, history.as_of.isoformat())
    assert result == regkit.evaluate(history.events, jurisdiction=history.jurisdiction, as_of=history.as_of)
    assert regkit.evaluate(history, jurisdiction="cn", as_of="2026-01-05")["jurisdiction"] == "cn"


# -- 9. exit codes mean one thing: the table of docs/reliability.md, case by case -----------------

HEBEI = str(Path(__file__).parent.parent / "examples" / "hebei.yaml")


def _documented_failures(tmp: Path) -> list[tuple[str, list[str], int, str]]:
    """(case, argv, exit code, the start of the one line on stderr) for every documented failure."""
    (tmp / "bad.yaml").write_text("jurisdiction: cn\nas_of: 2026-11-22\nevents:\n  - {type: catalog.chang, "
                                  "date: 2026-10-01}\n")
    (tmp / "oversized.yaml").write_bytes(b"#" * (33_554_432 + 1))
    (tmp / "latin1.yaml").write_bytes(b"events: [] # \xe9\n")
    (tmp / "badpack.yaml").write_text("pack: {}\n")
    event = '{"type": "catalog.change", "date": "2026-09-01", "subject": %s}'
    for name, value in [("surrogate.json", '"\\ud800"'), ("nan.json", "NaN"), ("huge.json", "9" * 5000)]:
        (tmp / name).write_text('{"jurisdiction": "cn", "as_of": "2026-11-22", "events": [%s]}' % (event % value))
    (tmp / "surrogate.yaml").write_text("events:\n- {type: catalog.change, date: 2026-09-01, subject: \"\\ud800\"}\n")
    (tmp / "huge.yaml").write_text("events:\n- {type: catalog.change, date: 2026-09-01, subject: %s}\n" % ("9" * 5000))
    lines = _write_input(tmp / "in.jsonl", 2)
    with lines.open("a") as handle:
        handle.write("not json\n")
    return [
        ("success", ["evaluate", HEBEI], 0, ""),
        ("lint findings", ["lint", str(tmp / "badpack.yaml")], 1, "1 problem(s)"),
        ("batch: some error records", ["batch", str(lines), "--out", str(tmp / "o.jsonl"), "--workers", "1"], 1,
         "regkit batch: 3 histories: 2 results, 1 errors"),
        ("usage", ["evaluate"], 2, "regkit evaluate: the following arguments are required"),
        ("unknown command", ["nope"], 2, "regkit: argument COMMAND: invalid choice"),
        ("missing file", ["evaluate", str(tmp / "none.yaml")], 2, "regkit: error: "),
        ("a directory", ["evaluate", str(tmp)], 2, "regkit: error: "),
        ("a NUL in a file name", ["evaluate", "a\0b"], 2, "regkit: error: "),
        ("bad event", ["evaluate", str(tmp / "bad.yaml")], 2, "regkit: error: "),
        ("too large", ["evaluate", str(tmp / "oversized.yaml")], 2, "regkit: error: "),
        ("not UTF-8", ["evaluate", str(tmp / "latin1.yaml")], 2, "regkit: error: "),
        ("a lone surrogate (JSON)", ["evaluate", str(tmp / "surrogate.json"), "--format", "json"], 2,
         f"regkit: error: {tmp / 'surrogate.json'}:1: a string holds a lone surrogate"),
        ("a lone surrogate (YAML)", ["evaluate", str(tmp / "surrogate.yaml"), "--jurisdiction", "cn"], 2,
         f"regkit: error: {tmp / 'surrogate.yaml'}:2: a string holds a lone surrogate"),
        ("NaN in JSON", ["evaluate", str(tmp / "nan.json")], 2, "regkit: error: "),
        ("a huge number (JSON)", ["evaluate", str(tmp / "huge.json")], 2,
         f"regkit: error: {tmp / 'huge.json'}: a number has more than 4,300 digits"),
        ("a huge number (YAML)", ["evaluate", str(tmp / "huge.yaml"), "--jurisdiction", "cn"], 2,
         f"regkit: error: {tmp / 'huge.yaml'}:2: a number has more than 4,300 digits"),
        ("unknown jurisdiction", ["evaluate", HEBEI, "--jurisdiction", "xx"], 2,
         "regkit: error: unknown jurisdiction 'xx'"),
        ("outside the calendar", ["calendar", "add", "2099-01-01", "10"], 2, "regkit: error: 2099-01-01 is outside"),
        ("unknown article", ["source", "cn", "99"], 2, "regkit: error: cn (政务数据共享条例) has no article 99"),
        ("unknown rule", ["explain", "cn.nope"], 2, "regkit: error: unknown rule 'cn.nope'"),
        ("batch: output is the input", ["batch", str(lines), "--out", str(lines)], 2,
         "regkit: error: "),
        ("batch: --compare with --jurisdiction", ["batch", str(lines), "--out", "-", "--compare",
                                                  "--jurisdiction", "cn"], 2, "regkit: error: --compare"),
        ("batch: bad --workers", ["batch", str(lines), "--out", "-", "--workers", "-1"], 2,
         "regkit: error: --workers must be"),
        ("batch: nothing to resume", ["batch", str(lines), "--out", str(tmp / "r.jsonl"), "--resume"], 2,
         "regkit: error: "),
        ("batch: resume on stdout", ["batch", str(lines), "--out", "-", "--resume"], 2, "regkit: error: "),
    ]


def test_every_documented_failure_has_its_exit_code_and_one_line(tmp_path, capsys):
    from regkit.cli import main

    for case, argv, code, start in _documented_failures(tmp_path):
        got = main(argv)
        _, err = capsys.readouterr()
        assert got == code, (case, err)
        if code:
            lines = err.strip("\n").split("\n")
            assert lines[-1].startswith(start) or lines[0].startswith(start), (case, err)
            assert len(lines) == 1 or argv[0] in ("lint", "batch"), (case, err)
        assert "please report" not in err and "Traceback" not in err, case


def test_only_a_bug_exits_3(capsys, monkeypatch):
    from regkit import cli

    monkeypatch.setattr(cli, "_jurisdictions", lambda fmt: 1 // 0)
    assert cli.main(["jurisdictions"]) == 3
    assert _one_line(capsys.readouterr().err) == ("regkit: internal error: ZeroDivisionError: integer division or "
                                                  "modulo by zero (please report this)")


def test_an_interrupt_exits_130_with_one_line(capsys, monkeypatch):
    from regkit import cli

    def interrupted(fmt):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_jurisdictions", interrupted)
    assert cli.main(["jurisdictions"]) == 130
    assert _one_line(capsys.readouterr().err) == "regkit: interrupted"


def test_the_error_example_of_the_events_doc_is_what_regkit_says(tmp_path, capsys, monkeypatch):
    """Before: docs/events.md showed `history.yaml:7: event 2 ...`, a line and a form regkit never gave."""
    from regkit.cli import main

    monkeypatch.chdir(tmp_path)
    Path("history.yaml").write_text("jurisdiction: cn\nas_of: 2026-11-22\nevents:\n"
                                    "  - {type: catalog.change, date: 2026-09-01}\n"
                                    "  - {type: catalog.change, date: 2026-09-02}\n"
                                    "  - {type: request.submited, date: 2026-10-01}\n")
    assert main(["evaluate", "history.yaml"]) == 2
    message = _one_line(capsys.readouterr().err).removeprefix("regkit: error: ")
    doc = (Path(__file__).parent.parent / "docs" / "events.md").read_text(encoding="utf-8")
    assert f"`{message}`" in doc


def test_the_schedule_option_of_the_calendar_doc_works(capsys):
    """Before: docs/calendar.md said `regkit calendar --schedule FILE`, which argparse refused."""
    from regkit.cli import main

    doc = (Path(__file__).parent.parent / "docs" / "calendar.md").read_text(encoding="utf-8")
    assert "`regkit calendar --schedule FILE`" in doc
    schedule = Path(__file__).parent.parent / "examples" / "calendar" / "cn-2026.yaml"
    assert main(["calendar", "--schedule", str(schedule)]) == 0
    capsys.readouterr()


def test_the_calendar_commands_escape_a_file_name(tmp_path, capsys):
    """Control characters in a schedule file's name reach no terminal from `calendar check`
    or `calendar import` (the calendar commands' own lines, besides the error line)."""
    from regkit.cli import main

    schedule = Path(__file__).parent.parent / "examples" / "calendar" / "cn-2026.yaml"
    named = tmp_path / "cn\x1b]0;owned\x07.yaml"
    named.write_bytes(schedule.read_bytes())
    assert main(["calendar", "check", str(named)]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "\\x1b" in captured.out
    source = Path(__file__).parent / "data" / "holiday-cn" / "2020.json"
    out = tmp_path / "cn-2020\x1b[31m.yaml"
    assert main(["calendar", "import", str(source), "--format", "holiday-cn", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert out.exists() and "\x1b" not in captured.out + captured.err and "\\x1b" in captured.err
