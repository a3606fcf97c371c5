"""The `regkit` command line.

Every failure caused by the input or the environment (a full disk, a closed or
non-UTF-8 standard output) is one line on stderr and exit code 2; lint findings
exit 1; success exits 0; an interrupt exits 130. No traceback reaches the user: an
unexpected exception is reported as an internal error (exit 3) with a request to
file it. Every message and every human format escapes control characters, so that
a subject or a file name cannot recolour or retitle the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from datetime import date
from typing import Iterator, Sequence

from . import __version__
from .errors import OutputError, RegkitError, _printable

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is a single line like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {_printable(message)} (see --help)")


class _UsageError(Exception):
    pass


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _build_parser() -> _Parser:
    from .vocabulary import values

    parser = _Parser(prog="regkit", description="Chinese government-data-sharing rules as data.")
    parser.add_argument("--version", action="version", version=f"regkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_Parser)

    jur = commands.add_parser("jurisdictions", help="list the packs (bundled and --rules)")
    jur.add_argument("--format", choices=("table", "json"), default="table")

    from .calendar_cli import add_calendar_command
    add_calendar_command(commands, _iso_date, _Parser)

    ev = commands.add_parser("evaluate", help="evaluate an event history: deadlines and their status")
    ev.add_argument("history", metavar="HISTORY", help="YAML or JSON history file")
    ev.add_argument("--jurisdiction", help="jurisdiction id (overrides the history's)")
    ev.add_argument("--as-of", type=_iso_date, dest="as_of",
                    help="the day to judge on (overrides the history's; default: today in China)")
    ev.add_argument("--layers", choices=("all", "local"), default="all",
                    help="all: with the ancestors that bind the jurisdiction (default); local: its pack alone")
    ev.add_argument("--format", choices=("json", "table", "markdown"), default="table")
    ev.add_argument("--compare", action="store_true",
                    help="run the history under every bundled jurisdiction, side by side")
    ev.add_argument("--jurisdictions", type=_ids, metavar="A,B",
                    help="with --compare: these jurisdictions only, in this order")
    ev.add_argument("--schedule", action="append", default=[], metavar="FILE",
                    help="a year's announced holiday schedule (YAML)")
    ev.add_argument("--strict", action="store_true",
                    help="refuse to count across years without an announced schedule")
    ev.add_argument("--trail", action="append", default=[], metavar="SUBJECT/RULE",
                    help="show how the due date of RULE for SUBJECT was counted, day by day (repeatable; "
                         "with --format json the trails are added to the result under 'trails')")

    cls = commands.add_parser("classify", help="judge a data classification under a jurisdiction")
    cls.add_argument("--jurisdiction", required=True)
    cls.add_argument("--share-type", required=True, choices=values("share_types"))
    cls.add_argument("--basis", default="none", dest="legal_basis", choices=values("legal_bases"),
                     help="what the restriction rests on (default: none)")
    cls.add_argument("--approved", action="store_true", dest="approved_by_government",
                     help="the government approved it (Hebei's negative list)")
    cls.add_argument("--reasons", action="store_true", dest="reasons_stated", help="reasons are stated")
    cls.add_argument("--conditions", action="store_true", dest="conditions_listed",
                     help="the sharing conditions are listed in the catalog")
    cls.add_argument("--open-type", default="not_open", choices=values("open_types"))
    cls.add_argument("--dedicated", action="store_true", help="the requester is on the resource's 专用 list")
    cls.add_argument("--on", type=_iso_date, help="judge by the rules in force on this date")
    cls.add_argument("--layers", choices=("all", "local"), default="all")
    cls.add_argument("--format", choices=("table", "json"), default="table")

    lia = commands.add_parser("liability", help="the findings of a history as a readable report")
    lia.add_argument("history", metavar="HISTORY")
    lia.add_argument("--jurisdiction")
    lia.add_argument("--as-of", type=_iso_date, dest="as_of")
    lia.add_argument("--layers", choices=("all", "local"), default="all")
    lia.add_argument("--format", choices=("text", "json"), default="text")
    lia.add_argument("--schedule", action="append", default=[], metavar="FILE")
    lia.add_argument("--strict", action="store_true")

    con = commands.add_parser("conflicts", help="where a local rule is laxer than a higher one in force")
    con.add_argument("--jurisdiction", help="only the packs that bind this jurisdiction")
    con.add_argument("--on", type=_iso_date, help="rules in force on this date (default: today in China)")
    con.add_argument("--format", choices=("table", "json"), default="table")

    cmp_ = commands.add_parser("compare", help="a matrix for analysts: topics down, jurisdictions across")
    cmp_.add_argument("--topic", action="append", metavar="TOPIC",
                      help="catalog, request, quality, retention, security, reporting, classification or "
                           "liability (repeatable; default: all)")
    cmp_.add_argument("--on", type=_iso_date, help="rules in force on this date (default: today in China)")
    cmp_.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown")
    cmp_.add_argument("--jurisdictions", type=_ids, metavar="A,B",
                      help="these jurisdictions only, in this order (default: every bundled one)")

    exp = commands.add_parser("explain", help="a rule: its parameters, article text and reading")
    exp.add_argument("rule", metavar="RULE_ID")

    src = commands.add_parser("source", help="print an article of a normalised source text")
    src.add_argument("jurisdiction")
    src.add_argument("article", type=int)
    src.add_argument("--document", help="another document of the jurisdiction (e.g. jinzhong-plan)")

    imp = commands.add_parser(
        "source-import", help="(regkit source import) a regulation's plain text into DIR/sources/ID.yaml",
        description="Split a plain UTF-8 text into chapters, articles (第X条), paragraphs (款) and items (项), "
                    "with its provenance; traditional characters are converted when OpenCC is installed.")
    imp.prog = "regkit source import"
    imp.add_argument("text", metavar="TEXT_FILE")
    imp.add_argument("--id", required=True, dest="doc_id", help="the document id packs cite (a-z 0-9 _ -)")
    imp.add_argument("--title", required=True, help="the document's title, as the text states it")
    imp.add_argument("--number", help="its document number (e.g. 某政发〔2024〕1号)")
    imp.add_argument("--jurisdiction", help="the jurisdiction it belongs to (default: the id)")
    imp.add_argument("--replace", action="store_true", help="write over an existing source file")
    imp.add_argument("--rules", required=True, metavar="DIR", help="the rules folder to write into")

    lint = commands.add_parser("lint", help="check packs (default: those of --rules, else every bundled pack)")
    lint.add_argument("packs", nargs="*", metavar="PACK")

    test = commands.add_parser("test", help="run the scenarios (tests/*.yaml) of --rules, else the bundled ones")
    test.add_argument("files", nargs="*", metavar="FILE", help="scenario files (default: the folders')")
    commands.add_parser("check", help="lint, scenarios and invariants of the --rules folders in one go")

    schema = commands.add_parser("schema", help="print the JSON Schema of the pack format (--result: of a result)")
    schema.add_argument("--result", action="store_true", help="the result of `evaluate --format json` instead")

    agd = commands.add_parser("agenda", help="the binding duties overdue or falling due soon, across histories")
    agd.add_argument("histories", nargs="+", metavar="HISTORY")
    agd.add_argument("--within", type=int, default=5, metavar="N",
                     help="working days ahead to include (default: 5)")
    agd.add_argument("--as-of", type=_iso_date, dest="as_of",
                     help="the day to judge on (default: each history's own, else today in China)")
    agd.add_argument("--layers", choices=("all", "local"), default="all")
    agd.add_argument("--format", choices=("table", "json", "ics"), default="table")
    agd.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    agd.add_argument("--schedule", action="append", default=[], metavar="FILE")
    agd.add_argument("--strict", action="store_true")

    rep = commands.add_parser("report", help="one self-contained HTML file to hand on or print")
    rep.add_argument("history", metavar="HISTORY")
    rep.add_argument("--out", required=True, metavar="FILE.html")
    rep.add_argument("--jurisdiction")
    rep.add_argument("--as-of", type=_iso_date, dest="as_of")
    rep.add_argument("--layers", choices=("all", "local"), default="all")
    rep.add_argument("--compare", action="store_true",
                     help="add a matrix of the jurisdictions, coloured by outcome")
    rep.add_argument("--jurisdictions", type=_ids, metavar="A,B",
                     help="with --compare: these jurisdictions only")
    rep.add_argument("--schedule", action="append", default=[], metavar="FILE")
    rep.add_argument("--strict", action="store_true")

    from .batch_cli import add_batch_command
    add_batch_command(commands, _iso_date)
    from .table_cli import add_table_command
    add_table_command(commands, _iso_date)
    from .service.cli import add_serve_command
    add_serve_command(commands)
    for name, sub in commands.choices.items():
        if name not in _NO_PACKS:
            sub.add_argument("--rules", action="append", default=[], metavar="DIR",
                             help="a folder of user rules (packs/, sources/, tests/) beside the bundled "
                                  "ones; repeatable; also REGKIT_RULES, separated like PATH")
    _add_lang(commands)
    return parser


# The commands that read no pack, and so take no --rules of packs to read.
_NO_PACKS = frozenset({"calendar", "schema", "source-import"})


def _ids(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise argparse.ArgumentTypeError(f"no jurisdiction ids in {text!r}")
    return ids


def _add_lang(commands) -> None:
    """`--lang zh|en` on every command (and subcommand), default from the locale."""
    for sub in commands.choices.values():
        nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            _add_lang(nested[0])
        else:
            sub.add_argument("--lang", choices=("zh", "en"), default=None,
                             help="language of the output (default: from the locale; zh* gives Chinese)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["source", "import"]:  # `regkit source import` is the command source-import
        argv[:2] = ["source-import"]
    stdout = sys.stdout
    sys.stdout = _Stdout(stdout)  # type: ignore[assignment]
    try:
        args = parser.parse_args(argv)
        code = _run(args)
        sys.stdout.flush()  # a full disk shows at the last write: here, not at exit
        return code
    except _UsageError as exc:
        from .i18n import translator
        from .i18n.error_texts import translate_error
        _error(translate_error(translator(_lang_of(argv)), str(exc)))
        return 2
    except OutputError as exc:
        _error(f"regkit: error: {_printable(str(exc))}")
        _drop(stdout)
        return 2
    except RegkitError as exc:
        from .i18n.error_texts import error_line
        _error(_error_prefix(argv) + _printable(error_line(exc, _lang_of(argv))))
        return 2
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing more to say
        _drop(stdout)
        return 0
    except KeyboardInterrupt:
        _error("regkit: interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        _error(f"regkit: internal error: {type(exc).__name__}: {_printable(str(exc))} (please report this)")
        return 3
    finally:
        sys.stdout = stdout


def _error(message: str) -> None:
    """A line on stderr, if there is one (`print(file=None)` would write it to stdout)."""
    if sys.stderr is not None:
        try:
            print(message, file=sys.stderr)
        except (OSError, ValueError):  # stderr closed or full: the exit code still tells
            pass


class _Stdout:
    """Standard output whose failures are `OutputError`s: closed (None), a full disk or
    another write error, an encoding that cannot hold the text (not UTF-8)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            raise OutputError("cannot write standard output: it is closed")
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write standard output: {exc.strerror or exc}") from None
        except UnicodeEncodeError as exc:
            if exc.encoding.replace("-", "").lower() == "utf8":  # a lone surrogate: no encoding holds it
                raise OutputError("cannot write standard output: the text holds a lone surrogate, "
                                  "which is not Unicode") from None
            raise OutputError(f"standard output cannot take this text: its encoding is {exc.encoding}, "
                              "not UTF-8 (set PYTHONIOENCODING=utf-8)") from None
        except ValueError as exc:  # "I/O operation on closed file"
            raise OutputError(f"cannot write standard output: {exc}") from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write standard output: {exc.strerror or exc}") from None
        except ValueError:
            pass

    def __getattr__(self, name: str):
        if self._stream is None:
            raise OutputError("cannot write standard output: it is closed")
        return getattr(self._stream, name)


