"""A result's human texts in the reader's language, its identifiers untouched.

JSON stays language-neutral: identifiers, dates and numbers never change. Asked for a
language (`regkit evaluate --format json --lang zh`), the texts a result carries are given
in it: readings (the pack's `adopted_zh`), the reasons a rule does not apply and the
warnings (the engine's sentences, regkit.i18n.engine_texts), and the summaries of
conflicts (written from their structured figures).
"""

from __future__ import annotations

import copy
from typing import Any

from . import Translator, translator
from .engine_texts import translate

__all__ = ["alternative_in", "conflict_summary", "localize_conflicts", "localize_result", "reading_in", "rule_text"]


def _bundled_rule(rule_id: str | None):
    """The bundled rule of that id, or None (a rule of a user's own library: its English stands)."""
    from ..explanation import find_rule
    try:
        return find_rule(rule_id)[1] if rule_id else None
    except Exception:  # noqa: BLE001 - unknown id
        return None


def rule_text(tr: Translator, rule_id: str | None, name: str, english: str) -> str:
    """A rule's text (`steps`, `requirement`…) in `tr`'s language, where the pack gives it for
    this very English."""
    rule = _bundled_rule(rule_id) if tr.lang != "en" else None
    if rule is not None and getattr(rule, name, None) == english and getattr(rule, f"{name}_zh", None):
        return getattr(rule, f"{name}_zh")
    return english


def reading_in(tr: Translator, reading: str | None, rule_id: str | None) -> str | None:
    """The pack's Chinese for `reading` of `rule_id` (the English where it gives none)."""
    if reading is None or tr.lang == "en" or rule_id is None:
        return reading
    rule = _bundled_rule(rule_id)
    if rule is None:
        return reading
    found = getattr(rule, "reading", None)
    if found is not None and found.adopted == reading and found.adopted_zh:
        return found.adopted_zh
    return reading


def alternative_in(tr: Translator, reading: str | None, rule_id: str | None) -> str | None:
    """The pack's Chinese for the rejected `reading` of `rule_id` (the English where it gives none)."""
    if reading is None or tr.lang == "en" or rule_id is None:
        return reading
    found = getattr(_bundled_rule(rule_id), "reading", None)
    if found is not None and found.alternative == reading and found.alternative_zh:
        return found.alternative_zh
    return reading


def _amount(tr: Translator, figure: dict[str, Any], key: str) -> str:
    return f"{figure[key]}{tr.term('unit', figure['unit'])}"


def conflict_summary(tr: Translator, conflict: dict[str, Any]) -> str:
    """What a conflict is, in a sentence of `tr`'s language (English: the engine's own)."""
    if tr.lang == "en":
        return conflict["summary"]
    lower, higher = conflict["lower"], conflict["higher"]
    low, high = tr.jurisdiction(lower["jurisdiction"]), tr.jurisdiction(higher["jurisdiction"])
    what = tr.term("kind", conflict["topic"])
    kind = conflict["kind"]
    if kind == "more_time":
        return f"{low}规定{what}期限为{_amount(tr, lower['figure'], 'amount')}，" \
               f"{high}规定为{_amount(tr, higher['figure'], 'amount')}"
    if kind == "shorter_minimum":
        return f"{low}规定{what}不少于{_amount(tr, lower['figure'], 'amount')}，" \
               f"{high}规定不少于{_amount(tr, higher['figure'], 'amount')}"
    if kind == "longer_extension":
        theirs = f"可以延长{_amount(tr, higher['figure'], 'extension')}" if higher["figure"].get("extension") \
            else "未规定延长"
        return f"{low}规定{what}可以延长{_amount(tr, lower['figure'], 'extension')}，{high}{theirs}"
    if kind == "laxer_basis":
        share_type = tr.term("share_type", conflict["topic"])
        return f"{low}接受{tr.terms('legal_basis', lower['figure']['bases'])}作为{share_type}的依据；" \
               f"{high}仅接受{tr.terms('legal_basis', higher['figure']['accepted'])}"
    return tr.term("conflict", kind)


def localize_result(result: dict[str, Any], lang: str | None) -> dict[str, Any]:
    """A copy of `result` whose texts are in `lang`; the same result in English."""
    tr = translator(lang)
    if tr.lang == "en":
        return result
    out = copy.deepcopy(result)
    for entry in out["deadlines"]:
        entry["reading"] = reading_in(tr, entry["reading"], entry["rule"])
        if entry.get("alternative"):
            entry["alternative"]["reading"] = alternative_in(tr, entry["alternative"].get("reading"), entry["rule"])
        if entry["reason"]:
            entry["reason"] = translate(tr, entry["reason"], entry["rule"])
    for finding in out["findings"]:
        finding["reading"] = reading_in(tr, finding.get("reading"), finding["rule"])
    for item in out["classifications"]:
        for reading in item.get("readings", ()):
            reading["reading"] = reading_in(tr, reading["reading"], reading["rule"])
        if item.get("steps"):
            item["steps"] = rule_text(tr, item.get("rule"), "steps", item["steps"])
        for requirement in item.get("requirements", ()):
            requirement["requirement"] = rule_text(tr, requirement.get("rule"), "requirement",
                                                   requirement["requirement"])
    out["conflicts"] = localize_conflicts(out["conflicts"], tr.lang)
    for warning in out["warnings"]:
        warning["message"] = translate(tr, warning["message"])
    return out


def localize_conflicts(conflicts: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    """Copies of `conflicts` (engine.conflicts) whose summaries and readings are in `lang`."""
    tr = translator(lang)
    if tr.lang == "en":
        return conflicts
    out = copy.deepcopy(conflicts)
    for conflict in out:
        conflict["summary"] = conflict_summary(tr, conflict)
        for side in ("lower", "higher"):
            conflict[side]["reading"] = reading_in(tr, conflict[side].get("reading"), conflict[side]["rule"])
    return out
