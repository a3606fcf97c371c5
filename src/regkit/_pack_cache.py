"""A file cache of the validated bundled packs, so that only the first process pays for them.

Parsing, validating and citation-checking the bundled packs costs more than all the
rest of a cold start; their result depends only on files that rarely change. So the
result is stored once, under a key that hashes every input: the pack files, the source
texts they cite, regkit's own code, and the versions of regkit, pydantic, PyYAML and
Python. Any changed input gives another key, so a stale file is never read.

The file is JSON, never a pickle: reading it cannot run code, whoever planted it (a
restored CI cache, a shared volume, an unpacked archive). Values JSON has no type for
are tagged (`to_plain`), and `from_plain` rebuilds only what a tag names from a fixed
list of classes, field by field, running no code of the file's choosing. A file is
still read only if it is a regular file of the current user that nobody else may
write, since what it holds becomes the law the answers follow. Any problem reading or
writing means no cache, never an error: the packs are then loaded as if there were
none. ``REGKIT_CACHE`` names the folder, or is ``off``; the default is
``$XDG_CACHE_HOME/regkit``, else ``~/.cache/regkit`` (docs/packs.md, Pack cache).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from datetime import date
from enum import Enum
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import pydantic
import pydantic_core

from . import __version__

__all__ = ["cache_dir", "cached", "from_plain", "key_of", "to_plain"]

T = TypeVar("T")

_MISS = object()  # what `_read` returns when there is nothing usable
_PREFIX = "packs-"
_SUFFIX = ".json"
_FORMAT = "regkit-pack-cache-3"  # bumped when the file's layout changes
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


def cached(inputs: Iterable[Path], load: Callable[[], T], encode: Callable[[T], Any],
           decode: Callable[[Any], T]) -> T:
    """`load()`, or its result of an earlier process when none of `inputs` has changed since.

    `encode` turns the value into JSON-able data (`to_plain` helps) and `decode` turns
    that data back into the value, raising on anything not of the right shape (the file
    is then treated as corrupt, ignored and rewritten).
    """
    directory = cache_dir()
    key = key_of(inputs) if directory is not None else None
    if directory is None or key is None:
        return load()
    stored = _read(directory / _name(key), key)
    if stored is not _MISS:
        try:
            return decode(stored)
        except Exception:  # noqa: BLE001 - whatever the file held, it is no reason to fail
            pass
    value = load()
    _write(directory, _name(key), key, lambda: encode(value))
    return value


# -- values JSON has no type for, tagged -------------------------------------------------
#
# A dict of str keys none of which starts with "~" stays a JSON object; anything else is
# a one-key object whose key is a tag: {"~date": "2025-08-01"}, {"~tuple": [...]},
# {"~dict": [[key, value], ...]}, {"~enum": [class, value]}, {"~model": [class, [fields
# set], {field: value}]}. Classes are looked up by name in the table `from_plain` is
# given, never imported: a name not in it is an error.


def to_plain(value: Any) -> Any:
    """`value` as JSON-able data; TypeError for a type it cannot hold."""
    if isinstance(value, Enum):  # first: a str or int enum is a str or an int too
        return {"~enum": [type(value).__name__, to_plain(value.value)]}
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, tuple):
        return {"~tuple": [to_plain(item) for item in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("~") for k in value):
            return {k: to_plain(v) for k, v in value.items()}
        return {"~dict": [[to_plain(k), to_plain(v)] for k, v in value.items()]}
    if type(value) is date:
        return {"~date": value.isoformat()}
    if isinstance(value, pydantic.BaseModel):
        fields = {name: to_plain(getattr(value, name)) for name in type(value).model_fields}
        return {"~model": [type(value).__name__, sorted(value.model_fields_set), fields]}
    raise TypeError(f"the pack cache cannot hold a {type(value).__name__}")


def from_plain(text: bytes, classes: dict[str, type]) -> Any:
    """The value `to_plain` made, from the JSON text of it; only `classes` are built."""

    def rebuild(obj: dict[str, Any]) -> Any:
        if len(obj) != 1:
            return obj
        (tag, data), = obj.items()
        if not tag.startswith("~"):
            return obj
        if tag == "~date":
            return date.fromisoformat(data)
        if tag == "~tuple":
            return tuple(data)
        if tag == "~dict":
            return {_hashable(k): v for k, v in data}
        name, *rest = data
        cls = classes[name]  # KeyError: not a class this cache may build
        if tag == "~enum" and issubclass(cls, Enum):
            return cls(rest[0])
        if tag == "~model" and issubclass(cls, pydantic.BaseModel):
            fields_set, fields = rest
            if fields.keys() != cls.model_fields.keys():
                raise ValueError(f"{name}: not its fields")
            # as unpickling a model does, less the code a pickle may name: no validator runs
            model = cls.__new__(cls)
            model.__setstate__({"__dict__": fields, "__pydantic_fields_set__": set(fields_set),
                                "__pydantic_extra__": None, "__pydantic_private__": None})
            return model
        raise ValueError(f"unknown tag {tag!r}")

    return json.loads(text, object_hook=rebuild)


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


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
            ("format", _FORMAT.encode())]


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
    """What the file holds (its JSON text), if it is trustworthy and of this key; else `_MISS`.

    The key is stored in the file, so a file renamed to another key's name is a miss.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:  # absent (the usual miss), a link, unreadable
        return _MISS
    try:
        with os.fdopen(fd, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return _MISS
            header = handle.readline(200)
            if header.rstrip(b"\n") != f"{_FORMAT} {key}".encode():
                return _MISS
            return handle.read()
    except OSError:
        return _MISS


def _trusted(status: os.stat_result) -> bool:
    """A regular file of ours that no one else may write, as for Python's own bytecode cache."""
    if not stat.S_ISREG(status.st_mode):
        return False
    if not hasattr(os, "getuid"):  # no owners to check (Windows): the folder's ACL protects it
        return True
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(directory: Path, name: str, key: str, encode: Callable[[], Any]) -> None:
    """Store the encoded value atomically and drop the files of other keys; any failure just
    means no cache."""
    try:
        data = json.dumps(encode(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        _replace(directory, name, f"{_FORMAT} {key}\n".encode() + data)
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
    """Only the current key's file is of use; the others would pile up with every change
    (the pickles of earlier versions too: they are never read)."""
    for path in [*directory.glob(f"{_PREFIX}*{_SUFFIX}"), *directory.glob(f"{_PREFIX}*.pickle")]:
        if path.name != keep:
            try:
                path.unlink()
            except OSError:
                pass
