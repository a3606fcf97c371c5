"""Loading rule packs: safe YAML in, validated packs out, every error located.

A pack file is parsed by the located safe loader (`_yaml`), validated against the
pack format (`model.packs`), and checked against the normalised sources: every
cited document and article must exist. Errors name the file, the line and the
field, with a did-you-mean for misspelt keys. The bundled packs are loaded once
per process, and kept between processes by the pack cache (`_pack_cache`); their
tree (each pack's `parent`) must be complete and acyclic.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterator, get_args

from pydantic import ValidationError

from . import _active, _pack_cache
from ._located import Located
from ._resources import rules_dir, sources_dir
from .errors import LookupFailed, PackError, UnknownJurisdiction
from .model.packs import OPENING_FIELDS, Deadline, PackFile, PackMeta, Rule, SourceRef, field_names

__all__ = ["Pack", "bundled_packs", "current_packs", "describe_packs", "get_pack", "lineage", "load_pack",
           "packs_dir"]


@dataclass(frozen=True)
class Pack:
    """A validated pack, with what is needed to cite it and to locate its lines."""

    meta: PackMeta
    rules: tuple[Rule, ...]
    file: str
    sha256: str
    located: Located
    # each citation as a lawyer writes it (第三十九条第（九）项), by (document, article, paragraph,
    # item): worked out when the pack is checked against its texts, kept in the pack cache
    citations: dict[tuple, str] = field(default_factory=dict, compare=False)
    openings: tuple = ()  # the opening clauses its liability rules share (model.packs.Opening)

    def citation_of(self, ref: SourceRef) -> str | None:
        return self.citations.get((self.document_of(ref), ref.article, ref.paragraph, ref.item))

    @property
    def id(self) -> str:
        return self.meta.id

    def line_of(self, *path: str | int) -> int | None:
        return self.located.line_of(path)

    def receipt(self) -> dict[str, str]:
        """What a result needs to name this pack exactly."""
        return {"id": self.meta.id, "version": self.meta.version, "sha256": self.sha256}

    def source_refs(self) -> Iterator[tuple[tuple[str | int, ...], SourceRef]]:
        """Every citation in the pack, with its path in the file."""
        if self.meta.in_force.source is not None:
            yield ("pack", "in_force", "source"), self.meta.in_force.source
        for index, opening in enumerate(self.openings):
            if opening.source is not None:
                yield ("openings", index, "source"), opening.source
        for index, rule in enumerate(self.rules):
            yield ("rules", index, "source"), rule.source
            if rule.in_force is not None and rule.in_force.source is not None:
                yield ("rules", index, "in_force", "source"), rule.in_force.source
            extension = getattr(rule, "extension", None)
            if extension is not None and extension.source is not None:
                yield ("rules", index, "extension", "source"), extension.source
            for number, exception in enumerate(getattr(rule, "exceptions", ())):
                yield ("rules", index, "exceptions", number, "source"), exception.source
            for key in ("escalation", "exemptions"):
                for number, step in enumerate(getattr(rule, key, ())):
                    if step.source is not None:
                        yield ("rules", index, key, number, "source"), step.source

    def document_of(self, ref: SourceRef) -> str:
        return ref.document or self.meta.document.source


def packs_dir() -> Path:
    return rules_dir() / "packs"


def load_pack(path: str | Path) -> Pack:
    """Read, validate and cross-check one pack file."""
    from ._yaml import load_yaml_text, read_file  # PyYAML only when a pack is parsed: not on a cache hit

    raw, text = read_file(path, error=PackError)
    located = load_yaml_text(text, str(path), error=PackError)
    if not isinstance(located.data, dict):
        raise PackError("a pack is a mapping with keys 'pack' and 'rules'", file=str(path), line=1)
    try:
        model = PackFile.model_validate(_with_openings(located))
    except ValidationError as exc:
        raise _located_error(exc, located) from None
    pack = Pack(model.pack, tuple(model.rules), str(path), hashlib.sha256(raw).hexdigest(), located,
                openings=tuple(model.openings))
    _check_citations(pack)
    return pack


def _with_openings(located: Located) -> dict:
    """The pack's data with each liability rule completed from the opening clause it names
    (`openings`): what the rule gives itself stays. The file's own data is not changed."""
    data = located.data
    openings = {o.get("id"): o for o in data.get("openings") or () if isinstance(o, dict)}
    rules = data.get("rules")
    if not openings and not any(isinstance(r, dict) and "opening" in r for r in rules or ()):
        return data
    completed = []
    for index, rule in enumerate(rules if isinstance(rules, list) else ()):
        if isinstance(rule, dict) and "opening" in rule:
            opening = openings.get(rule["opening"])
            if opening is None:
                raise PackError(f"no opening {rule['opening']!r} in this pack's openings "
                                f"({', '.join(map(str, openings)) or 'none'})", file=located.file,
                                line=located.line_of(("rules", index, "opening")), field=f"rules[{index}].opening")
            rule = {**{k: opening[k] for k in OPENING_FIELDS if k in opening}, **rule}
        completed.append(rule)
    return {**data, "rules": completed if isinstance(rules, list) else rules}