def _drop(stream) -> None:
    """After a failed write, point standard output at /dev/null: the interpreter's own
    flush at exit must not fail again with a second, unworded message."""
    if stream is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _lang_of(argv: Sequence[str] | None) -> str | None:
    """The language asked for with --lang (None: the locale's), read from the words
    themselves, since an error may come before or while they are parsed."""
    words = list(sys.argv[1:] if argv is None else argv)
    lang = words[words.index("--lang") + 1] if "--lang" in words[:-1] else None
    return lang if lang in ("zh", "en") else None


def _error_prefix(argv: Sequence[str] | None) -> str:
    """'regkit: error: ' in the language asked for (--lang, else the locale's)."""
    from .i18n import translator
    return translator(_lang_of(argv)).gettext("regkit: error: ")


def _run(args: argparse.Namespace) -> int:
    """Run the command, answering from the bundled rules plus any user folders."""
    from .library import rules_from_env

    folders = rules_from_env(getattr(args, "rules", ())) if args.command not in _NO_PACKS else []
    if not folders:
        return _dispatch(args)
    from ._active import using
    from .library import Library

    args.rules_folders = folders
    # lint reports a broken user pack as a finding, so it reads the folders' texts only
    library = Library.from_paths(*folders, user_packs=args.command != "lint")
    with using(library):
        return _dispatch(args)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "jurisdictions":
        return _jurisdictions(args)
    if args.command == "calendar":
        from .calendar_cli import run_calendar
        return run_calendar(args)
    if args.command in ("evaluate", "liability"):
        return _evaluate(args)
    if args.command == "classify":
        return _classify(args)
    if args.command == "conflicts":
        return _conflicts(args)
    if args.command == "compare":
        from .comparison import compare, matrix_csv, matrix_json, matrix_markdown
        matrix = compare(args.topic, on=args.on or _today(), jurisdictions=args.jurisdictions)
        if args.format == "markdown":
            sys.stdout.write(matrix_markdown(matrix, lang=args.lang))
        else:
            sys.stdout.write({"csv": matrix_csv, "json": matrix_json}[args.format](matrix, lang=args.lang))
        return 0
    if args.command == "agenda":
        return _agenda(args)
    if args.command == "report":
        return _report(args)
    if args.command == "explain":
        from .explanation import explain
        print(explain(args.rule, lang=args.lang), end="")
        return 0
    if args.command == "source":
        from .sources import source_text
        print(source_text(args.jurisdiction, args.article, args.document))
        return 0
    if args.command == "test":
        return _test(args)
    if args.command == "check":
        return _check(args)
    if args.command == "source-import":
        return _source_import(args)
    if args.command == "lint":
        return _lint(args.packs, getattr(args, "rules_folders", ()), args.lang)
    if args.command == "batch":
        from .batch_cli import run_batch
        return run_batch(args)
    if args.command == "table":
        from .table_cli import run_table
        return run_table(args)
    if args.command == "serve":
        from .service.cli import run_serve
        return run_serve(args)
    if args.command == "schema":
        if args.result:
            from .model.results import result_schema
            print(json.dumps(result_schema(), ensure_ascii=False, indent=2, sort_keys=True))
            return 0
        from .schema import schema_json
        sys.stdout.write(schema_json())
        return 0
    raise AssertionError(args.command)


