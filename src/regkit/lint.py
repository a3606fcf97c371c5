"""`regkit lint`: every check a pack must pass, each with a code and a located message.

Codes (docs/packs.md shows an example message of each):

- P001 the file does not load: YAML, schema, unknown key, missing document or article
- P002 a quote is not verbatim in the article (or paragraph) it cites
- P003 a rule's in-force interval reaches outside its pack's
- P004 an event type is not in the vocabulary, or `where` names an attribute or value it lacks
- P005 the pack's parent is unknown, or the parents form a cycle
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import sources
from .errors import PackError
from pydantic import TypeAdapter, ValidationError

from .model.events import EVENT_ATTRIBUTES, FLAGS
from .model.packs import Deadline, EventMatch, InForce, Liability, Recurring
from .packs import Pack, bundled_packs, check_tree, load_pack, packs_dir
from .vocabulary import EVENT_TYPES

__all__ = ["LintMessage", "lint"]


@dataclass(frozen=True, order=True)
class LintMessage:
    file: str
    line: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code} [{self.field}] {self.message}"


def lint(paths: Iterable[str | Path] | None = None) -> list[LintMessage]:
    """Lint the given pack files (default: every bundled pack); [] means clean."""
    files = sorted(Path(p) for p in paths) if paths is not None else sorted(packs_dir().glob("*.yaml"))
    messages: list[LintMessage] = []
    loaded: dict[str, Pack] = {}
    for file in files:
        try:
            pack = load_pack(file)
        except PackError as exc:
            messages.append(LintMessage(str(file), exc.line or 1, "P001", exc.field or "", exc.reason))
            continue
        loaded[pack.id] = pack
        messages.extend(_check_quotes(pack))
        messages.extend(_check_intervals(pack))
        messages.extend(_check_events(pack))
    messages.extend(_check_parents(loaded))
    return sorted(messages)


def _msg(pack: Pack, path: tuple, code: str, message: str) -> LintMessage:
    field = ".".join(str(p) for p in path)
    return LintMessage(pack.file, pack.line_of(*path) or 1, code, field, message)


def _check_quotes(pack: Pack) -> Iterable[LintMessage]:
    for path, ref in pack.source_refs():
        doc_id = pack.document_of(ref)
        article = sources.article(doc_id, ref.article)  # existence was checked on load
        if ref.paragraph is not None:
            text, where = article.paragraphs[ref.paragraph - 1], f"paragraph {ref.paragraph} of "
        else:
            text, where = article.text, ""
        if ref.quote not in text:
            yield _msg(pack, path + ("quote",), "P002",
                       f"quote not found verbatim in {where}{doc_id} article {ref.article}: {ref.quote!r}")


def _outside(inner: InForce, outer: InForce) -> bool:
    starts_early = outer.from_ is not None and (inner.from_ is None or inner.from_ < outer.from_)
    ends_late = outer.until is not None and (inner.until is None or inner.until > outer.until)
    return starts_early or ends_late


def _check_intervals(pack: Pack) -> Iterable[LintMessage]:
    for index, rule in enumerate(pack.rules):
        if rule.in_force is not None and _outside(rule.in_force, pack.meta.in_force):
            yield _msg(pack, ("rules", index, "in_force"), "P003",
                       f"rule {rule.id} is in force outside its pack's interval")


def _event_refs(rule) -> list[tuple[tuple, EventMatch | None]]:
    if isinstance(rule, Deadline):
        refs = [(("trigger",), rule.trigger)]
        if isinstance(rule.done_by, list):
            refs += [(("done_by", i), m) for i, m in enumerate(rule.done_by)]
        else:
            refs.append((("done_by",), rule.done_by))
        if rule.extension is not None:
            refs.append((("extension", "granted_by"), rule.extension.granted_by))
        return refs
    if isinstance(rule, Recurring):
        return [(("starts_with",), rule.starts_with), (("done_by",), rule.done_by)]
    if isinstance(rule, Liability):
        return [(("established_by", i, "event"), e.event) for i, e in enumerate(rule.established_by)
                if e.event is not None]
    return []


def _check_events(pack: Pack) -> Iterable[LintMessage]:
    """Event types exist, and `where` names attributes of that type with allowed values."""
    for index, rule in enumerate(pack.rules):
        for path, match in _event_refs(rule):
            if match is None:
                continue
            where = ("rules", index, *path)
            if match.event not in EVENT_TYPES:
                yield _msg(pack, where + ("event",), "P004", f"unknown event type {match.event!r}")
                continue
            attributes = EVENT_ATTRIBUTES[match.event]
            for name in match.absent:
                if name not in attributes and name not in FLAGS:
                    yield _msg(pack, where + ("absent",), "P004",
                               f"{match.event} has no attribute {name!r}")
            for name, value in match.where.items():
                if name not in attributes:
                    yield _msg(pack, where + ("where", name), "P004",
                               f"{match.event} has no attribute {name!r} "
                               f"(it has: {', '.join(attributes) or 'none'})")
                elif not _value_fits(attributes[name][0], value):
                    yield _msg(pack, where + ("where", name), "P004",
                               f"{value!r} is not a possible value of {match.event}.{name}")
        for number, exception in enumerate(getattr(rule, "exceptions", ())):
            trigger = rule.trigger.event
            for name in exception.where:
                if trigger in EVENT_ATTRIBUTES and name not in EVENT_ATTRIBUTES[trigger]:
                    yield _msg(pack, ("rules", index, "exceptions", number, "where", name), "P004",
                               f"{trigger} has no attribute {name!r}")


def _value_fits(annotation, value) -> bool:
    try:
        TypeAdapter(annotation).validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _check_parents(loaded: dict[str, Pack]) -> Iterable[LintMessage]:
    try:  # a pack linted from elsewhere may name a bundled parent
        known = dict(bundled_packs())
    except PackError:  # a broken bundled pack is reported by its own P001
        known = {}
    known.update(loaded)
    try:
        check_tree(known)
    except PackError as exc:
        yield LintMessage(exc.file or "", exc.line or 1, "P005", exc.field or "", exc.reason)
