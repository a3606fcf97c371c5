"""The `regkit batch` subcommand: its arguments and what it runs (kept out of cli.py)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from .compact import RECORD_FORMATS

__all__ = ["add_batch_command", "run_batch"]


def add_batch_command(commands: Any, iso_date: Callable[[str], Any]) -> None:
    """Register `batch` on the subcommand set of the main parser."""
    batch = commands.add_parser(
        "batch", help="evaluate a JSON Lines file of histories on every core",
        description="One history mapping {jurisdiction, as_of, events, id?} per input line; one JSON "
                    "record per line out, in the same order. Bad lines give error records; the run goes on.")
    batch.add_argument("input", metavar="INPUT", help="JSON Lines file of histories ('-': stdin)")
    batch.add_argument("--out", required=True, metavar="OUTPUT", help="JSON Lines file to write ('-': stdout)")
    batch.add_argument("--jurisdiction", help="jurisdiction id (overrides each line's)")
    batch.add_argument("--compare", action="store_true",
                       help="evaluate each history under every bundled jurisdiction")
    batch.add_argument("--as-of", type=iso_date, dest="as_of",
                       help="the day to judge on (overrides each line's; default: today in China)")
    batch.add_argument("--layers", choices=("all", "local"), default="all")
    batch.add_argument("--record", choices=RECORD_FORMATS, default="full",
                       help="full: each result as `regkit evaluate` prints it; compact: what the history "
                            "decided, each rule named by its id (docs/batch.md)")
    batch.add_argument("--workers", type=int, default=0, metavar="N",
                       help="processes to use (default and most: every core; 1: no extra process)")
    batch.add_argument("--resume", action="store_true",
                       help="continue an interrupted run from OUTPUT.partial (same input and options)")
    batch.add_argument("--chunk", type=int, default=1000, metavar="LINES", help="lines per task (default 1000)")


def run_batch(args: argparse.Namespace) -> int:
    """Run it; exit 0 when every line gave a result, 1 when some gave an error record,
    128 + the signal's number when interrupted (SIGINT: 130, SIGTERM: 143)."""
    from .batch import Options
    from .batchfile import PARTIAL, cores, run_file, workers_abandoned
    from .cli import _error
    from .errors import InputError, RegkitError, _printable
    from .model.events import today_in_china

    if args.compare and args.jurisdiction:
        raise InputError("--compare evaluates under every jurisdiction; leave out --jurisdiction")
    if args.workers < 0 or args.chunk < 1:
        raise InputError("--workers must be 0 or more and --chunk 1 or more")
    workers = args.workers or cores()
    if workers > cores():
        _error(f"regkit batch: note: --workers {args.workers} is more than the {cores()} core(s) this process "
               f"may use; using {cores()}")
        workers = cores()
    if args.jurisdiction:
        from .engine.plan import plan_for
        plan_for(args.jurisdiction, args.layers)  # an unknown id stops the run before it starts
    options = Options(jurisdiction=args.jurisdiction, as_of=args.as_of, layers=args.layers,
                      default_as_of=today_in_china(), compare=args.compare, record=args.record,
                      rules=tuple(getattr(args, "rules_folders", ())), fingerprint=_loaded_fingerprint(),
                      lang=args.lang)
    with _terminate_as_interrupt():
        try:
            summary = run_file(args.input, args.out, options, workers=workers, chunk_lines=args.chunk,
                               resume=args.resume)
        except RegkitError as exc:  # a full disk mid-run: the one line, then out (see _end)
            if workers_abandoned():
                from .cli import _error_prefix
                from .i18n.error_texts import error_line
                _error(_error_prefix(None if args.lang is None else ["--lang", args.lang])
                       + _printable(error_line(exc, args.lang)))
                _end(2)
            raise
    from .i18n import translator
    from .i18n.error_texts import translate_error
    tr = translator(args.lang)
    if summary.interrupted:
        partial = args.out + PARTIAL
        kept = f"; the records so far are in {_printable(partial)} (--resume continues)" \
            if args.out != "-" and os.path.isfile(partial) else ""
        _error(f"regkit batch: {translate_error(tr, f'interrupted by {signal.Signals(summary.interrupted).name}{kept}')}")
    _error(f"regkit batch: {translate_error(tr, summary.line())}")
    code = 128 + summary.interrupted if summary.interrupted else 1 if summary.errors else 0
    if workers_abandoned():
        _end(code)
    return code


def _end(code: int) -> None:
    """End the process now: its output is closed and its message written, but the thread of a
    pool whose workers were killed mid-task may never finish, and Python would wait for it."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)



@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager stopping the run) ends it as Ctrl-C does: whole records kept."""
    def handler(signum: int, frame: Any) -> None:
        raise _Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave the signal alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be."""

    signum = signal.SIGTERM


def _loaded_fingerprint() -> str | None:
    """The fingerprint of the rules folders this command loaded (None: bundled rules only): the
    workers, and a resumed run, must find the same files."""
    from . import _active
    library = _active.active()
    return library.fingerprint if library is not None else None
