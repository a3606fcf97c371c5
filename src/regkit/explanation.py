"""`regkit explain RULE_ID`: a rule, its parameters, its article and the reading it takes.

Every deadline in a result names its rule; this prints what stands behind it, so a
date can be traced from the answer back to the words of the law.
"""

from __future__ import annotations

import difflib

import yaml

from . import sources
from .errors import LookupFailed
from .packs import current_packs

__all__ = ["explain", "find_rule"]


def find_rule(rule_id: str):
    """(pack, rule) for a rule id of the library answering now; an unknown id suggests the nearest."""
    ids = {}
    for pack in current_packs().values():
        for rule in pack.rules:
            ids[rule.id] = (pack, rule)
    if rule_id in ids:
        return ids[rule_id]
    close = difflib.get_close_matches(rule_id, sorted(ids), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise LookupFailed(f"unknown rule {rule_id!r}{hint}")


def explain(rule_id: str) -> str:
    pack, rule = find_rule(rule_id)
    params = rule.model_dump(mode="json", by_alias=True, exclude_none=True,
                             exclude={"id", "source", "reading", "notes", "title"})
    params = {k: v for k, v in params.items() if v not in ([], {})}
    in_force = rule.in_force or pack.meta.in_force
    lines = [
        f"{rule.id}  ({pack.meta.names.zh}, {pack.meta.names.en})",
        f"in force: {in_force.from_ or 'unknown'} to {in_force.until or 'open'}"
        + ("" if rule.in_force else " (the pack's)"),
        "",
        "parameters:",
        yaml.safe_dump(params, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip(),
        "",
    ]
    refs = [("source", rule.source)]
    if getattr(rule, "extension", None) is not None and rule.extension.source is not None:
        refs.append(("extension source", rule.extension.source))
    for number, exception in enumerate(getattr(rule, "exceptions", ()), 1):
        refs.append((f"exception {number} ({exception.reason})", exception.source))
    for label, ref in refs:
        document = pack.document_of(ref)
        article = sources.article(document, ref.article)
        title = sources.document(document).title
        lines.append(f"{label}: {title}, article {ref.article}" + (f" ({article.heading})" if article.heading else ""))
        lines.append(f"  quote: {ref.quote}")
        lines.append("  text:")
        lines.extend(f"    {p}" for p in article.paragraphs)
        lines.append("")
    if rule.reading is not None:
        lines.append(f"reading adopted: {rule.reading.adopted}")
        lines.append(f"alternative:     {rule.reading.alternative}")
        if rule.reading.why:
            lines.append(f"why:             {rule.reading.why}")
        lines.append("")
    for note in rule.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines).rstrip() + "\n"
