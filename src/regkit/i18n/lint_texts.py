"""The linter's findings (P001–P008) in the pack author's language.

The linter writes each finding's message in English (linting.py, and the load errors of
packs.py it reports as P001/P005); its checks know no reader. The line printed for a
finding is rendered here: file, line, code and field stay as they are (editors and scripts
read them), and a message that matches one of the templates below is written from the
catalogue's translation; one that matches none falls back to the error templates
(error_texts.py: a pack's YAML complaints), else stays English. tests/test_lint_texts.py
checks that each template's fixed words are still the wording of the code that writes it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import N_, translator
from .engine_texts import matching

if TYPE_CHECKING:
    from ..linting import LintMessage
    from . import Translator

__all__ = ["TEMPLATES", "lint_line", "translate_finding"]

TEMPLATES = (
    # P001: the pack does not load (packs.py)
    N_("a pack is a mapping with keys 'pack' and 'rules'"),
    N_("unknown key {key} (did you mean {close}?)"),
    N_("unknown key {key}"),
    N_("missing key {key}"),
    N_("document {document} is not one this pack cites ({known})"),
    N_("{document} article {article} has {count} paragraph(s), not {paragraph}"),
    N_("no opening {opening} in this pack's openings ({known})"),
    N_("{rule}: counterpart {name} is not a rule of an ancestor pack"),
    N_("{rule}: counterpart {name} is not a deadline"),
    N_("{rule}: deadline evidence of {of}, which is neither this pack nor an ancestor ({chain})"),
    # P002: quotes
    N_("quote not found verbatim in paragraph {paragraph} of {document} article {article}: {quote}"),
    N_("quote not found verbatim in {document} article {article}: {quote}"),
    # P003: in-force intervals
    N_("rule {rule} is in force outside its pack's interval"),
    # P004: events and their attributes
    N_("unknown event type {event}"),
    N_("{event} has no attribute {name} (it has: {known})"),
    N_("{event} (trigger of {rule}) has no attribute {name}"),
    N_("{event} has no attribute {name}"),
    N_("{value} is not a possible value of {attribute}"),
    N_("{rule} is no deadline of {pack} or its ancestors"),
    N_("{rule} names no received_by event to forward it by"),
    # P005: the tree of packs
    N_("jurisdiction {id} is already defined by {file}"),
    N_("jurisdiction {id} is also defined in {file}"),
    N_("the file of pack {id} must be named {name}"),
    N_("parent {parent} is not a known jurisdiction"),
    N_("the parents form a cycle: {cycle}"),
    # P006: evidence that can never be found
    N_("no time limit of kind {kind} borne by {party} in pack {pack}; {rule} can never find it"),
    N_("no time limit of kind {kind} in pack {pack}; {rule} can never find it"),
    N_("a time limit of kind {kind} is never {status} (it can be: {possible})"),
    # P007: one obligation, two rules
    N_("{rule} is not a deadline or recurring rule of pack {pack}"),
    N_("{rule} and {other} are the same obligation ({kind}, {party}, done by {event}); declare how they "
       "combine under pack.combine"),
    # P008: the Chinese beside the English
    N_("{rule} has no Chinese title (title_zh)"),
    N_("a reading needs its Chinese beside the English: adopted_zh and alternative_zh"),
    N_("a reading's why needs its Chinese (why_zh)"),
    N_("an exception's reason needs its Chinese (reason_zh)"),
    N_("a note needs its Chinese (note_zh)"),
    N_("why needs its Chinese (why_zh)"),
    N_("{name} needs its Chinese ({field})"),
    N_("{chinese} Chinese note(s) for {notes} note(s)"),
)
# pydantic's count of further problems, after a P001 message (packs.py, _located_error)
_MORE = re.compile(r"^(?P<message>.+) \(and (?P<count>\d+) more problems?\)$", re.S)


def _cited(fields: dict[str, str]) -> None:
    """A quote's place as a lawyer cites it: 《title》 and 第十五条第二款."""
    from ..sources import citation, document
    doc_id = fields["document"]
    try:
        fields["document"] = f"《{document(doc_id).title}》"
        fields["article"] = citation(doc_id, int(fields["article"]),
                                     int(fields["paragraph"]) if "paragraph" in fields else None)
    except Exception:  # noqa: BLE001 - an unknown document: its id and number stand
        fields["article"] = f"第{fields['article']}条"


def translate_finding(tr: Translator, message: str) -> str:
    """A finding's message in `tr`'s language where it is one of the templates (or of the
    error templates); else as it is."""
    if tr.lang == "en":
        return message
    more = _MORE.match(message)
    if more:
        rest = tr.gettext("(and {count} more problem(s))").format(count=more["count"])
        return translate_finding(tr, more["message"]) + rest
    found = matching(TEMPLATES, message)
    if found is None:
        from .error_texts import translate_error
        return translate_error(tr, message)
    template, fields = found
    if template.startswith("quote not found"):
        _cited(fields)
    return tr.gettext(template).format(**fields)


def lint_line(message: LintMessage, lang: str | None) -> str:
    """A finding's line: `file:line: CODE [field] message`, the message in `lang`."""
    tr = translator(lang)
    if tr.lang == "en":
        return str(message)
    return f"{message.file}:{message.line}: {message.code} [{message.field}] {translate_finding(tr, message.message)}"