def _located_error(exc: ValidationError, located: Located) -> PackError:
    # A misspelt key shows up twice, as unknown and as missing; the unknown one,
    # with its did-you-mean, is the useful report, so it goes first.
    rank = {"extra_forbidden": 0, "missing": 2}
    errors = sorted(exc.errors(include_url=False), key=lambda e: rank.get(e["type"], 1))
    first = errors[0]
    path, name = _data_path(located.data, first["loc"])
    if first["type"] == "extra_forbidden":
        import difflib  # only errors need it: kept off the start-up path

        message = f"unknown key {name!r}"
        close = difflib.get_close_matches(str(name), sorted(field_names()), n=1)
        if close:
            message += f" (did you mean {close[0]!r}?)"
            # the key it should have been is then reported missing: same mistake, not another
            parent = first["loc"][:-1]
            errors = [e for e in errors
                      if not (e["type"] == "missing" and e["loc"] == parent + (close[0],))]
    elif first["type"] == "missing":
        message = f"missing key {name!r}"
    else:
        message = first["msg"]
        if "input" in first and not isinstance(first["input"], (dict, list)):
            message += f" (got {first['input']!r})"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return PackError(message, file=located.file, line=located.line_of(path), field=_dotted(path, name))


def _data_path(data: Any, loc: tuple) -> tuple[tuple, Any]:
    """Map a pydantic error location onto the document, skipping union tags.

    Returns the path that exists in the data and the last name in the location
    (the key that is missing or unknown, or the field that is wrong).
    """
    path: list[Any] = []
    current = data
    tagged = None
    for part in loc:
        if isinstance(current, dict) and current.get("kind") == part and tagged is not current:
            tagged = current
            continue  # pydantic names the union member chosen by `kind`; it is not a key
        if isinstance(current, dict) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
    return tuple(path), (loc[-1] if loc else None)


def _dotted(path: tuple, name: Any) -> str:
    parts = list(path)
    if isinstance(name, str) and (not parts or parts[-1] != name):
        parts.append(name)
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _check_citations(pack: Pack) -> None:
    from . import sources  # not at the top: a cache hit checks no citation and reads no text

    allowed = {pack.meta.document.source, *pack.meta.document.documents}
    for path, ref in pack.source_refs():
        doc_id = pack.document_of(ref)
        where = dict(file=pack.file, line=pack.line_of(*path, "article"), field=_dotted(path, "article"))
        if doc_id not in allowed:
            raise PackError(f"document {doc_id!r} is not one this pack cites "
                            f"({', '.join(sorted(allowed))})", **where)
        try:
            article = sources.article(doc_id, ref.article)
        except LookupFailed as exc:
            raise PackError(str(exc), **where) from None
        if ref.paragraph is not None and ref.paragraph > len(article.paragraphs):
            raise PackError(
                f"{doc_id} article {ref.article} has {len(article.paragraphs)} paragraph(s), "
                f"not {ref.paragraph}",
                file=pack.file, line=pack.line_of(*path, "paragraph"), field=_dotted(path, "paragraph"))
        key = (doc_id, ref.article, ref.paragraph, ref.item)
        pack.citations[key] = sources.citation(*key)


@cache
def bundled_packs() -> dict[str, Pack]:
    """Every pack shipped with regkit, keyed by jurisdiction id, hierarchy checked."""
    return _pack_cache.cached(_bundled_inputs(), _load_bundled, _bundle_to_plain, _bundle_from_plain)


