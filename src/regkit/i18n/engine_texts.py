"""The engine's own English sentences (warnings, why a rule does not apply), in the reader's language.

The engine writes these sentences in English inside results, which stay language-neutral
data. Each template below is the engine's sentence with its variable parts named; a
message that matches one is rendered from the catalogue's translation of the template,
its dates and names rendered as the reader writes them. A message that matches none (a
new sentence, or one of a user's pack) is shown as it is. tests/test_i18n.py checks that
each template matches a sentence the engine really writes, so a changed sentence fails
a test instead of silently staying English.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from . import N_

if TYPE_CHECKING:
    from . import Translator

__all__ = ["TEMPLATES", "compile_templates", "matching", "translate"]

TEMPLATES = (
    N_("{rule}: extension granted on {date} is after the due date {due}; an extension must be granted on or "
       "before it"),
    N_("{rule}: extensions of {amount} {unit} exceed the maximum of {cap}; capped"),
    N_("{rule} ({subject}): counted across {first} to {last}, which have no announced holiday schedule; the due "
       "date may change"),
    N_("{rule} ({subject}): counted across {first} to {last}, which have no announced holiday schedule; the due "
       "date may change, to a day from {earliest} to {latest}"),
    N_("{count} event(s) dated after as_of {as_of} were not considered (first: event {index}, {event})"),
    N_("{jurisdiction}: the date it takes effect is unknown (see the pack's note)"),
    N_("{jurisdiction} is in force from {date}"),
    N_("{jurisdiction} was in force until {date}"),
)
# the reason a receipt rule gives, with where it stands (engine/deadlines.py, _receipt)
_RECEIPT = re.compile(r"^(?P<reason>.+) \((?P<jurisdiction>[a-z][a-z0-9_-]*) art\. (?P<article>\d+), "
                      r"(?P<rule>[a-z][\w.-]*)\)$")
_DATES = {"date", "due", "first", "last", "as_of", "earliest", "latest"}


@cache
def compile_templates(templates: tuple[str, ...]) -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, template) per template: each {name} matches its part of a sentence, and
    `{{`/`}}` a brace of it (str.format's escapes, so the catalogue can read the template).
    Compiled once per tuple of templates (the engine's, the errors', the linter's)."""
    compiled = []
    for template in templates:
        parts = re.split(r"(?<!\{)\{(\w+)\}(?!\})", template)
        regex = "".join(re.escape(p.replace("{{", "{").replace("}}", "}")) if i % 2 == 0 else f"(?P<{p}>.+?)"
                        for i, p in enumerate(parts))
        compiled.append((re.compile(f"^{regex}$", re.S), template))
    return tuple(compiled)


def matching(templates: tuple[str, ...], message: str) -> tuple[str, dict[str, str]] | None:
    """The first of `templates` that `message` is, with its named parts; None if none is."""
    for pattern, template in compile_templates(templates):
        found = pattern.match(message)
        if found:
            return template, dict(found.groupdict())
    return None


def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    return compile_templates(TEMPLATES)


def translate(tr: Translator, message: str, rule_id: str | None = None) -> str:
    """`message` in `tr`'s language where it is one of the engine's templates, or the
    Chinese reason of one of `rule_id`'s exceptions; else as it is."""
    if tr.lang == "en":
        return message
    if rule_id is not None:
        from ..explanation import find_rule
        try:
            _pack, rule = find_rule(rule_id)
        except Exception:  # noqa: BLE001 - a rule of a user's own library: its English stands
            rule = None
        for exception in getattr(rule, "exceptions", ()):
            if exception.reason == message and exception.reason_zh:
                return exception.reason_zh
    routed = _RECEIPT.match(message)
    if routed:  # "<a receipt rule's reason> (hebei art. 15, hebei.<receipt rule>)"
        from ..explanation import find_rule
        try:
            _pack, receipt = find_rule(routed["rule"])
        except Exception:  # noqa: BLE001 - not a bundled rule: the English stands
            receipt = None
        if receipt is not None and getattr(receipt, "reason", None) == routed["reason"] and receipt.reason_zh:
            where = tr.article({"jurisdiction": routed["jurisdiction"], "article": int(routed["article"])})
            return f"{receipt.reason_zh}（{where}，{routed['rule']}）"
    found = matching(TEMPLATES, message)
    if found is None:
        return message
    template, fields = found
    for name, value in fields.items():
        if name in _DATES and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            fields[name] = tr.date(value)
    if "jurisdiction" in fields:
        fields["jurisdiction"] = tr.jurisdiction(fields["jurisdiction"])
    if "unit" in fields:
        fields["unit"] = tr.term("unit", fields["unit"])
    if "event" in fields:
        fields["event"] = tr.term("event", fields["event"])
    return tr.gettext(template).format(**fields)
