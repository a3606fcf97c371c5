"""Where the bundled data lives: inside the installed package, or in the checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["rules_dir", "sources_dir"]


@cache
def rules_dir() -> Path:
    """The `rules/` folder: packs and normalised sources.

    A wheel carries it as `regkit/rules`; an editable install or a source checkout
    reads the repository's top-level `rules/` instead.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parents[1] / "rules"):
        if (candidate / "packs").is_dir():
            return candidate
    raise RuntimeError(f"regkit's bundled rules are missing (looked in {here / 'rules'})")


def sources_dir() -> Path:
    """`rules/sources`: the normalised texts that the packs cite."""
    return rules_dir() / "sources"