def _bundled_files() -> list[Path]:
    return sorted(packs_dir().glob("*.yaml"))


def _bundled_inputs() -> list[Path]:
    """The data the bundled packs are made of: the pack files, and the texts their citations
    are checked against (the pack cache's key hashes them)."""
    return [*_bundled_files(), *sorted(sources_dir().glob("*.yaml"))]


_RULE_TYPES = get_args(get_args(Rule)[0])  # the classes of the union of rule kinds


def _bundle_to_plain(packs: dict[str, Pack]) -> list[dict[str, Any]]:
    """The bundled packs as the pack cache stores them: JSON data, nothing that runs. The
    parsed YAML and its line numbers, needed only to locate an error, are kept as JSON text
    read on first use (`_LaterLocated`), which halves what a start reads."""
    return [{"file": p.file, "sha256": p.sha256, "meta": _pack_cache.to_plain(p.meta),
             "rules": _pack_cache.to_plain(list(p.rules)),
             "located": json.dumps(_pack_cache.to_plain(
                 {"data": p.located.data, "lines": [[list(path), line] for path, line in p.located.lines.items()]}),
                 ensure_ascii=False, separators=(",", ":")),
             "citations": _pack_cache.to_plain(p.citations), "openings": _pack_cache.to_plain(list(p.openings))}
            for p in packs.values()]


def _bundle_from_plain(text: bytes) -> dict[str, Pack]:
    """What `_bundle_to_plain` stored, rebuilt from the pack models only; anything else raises."""
    from .model import packs as models

    classes = {name: cls for name, cls in vars(models).items()
               if isinstance(cls, type) and cls.__module__ == models.__name__}
    bundle: dict[str, Pack] = {}
    for item in _pack_cache.from_plain(text, classes):
        meta, rules, located = item["meta"], tuple(item["rules"]), item["located"]
        if not isinstance(meta, PackMeta) or not all(isinstance(r, _RULE_TYPES) for r in rules) \
                or not isinstance(located, str):
            raise ValueError("not a pack")
        citations, openings = item["citations"], tuple(item["openings"])
        if not isinstance(citations, dict) or not all(isinstance(o, models.Opening) for o in openings):
            raise ValueError("not a pack")
        file = str(item["file"])
        bundle[meta.id] = Pack(meta, rules, file, str(item["sha256"]), _LaterLocated(located, file),
                               citations=citations, openings=openings)
    if not bundle:
        raise ValueError("no packs")
    return bundle


class _LaterLocated(Located):
    """A pack's `Located` from the pack cache, its data and lines decoded on first use."""

    __slots__ = ("_text",)

    def __init__(self, text: str, file: str) -> None:
        self._text = text
        self.file = file

    def __getattr__(self, name: str) -> Any:  # only while `data` and `lines` are unset
        if name not in ("data", "lines"):
            raise AttributeError(name)
        stored = _pack_cache.from_plain(self._text.encode("utf-8"), {})
        self.data = stored["data"]
        self.lines = {tuple(path): line for path, line in stored["lines"]}
        return getattr(self, name)


def _load_bundled() -> dict[str, Pack]:
    """Parse, validate and cross-check every bundled pack: the work the pack cache saves."""
    packs: dict[str, Pack] = {}
    for path in _bundled_files():
        pack = load_pack(path)
        if pack.id in packs:
            raise PackError(f"jurisdiction {pack.id!r} is also defined in {packs[pack.id].file}",
                            file=pack.file, line=pack.line_of("pack", "id"), field="pack.id")
        if path.stem != pack.id:
            raise PackError(f"the file of pack {pack.id!r} must be named {pack.id}.yaml",
                            file=pack.file, line=pack.line_of("pack", "id"), field="pack.id")
        packs[pack.id] = pack
    check_tree(packs)
    return packs


def check_tree(packs: dict[str, Pack]) -> None:
    """Every parent exists and no pack is its own ancestor."""
    for pack in packs.values():
        seen = [pack.id]
        parent = pack.meta.parent
        while parent is not None:
            if parent not in packs:
                raise PackError(f"parent {parent!r} is not a known jurisdiction", file=pack.file,
                                line=pack.line_of("pack", "parent"), field="pack.parent")
            if parent in seen:
                raise PackError(f"the parents form a cycle: {' -> '.join(seen + [parent])}",
                                file=pack.file, line=pack.line_of("pack", "parent"), field="pack.parent")
            seen.append(parent)
            parent = packs[parent].meta.parent
    for pack in packs.values():
        _check_counterparts(pack, packs)


