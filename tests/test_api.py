"""The public API is exactly `regkit.__all__`, and every name in it resolves."""

from __future__ import annotations

import regkit

EXPECTED = {
    "__version__",
    "WorkingDayCalendar", "Schedule", "load_schedule",
    "add_working_days", "working_days_between", "is_working_day",
    "Article", "SourceDocument", "source_text",
    "Pack", "PackFile", "bundled_packs", "get_pack", "load_pack", "LintMessage", "lint",
    "Library", "Engine",
    "Event", "History", "load_history", "evaluate", "evaluate_many", "to_json", "explain", "classify",
    "HistoryError", "conflicts", "compare", "compare_history",
    "RegkitError", "InputError", "PackError", "ScheduleError", "LookupFailed",
    "UnknownJurisdiction", "UnknownArticle", "CalendarError", "CalendarRangeError",
    "ProvisionalDateError",
}


def test_all_is_the_documented_api():
    assert set(regkit.__all__) == EXPECTED
    assert len(regkit.__all__) == len(EXPECTED)


def test_every_exported_name_resolves():
    for name in regkit.__all__:
        assert getattr(regkit, name) is not None, name


def test_star_import_gives_exactly_all():
    namespace: dict = {}
    exec("from regkit import *", namespace)
    assert set(namespace) - {"__builtins__"} == EXPECTED


def test_every_error_is_a_regkit_error():
    for name in regkit.__all__:
        obj = getattr(regkit, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, regkit.RegkitError), name


def test_unknown_attribute_is_an_attribute_error():
    try:
        regkit.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_every_module_shadows_no_public_name():
    """`import regkit.X` binds X on the package; a module named like a public function
    (the CLI imports its modules) would then replace the function under `regkit.X`."""
    import importlib
    import pkgutil
    import types

    for module in pkgutil.walk_packages(regkit.__path__, "regkit."):
        if module.name.endswith(("__main__", ".dask")):  # runs the CLI; needs the extra
            continue
        importlib.import_module(module.name)
    shadowed = [name for name in regkit.__all__ if isinstance(getattr(regkit, name), types.ModuleType)]
    assert shadowed == []
