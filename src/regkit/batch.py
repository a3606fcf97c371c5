"""Many histories in, one result each out: `regkit.evaluate_many` and the JSON Lines record.

A history here is what a history file holds (docs/design.md, Events, `regkit.history`): a
mapping `{jurisdiction, as_of, events}`, or a bare list of events. The
`jurisdiction` and `as_of` given to the call override the history's own, as the
command-line flags do. Each history is validated at the edge and then evaluated
by the lean entry point (`engine.evaluate.evaluate_parsed`) with the plan of its
jurisdiction, compiled once per process. Nothing is read ahead: one history is
held at a time, so memory stays flat however long the input.

The JSON Lines side (`evaluate_line`) turns one input line into one output
record, never raising for a bad line: the record then carries the error, so a
run over millions of lines reports the bad ones and goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Iterator

from .calendar import WorkingDayCalendar, default_calendar
from .compact import RECORD_FORMATS, evaluate_compact
from .engine.evaluate import _as_date, evaluate_parsed
from .engine.plan import Plan, plan_for
from ._jsonfast import NOT_SURE, dumps_line, dumps_line_bytes, loads_plain
from .errors import HistoryError, RegkitError, number_too_large
from .history import History, parse_events

__all__ = ["Options", "encode_line", "evaluate_line", "evaluate_many", "evaluate_one", "evaluate_record",
           "record_json"]

_KEYS = ("jurisdiction", "as_of", "events")
_ID = "id"  # the batch line format's own key: repeated in the record, ignored by the evaluation


@dataclass(frozen=True)
class Options:
    """How to evaluate each history: overrides, fallbacks, layers, calendar, compare.

    `jurisdiction` / `as_of` override a history's own; `default_as_of` applies when
    neither gives one (the command line uses today in China); `compare` evaluates
    each history under every bundled jurisdiction instead of one; `record`: 'full'
    (each result as `regkit.evaluate` gives it) or 'compact' (`compact.evaluate_compact`);
    `rules`: user rule folders, which a worker process loads again (a library is not sent);
    `fingerprint`: of those folders' files as the caller loaded them (`Library.fingerprint`;
    None: taken when the workers start): a worker that reads other files stops the run;
    `lang`: the language of the error records' texts (None: English, as the engine words them).
    """

    jurisdiction: str | None = None
    as_of: date | None = None
    default_as_of: date | None = None
    layers: str = "all"
    calendar: WorkingDayCalendar | None = None
    compare: bool = False
    rules: tuple[str, ...] = ()
    fingerprint: str | None = None
    record: str = "full"
    lang: str | None = None


def _said(error: BaseException | str, options: Options) -> str:
    """An error record's text in the language of `options` (regkit.i18n.error_texts)."""
    if options.lang is None:
        return str(error)
    from .i18n import translator
    from .i18n.error_texts import error_line, translate_error
    return translate_error(translator(options.lang), error) if isinstance(error, str) \
        else error_line(error, options.lang)


def _unpack(item: Any) -> tuple[Any, Any, Any]:
    """(events, jurisdiction, as_of) of a history mapping, list of events or `History`."""
    if isinstance(item, History):
        return item.events, item.jurisdiction, item.as_of
    if isinstance(item, (list, tuple)):
        return item, None, None
    if not isinstance(item, dict):
        raise HistoryError("a history is a list of events, or a mapping with 'events' "
                           "(and optionally 'jurisdiction' and 'as_of')")
    for key in item:
        if key not in _KEYS and key != _ID:
            raise HistoryError(f"unknown key {key!r} (a history has: {', '.join(_KEYS)})", field=str(key))
    events = item.get("events")
    if not isinstance(events, list):
        raise HistoryError("'events' must be a list of events", field="events")
    jurisdiction = item.get("jurisdiction")
    if jurisdiction is not None and not isinstance(jurisdiction, str):
        raise HistoryError("'jurisdiction' must be a jurisdiction id such as 'hebei'", field="jurisdiction")
    return events, jurisdiction, item.get("as_of")


