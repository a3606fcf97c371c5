"""The README's Python example runs, and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_python_example_runs_and_its_comments_are_true():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed[0] == "cn.catalog_update 2026-10-16 met 17"
    assert printed[1] == "hebei.catalog_update 2026-10-16 met 9"
    assert "(2027-01-01, 2027-01-12)" in block  # documented answer of provisional_dates, checked below
    import regkit
    from datetime import date
    span = regkit.WorkingDayCalendar().provisional_dates(date(2026, 12, 28), date(2027, 1, 12))
    assert span == (date(2027, 1, 1), date(2027, 1, 12))
