"""`parse_event`: one raw event validated, by the quick path when it can decide, else by pydantic.

Kept apart from `model.events` (the table and the `Event` record), which both paths
build on: they import it, and it imports neither.
"""

from __future__ import annotations

from typing import Any

from ._fast_events import fast_event
from .events import Event

__all__ = ["parse_event"]


def parse_event(raw: Any, index: int, *, file: str | None = None, line: int | None = None) -> Event:
    """Validate one raw event (a mapping, or an already built `Event`).

    A plain mapping whose values are already of the exact types (ISO date
    strings, strings, booleans, ints) is checked by `model._fast_events`, which
    is an order of magnitude quicker; anything it is unsure of goes to the
    pydantic models, which decide and word every error.
    """
    if type(raw) is dict:
        event = fast_event(raw, index)
        if event is not None:
            return event
    elif isinstance(raw, Event):
        return raw
    from ._event_models import parse_with_models  # pydantic: built only when needed
    return parse_with_models(raw, index, file=file, line=line)