def _prepare(item: Any, options: Options) -> tuple[tuple, date]:
    """The validated, sorted events of one history and the day to judge it on."""
    events, _jurisdiction, as_of = _unpack(item)
    as_of = options.as_of or as_of or options.default_as_of
    if as_of is None:
        raise HistoryError("no as_of: give one for the run (as_of=..., --as-of) or in the history", field="as_of")
    return parse_events(events), _as_date(as_of, "as_of")


def _plan(item: Any, options: Options) -> Plan:
    jurisdiction = options.jurisdiction or _unpack(item)[1]
    if not jurisdiction:
        raise HistoryError("no jurisdiction: give one for the run (jurisdiction=..., --jurisdiction) or in the history",
                           field="jurisdiction")
    if not isinstance(jurisdiction, str):
        from .packs import get_pack
        get_pack(jurisdiction)  # UnknownJurisdiction, before the cached look-up cannot hash it
    return plan_for(jurisdiction, options.layers)


def _jurisdictions() -> list[str]:
    from .packs import current_packs
    return sorted(current_packs())


def evaluate_one(item: Any, options: Options) -> dict[str, Any]:
    """The result of one history (compare: `{jurisdiction: result}` over every bundled one),
    in the record format of `options` (full, or compact: built directly, `compact.evaluate_compact`)."""
    evaluate = evaluate_compact if options.record == "compact" else evaluate_parsed
    calendar = options.calendar or default_calendar()
    if options.compare:
        parsed, as_of = _prepare(item, options)
        results: dict[str, Any] = {}
        for jurisdiction in _jurisdictions():
            try:
                results[jurisdiction] = evaluate(parsed, plan_for(jurisdiction, options.layers), as_of, calendar)
            except RegkitError as exc:  # one jurisdiction failing leaves the others standing
                results[jurisdiction] = {"error": _said(exc, options), "error_type": type(exc).__name__}
        return results
    plan = _plan(item, options)
    parsed, as_of = _prepare(item, options)
    return evaluate(parsed, plan, as_of, calendar)


def evaluate_many(histories: Iterable[Any], *, jurisdiction: str | None = None,
                  as_of: date | str | None = None, layers: str = "all",
                  calendar: WorkingDayCalendar | None = None, errors: str = "raise",
                  record: str = "full") -> Iterator[Any]:
    """Evaluate histories one by one, lazily: the n-th result answers the n-th history.

    `histories`: mappings `{jurisdiction, as_of, events}`, lists of events or
    `History` objects, from any iterable (a generator over a file is read as the
    results are consumed). `jurisdiction`, `as_of`: override each history's own.
    `errors`: 'raise' (the first bad history raises its `RegkitError`) or
    'return' (the error object is yielded in its place and the run goes on).
    `record`: 'full' (each result as `regkit.evaluate` gives it) or 'compact' (what
    the history decided, each rule named by its id: docs/batch.md).
    """
    if errors not in ("raise", "return"):
        raise HistoryError(f"errors must be 'raise' or 'return', not {errors!r}", field="errors")
    if layers not in ("all", "local"):
        raise HistoryError(f"layers must be 'all' or 'local', not {layers!r}", field="layers")
    if record not in RECORD_FORMATS:
        raise HistoryError(f"record must be one of {', '.join(RECORD_FORMATS)}, not {record!r}", field="record")
    if jurisdiction is not None:
        plan_for(jurisdiction, layers)  # an unknown id is the caller's mistake: fail at once
    options = Options(jurisdiction=jurisdiction, as_of=_as_date(as_of, "as_of") if as_of is not None else None,
                      layers=layers, calendar=calendar, record=record)
    return _results(histories, options, errors == "raise")


def _results(histories: Iterable[Any], options: Options, strict: bool) -> Iterator[Any]:
    for item in histories:
        try:
            yield evaluate_one(item, options)
        except RegkitError as exc:
            if strict:
                raise
            yield exc


def record_json(record: dict[str, Any]) -> str:
    """One output line: the record as compact, key-sorted JSON (byte-stable), with its newline
    (through orjson when installed, the same bytes: `_jsonfast`)."""
    return dumps_line(record)