def _today() -> date:
    from .model.events import today_in_china
    return today_in_china()


def _conflicts(args: argparse.Namespace) -> int:
    from .engine.conflicts import conflicts
    from .render import render_conflicts

    on = args.on or _today()
    found = conflicts(args.jurisdiction, on=on)
    if args.format == "json":
        if args.lang is not None:
            from .i18n.results import localize_conflicts
            found = localize_conflicts(found, args.lang)
        print(json.dumps({"on": on.isoformat(), "conflicts": found}, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        from .i18n import translator
        tr = translator(args.lang)
        _ = tr.gettext
        heading = _("conflicts between the packs binding {jurisdiction} in force on {on}: {count} (lex superior: "
                    "the higher rule prevails)") if args.jurisdiction else \
            _("conflicts between the packs in force on {on}: {count} (lex superior: the higher rule prevails)")
        heading = heading.format(jurisdiction=tr.jurisdiction(args.jurisdiction or ""), on=tr.date(on.isoformat()),
                                 count=len(found))
        sys.stdout.write(render_conflicts(found, heading, lang=args.lang))
    return 0


def _jurisdictions(args: argparse.Namespace) -> int:
    from .packs import describe_packs
    rows = describe_packs()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from .render import render_jurisdictions
    sys.stdout.write(render_jurisdictions(rows, lang=args.lang))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .engine import evaluate, to_json
    from .errors import InputError
    from .history import load_history
    from .render import render_findings, render_markdown, render_table

    history = load_history(args.history)
    jurisdiction = args.jurisdiction or history.jurisdiction
    if getattr(args, "compare", False):
        return _evaluate_compare(args, history)
    if not jurisdiction:
        raise InputError("no jurisdiction: give --jurisdiction or put 'jurisdiction:' in the history",
                         file=args.history)
    as_of = args.as_of or history.as_of or _today()
    with _pointing_at(history, args):
        result = evaluate(history.events, jurisdiction=jurisdiction, as_of=as_of, layers=args.layers,
                          calendar=_calendar_for(args))
    if args.lang is not None and args.format == "json":
        from .i18n.results import localize_result
        result = localize_result(result, args.lang)
    if args.command == "liability":
        if args.format == "json":
            print(json.dumps(result["findings"], ensure_ascii=False, indent=2, sort_keys=True))
        else:
            sys.stdout.write(render_findings(result, lang=args.lang))
        return 0
    trails = _trails(result, args.trail, _calendar_for(args)) if args.trail else None
    if args.format == "json":
        sys.stdout.write(to_json({**result, "trails": trails} if trails is not None else result))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(result, lang=args.lang))
    else:
        sys.stdout.write(render_table(result, lang=args.lang))
    if trails is not None and args.format != "json":
        from .render import terminal_safe
        from .trail import render_trail
        for trail in trails:
            sys.stdout.write("\n" + terminal_safe(render_trail(trail, lang=args.lang)))
    return 0


def _trails(result: dict, wanted: list[str], calendar) -> list[dict]:
    """The counting trails of the entries named SUBJECT/RULE (every cycle of each)."""
    from .errors import InputError
    from .trail import counting_trail

    trails = []
    for name in wanted:
        subject, _sep, rule = name.rpartition("/")
        found = [e for e in result["deadlines"] if e["subject"] == subject and e["rule"] == rule]
        if not found:
            known = sorted({f"{e['subject']}/{e['rule']}" for e in result["deadlines"]})
            raise InputError(f"--trail {name!r}: no such deadline in the result; there are: "
                             f"{', '.join(known) or 'none'}", field="trail")
        trails.extend(counting_trail(e, calendar, result) for e in found)
    return trails


@contextmanager
def _pointing_at(history, args: argparse.Namespace) -> Iterator[None]:
    """An error about the jurisdiction or as_of the history file gave (not a flag) names
    the file and line that gave it."""
    from .errors import HistoryError, UnknownJurisdiction
    try:
        yield
    except UnknownJurisdiction as exc:
        if args.jurisdiction or "jurisdiction" not in history.lines:
            raise
        raise HistoryError(str(exc), file=history.file, line=history.lines["jurisdiction"],
                           field="jurisdiction") from None
    except HistoryError as exc:
        if exc.field != "as_of" or exc.file or args.as_of or "as_of" not in history.lines:
            raise
        raise HistoryError(exc.reason, file=history.file, line=history.lines["as_of"], field="as_of") from None


def _calendar_for(args: argparse.Namespace):
    from .calendar_cli import calendar_for
    return calendar_for(args.schedule, args.strict)


def _evaluate_compare(args: argparse.Namespace, history) -> int:
    from .comparison import compare_history, compare_history_markdown
    from .engine import to_json
    from .render import escaped, terminal_safe

    as_of = args.as_of or history.as_of or _today()
    with _pointing_at(history, args):
        compared = compare_history(history.events, as_of=as_of, layers=args.layers,
                                   calendar=_calendar_for(args), jurisdictions=args.jurisdictions)
    if args.format == "json":
        if args.lang is not None:
            from .i18n.results import localize_result
            compared = {**compared, "results": {pid: localize_result(r, args.lang)
                                                for pid, r in compared["results"].items()}}
        sys.stdout.write(to_json(compared))
    else:
        sys.stdout.write(terminal_safe(compare_history_markdown(escaped(compared), lang=args.lang)))
    return 0


def _classify(args: argparse.Namespace) -> int:
    from .engine.classify import classify_claim
    from .packs import get_pack
    from .render import render_classification

    get_pack(args.jurisdiction)
    claim = {"share_type": args.share_type, "legal_basis": args.legal_basis,
             "approved_by_government": args.approved_by_government, "reasons_stated": args.reasons_stated,
             "conditions_listed": args.conditions_listed, "open_type": args.open_type,
             "dedicated": args.dedicated}
    items = classify_claim(args.jurisdiction, claim, on=args.on, layers=args.layers)
    if args.format == "json":
        print(json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        sys.stdout.write(render_classification(items, lang=args.lang))
    return 0


def _agenda(args: argparse.Namespace) -> int:
    from .upcoming import agenda
    from .history import load_history

    histories = [load_history(path) for path in args.histories]
    found = agenda(histories, within=args.within, as_of=args.as_of, layers=args.layers,
                   calendar=_calendar_for(args))
    if args.format == "json":
        text = json.dumps(found, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    elif args.format == "ics":
        from .render.ical import agenda_ics
        text = agenda_ics(found, lang=args.lang)
    else:
        from .render import render_agenda
        text = render_agenda(found, lang=args.lang)
    _write(text, args.out, newline="" if args.format == "ics" else None, inputs=_inputs(args))
    return 0


def _report(args: argparse.Namespace) -> int:
    from .engine import evaluate
    from .errors import InputError
    from .history import load_history
    from .render.html import report_html

    history = load_history(args.history)
    jurisdiction = args.jurisdiction or history.jurisdiction
    if not jurisdiction:
        raise InputError("no jurisdiction: give --jurisdiction or put 'jurisdiction:' in the history",
                         file=args.history)
    as_of = args.as_of or history.as_of or _today()
    calendar = _calendar_for(args)
    with _pointing_at(history, args):
        result = evaluate(history.events, jurisdiction=jurisdiction, as_of=as_of, layers=args.layers,
                          calendar=calendar)
        compared = None
        if args.compare:
            from .comparison import compare_history
            compared = compare_history(history.events, as_of=as_of, layers=args.layers, calendar=calendar,
                                       jurisdictions=args.jurisdictions)
    _write(report_html(result, compared=compared, calendar=calendar, lang=args.lang, title=args.history),
           args.out, inputs=_inputs(args))
    return 0


def _inputs(args: argparse.Namespace) -> list[str]:
    """The files a command reads (histories, schedules), which its --out must not replace."""
    found = [getattr(args, "history", None), *getattr(args, "histories", ()), *getattr(args, "schedule", ())]
    return [path for path in found if isinstance(path, str)]


def _write(text: str, out: str | None, newline: str | None = None, inputs: Sequence[str] = ()) -> None:
    """Standard output, or FILE written whole: a temporary file beside it, renamed at the end,
    so a failed run never leaves a partial file looking complete nor touches an existing one;
    a FILE that is one of `inputs` (by any path or link) is refused, the input untouched."""
    from ._outputs import refuse_replacing
    refuse_replacing(out, inputs)
    if out is None or out == "-":
        if newline == "":
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    import tempfile
    from .errors import InputError
    target = os.path.abspath(out)
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".regkit-", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _source_import(args: argparse.Namespace) -> int:
    from .source_import import import_text

    target = import_text(args.text, doc_id=args.doc_id, title=args.title, folder=args.rules,
                         number=args.number, jurisdiction=args.jurisdiction, replace=args.replace)
    print(f"wrote {target}")
    return 0


def _scenario_files(args: argparse.Namespace) -> list:
    from pathlib import Path

    from ._resources import rules_dir
    folders = getattr(args, "rules_folders", ())
    if folders:
        return [p for folder in folders for p in sorted((Path(folder) / "tests").glob("*.yaml"))]
    return sorted((rules_dir() / "tests").glob("*.yaml"))


def _test(args: argparse.Namespace) -> int:
    from .engine.engine import Engine
    from .library import current_library
    from .scenarios import run_scenarios

    count, failures = run_scenarios(args.files or _scenario_files(args), Engine(current_library()))
    for failure in failures:
        print(failure)
    _ = _gettext(getattr(args, "lang", None))
    print(_("{count} scenario(s), {failures} failure(s)").format(count=count, failures=len(failures)),
          file=sys.stderr if failures else sys.stdout)
    return 1 if failures else 0


def _check(args: argparse.Namespace) -> int:
    """Lint, then the scenarios, then the invariants on every scenario's history and on
    generated ones: the three ways a pack can be wrong, in one exit code."""
    from .engine.engine import Engine
    from .library import current_library
    from .testing.invariants import check_library

    status = _lint([], getattr(args, "rules_folders", ()), args.lang)
    if status != 0:
        return status
    status = _test(argparse.Namespace(files=[], rules_folders=getattr(args, "rules_folders", ()), lang=args.lang))
    engine = Engine(current_library())
    broken = check_library(engine, _scenario_files(args))
    for message in broken:
        print(message)
    _ = _gettext(args.lang)
    print(_("invariants: {count} broken").format(count=len(broken)),
          file=sys.stderr if broken else sys.stdout)
    return 1 if status or broken else 0


def _gettext(lang: str | None):
    from .i18n import translator
    return translator(lang).gettext


def _lint(paths: list[str], folders: Sequence[str], lang: str | None = None) -> int:
    from pathlib import Path

    from .i18n.lint_texts import lint_line
    from .linting import lint
    if not paths and folders:  # the user folders' packs, not the bundled ones
        paths = [str(p) for folder in folders for p in sorted((Path(folder) / "packs").glob("*.yaml"))]
    messages = lint(paths or None)
    for message in messages:
        print(_printable(lint_line(message, lang)))
    _ = _gettext(lang)
    if messages:
        _error(_("{count} problem(s)").format(count=len(messages)))
        return 1
    print(_("all packs clean"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
