"""Each history's jurisdiction and as_of: the run's, else the one its rows give, over columns.

A history's rows that fill `jurisdiction` or `as_of` must agree. Each column is coded once;
per history the least and greatest code of its filled rows tell whether they agree, so only
a history whose rows disagree is looked at row by row (for the message). What a history is
judged under then depends only on the pair of codes it has, so it is worked out once per
distinct pair, never once per history.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..errors import HistoryError, RegkitError
from .scalar import as_of_of, settings
from .schema import error_row
from .source import EventTable

__all__ = ["history_settings"]


def history_settings(events: EventTable, jurisdiction, fixed_as_of, default_as_of, compare: bool,
                     add_error: Callable[[int, Any, dict], None]) -> tuple[np.ndarray, np.ndarray]:
    """(per history: the jurisdiction it is judged under, None when in error (an object array);
    per history and one more slot: the ordinal of its as_of, -1 when in error)."""
    n = len(events.history_ids)
    codes, values, failed = _own_codes(events)
    under = np.full(n, jurisdiction, dtype=object)
    as_of_day = np.full(n + 1, -1, dtype=np.int64)
    jur_codes, jur_values = codes.get("jurisdiction"), values.get("jurisdiction", [])
    day_codes, day_values = codes.get("as_of"), values.get("as_of", [])
    pair = np.zeros(n, dtype=np.int64)  # (jurisdiction code + 1, as_of code + 1) as one number
    if jur_codes is not None:
        pair += jur_codes + 1
    if day_codes is not None:
        pair += (day_codes + 1) * (len(jur_values) + 1)
    ok = np.ones(n, dtype=bool)
    ok[list(failed)] = False
    distinct, first, inverse = np.unique(pair[ok], return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    histories = np.flatnonzero(ok)
    parsed: dict[Any, int] = {}
    outcomes = []
    for h in histories[first].tolist():
        own = {}
        if jur_codes is not None and jur_codes[h] >= 0:
            own["jurisdiction"] = jur_values[jur_codes[h]]
        if day_codes is not None and day_codes[h] >= 0:
            own["as_of"] = day_values[day_codes[h]]
        outcomes.append(_settle(own, jurisdiction, fixed_as_of, default_as_of, compare, parsed))
    judged_under = np.array([o[0] for o in outcomes] + [None], dtype=object)
    days = np.array([o[1] for o in outcomes] + [-1], dtype=np.int64)
    under[histories] = judged_under[inverse] if len(histories) else judged_under[:0]
    as_of_day[histories] = days[inverse] if len(histories) else days[:0]
    for number, outcome in enumerate(outcomes):
        if outcome[2] is not None:
            for h in histories[inverse == number].tolist():
                add_error(h, None, outcome[2])
    for h, exc in sorted(failed.items()):
        under[h] = None
        add_error(h, None, error_row(None, None, None, exc, type(exc).__name__))
    return under, as_of_day


def _settle(own: dict, jurisdiction, fixed_as_of, default_as_of, compare: bool,
            parsed: dict) -> tuple[str | None, int, dict | None]:
    """(jurisdiction, as_of ordinal, error row or None) of a history whose rows give `own`."""
    under = jurisdiction
    try:
        if not compare and jurisdiction is None:
            under = own.get("jurisdiction")
            if not under:
                raise HistoryError("no jurisdiction: give one for the run (--jurisdiction) or in the "
                                   "history's jurisdiction column", field="jurisdiction")
            if not isinstance(under, str):
                raise HistoryError("'jurisdiction' must be a jurisdiction id such as 'hebei'", field="jurisdiction")
        value = fixed_as_of or own.get("as_of") or default_as_of
        if value is None:
            raise HistoryError("no as_of: give one for the run (--as-of) or in the history's as_of column",
                               field="as_of")
        if value not in parsed:
            parsed[value] = as_of_of(value).toordinal()
        return under, parsed[value], None
    except RegkitError as exc:
        named = own.get("jurisdiction") if isinstance(own.get("jurisdiction"), str) else None
        return None, -1, error_row(None, named, None, exc, type(exc).__name__)


def _least_and_greatest(events: EventTable, row_codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per history, the least and the greatest code its rows fill (-1: none; a code of -1 is an
    empty cell), over the rows in history order (`events.rows`), a reduction per history."""
    low = np.full(n, np.iinfo(np.int64).max)
    high = np.full(n, -1, dtype=np.int64)
    order, bounds = events.rows.order, events.rows.bounds
    if n == 0 or len(order) == 0:
        return low, high
    codes = row_codes[order]
    starts, filled = bounds[:-1], bounds[1:] > bounds[:-1]  # a history without rows keeps its blanks
    at = np.minimum(starts, len(codes) - 1)
    high[filled] = np.maximum.reduceat(codes, at)[filled]
    least = np.minimum.reduceat(np.where(codes >= 0, codes, np.iinfo(np.int64).max), at)
    low[filled] = least[filled]
    return low, high


def _own_codes(events: EventTable) -> tuple[dict[str, np.ndarray], dict[str, list], dict[int, RegkitError]]:
    """Per column present: each history's code (-1: no row fills it) and the coded values; and
    the histories whose rows disagree, with the error."""
    import pyarrow.compute as pc
    n = len(events.history_ids)
    codes, values, failed = {}, {}, {}
    for c in ("jurisdiction", "as_of"):
        if c not in events.table.column_names:
            continue
        encoded = pc.dictionary_encode(events.table.column(c).combine_chunks())
        values[c] = encoded.dictionary.to_pylist()
        row_codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        low, high = _least_and_greatest(events, row_codes, n)
        for h in np.flatnonzero((high >= 0) & (low != high)).tolist():
            if h in failed:
                continue
            try:
                settings([{c: values[c][code]} for code in row_codes[events.rows[h]].tolist() if code >= 0], c)
            except HistoryError as exc:
                failed[h] = exc
        codes[c] = high
    return codes, values, failed
