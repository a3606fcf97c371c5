"""Error messages in the reader's language: a whole Chinese line with `--lang zh`.

An error is raised, deep in regkit, as an English sentence with its variable parts in it
(`unknown jurisdiction 'nowhere'; known: cn, hebei…`); the code that raises it knows no
reader. The line printed for it is rendered here: each template below is one of those
sentences with its variable parts named, and a message that matches one is written from
the catalogue's translation. Identifiers, file names, values the user wrote and lists of
ids stay as they are. A message that matches none is shown in English, as before.
tests/test_error_texts.py provokes the errors a user meets (through the command line) and
checks that each template's fixed words are still in the code that raises it, so a reworded
message fails a test instead of silently staying English.

The exit codes, and the `error_type`, `field` and `line` of the service's error answers, do
not change: only the line a person reads does (service/errors.py renders its `error` here).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import N_, translator
from .engine_texts import matching

if TYPE_CHECKING:
    from . import Translator

__all__ = ["TEMPLATES", "error_line", "translate_error"]

TEMPLATES = (
    # an event of a history (the label "event N (type)" is rendered apart)
    N_("an event is a mapping with 'type' and 'date', not {kind}"),
    N_("missing 'type'"),
    N_("unknown event type (did you mean {close}?)"),
    N_("unknown event type"),
    N_("unknown attribute {name} (did you mean {close}?)"),
    N_("unknown attribute {name} ({event} takes: {known})"),
    N_("missing attribute {name}"),
    # pydantic's own words for a value of the wrong kind, before the list of allowed values below
    N_("{name}: Input should be a valid date or datetime, day value is outside expected range (got {got})"),
    N_("{name}: Input should be a valid date or datetime, month value is outside expected range of 1-12 (got {got})"),
    N_("{name}: Input should be a valid date or datetime, {detail} (got {got})"),
    N_("{name}: Input should be a valid date"),
    N_("{name}: Datetimes provided to dates should have zero time - e.g. be exact dates (got {got})"),
    N_("{name}: Input should be a valid integer, {detail} (got {got})"),
    N_("{name}: Input should be greater than or equal to {least} (got {got})"),
    N_("{name}: should be a whole number of at least {least}, not true or false (got {got})"),
    N_("{name}: Input should be a valid boolean, {detail} (got {got})"),
    N_("{name}: Input should be a valid string (got {got})"),
    N_("{name}: Input should be {allowed} (got {got})"),
    # a history file
    N_("events must be a list of events, not {kind}"),
    N_("too many events ({count}; the limit is {limit} per history)"),
    N_("malformed JSON: {detail}"),
    N_("a history is a list of events, or a mapping with 'events' (and optionally 'jurisdiction' and 'as_of')"),
    N_("unknown key {key} (a history has: {keys})"),
    N_("'events' must be a list of events"),
    N_("'jurisdiction' must be a jurisdiction id such as 'hebei'"),
    N_("'as_of' is not a date: {value}"),
    N_("'as_of' must be a date (YYYY-MM-DD)"),
    N_("no jurisdiction: put 'jurisdiction:' in the history"),
    # reading a file
    N_("impossible date {value} (month must be in 1..12)"),
    N_("impossible date {value} (day is out of range for month)"),
    N_("impossible date {value} ({detail})"),
    N_("duplicate key {key} (first given on line {line})"),
    N_("too large ({size} characters; the limit is {limit})"),
    N_("too large ({size} bytes; the limit is {limit})"),
    N_("too large (more than {size} bytes; the limit is {limit})"),
    N_("character U+{code} is not allowed in YAML"),
    N_("malformed YAML: {detail}"),
    N_("expected <block end>, but found {found}"),
    N_("mapping values are not allowed here"),
    N_("found character {character} that cannot start any token"),
    N_("found unexpected end of stream"),
    N_("expected ',' or ']', but got {found}"),
    N_("expected ',' or '}}', but got {found}"),
    N_("could not find expected ':'"),
    N_("expected the node content, but found {found}"),
    N_("found unknown escape character {character}"),
    N_("found undefined tag handle {handle}"),
    N_("sequence entries are not allowed here"),
    N_("mapping keys are not allowed here"),
    N_("aliases (*name) are not allowed"),
    N_("anchors (&name) are not allowed"),
    N_("tags that build objects (such as !!python/...) are not allowed: could not determine a constructor for "
       "the tag {tag}"),
    N_("nested too deeply"),
    # a user library sent to worker processes (library.address_of, library._loaded)
    N_("the rules folders on this worker differ from the caller's (changed since the library was made, or another copy): {folders}"),
    N_("a library sent to worker processes must be made by regkit.Library.from_paths (each worker loads its folders again)"),
    N_("a worker cannot load the rules folders the run loaded: {detail}"),
    N_("the output is the input file; choose another --out"),
    # rows of an event table (regkit table)
    N_("row without a history_id"),
    N_("this CSV row has {actual} fields where the header has {expected}"),
    N_("this line is not valid JSON"),
    N_("this line is a JSON {kind}, not an object (one event)"),
    N_("{why}; the history is not judged without it"),
    N_("the rows of this history give different values of {name}: {values}"),
    N_("{name} is not a date (YYYY-MM-DD): {value}"),
    N_("{name} must be a date, not {kind}"),
    N_("as_of {day} is after the last day of the working-day calendar ({last})"),
    N_("cannot read: No such file or directory"),
    N_("cannot read: Is a directory"),
    N_("cannot read: Permission denied"),
    N_("cannot read: {detail}"),
    N_("not a valid file name (it contains a NUL byte)"),
    N_("not UTF-8 text (byte {offset})"),
    # names that do not exist
    N_("unknown jurisdiction {id} (did you mean {close}?); known: {known}"),
    N_("unknown jurisdiction {id}; known: {known}"),
    N_("no source text for jurisdiction {id}; known: {known}"),
    N_("unknown rule {id} (did you mean {close}?)"),
    N_("unknown rule {id}"),
    N_("{document} ({title}) has no article {number}; its articles are {range}"),
    N_("unknown topic {topic}; known: {known}"),
    # options
    N_("--within must be a whole number of working days ≥ 0, not {value}"),
    N_("--trail {wanted}: no such deadline in the result; there are: {known}"),
    # the calendar
    N_("{day} is outside the working-day calendar ({first} to {last})"),
    N_("dates {first} to {last} are past the last announced holiday schedule (official through {through}); "
       "load the year's schedule or leave strict mode"),
    # the service's own (service/app.py), and its framework's words
    N_("lang must be zh or en, not {value}"),
    N_("layers must be 'all' or 'local', not {value}"),
    N_("compare evaluates under every jurisdiction; leave out jurisdiction"),
    N_("'histories' must be a non-empty list of histories"),
    N_("unknown key {key} (an agenda request has: {keys})"),
    N_("request body too large (more than {size} bytes; the limit is {limit})"),
    N_("request body too large ({size} bytes; the limit is {limit})"),
    N_("Not Found"),
    N_("Method Not Allowed"),
    N_("Field required"),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be a valid date or datetime, {detail}"),
    # regkit batch's closing line on standard error
    N_("{histories} histories after line {line}: {results} results, {errors} errors ({seconds} s, {rate}/s)"),
    N_("{histories} histories: {results} results, {errors} errors ({seconds} s, {rate}/s)"),
    N_("{histories} histories: {columnar} evaluations over columns, {scalar} by the scalar engine, {errors} error "
       "rows; tables in {out}"),
    N_("interrupted by {signal}; the records so far are in {file} (--resume continues)"),
    N_("interrupted by {signal}"),
    # the command line's own (argparse) words
    N_("{prog}: argument {argument}: not a date (YYYY-MM-DD): {value} (see --help)"),
    N_("{prog}: argument {argument}: invalid choice: {value} (choose from {choices}) (see --help)"),
    N_("{prog}: argument {argument}: invalid int value: {value} (see --help)"),
    N_("{prog}: argument {argument}: expected one argument (see --help)"),
    N_("{prog}: the following arguments are required: {arguments} (see --help)"),
    N_("{prog}: unrecognized arguments: {arguments} (see --help)"),
)
_LABEL = re.compile(r"^event (?P<index>\d+)(?: \((?P<event>[^)]*)\))?: (?P<rest>.*)$", re.S)
_DATES = {"day", "first", "last", "through"}


def translate_error(tr: Translator, message: str) -> str:
    """`message` (an error's English sentence) in `tr`'s language, where it is one of the
    templates; else as it is."""
    if tr.lang == "en":
        return message
    labelled = _LABEL.match(message)
    if labelled:
        event = labelled["event"]
        label = tr.gettext("event {index}").format(index=labelled["index"]) + (f"（{event}）" if event else "")
        return f"{label}：{translate_error(tr, labelled['rest'])}"
    found = matching(TEMPLATES, message)
    if found is None:
        return message
    template, fields = found
    for name in _DATES & fields.keys():
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields[name]):
            fields[name] = tr.date(fields[name])
    return tr.gettext(template).format(**fields)


def error_line(exc: BaseException, lang: str | None) -> str:
    """The text of an error's line (without "regkit: error: "), in `lang`: where it is (file,
    line, field) as it was, then what is wrong."""
    from ..errors import InputError
    tr = translator(lang)
    if isinstance(exc, InputError) and tr.lang != "en":
        reason = translate_error(tr, exc.reason)
        where = str(exc)[: -len(exc.reason) - 2] if str(exc).endswith(f": {exc.reason}") else ""
        return f"{where}：{reason}" if where else reason
    return translate_error(tr, str(exc))
