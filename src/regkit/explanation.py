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
    zh = tr.lang == "zh"
    title = rule.title_zh if zh and rule.title_zh else rule.title
    names = pack.meta.names.zh if zh else f"{pack.meta.names.zh}, {pack.meta.names.en}"
    lines = [
        f"{rule.id}  ({names})",
        *([title] if title else []),
        _in_force(tr, in_force)
        + ("" if rule.in_force else _(" (the pack's)")),
        *_reading_lines(tr, in_force.reading, indent="  "),
        *([_("note: {text}").format(text=_in(tr, in_force.note, in_force.note_zh))] if in_force.note else []),
        *(_("note: {text}").format(text=note) for note in _notes(tr, pack.meta)),
        "",
        _("parameters:"),
        yaml.safe_dump(params, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip(),
        "",
    ]
    refs = [(_("source"), rule.source)]
    if getattr(rule, "extension", None) is not None and rule.extension.source is not None:
        refs.append((_("extension source"), rule.extension.source))
    for number, exception in enumerate(getattr(rule, "exceptions", ()), 1):
        refs.append((_("exception {number} ({reason})").format(
            number=number, reason=_in(tr, exception.reason, exception.reason_zh)), exception.source))
    for label, ref in refs:
        document = pack.document_of(ref)
        article = sources.article(document, ref.article)
        title = sources.document(document).title
        where = f"{title}, article {ref.article}" if tr.lang == "en" else tr.article(
            {"jurisdiction": pack.meta.id, "article": ref.article, "paragraph": ref.paragraph, "item": ref.item,
             "citation": pack.citation_of(ref), **({"document": ref.document} if ref.document else {})})
        lines.append(_("{label}: {where}").format(label=label, where=where)
                     + ((f"（{article.heading}）" if tr.lang == "zh" else f" ({article.heading})")
                        if article.heading else ""))
        lines.append("  " + _("quote: {quote}").format(quote=ref.quote))
        lines.append("  " + _("text:"))
        lines.extend(f"    {p}" for p in article.paragraphs)
        lines.append("")
    if rule.reading is not None:
        lines.extend(_reading_lines(tr, rule.reading))
        lines.append("")
    for note in _notes(tr, rule):
        lines.append(_("note: {text}").format(text=note))
    return "\n".join(lines).rstrip() + "\n"


def _in_force(tr, in_force) -> str:
    """The interval a rule is in force, as a reader writes it (自2025年8月1日起; 施行日期不详)."""
    _ = tr.gettext
    if in_force.from_ is None:
        return _("in force: start unknown")
    start = tr.date(in_force.from_.isoformat())
    if in_force.until is None:
        return _("in force: from {start}").format(start=start)
    return _("in force: {start} to {end}").format(start=start, end=tr.date(in_force.until.isoformat()))


def _in(tr, english: str, chinese: str | None) -> str:
    """A pack's text in the reader's language (the English where the pack gives no Chinese)."""
    return chinese if tr.lang == "zh" and chinese else english


def _notes(tr, holder) -> list[str]:
    """The notes of a rule or of a pack, in the reader's language."""
    return holder.notes_zh if tr.lang == "zh" and holder.notes_zh else holder.notes


def _reading_lines(tr, reading, indent: str = "") -> list[str]:
    """A reading, the one rejected and why, in the reader's language."""
    if reading is None:
        return []
    _ = tr.gettext
    lines = [_("reading adopted: {text}").format(text=_in(tr, reading.adopted, reading.adopted_zh)),
             _("alternative:     {text}").format(text=_in(tr, reading.alternative, reading.alternative_zh))]
    if reading.why:
        lines.append(_("why:             {text}").format(text=_in(tr, reading.why, reading.why_zh)))
    return [indent + line for line in lines]
