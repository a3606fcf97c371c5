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


def explain(rule_id: str, lang: str | None = None) -> str:
    """The rule, its parameters, the article text and the reading, labelled in `lang`."""
    from .i18n import translator
    tr = translator(lang)
    _ = tr.gettext
    pack, rule = find_rule(rule_id)
    params = rule.model_dump(mode="json", by_alias=True, exclude_none=True,
                             exclude={"id", "source", "reading", "notes", "title", "title_zh", "notes_zh"})
    for name in [k for k in params if k.endswith("_zh")]:  # a text in the reader's language, once
        text = params.pop(name)
        if tr.lang == "zh":
            params[name.removesuffix("_zh")] = text
    params = {k: v for k, v in params.items() if v not in ([], {})}
    for exception in params.get("exceptions", ()):
        zh = exception.pop("reason_zh", None)
        if zh and tr.lang == "zh":
            exception["reason"] = zh
    in_force = rule.in_force or pack.meta.in_force
    title = rule.title_zh if tr.lang == "zh" and rule.title_zh else rule.title
    lines = [
        f"{rule.id}  ({pack.meta.names.zh}, {pack.meta.names.en})",
        *([title] if title else []),
        _("in force: {start} to {end}").format(start=in_force.from_ or _("unknown"), end=in_force.until or _("open"))
        + ("" if rule.in_force else _(" (the pack's)")),
        "",
        _("parameters:"),
        yaml.safe_dump(params, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip(),
        "",
    ]
    refs = [(_("source"), rule.source)]
    if getattr(rule, "extension", None) is not None and rule.extension.source is not None:
        refs.append((_("extension source"), rule.extension.source))
    for number, exception in enumerate(getattr(rule, "exceptions", ()), 1):
        refs.append((_("exception {number} ({reason})").format(number=number, reason=exception.reason),
                     exception.source))
    for label, ref in refs:
        document = pack.document_of(ref)
        article = sources.article(document, ref.article)
        title = sources.document(document).title
        where = f"{title}, article {ref.article}" if tr.lang == "en" else tr.article(
            {"jurisdiction": pack.meta.id, "article": ref.article, **({"document": ref.document} if ref.document else {})})
        lines.append(_("{label}: {where}").format(label=label, where=where)
                     + (f" ({article.heading})" if article.heading else ""))
        lines.append("  " + _("quote: {quote}").format(quote=ref.quote))
        lines.append("  " + _("text:"))
        lines.extend(f"    {p}" for p in article.paragraphs)
        lines.append("")
    if rule.reading is not None:
        zh = tr.lang == "zh" and rule.reading.adopted_zh is not None
        reading = rule.reading
        lines.append(_("reading adopted: {text}").format(text=reading.adopted_zh if zh else reading.adopted))
        lines.append(_("alternative:     {text}").format(text=reading.alternative_zh if zh else reading.alternative))
        why = (reading.why_zh or reading.why) if zh else reading.why
        if why:
            lines.append(_("why:             {text}").format(text=why))
        lines.append("")
    notes = rule.notes_zh if tr.lang == "zh" and rule.notes_zh else rule.notes
    for note in notes:
        lines.append(_("note: {text}").format(text=note))
    return "\n".join(lines).rstrip() + "\n"
