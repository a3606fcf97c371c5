"""The plain pieces every compiled rule is made of: `where` tests, citations, intervals.

Every compiled form of this package (time limits, liability, classification tables,
conflict tables) is built from these, and this module builds on none of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ...model.packs import EventMatch, InForce
from ...packs import Pack

__all__ = ["Where"]

Where = tuple[tuple[str, Any], ...]


def _where(match: EventMatch | None) -> Where:
    """Attribute tests as pairs; an attribute that must be absent is tested against None."""
    if match is None:
        return ()
    return tuple(sorted([*match.where.items(), *((name, None) for name in match.absent)],
                        key=lambda pair: pair[0]))


def _source(pack: Pack, ref) -> dict[str, Any]:
    source = {"jurisdiction": pack.id, "article": ref.article, "quote": ref.quote}
    document = pack.document_of(ref)
    if document != pack.id:
        source["document"] = document
    if ref.paragraph is not None:
        source["paragraph"] = ref.paragraph
    if ref.item is not None:
        source["item"] = ref.item
    citation = pack.citation_of(ref)
    if citation is not None:
        source["citation"] = citation
    return source


def _interval(rule_in_force: InForce | None, pack: Pack) -> tuple[date | None, date | None, bool]:
    """(from, until, known): a rule's own interval, else its pack's; `known` is False when
    the start is unknown (the pack's text does not say)."""
    in_force = rule_in_force or pack.meta.in_force
    return in_force.from_, in_force.until, in_force.from_ is not None


def _reading(rule) -> str | None:
    if rule.reading is None:
        return None
    return rule.reading.adopted