def evaluate_record(item: Any, options: Options) -> tuple[dict[str, Any], bool]:
    """(record, ok) for one history given as JSON text (str or bytes) or as a mapping.

    The history may carry an `id` (any JSON value), which the record repeats. A
    record is `{id?, result}` (compare: `results`, one per jurisdiction) or, for a
    bad history, `{id?, error, error_type}` (compare: a jurisdiction that fails
    has `{error, error_type}` in place of its result, and the record counts as an
    error). A compact record (`options.record`) also says `record: "compact"`. An
    unexpected failure is recorded as an internal error, not raised, so one history
    cannot end a long run.
    """
    record: dict[str, Any] = {"record": "compact"} if options.record == "compact" else {}
    try:
        ours = isinstance(item, (bytes, str))  # parsed here: no caller holds the mapping
        if isinstance(item, bytes):  # through orjson where it reads as the strict parse does
            value = loads_plain(item)
            item = _parse_json(item.decode("utf-8")) if value is NOT_SURE else value
        elif ours:
            item = _parse_json(item)
        if isinstance(item, dict) and "id" in item:
            if not ours:
                item = dict(item)  # the caller's mapping is left as it was
            record["id"] = item.pop("id")
        if not isinstance(item, dict):
            raise HistoryError("a history record is a JSON object {jurisdiction, as_of, events} "
                               "(and optionally id)")
        if options.compare:
            record["results"] = results = evaluate_one(item, options)
            return record, not any("error" in result for result in results.values())
        record["result"] = evaluate_one(item, options)
        return record, True
    except UnicodeDecodeError as exc:
        record.update(error=_said(f"not UTF-8 text (byte {exc.start})", options), error_type="HistoryError")
    except RegkitError as exc:
        record.update(error=_said(exc, options), error_type=type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a bug must not end a run of a million lines
        record.update(error=f"internal error: {type(exc).__name__}: {exc} (please report this)",
                      error_type="InternalError")
    return record, False


def _parse_json(text: str) -> Any:
    """Strict JSON: a duplicate key, NaN or Infinity, a number too large or nesting too deep
    is a `HistoryError` (Python's `json` would keep the last duplicate silently, accept NaN,
    and raise bare ValueError or RecursionError for the others)."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant,
                          parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise HistoryError(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise HistoryError("nested too deeply") from None
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        if isinstance(exc, HistoryError):
            raise
        raise HistoryError(number_too_large(exc)) from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise HistoryError(f"duplicate key {key!r}", field=key)
            seen.add(key)
    return mapping


def _no_constant(name: str) -> Any:
    raise HistoryError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise HistoryError(f"the number {text[:40]} is out of range")
    return value


def evaluate_line(raw: bytes | str, number: int, options: Options) -> tuple[dict[str, Any], bool]:
    """`evaluate_record` of one JSON Lines input line, with its number (from 1) as `line`."""
    record, ok = evaluate_record(raw, options)
    record["line"] = number
    return record, ok


def encode_line(raw: bytes | str, number: int, options: Options) -> tuple[bytes, bool]:
    """The output line (UTF-8 bytes) of one input line, and whether it is a result.

    A record that cannot be written as JSON text (a string holding a lone surrogate such
    as "\\ud800", which is not Unicode; anything else unencodable) becomes an error record."""
    record, ok = evaluate_line(raw, number, options)
    try:
        return dumps_line_bytes(record), ok
    except (UnicodeEncodeError, ValueError) as exc:
        reason = ("a string holds a lone surrogate, which is not Unicode text"
                  if isinstance(exc, UnicodeEncodeError) else f"the result cannot be written as JSON: {exc}")
        return record_json(error_record(number, reason, options)).encode("utf-8"), False


def error_record(number: int, reason: str, options: Options, error_type: str = "HistoryError") -> dict[str, Any]:
    """The record of a line that gave no history to evaluate (its own content is not repeated)."""
    record: dict[str, Any] = {"record": "compact"} if options.record == "compact" else {}
    record.update(line=number, error=_said(reason, options), error_type=error_type)
    return record
