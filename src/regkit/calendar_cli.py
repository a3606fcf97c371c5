"""The `regkit calendar` subcommands: their arguments and what they run (kept out of cli.py)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

__all__ = ["add_calendar_command", "calendar_for", "quiet", "run_calendar"]


def add_calendar_command(commands: Any, iso_date: Callable[[str], date], parser_class: type) -> None:
    """Register `calendar` on the subcommand set of the main parser."""
    cal = commands.add_parser("calendar", help="Chinese working-day arithmetic and the holiday schedules",
                              description="Without ACTION: the same as `info`.")
    _schedule_options(cal)
    actions = cal.add_subparsers(dest="calendar_command", metavar="ACTION", parser_class=parser_class)
    add = actions.add_parser("add", help="the N-th working day after DATE (N < 0: before)")
    add.add_argument("date", type=iso_date)
    add.add_argument("n", type=int)
    add.add_argument("--format", choices=("text", "json"), default="text")
    between = actions.add_parser("between", help="working days in (A, B]")
    between.add_argument("a", type=iso_date)
    between.add_argument("b", type=iso_date)
    info = actions.add_parser("info", help="what data the calendar holds, and whether a notice is due")
    info.add_argument("--format", choices=("text", "json"), default="text")
    info.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)  # for tests
    check = actions.add_parser("check", help="check schedule files against the law and the library "
                                             "(exit 1 on a problem or a difference)")
    check.add_argument("files", nargs="+", metavar="FILE")
    imp = actions.add_parser("import", help="a holiday-cn year file as a schedule file")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--format", choices=("holiday-cn",), default="holiday-cn")
    imp.add_argument("--out", metavar="SCHEDULE", help="where to write the schedule (default: standard output)")
    exp = actions.add_parser("export", help="a year of the calendar's data as a schedule or holiday-cn file")
    exp.add_argument("year", type=int)
    exp.add_argument("--format", choices=("yaml", "holiday-cn"), default="yaml")
    exp.add_argument("--out", metavar="FILE", help="where to write it (default: standard output)")
    for sub in (add, between, info, exp):
        _schedule_options(sub)


def _schedule_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: an option given before ACTION is not reset by the action's own default
    parser.add_argument("--schedule", action="append", metavar="FILE", default=argparse.SUPPRESS,
                        help="a year's announced schedule (YAML); overrides the library and REGKIT_SCHEDULES")
    parser.add_argument("--strict", action="store_true", default=argparse.SUPPRESS,
                        help="refuse to answer across years without an announced schedule")


def calendar_for(paths: list[str], strict: bool):
    """The calendar of REGKIT_SCHEDULES and `paths` (a path given wins over the environment's
    schedule for the same year); a schedule that contradicts the library is warned about."""
    from .calendar import WorkingDayCalendar, default_calendar, schedules_from_environment
    from .schedules import load_schedule

    if not paths and not strict:
        calendar = quiet(default_calendar)
    else:
        given = [load_schedule(p) for p in paths]
        years = {s.year for s in given}
        inherited = [s for s in schedules_from_environment() if s.year not in years]
        calendar = quiet(WorkingDayCalendar, inherited + given, strict=strict)
    warn_differences(calendar)
    return calendar


def quiet(make, *args, **kwargs):
    """`make(*args, **kwargs)` without Python's ScheduleWarning: the command line words its own."""
    import warnings
    from .calendar import ScheduleWarning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScheduleWarning)
        return make(*args, **kwargs)


def warn_differences(calendar) -> None:
    """One line on stderr for each schedule that differs from the library's announced data."""
    from .errors import _printable
    by_year = {s.year: s for s in calendar.schedules}
    for year, days in sorted(calendar.differences().items()):
        if not days:
            continue
        named = ", ".join(f"{d.isoformat()} ({'working day' if calendar.is_working_day(d) else 'day off'})"
                          for d in days)
        print(f"regkit: warning: {_printable(str(by_year[year].source))}: the {year} schedule differs from the "
              f"announced data of holidays {calendar.holidays_version} on {named}; answers follow the schedule",
              file=sys.stderr)


def run_calendar(args: argparse.Namespace) -> int:
    action = args.calendar_command or "info"
    if action == "check":
        return _check(args.files)
    if action == "import":
        return _import(args)
    calendar = calendar_for(getattr(args, "schedule", []), getattr(args, "strict", False))
    if action == "info":
        return _info(calendar, getattr(args, "format", "text"), getattr(args, "today", None))
    if action == "export":
        return _export(calendar, args)
    if action == "add":
        return _add(calendar, args)
    print(calendar.working_days_between(args.a, args.b))
    _warn_provisional(calendar, calendar.provisional_dates(args.a, args.b))
    return 0


