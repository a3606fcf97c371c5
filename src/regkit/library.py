"""`regkit.Library`: the packs and source texts that answers are drawn from.

A library is the bundled rules plus any user folders laid out like them:

    my-rules/
      packs/*.yaml      one pack per jurisdiction, named after its id
      sources/*.yaml    the normalised texts the packs cite (`regkit source import`)
      tests/*.yaml      optional scenarios (`regkit test`)

A user pack may sit under a bundled pack (`parent: cn`) or under a pack of another
user folder. What cannot be answered from is refused when the library is made, with
one located error: an id already taken, a parent no folder has, a cycle of parents,
a citation of a text no folder holds. A library also keeps every form compiled from
it (`_active.compiled`), so that two libraries never share an answer.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from . import _active
from .errors import InputError, PackError
from .packs import Pack, bundled_packs, check_tree, load_pack
from .sources import SourceDocument, _bundled_documents, _load

__all__ = ["Library", "RULES_ENV", "address_of", "current_library", "library_at", "rules_from_env"]

#: The environment variable naming user rule folders, separated like PATH.
RULES_ENV = "REGKIT_RULES"


class Library:
    """Packs and source documents, keyed by id, with the folders they came from."""

    def __init__(self, packs: Mapping[str, Pack], documents: Mapping[str, SourceDocument],
                 folders: tuple[Path, ...] = (), *, bundled: bool = False) -> None:
        self.packs: Mapping[str, Pack] = MappingProxyType(dict(packs))
        self.documents: Mapping[str, SourceDocument] = MappingProxyType(dict(documents))
        self.folders = folders  # the user folders, in the order given
        # (folders, with the bundled packs): how `from_paths` makes it again in another process
        self.made_from: tuple[tuple[str, ...], bool] | None = ((), True) if bundled else None
        self.fingerprint: str | None = None  # of the folders' files, when `from_paths` read them
        # the bundled library shares the store the module functions use
        self.compiled_forms: dict[tuple, Any] = _active._BUNDLED_STORE if bundled else {}

    def __repr__(self) -> str:
        where = ", ".join(map(str, self.folders)) or "bundled"
        return f"Library({where}: {', '.join(self.order())})"

    @classmethod
    def bundled(cls) -> Library:
        """The packs and texts shipped with regkit."""
        return _bundled_library()

    @classmethod
    def from_paths(cls, *folders: str | Path, bundled: bool = True, user_packs: bool = True) -> Library:
        """The bundled library (unless `bundled=False`) plus each user folder, in order.

        `user_packs=False` takes the folders' source texts only (the linter loads their
        packs itself, to report a broken one as a finding)."""
        paths = tuple(_folder(folder) for folder in folders)
        # folders made absolute (a worker may run elsewhere), and their files fingerprinted before
        # they are read: a worker that later reads other files refuses instead of answering
        absolute = tuple(str(path.resolve()) for path in paths)
        fingerprint = _fingerprint(absolute) if user_packs else None
        base = _bundled_library() if bundled else None
        documents = dict(base.documents) if base else {}
        for folder in paths:
            for file in sorted((folder / "sources").glob("*.yaml")):
                doc = _read_source(file)
                if doc.id in documents:
                    raise PackError(f"source document {doc.id!r} is already defined"
                                    f"{' by regkit' if base and doc.id in base.documents else ''}",
                                    file=str(file), field="id")
                documents[doc.id] = doc
        library = cls(base.packs if base else {}, documents, paths)
        packs = dict(library.packs)
        with _active.using(library):  # the citations are checked against these texts
            for folder in paths if user_packs else ():
                for file in sorted((folder / "packs").glob("*.yaml")):
                    pack = load_pack(file)
                    if file.stem != pack.id:
                        raise PackError(f"the file of pack {pack.id!r} must be named {pack.id}.yaml",
                                        file=pack.file, line=pack.line_of("pack", "id"), field="pack.id")
                    if pack.id in packs:
                        other = packs[pack.id]
                        owner = "a bundled pack" if base and pack.id in base.packs else other.file
                        raise PackError(f"jurisdiction {pack.id!r} is already defined by {owner}",
                                        file=pack.file, line=pack.line_of("pack", "id"), field="pack.id")
                    packs[pack.id] = pack
        check_tree(packs)
        made = cls(packs, documents, paths)
        if fingerprint is not None:
            made.made_from, made.fingerprint = (absolute, base is not None), fingerprint
        return made

    def pack(self, jurisdiction: str) -> Pack:
        """The pack of `jurisdiction`; an unknown id is `UnknownJurisdiction`, with a suggestion."""
        from .packs import get_pack
        with _active.using(self):
            return get_pack(jurisdiction)

    def lineage(self, jurisdiction: str) -> list[Pack]:
        """The pack and its ancestors, nearest first."""
        from .packs import lineage
        with _active.using(self):
            return lineage(jurisdiction)

    def order(self) -> list[str]:
        """The jurisdictions as the tree of packs orders them: each parent before its
        children, siblings by their level in the hierarchy of norms, then by id."""
        return tree_order(self.packs)

    def scenario_files(self) -> list[Path]:
        """The scenario files of the user folders (`tests/*.yaml`)."""
        return [file for folder in self.folders for file in sorted((folder / "tests").glob("*.yaml"))]


def current_library() -> Library:
    """The library answering now: an engine's, else the bundled one."""
    return _active.active() or _bundled_library()


