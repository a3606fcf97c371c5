"""The `regkit table` subcommand: an event table in, decision tables and a summary out."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

__all__ = ["add_table_command", "run_table"]


def add_table_command(commands: Any, iso_date: Callable[[str], Any]) -> None:
    """Register `table` on the subcommand set of the main parser."""
    table = commands.add_parser(
        "table", help="an event table (Parquet, CSV, Arrow) in, decision tables out",
        description="One row per event (or, with --mapping, a platform's own log); the deadlines, findings, "
                    "conflicts, classifications and errors tables out, keyed by history_id (docs/tables.md).")
    table.add_argument("input", metavar="INPUT", help="event table: .parquet, .csv, .arrow/.feather or .jsonl")
    table.add_argument("--out", required=True, metavar="DIR", help="directory for the decision tables")
    table.add_argument("--mapping", metavar="FILE", help="YAML mapping of the input's columns to the long format")
    table.add_argument("--jurisdiction", help="jurisdiction id (overrides each history's)")
    table.add_argument("--compare", action="store_true", help="evaluate each history under every jurisdiction")
    table.add_argument("--as-of", type=iso_date, dest="as_of",
                       help="the day to judge on (overrides each history's; default: today in China)")
    table.add_argument("--layers", choices=("all", "local"), default="all")
    table.add_argument("--format", choices=("parquet", "csv", "arrow"), default="parquet", dest="fmt")
    table.add_argument("--summary", action="store_true",
                       help="also write summary.md, summary.html and summary.json, and print the Markdown")
    table.add_argument("--set", action="append", default=[], metavar="RULE.FIELD=N", dest="settings",
                       help="what if: change a rule's number (period, extension, due_day); the summary shows "
                            "which duties change status against the law as it is")
    table.add_argument("--workers", type=int, default=0, metavar="N",
                       help="processes to use for a large table (default: every core; 1: this one)")
    table.add_argument("--engine", choices=("columnar", "scalar"), default="columnar",
                       help="scalar: every history by the scalar engine (the reference; slower)")


def run_table(args: argparse.Namespace) -> int:
    """Run it; exit 0 when every history gave a result, 1 when some gave error rows."""
    from .columnar.output import write_tables, write_whole
    from .columnar.run import evaluate_table
    from .columnar.summary import difference, summarise, to_html, to_markdown
    from .columnar.whatif import check_overrides, parse_setting
    from .errors import InputError
    from .model.events import today_in_china

    if args.compare and args.jurisdiction:
        raise InputError("--compare evaluates under every jurisdiction; leave out --jurisdiction")
    if args.workers < 0:
        raise InputError("--workers must be 0 (every core) or more")
    _refuse_replacing_inputs(args)
    overrides = dict(parse_setting(text) for text in args.settings)
    if overrides:
        check_overrides(overrides)
    options = dict(jurisdiction=args.jurisdiction, as_of=args.as_of, default_as_of=today_in_china(),
                   compare=args.compare, layers=args.layers, mapping=args.mapping, engine=args.engine,
                   lang=getattr(args, "lang", None))
    workers = args.workers or os.cpu_count() or 1
    decided = evaluate_table(args.input, **options, overrides=overrides or None, workers=workers)
    write_tables(decided.tables, args.out, args.fmt)
    summary = summarise(decided)
    changes = None
    if overrides:  # the law as it is, for the difference
        changes = difference(evaluate_table(args.input, **options, workers=workers), decided)
    if args.summary or overrides:
        out = Path(args.out)
        write_whole(out / "summary.json", json.dumps({**summary, "what_if": changes}, ensure_ascii=False,
                                                     indent=2) + "\n")
        write_whole(out / "summary.md", to_markdown(summary, changes) + "\n")
        write_whole(out / "summary.html", to_html(summary, changes))
        print(to_markdown(summary, changes))
    from .i18n import translator
    from .i18n.error_texts import translate_error
    scalar = sum(decided.scalar.values())
    line = (f"{decided.histories:,} histories: {decided.columnar:,} evaluations over columns, "
            f"{scalar:,} by the scalar engine, {summary['errors']:,} error rows; tables in {args.out}")
    print(f"regkit table: {translate_error(translator(getattr(args, 'lang', None)), line)}", file=sys.stderr)
    return 1 if summary["errors"] else 0


def _refuse_replacing_inputs(args: argparse.Namespace) -> None:
    """An output file that is the input table or the mapping (by any path or link) is refused
    before anything is read: the run would replace its own input."""
    from ._outputs import refuse_replacing
    from .columnar.schema import TABLES
    for name in [f"{name}.{args.fmt}" for name in TABLES] + ["summary.json", "summary.md", "summary.html"]:
        refuse_replacing(Path(args.out) / name, (args.input, args.mapping))