def _warn_provisional(calendar, span) -> None:
    if span is not None:
        print(f"regkit: warning: provisional: {span[0].isoformat()} to {span[1].isoformat()} "
              f"have no announced holiday schedule (official through "
              f"{calendar.official_through.isoformat()}); the answer may change", file=sys.stderr)


def _add(calendar, args: argparse.Namespace) -> int:
    due = calendar.add_working_days(args.date, args.n)
    span = calendar.provisional_dates(args.date, due)
    bounds = calendar.provisional_range(args.date, args.n) if span is not None else None
    if args.format == "json":
        print(json.dumps({"start": args.date.isoformat(), "n": args.n, "date": due.isoformat(),
                          "provisional": span is not None,
                          "earliest": bounds[0].isoformat() if bounds else None,
                          "latest": bounds[1].isoformat() if bounds else None,
                          "official_through": calendar.official_through.isoformat()},
                         ensure_ascii=False, indent=2, sort_keys=True))
    elif bounds:
        print(f"{due.isoformat()} provisional: between {bounds[0].isoformat()} and {bounds[1].isoformat()} "
              "once the notice is out")
    else:
        print(due.isoformat())
    _warn_provisional(calendar, span)
    return 0


def _info(calendar, fmt: str, today: date | None) -> int:
    from .calendar.info import calendar_info, render_info
    from .model.events import today_in_china
    info = calendar_info(calendar, today or today_in_china())
    if fmt == "json":
        print(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True))
    else:  # titles and file names come from users: no control character reaches the terminal
        from .render import escaped
        sys.stdout.write(render_info(escaped(info)))
    return 0


def _check(files: list[str]) -> int:
    """Exit 1 when a file has a problem or differs from the library; 2 when one cannot be read."""
    from .calendar import WorkingDayCalendar
    from .calendar.check import check_schedule
    from .errors import ScheduleError, _printable
    from .schedules import load_schedule

    problems = 0
    for path in files:
        try:
            schedule = load_schedule(path)
            calendar = quiet(WorkingDayCalendar, [schedule])
        except ScheduleError as exc:
            if exc.line is None:  # no text to check (unreadable, too large, not UTF-8): refused
                raise
            print(f"regkit: {_printable(str(exc))}")
            problems += 1
            continue
        findings = check_schedule(schedule, calendar)
        for finding in findings:  # a finding may quote the file's own text (a break's name)
            print(f"{_printable(path)}: {_printable(str(finding))}")
        found = sum(f.problem for f in findings)
        problems += found
        if not found:
            print(f"{_printable(path)}: {schedule.year} agrees with the law"
                  + (" and the library" if schedule.year <= calendar.library_through.year else ""))
    if problems:
        print(f"{problems} problem(s)", file=sys.stderr)
        return 1
    return 0


def _import(args: argparse.Namespace) -> int:
    from ._yaml import read_file
    from .calendar.exchange import dump_yaml, load_holiday_cn
    from .errors import ScheduleError, _printable

    text = read_file(args.file, error=ScheduleError)[1]
    schedule = load_holiday_cn(text, args.file)
    header = (f"Imported from the holiday-cn file {Path(args.file).name}. Fill in each notice's number and\n"
              "issued date (and a later notice's title) from the notice itself, then run regkit calendar check.")
    _write(dump_yaml(schedule, header),
           args.out, args.file)
    if args.out:
        print(f"regkit: wrote {_printable(args.out)}; check it with: regkit calendar check {_printable(args.out)}",
              file=sys.stderr)
    return 0


def _export(calendar, args: argparse.Namespace) -> int:
    from .calendar.exchange import dump_holiday_cn, dump_yaml, library_schedule
    from .errors import InputError

    scheduled = {s.year: s for s in calendar.schedules}
    if args.year in scheduled:
        schedule = scheduled[args.year]
    elif calendar.first_day.year <= args.year <= calendar.official_through.year:
        schedule = library_schedule(calendar, args.year)
    else:
        raise InputError(f"{args.year} has no announced schedule to export (announced: "
                         f"{calendar.first_day.year} to {calendar.official_through.year})")
    _write(dump_holiday_cn(schedule) if args.format == "holiday-cn" else dump_yaml(schedule), args.out)
    return 0


def _write(text: str, out: str | None, source: str | None = None) -> None:
    """Write `text` to `out` whole or not at all (a temporary name, then a rename); refuse to
    write over the input. A device or FIFO is written in place: a rename would replace it."""
    import stat
    from ._outputs import refuse_replacing
    from .errors import OutputError, _printable
    if out is None:
        sys.stdout.write(text)
        return
    target = Path(out)
    try:
        status = target.stat()
    except (OSError, ValueError):
        status = None
    refuse_replacing(out, (source,))
    if status is not None and not stat.S_ISREG(status.st_mode):
        try:
            with open(target, "w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as exc:
            raise OutputError(f"cannot write {_printable(out)}: {exc.strerror or exc}") from None
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write {_printable(out)}: {exc.strerror or exc}") from None
