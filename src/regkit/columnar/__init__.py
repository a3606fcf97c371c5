"""Event tables in, decision tables out: the columnar engine and its scalar reference.

Install with `pip install "regkit[tables]"` (numpy and pyarrow); see docs/tables.md.
"""

from __future__ import annotations

from typing import Any

__all__ = ["evaluate_table"]


def evaluate_table(source: Any, **options: Any):
    """`regkit.columnar.run.evaluate_table` (imported on first use: numpy and pyarrow are heavy)."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        from ..errors import InputError
        raise InputError(f'event tables need numpy and pyarrow: pip install "regkit[tables]" ({exc})') from None
    from .run import evaluate_table as run
    return run(source, **options)
