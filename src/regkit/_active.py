"""Which library answers the question being asked, and the one store of its compiled forms.

A `regkit.Engine` makes its library the active one while it answers; the module
functions (`regkit.evaluate`, ...) find none active and use the bundled library.
The active library lives in a context variable, so threads and tasks that use
different engines never see each other's. This module imports nothing of regkit,
so that the modules that read files (`packs`, `sources`) can consult it without
importing `library`, which builds on them.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, Callable, Iterator, TypeVar

__all__ = ["active", "compiled", "remember", "store", "using"]

_ACTIVE: ContextVar[Any] = ContextVar("regkit_library", default=None)
_BUNDLED_STORE: dict[tuple, Any] = {}  # the bundled library's compiled forms

F = TypeVar("F", bound=Callable[..., Any])


def active() -> Any:
    """The library made active by an engine, or None (then: the bundled one)."""
    return _ACTIVE.get()


def store() -> dict[tuple, Any]:
    """Where the active library keeps what was compiled from it."""
    library = _ACTIVE.get()
    return _BUNDLED_STORE if library is None else library.compiled_forms


@contextmanager
def using(library: Any) -> Iterator[None]:
    """Answer from `library` inside the block (None: the bundled library)."""
    token = _ACTIVE.set(library)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def remember(key: tuple, build: Callable[[], Any]) -> Any:
    """`build()`, kept in the active library's store under `key`."""
    forms = store()
    try:
        return forms[key]
    except KeyError:
        value = forms[key] = build()
        return value


def compiled(function: F) -> F:
    """Keep `function`'s answers in the active library's store, keyed by its arguments.

    Every compiled form (a pack's layers, a plan, conflict tables) goes through here, so
    a library never answers with what was compiled from another, and dropping a library
    drops all of it. Arguments must be hashable.
    """
    name = function.__qualname__

    @wraps(function)
    def wrapper(*args: Any) -> Any:
        forms = store()
        key = (name, *args)
        try:
            return forms[key]  # the hot path: one look-up
        except KeyError:
            value = forms[key] = function(*args)
            return value

    return wrapper  # type: ignore[return-value]
