"""Shared fixtures, and the hypothesis profiles (docs/testing.md).

`HYPOTHESIS_PROFILE` selects a profile: `default` keeps the whole suite quick,
`thorough` runs many more examples per property (for a release, or after changing
the engine or a pack), `ci` is `default` without the example database.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The pack cache (docs/packs.md) goes to a folder of this session, never to the real
# home: set before any test loads a pack, and inherited by the CLI runs in subprocesses.
_CACHE = tempfile.mkdtemp(prefix="regkit-test-cache-")
os.environ["REGKIT_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

# deadline=None: the first evaluation of a jurisdiction loads and compiles its packs.
settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("default"), database=None)
settings.register_profile("thorough", max_examples=1500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def write(tmp_path: Path):
    """Write a dedented text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
