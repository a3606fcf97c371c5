"""Pages generated from the packs are committed up to date."""

from __future__ import annotations

from pathlib import Path

from regkit.comparison import comparison_page
from regkit.tables import classification_markdown, liability_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_classification_page_is_fresh():
    committed = (DOCS / "classification.md").read_text(encoding="utf-8")
    assert committed == classification_markdown(), "run: python scripts/generate_docs.py"


def test_liability_page_is_fresh():
    committed = (DOCS / "liability.md").read_text(encoding="utf-8")
    assert committed == liability_markdown(), "run: python scripts/generate_docs.py"


def test_comparison_page_is_fresh():
    committed = (DOCS / "comparison.md").read_text(encoding="utf-8")
    assert committed == comparison_page(), "run: python scripts/generate_docs.py"
