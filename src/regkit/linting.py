"""`regkit lint`: every check a pack must pass, each with a code and a located message.

Codes (docs/packs.md shows an example message of each):

- P001 the file does not load: YAML, schema, unknown key, missing document or article
- P002 a quote is not verbatim in the article (or paragraph) it cites
- P003 a rule's in-force interval reaches outside its pack's
- P004 an event type is not in the vocabulary, or `where` names an attribute or value it lacks
- P005 the pack's parent is unknown, the parents form a cycle, or its id is already taken
- P006 a liability rule's evidence names a deadline kind (or party, or status) that no time
  limit of its own pack (or of the ancestor named in `of`) can produce, so the rule could
  never find anything
- P007 two time limits of one pack are the same obligation (the engine's binding group) and
  the pack does not declare, under `pack.combine`, that they combine
- P008 a rule has no Chinese title (`title_zh`); a reading (of a rule or of an in-force interval)
  with its `why`, an exception's reason, an in-force note, a combination's `why` or a rule's text
  (definition, requirement, steps, says) lacks its Chinese (`adopted_zh`, `alternative_zh`,
  `why_zh`, `reason_zh`, `note_zh`, `definition_zh`…); or the notes (of a rule or of the pack) are
  not matched one for one by `notes_zh`
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import sources
from .errors import PackError
from pydantic import TypeAdapter, ValidationError

from .model.events import EVENT_ATTRIBUTES, FLAGS
from .model.packs import Deadline, EventMatch, InForce, Liability, Receipt, Recurring, Responsibility
from .packs import Pack, check_tree, current_packs, load_pack, packs_dir
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
        messages.extend(_check_evidence_kinds(pack))
        messages.extend(_check_obligations(pack))
        messages.extend(_check_chinese(pack))
    messages.extend(_check_parents(loaded))
    return sorted(messages)


def _check_chinese(pack: Pack) -> Iterable[LintMessage]:
    """Readers are Chinese first: every rule has a Chinese title, and every English text a pack
    shows (readings with their reasons, notes, reasons, in-force notes…) its Chinese beside it."""
    meta = pack.meta
    yield from _reading_chinese(pack, ("pack", "in_force", "reading"), meta.in_force.reading)
    if meta.in_force.note and not meta.in_force.note_zh:
        yield _msg(pack, ("pack", "in_force", "note"), "P008", "a note needs its Chinese (note_zh)")
    for number, combination in enumerate(meta.combine):
        if not combination.why_zh:
            yield _msg(pack, ("pack", "combine", number, "why"), "P008", "why needs its Chinese (why_zh)")
    if len(meta.notes_zh) != len(meta.notes):
        yield _msg(pack, ("pack", "notes"), "P008",
                   f"{len(meta.notes_zh)} Chinese note(s) for {len(meta.notes)} note(s)")
    for index, rule in enumerate(pack.rules):
        if not rule.title_zh:
            yield _msg(pack, ("rules", index, "id"), "P008", f"{rule.id} has no Chinese title (title_zh)")
        yield from _reading_chinese(pack, ("rules", index, "reading"), rule.reading)
        if rule.in_force is not None:
            yield from _reading_chinese(pack, ("rules", index, "in_force", "reading"), rule.in_force.reading)
            if rule.in_force.note and not rule.in_force.note_zh:
                yield _msg(pack, ("rules", index, "in_force", "note"), "P008", "a note needs its Chinese (note_zh)")
        for name in ("definition", "requirement", "steps", "says", "reason"):
            if getattr(rule, name, None) is not None and not getattr(rule, f"{name}_zh"):
                yield _msg(pack, ("rules", index, name), "P008", f"{name} needs its Chinese ({name}_zh)")
        for number, exception in enumerate(getattr(rule, "exceptions", ())):
            if not exception.reason_zh:
                yield _msg(pack, ("rules", index, "exceptions", number, "reason"), "P008",
                           "an exception's reason needs its Chinese (reason_zh)")
        if len(rule.notes_zh) != len(rule.notes):
            yield _msg(pack, ("rules", index, "notes_zh"), "P008",
                       f"{len(rule.notes_zh)} Chinese note(s) for {len(rule.notes)} note(s)")


def _reading_chinese(pack: Pack, path: tuple, reading) -> Iterable[LintMessage]:
    if reading is None:
        return
    if reading.adopted_zh is None or reading.alternative_zh is None:
        yield _msg(pack, path, "P008", "a reading needs its Chinese beside the English: adopted_zh and alternative_zh")
    if reading.why and not reading.why_zh:
        yield _msg(pack, path + ("why",), "P008", "a reading's why needs its Chinese (why_zh)")


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
        refs += [(("received_by", i), m) for i, m in enumerate(rule.received_by)]
        return refs
    if isinstance(rule, Recurring):
        return [(("starts_with",), rule.starts_with), (("done_by",), rule.done_by)]
    if isinstance(rule, Responsibility):
        return [(("shown_by", i), m) for i, m in enumerate(rule.shown_by)]
    if isinstance(rule, Liability):
        return [((("established_by", i, key)), match) for i, e in enumerate(rule.established_by)
                for key, match in (("event", e.event), ("followed_by", e.followed_by), ("without", e.without))
                if match is not None]
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
            tested = exception.event or rule.trigger.event
            if tested not in EVENT_TYPES:
                yield _msg(pack, ("rules", index, "exceptions", number, "event"), "P004",
                           f"unknown event type {tested!r}")
                continue
            for name in exception.where:
                if name not in EVENT_ATTRIBUTES[tested]:
                    yield _msg(pack, ("rules", index, "exceptions", number, "where", name), "P004",
                               f"{tested} has no attribute {name!r}")
        if isinstance(rule, Receipt):
            yield from _check_receipt(pack, index, rule)


def _lineage_packs(pack: Pack) -> list[Pack]:
    """The pack and the ancestors its parents name in the library answering now, nearest
    first (an unknown parent ends the chain: the tree check reports it)."""
    packs, chain = current_packs(), [pack]
    while chain[-1].meta.parent in packs and len(chain) <= len(packs):
        chain.append(packs[chain[-1].meta.parent])
    return chain


def _check_receipt(pack: Pack, index: int, rule: Receipt) -> Iterable[LintMessage]:
    """A routing names deadlines of this pack or an ancestor, counted from receipt, and tests
    attributes their trigger has."""
    known = {}
    for ancestor in _lineage_packs(pack):
        known.update({r.id: r for r in ancestor.rules if isinstance(r, Deadline)})
    for number, rule_id in enumerate(rule.rules):
        target = known.get(rule_id)
        if target is None:
            yield _msg(pack, ("rules", index, "rules", number), "P004",
                       f"{rule_id!r} is no deadline of {pack.id} or its ancestors")
            continue
        if rule.received == "on_forwarding" and not target.received_by:
            yield _msg(pack, ("rules", index, "rules", number), "P004",
                       f"{rule_id} names no received_by event to forward it by")
        attributes = EVENT_ATTRIBUTES.get(target.trigger.event, {})
        for name in rule.where:
            if name not in attributes:
                yield _msg(pack, ("rules", index, "where", name), "P004",
                           f"{target.trigger.event} (trigger of {rule_id}) has no attribute {name!r}")


def _limits(pack: Pack) -> list:
    return [r for r in pack.rules if isinstance(r, (Deadline, Recurring))]


def _check_evidence_kinds(pack: Pack) -> Iterable[LintMessage]:
    """Deadline evidence can only match results of its own pack, or of the ancestor it names
    in `of` (engine/liability.py): the kinds it names must be time limits of that pack, with
    the party, that can have the status. An unknown `of` is the tree check's (P005)."""
    for index, rule in enumerate(pack.rules):
        if not isinstance(rule, Liability):
            continue
        for number, evidence in enumerate(rule.established_by):
            match = evidence.deadline
            if match is None:
                continue
            owner = pack
            if match.of not in (None, pack.id):
                try:
                    owner = current_packs()[match.of]
                except (KeyError, PackError):
                    continue
            limits = _limits(owner)
            where = ("rules", index, "established_by", number, "deadline")
            for kind in match.kinds:
                found = [r for r in limits if r.deadline is kind
                         and (match.party is None or r.party is match.party)]
                if not found:
                    party = f" borne by {match.party.value}" if match.party else ""
                    yield _msg(pack, where + ("kinds",), "P006",
                               f"no time limit of kind {kind.value!r}{party} in pack {owner.id}; "
                               f"{rule.id} can never find it")
                    continue
                possible: set[str] = set()
                for limit in found:  # a minimum period is breached, a duty late or overdue
                    minimum = isinstance(limit, Deadline) and limit.bound == "minimum"
                    possible |= {"breached"} if minimum else {"late", "overdue"}
                for status in match.status:
                    if status not in possible:
                        yield _msg(pack, where + ("status",), "P006",
                                   f"a time limit of kind {kind.value!r} is never {status!r} "
                                   f"(it can be: {', '.join(sorted(possible))})")


