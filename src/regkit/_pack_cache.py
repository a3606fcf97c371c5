"""A file cache of the validated bundled packs, so that only the first process pays for them.

Parsing, validating and citation-checking the bundled packs costs more than all the
rest of a cold start; their result depends only on files that rarely change. So the
result is pickled once, under a key that hashes every input: the pack files, the source
texts they cite, regkit's own code, and the versions of regkit, pydantic, PyYAML and
Python. Any changed input gives another key, so a stale file is never read.

Unpickling runs code, so a file is read only if it is a regular file of the current
user that nobody else may write (the trust Python gives its own ``__pycache__``). Any
problem reading or writing means no cache, never an error: the packs are then loaded
as if there were none. ``REGKIT_CACHE`` names the folder, or is ``off``; the default is
``$XDG_CACHE_HOME/regkit``, else ``~/.cache/regkit`` (docs/packs.md, Pack cache).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import pydantic
import pydantic_core

from . import __version__

__all__ = ["cache_dir", "cached", "key_of"]

T = TypeVar("T")

_MISS = object()  # what `_read` returns when there is nothing usable
_PREFIX = "packs-"
_SUFFIX = ".pickle"
# O_NONBLOCK: opening a FIFO planted under the cache file's name must not hang;
# O_NOFOLLOW: nor may a symbolic link lead elsewhere. Both are absent on Windows.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_NONBLOCK", 0))


def cache_dir() -> Path | None:
    """The cache folder from the environment; None when the cache is off."""
    setting = os.environ.get("REGKIT_CACHE", "").strip()
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative value
        return Path(xdg) / "regkit"
    try:
        return Path.home() / ".cache" / "regkit"
    except RuntimeError:  # no home directory to be found
        return None


def cached(inputs: Iterable[Path], load: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """`load()`, or its result of an earlier process when none of `inputs` has changed since.

    `valid` vets what a cache file holds before it is returned (a file of the right
    key but not of the right shape is treated as corrupt).
    """
    directory = cache_dir()
    key = key_of(inputs) if directory is not None else None
    if directory is None or key is None:
        return load()
    stored = _read(directory / _name(key), key)
    if stored is not _MISS and _passes(valid, stored):
        return stored  # type: ignore[return-value]
    value = load()
    _write(directory, _name(key), (key, value))
    return value


def _passes(valid: Callable[[object], bool], stored: object) -> bool:
    try:
        return bool(valid(stored))
    except Exception:  # noqa: BLE001 - whatever the file held, it is no reason to fail
        return False


def key_of(inputs: Iterable[Path]) -> str | None:
    """The sha256 of the inputs' paths and bytes, regkit's code and the versions that matter;
    None if a file cannot be read (then nothing is cached)."""
    digest = hashlib.sha256()
    try:
        for label, data in _versions():
            _feed(digest, label, data)
        for path in (*inputs, *_code_files(), *_yaml_files()):
            _feed(digest, str(path), path.read_bytes())
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def _feed(digest: Any, label: str, data: bytes) -> None:
    """Length-prefixed, so that no two different sequences of inputs hash alike."""
    encoded = label.encode("utf-8", "surrogateescape")
    for part in (encoded, data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)


def _versions() -> list[tuple[str, bytes]]:
    return [("regkit", __version__.encode()), ("pydantic", pydantic.VERSION.encode()),
            ("pydantic_core", pydantic_core.__version__.encode()), ("python", sys.version.encode()),
            ("pickle", str(pickle.HIGHEST_PROTOCOL).encode())]


def _code_files() -> list[Path]:
    """Every module of regkit: the models, the loader and the checks are all code; and the
    vocabulary the models' enums are made of."""
    package = Path(__file__).parent
    return [*sorted(package.rglob("*.py")), package / "vocabulary.toml"]


def _yaml_files() -> list[Path]:
    """PyYAML's own `__init__.py`, which names its version, found without importing it."""
    spec = find_spec("yaml")
    return [Path(spec.origin)] if spec is not None and spec.origin else []


def _name(key: str) -> str:
    return f"{_PREFIX}{key}{_SUFFIX}"


def _read(path: Path, key: str) -> object:
    """What the file holds, if it is trustworthy, whole and of this key; else `_MISS`.

    The key is stored with the value, so a file renamed to another key's name is a miss.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:  # absent (the usual miss), a link, unreadable
        return _MISS
    try:
        with os.fdopen(fd, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return _MISS
            stored = pickle.loads(handle.read())
    except Exception:  # noqa: BLE001 - truncated or garbage data can raise anything on unpickling
        return _MISS
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
        return stored[1]
    return _MISS


def _trusted(status: os.stat_result) -> bool:
    """A regular file of ours that no one else may write, as for Python's own bytecode cache."""
    if not stat.S_ISREG(status.st_mode):
        return False
    if not hasattr(os, "getuid"):  # no owners to check (Windows): the folder's ACL protects it
        return True
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(directory: Path, name: str, value: object) -> None:
    """Store `value` atomically and drop the files of other keys; any failure just means no cache."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        _replace(directory, name, data)
        _remove_stale(directory, keep=name)
    except Exception:  # noqa: BLE001 - read-only home, full disk, odd file system: carry on uncached
        pass


def _replace(directory: Path, name: str, data: bytes) -> None:
    """Write a temporary file (mode 0600) beside the target, then rename it over the target:
    a reader sees the old file or the new one, never half of one."""
    import tempfile  # only a cache miss writes; tempfile costs a few ms to import

    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, directory / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _remove_stale(directory: Path, keep: str) -> None:
    """Only the current key's file is of use; the others would pile up with every change."""
    for path in directory.glob(f"{_PREFIX}*{_SUFFIX}"):
        if path.name != keep:
            try:
                path.unlink()
            except OSError:
                pass