def address_of(library: Library | None) -> tuple | None:
    """How a worker process finds `library` again: its folders and a fingerprint of their
    files (None: the bundled library). A library is not sent to workers, its folders are."""
    if library is None or library is _bundled_library():
        return None
    if library.fingerprint is None:
        raise InputError("a library sent to worker processes must be made by regkit.Library.from_paths "
                         "(each worker loads its folders again)", field="library")
    return library.made_from, library.fingerprint


def library_at(address: tuple | None) -> Library | None:
    """The library of `address_of` in a worker process (None: the bundled one), for `_active.using`."""
    return None if address is None else _loaded(*address)


@cache
def _loaded(made_from: tuple[tuple[str, ...], bool], fingerprint: str) -> Library:
    """A worker's copy of a user library, loaded on its first task and kept: a worker compiles
    each library's plans once, whatever the number of tasks. It is kept by the fingerprint the
    caller's library was made with, so a library made again from changed folders is loaded
    again, and a worker that reads other files than the caller's refuses rather than answer
    from them."""
    folders, with_bundled = made_from
    library = Library.from_paths(*folders, bundled=with_bundled)
    if library.fingerprint != fingerprint:
        raise InputError("the rules folders on this worker differ from the caller's (changed since the "
                         f"library was made, or another copy): {', '.join(folders)}")
    return library


def _fingerprint(folders: tuple[str, ...]) -> str:
    """A hash of every pack and source file of the folders, by name and content."""
    digest = hashlib.sha256()
    for folder in folders:
        for file in sorted([*Path(folder).glob("packs/*.yaml"), *Path(folder).glob("sources/*.yaml")]):
            digest.update(f"{file}\0".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def tree_order(packs: Mapping[str, Pack]) -> list[str]:
    """Parents before children; siblings by level (national before provincial before
    city ...), then id. The order of every table that lays jurisdictions side by side."""
    from .model.packs import Level

    rank = {level: number for number, level in enumerate(Level)}
    children: dict[str | None, list[Pack]] = {}
    for pack in packs.values():
        children.setdefault(pack.meta.parent, []).append(pack)
    order: list[str] = []

    def visit(parent: str | None) -> None:
        for pack in sorted(children.get(parent, ()), key=lambda p: (rank[p.meta.level], p.id)):
            order.append(pack.id)
            visit(pack.id)

    visit(None)
    return order


@cache
def _bundled_library() -> Library:
    return Library(bundled_packs(), _bundled_documents(), bundled=True)


def _folder(folder: str | Path) -> Path:
    path = Path(folder)
    if not path.is_dir():
        raise InputError("no such rules folder", file=str(path))
    if not (path / "packs").is_dir() and not (path / "sources").is_dir():
        raise InputError("a rules folder holds packs/ and sources/ (neither is here)", file=str(path))
    return path


def _read_source(file: Path) -> SourceDocument:
    import yaml

    try:
        return _load(file, error=PackError)
    except yaml.YAMLError as exc:
        raise PackError(f"not valid YAML ({type(exc).__name__})", file=str(file)) from None
    except OSError as exc:
        raise PackError(f"cannot read: {exc.strerror}", file=str(file)) from None


def rules_from_env(folders: Iterable[str] = ()) -> list[str]:
    """The user folders of `--rules` options, after those of REGKIT_RULES."""
    from_env = [part for part in os.environ.get(RULES_ENV, "").split(os.pathsep) if part]
    return [*from_env, *folders]
