"""The scalar path over an event table: each history rebuilt and judged by `evaluate_parsed`.

It is the reference the columnar engine is proven against, and where the columnar
engine sends a history it does not decide itself. A history is the mappings of its
rows, in row order, without the null cells; a row whose event is refused makes the
history an error row that names that row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..calendar import WorkingDayCalendar
from ..engine.evaluate import _as_date, evaluate_parsed
from ..engine.plan import Plan
from ..errors import HistoryError, RegkitError
from ..model.parse import parse_event
from .schema import error_row, flatten
from .source import KEY_COLUMNS

__all__ = ["as_of_of", "evaluate_plan_rows", "history_records", "settings"]


def history_records(table, rows) -> list[dict[str, Any]]:
    """The raw rows of one history (numpy row numbers), as mappings without null cells."""
    return [{k: v for k, v in record.items() if v is not None} for record in table.take(rows).to_pylist()]


def settings(records: list[dict[str, Any]], name: str) -> Any:
    """A history's own `jurisdiction` or `as_of`: the value its rows give (None if none)."""
    values = {record[name] for record in records if record.get(name) is not None}
    if len(values) > 1:
        shown = ", ".join(sorted(str(v) for v in values))
        raise HistoryError(f"the rows of this history give different values of {name}: {shown}", field=name)
    return values.pop() if values else None


def evaluate_plan_rows(history_id: Any, rows, records: list[dict[str, Any]], plan: Plan, as_of: date,
                       cal: WorkingDayCalendar) -> dict[str, list[dict[str, Any]]]:
    """The decision rows of one history judged under `plan` by the scalar engine."""
    under = plan.jurisdiction
    events = []
    try:
        for index, record in enumerate(records):
            raw = {k: v for k, v in record.items() if k not in KEY_COLUMNS}
            try:
                events.append(parse_event(raw, index))
            except RegkitError as exc:
                return _error(history_id, under, record.get("row", int(rows[index]) + 1), exc)
        events.sort(key=lambda e: e.date)
        return flatten(history_id, evaluate_parsed(tuple(events), plan, as_of, cal))
    except RegkitError as exc:
        return _error(history_id, under, None, exc)
    except Exception as exc:  # noqa: BLE001 - a bug must not end a run of a million histories
        return {**_error(history_id, under, None, exc),
                "errors": [error_row(history_id, under, None, f"internal error: {type(exc).__name__}: {exc} "
                                     "(please report this)", "InternalError")]}


def _error(history_id: Any, under: str | None, row: int | None, exc: Exception) -> dict[str, list]:
    return {"deadlines": [], "findings": [], "conflicts": [], "classifications": [],
            "errors": [error_row(history_id, under, row, exc, type(exc).__name__)]}


def as_of_of(value: Any) -> date:
    return _as_date(value, "as_of")
