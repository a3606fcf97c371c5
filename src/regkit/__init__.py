"""regkit: Chinese government-data-sharing regulations as data, and answers from them.

The public API is the names in ``__all__``; everything else (modules and names
starting with an underscore) is private. Names are imported lazily on first
use, so ``import regkit`` stays cheap for command-line tools.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# The one place the version is written (pyproject.toml reads it from here): no
# importlib.metadata look-up at import time, which costs ~40 ms.
__version__ = "0.1.0"

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    # calendar
    "WorkingDayCalendar": "calendar",
    "Schedule": "schedules",
    "load_schedule": "schedules",
    "add_working_days": "calendar",
    "working_days_between": "calendar",
    "is_working_day": "calendar",
    # source texts
    "Article": "sources",
    "SourceDocument": "sources",
    "source_text": "sources",
    # packs
    "Pack": "packs",
    "PackFile": "model.packs",
    "bundled_packs": "packs",
    "get_pack": "packs",
    "load_pack": "packs",
    "LintMessage": "linting",
    "lint": "linting",
    # libraries of law and the engine that answers from one
    "Library": "library",
    "Engine": "engine.engine",
    # histories and evaluation
    "Event": "model.events",
    "History": "history",
    "load_history": "history",
    "evaluate": "engine",
    "evaluate_many": "batch",
    "to_json": "engine",
    "explain": "explanation",
    "classify": "engine.classify",
    # layers and comparison
    "conflicts": "engine.conflicts",
    "compare": "comparison",
    "compare_history": "comparison",
    # errors
    "HistoryError": "errors",
    "RegkitError": "errors",
    "InputError": "errors",
    "PackError": "errors",
    "ScheduleError": "errors",
    "LookupFailed": "errors",
    "UnknownJurisdiction": "errors",
    "UnknownArticle": "errors",
    "CalendarError": "errors",
    "CalendarRangeError": "errors",
    "ProvisionalDateError": "errors",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'regkit' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
