"""Languages: which one a reader gets, the message catalogue and the terms of values.

Human texts are written in English in the code and translated through a gettext
catalogue (`locale/zh/LC_MESSAGES/regkit.po`, compiled to the `.mo` shipped beside it),
so a translator edits the `.po` without reading Python. The closed-list values
(statuses, parties, measures, kinds...) have their terms in `terms.yaml`. JSON keeps
the identifiers; only renderings are translated.

The default language follows the locale the way gettext does (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG, the first one set): a `zh*` locale gives Chinese, any other English.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path

__all__ = ["LANGUAGES", "N_", "Translator", "resolve_lang", "terms", "translator"]

LANGUAGES = ("zh", "en")
_HERE = Path(__file__).parent


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is translated later (gettext's convention)."""
    return message


def resolve_lang(lang: str | None = None) -> str:
    """`lang` when given (zh or en), else the locale's: zh for a zh* locale, else en."""
    if lang is not None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        return lang
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.split(":")[0].lower().startswith("zh") else "en"
    return "en"


# terms.yaml category -> the vocabulary's list of the same values: the vocabulary is the one
# source of their Chinese terms; terms.yaml keeps only what no closed list holds (conflict
# kinds, topics, days of the week, ...) and values a list does not have.
_FROM_VOCABULARY = {
    "status": "statuses", "party": "parties", "sanction": "sanctions", "kind": "deadline_kinds",
    "unit": "units", "share_type": "share_types", "open_type": "open_types",
    "request_path": "request_paths", "legal_basis": "legal_bases", "exemption": "exemption_grounds",
    "upon": "escalation_conditions", "level": "levels",
}


@cache
def terms() -> dict[str, dict[str, dict[str, str]]]:
    """category -> value -> {"zh": term, "en": term}: the vocabulary's terms, and terms.yaml
    for what the vocabulary does not hold."""
    import yaml

    from .. import vocabulary
    table = yaml.safe_load((_HERE / "terms.yaml").read_text(encoding="utf-8"))
    for category, name in _FROM_VOCABULARY.items():
        own = table.get(category) or {}
        table[category] = own
        for value, term in vocabulary.terms(name).items():
            own[value] = {"zh": term.zh, "en": term.en}
    return table


class Translator:
    """The texts of one language: `gettext` for messages, `term` for values."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        if lang == "en":
            self._catalogue: gettext.NullTranslations = gettext.NullTranslations()
        else:
            self._catalogue = gettext.translation("regkit", localedir=_HERE / "locale", languages=[lang])

    def gettext(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def term(self, category: str, value: str | None) -> str:
        """The Chinese term of `value` in `category`. English output shows the identifier
        itself, as the JSON does (the English term in terms.yaml is its gloss); an unknown
        value is shown as its identifier."""
        if value is None:
            return "–"
        if self.lang == "en":
            return value
        entry = terms().get(category, {}).get(value)
        return entry[self.lang] if entry else value

    def terms(self, category: str, values) -> str:
        separator = "、" if self.lang == "zh" else ", "
        return separator.join(self.term(category, v) for v in values)

    def date(self, iso: str | None) -> str:
        """A date as its reader writes it: 2026年10月16日 or 2026-10-16."""
        if not iso:
            return "–"
        if self.lang != "zh":
            return iso
        y, m, d = iso.split("-")
        return f"{int(y)}年{int(m)}月{int(d)}日"

    def jurisdiction(self, pid: str) -> str:
        """A jurisdiction by its short id in English, by its text's name in Chinese."""
        if self.lang == "en":
            return pid
        from ..packs import current_packs
        pack = current_packs().get(pid)
        return pack.meta.names.zh if pack else pid

    def article(self, source: dict | None) -> str:
        """Where a rule stands: 《河北省政务数据共享应用管理办法》第九条 as a lawyer cites it (the
        source's `citation`, e.g. 第三十九条第（九）项), or hebei art. 9(2)."""
        if not source:
            return "–"
        if self.lang == "zh":
            title, doc_id = _citation_form(source["jurisdiction"], source.get("document"))
            return f"《{title}》{source.get('citation') or _citation(doc_id, source)}"
        where = f"{source['document']} §{source['article']}" if "document" in source else \
            f"{source['jurisdiction']} art. {source['article']}"
        return where + (f"({source['item']})" if "item" in source else "")


def _citation(doc_id: str, source: dict) -> str:
    """The citation of a source that does not carry one (a pack's text worked out again)."""
    from ..sources import citation
    try:
        return citation(doc_id, source["article"], source.get("paragraph"), source.get("item"))
    except Exception:  # noqa: BLE001 - a citation never fails a rendering: the numbers stand in
        item = f"第{source['item']}项" if source.get("item") else ""
        return f"第{source['article']}条{item}"


def _citation_form(jurisdiction: str, document: str | None) -> tuple[str, str]:
    """The title a Chinese citation names, and the id of its document. Read from the library
    answering now (a user's --rules folder too), so not cached across libraries."""
    from ..packs import current_packs
    from ..sources import document as source_document
    pack = current_packs().get(jurisdiction)
    name = document or (pack.meta.document.source if pack else jurisdiction)
    try:
        title = source_document(name).title
    except Exception:  # noqa: BLE001 - a citation never fails a rendering; the id stands in
        title = name
    return title, name


def translator(lang: str | None = None) -> Translator:
    """The translator of `lang`, or of the locale's language (made once per language)."""
    return _translator(resolve_lang(lang))


@cache
def _translator(lang: str) -> Translator:
    return Translator(lang)