def _obligation(rule) -> tuple | None:
    """The part of the engine's binding-group key (engine/evaluate.py) a rule fixes by itself:
    kind, party and fulfilling event; subject and occurrence come from the history."""
    if isinstance(rule, Deadline):
        done = rule.done_by_all
        return ("deadline", rule.deadline.value, rule.party.value, done[0].event if done else None)
    if isinstance(rule, Recurring):
        return ("recurring", rule.deadline.value, rule.party.value, rule.done_by.event)
    return None


def _exclusive(a: EventMatch, b: EventMatch) -> bool:
    """No single event can trigger both: same type, and an attribute required to differ."""
    return a.event == b.event and any(
        name in b.where and b.where[name] != value for name, value in a.where.items())


def _trigger(rule) -> EventMatch:
    return rule.trigger if isinstance(rule, Deadline) else rule.starts_with


def _check_obligations(pack: Pack) -> Iterable[LintMessage]:
    """Two rules of one pack in one binding group silently compete for `binding`; the pack must
    say so (pack.combine). Rules whose triggers exclude each other never meet in a subject
    used as docs/design.md, Events intends (one request, one catalog)."""
    declared: list[set[str]] = []
    ids = {rule.id: rule for rule in pack.rules}
    for number, combination in enumerate(pack.meta.combine):
        declared.append(set(combination.rules))
        for position, rule_id in enumerate(combination.rules):
            if _obligation(ids.get(rule_id)) is None:
                yield _msg(pack, ("pack", "combine", number, "rules", position), "P007",
                           f"{rule_id!r} is not a deadline or recurring rule of pack {pack.id}")
    indexed = [(i, r, _obligation(r)) for i, r in enumerate(pack.rules) if _obligation(r) is not None]
    for (i, a, key_a), (j, b, key_b) in ((x, y) for n, x in enumerate(indexed) for y in indexed[n + 1:]):
        if key_a != key_b or _exclusive(_trigger(a), _trigger(b)):
            continue
        if any({a.id, b.id} <= group for group in declared):
            continue
        yield _msg(pack, ("rules", j, "deadline"), "P007",
                   f"{b.id} and {a.id} are the same obligation ({key_a[1]}, {key_a[2]}, done by "
                   f"{key_a[3]}); declare how they combine under pack.combine")


def _value_fits(annotation, value) -> bool:
    try:
        TypeAdapter(annotation).validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _check_parents(loaded: dict[str, Pack]) -> Iterable[LintMessage]:
    try:  # a pack linted from elsewhere may name a parent of the library (bundled or --rules)
        known = dict(current_packs())
    except PackError:  # a broken bundled pack is reported by its own P001
        known = {}
    for pack in loaded.values():
        other = known.get(pack.id)
        if other is not None and Path(other.file).resolve() != Path(pack.file).resolve():
            yield LintMessage(pack.file, pack.line_of("pack", "id") or 1, "P005", "pack.id",
                              f"jurisdiction {pack.id!r} is already defined by {other.file}")
    known.update(loaded)
    try:
        check_tree(known)
    except PackError as exc:
        yield LintMessage(exc.file or "", exc.line or 1, "P005", exc.field or "", exc.reason)