def _check_counterparts(pack: Pack, packs: dict[str, Pack]) -> None:
    """A `counterpart` names a deadline of an ancestor with the same kind, bound and unit:
    only then are the two figures comparable, and a conflict between them decidable. A
    liability rule's deadline evidence `of` names the pack itself or an ancestor."""
    ancestors, chain = {}, [pack.id]
    parent = pack.meta.parent
    while parent is not None:
        ancestors.update({rule.id: rule for rule in packs[parent].rules})
        chain.append(parent)
        parent = packs[parent].meta.parent
    for index, rule in enumerate(pack.rules):
        for number, evidence in enumerate(getattr(rule, "established_by", ())):
            if evidence.deadline is not None and evidence.deadline.of not in (None, *chain):
                raise PackError(f"{rule.id}: deadline evidence of {evidence.deadline.of!r}, which is neither "
                                f"this pack nor an ancestor ({', '.join(chain)})", file=pack.file,
                                line=pack.line_of("rules", index, "established_by", number, "deadline", "of"),
                                field=f"rules[{index}].established_by[{number}].deadline.of")
    for index, rule in enumerate(pack.rules):
        name = getattr(rule, "counterpart", None)
        if name is None:
            continue
        where = dict(file=pack.file, line=pack.line_of("rules", index, "counterpart"),
                     field=f"rules[{index}].counterpart")
        other = ancestors.get(name)
        if other is None:
            raise PackError(f"{rule.id}: counterpart {name!r} is not a rule of an ancestor pack", **where)
        if not isinstance(other, Deadline):
            raise PackError(f"{rule.id}: counterpart {name!r} is not a deadline", **where)
        mine = (rule.deadline, rule.bound, rule.period.unit)
        theirs = (other.deadline, other.bound, other.period.unit)
        if mine != theirs:
            raise PackError(f"{rule.id}: counterpart {name!r} differs in kind, bound or unit "
                            f"({'/'.join(str(getattr(v, 'value', v)) for v in theirs)}), so the periods "
                            f"cannot be compared", **where)


def current_packs() -> dict[str, Pack]:
    """The packs of the library answering now: an engine's, else the bundled ones."""
    library = _active.active()
    return bundled_packs() if library is None else library.packs


def get_pack(jurisdiction: str) -> Pack:
    """The pack of `jurisdiction` in the library answering now (`current_packs`); an
    unknown id suggests the nearest."""
    packs = current_packs()
    if not isinstance(jurisdiction, str):
        raise UnknownJurisdiction(f"a jurisdiction is an id such as 'hebei', not {type(jurisdiction).__name__}; "
                                  f"known: {', '.join(sorted(packs))}")
    try:
        return packs[jurisdiction]
    except KeyError:
        import difflib  # only errors need it: kept off the start-up path

        close = difflib.get_close_matches(jurisdiction, sorted(packs), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownJurisdiction(
            f"unknown jurisdiction {jurisdiction!r}{hint}; known: {', '.join(sorted(packs))}") from None


def lineage(jurisdiction: str) -> list[Pack]:
    """The pack and its ancestors, nearest first (hebei -> [hebei, cn])."""
    chain = [get_pack(jurisdiction)]
    while chain[-1].meta.parent is not None:
        chain.append(get_pack(chain[-1].meta.parent))
    return chain


def describe_packs() -> list[dict[str, Any]]:
    """One row per pack of the library answering now, in tree order (`regkit jurisdictions
    --format json`): id, level, parent, in-force dates, title, version."""
    from .library import tree_order
    packs = current_packs()
    rows = []
    for pack in (packs[pid] for pid in tree_order(packs)):
        meta = pack.meta
        rows.append({
            "id": meta.id,
            "level": meta.level.value,
            "parent": meta.parent,
            "in_force_from": meta.in_force.from_.isoformat() if meta.in_force.from_ else None,
            "in_force_until": meta.in_force.until.isoformat() if meta.in_force.until else None,
            "title": meta.document.title,
            "version": meta.version,
        })
    return rows
