"""Event histories: from a file or from Python objects to sorted, validated events.

A history is a list of events, or a mapping `{jurisdiction, as_of, events}` whose
keys the caller (or the command line) may override. Files are YAML or JSON (JSON
is read by the same located safe loader, so both report lines). Events are sorted
by date; events on the same date keep the order they were given in (a stable
sort), which is the documented tie-break.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from ._located import Located
from ._yaml import load_yaml_text, read_file
from .errors import number_too_large
from .model.events import Event, HistoryError, to_china_date
from .model.parse import parse_event

__all__ = ["History", "HistoryError", "MAX_EVENTS", "history_from_data", "load_history", "parse_events"]

_HISTORY_KEYS = ("jurisdiction", "as_of", "events")

#: More events than this in one history are refused: the work and the memory of an
#: evaluation grow with its events (docs/reliability.md has the figures).
MAX_EVENTS = 20_000


@dataclass(frozen=True)
class History:
    """Validated events in evaluation order, plus what the file said about itself."""

    events: tuple[Event, ...]
    jurisdiction: str | None = None
    as_of: date | None = None
    file: str | None = None
    #: the line of each top-level key of the file, so that a later error about the
    #: file's own jurisdiction or as_of can point at it
    lines: dict[str, int] = field(default_factory=dict)


def parse_events(raw_events: Iterable[Any], *, located: Located | None = None,
                 base_path: tuple = ()) -> tuple[Event, ...]:
    """Validate events (mappings or `Event`s) and sort them stably by date."""
    if isinstance(raw_events, (str, bytes, dict)) or not hasattr(raw_events, "__iter__"):
        raise HistoryError(f"events must be a list of events, not {type(raw_events).__name__}")
    file = located.file if located is not None else None
    if hasattr(raw_events, "__len__") and len(raw_events) > MAX_EVENTS:
        raise HistoryError(f"too many events ({len(raw_events):,}; the limit is {MAX_EVENTS:,} per history)",
                           file=file, field="events")
    events = []
    for index, raw in enumerate(raw_events):
        if index == MAX_EVENTS:
            raise HistoryError(f"too many events (more than {MAX_EVENTS:,}; the limit is {MAX_EVENTS:,} "
                               "per history)", file=file, field="events")
        line = located.line_of(base_path + (index,)) if located is not None else None
        events.append(parse_event(raw, index, file=file, line=line))
    events.sort(key=lambda e: e.date)  # stable: same-date events keep their given order
    return tuple(events)


def _not_json(name: str) -> Any:
    raise HistoryError(f"malformed JSON: {name} is not a JSON number")


def _refuse_surrogates(located: Located) -> None:
    """A string holding a lone surrogate (an escape such as "\\ud800") is not Unicode text:
    no output could hold it."""
    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise HistoryError("a string holds a lone surrogate, which is not Unicode text",
                                   file=located.file, line=located.line_of(path)) from None
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, path)
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(located.data, ())


def load_history(path: str | Path) -> History:
    """Read a YAML or JSON history file (`-`: standard input); every problem names the file,
    line and event."""
    raw, text = read_file(path, error=HistoryError)
    path = Path("<stdin>" if str(path) == "-" else path)
    if path.suffix.lower() == ".json":
        try:  # strict JSON first: a JSON file must be JSON, not merely YAML (no NaN either)
            json.loads(text, parse_constant=_not_json)
        except json.JSONDecodeError as exc:
            raise HistoryError(f"malformed JSON: {exc.msg}", file=str(path), line=exc.lineno) from None
        except RecursionError:
            pass  # valid JSON only too deep for `json`: the YAML reader below names the line
        except ValueError as exc:  # NaN or Infinity; an integer of more than 4,300 digits
            reason = exc.reason if isinstance(exc, HistoryError) else number_too_large(exc)
            raise HistoryError(reason, file=str(path)) from None
    located = load_yaml_text(text, str(path), error=HistoryError)
    if "\\u" in text or "\\U" in text:  # only an escape can make a lone surrogate
        _refuse_surrogates(located)
    return _from_located(located)


def history_from_data(data: Any, name: str) -> History:
    """A history already parsed (a list of events or a mapping, as in a file), such as one
    of a service request; every problem names `name`."""
    located = Located(data, {}, name)
    _refuse_surrogates(located)
    return _from_located(located)


def _from_located(located: Located) -> History:
    path, data = located.file, located.data
    if isinstance(data, list):
        return History(parse_events(data, located=located), file=str(path))
    if not isinstance(data, dict):
        raise HistoryError("a history is a list of events, or a mapping with 'events' "
                           "(and optionally 'jurisdiction' and 'as_of')", file=str(path), line=1)
    unknown = sorted(set(data) - set(_HISTORY_KEYS), key=str)
    if unknown:
        raise HistoryError(f"unknown key {unknown[0]!r} (a history has: {', '.join(_HISTORY_KEYS)})",
                           file=str(path), line=located.line_of((unknown[0],)), field=str(unknown[0]))
    if "events" not in data or not isinstance(data["events"], list):
        raise HistoryError("'events' must be a list of events", file=str(path),
                           line=located.line_of(("events",)), field="events")
    jurisdiction = data.get("jurisdiction")
    if jurisdiction is not None and not isinstance(jurisdiction, str):
        raise HistoryError("'jurisdiction' must be a jurisdiction id such as 'hebei'", file=str(path),
                           line=located.line_of(("jurisdiction",)), field="jurisdiction")
    as_of = data.get("as_of")
    if as_of is not None:
        as_of = to_china_date(as_of)
        if isinstance(as_of, str):
            try:
                as_of = date.fromisoformat(as_of)
            except ValueError:
                raise HistoryError(f"'as_of' is not a date: {as_of!r}", file=str(path),
                                   line=located.line_of(("as_of",)), field="as_of") from None
        if not isinstance(as_of, date):
            raise HistoryError("'as_of' must be a date (YYYY-MM-DD)", file=str(path),
                               line=located.line_of(("as_of",)), field="as_of")
    events = parse_events(data["events"], located=located, base_path=("events",))
    lines = {key: located.line_of((key,)) for key in _HISTORY_KEYS if key in data}
    return History(events, jurisdiction, as_of, str(path), lines)
