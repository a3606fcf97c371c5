"""Safe YAML reading that remembers where every value came from.

Packs, histories and holiday schedules are data written by people, so a mistake
must be reported at its line. This loader is PyYAML's safe loader (no tags that
build Python objects) with three refusals added: duplicate keys, anchors/aliases
(no document here needs them, and they are how an "alias bomb" explodes), and
impossible dates such as 2026-02-30 (PyYAML lets those escape as a bare
ValueError). It returns the data and a map from each value's path to its line.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Hashable
from pathlib import Path
from typing import BinaryIO

import yaml

from ._located import Located, Path_
from .errors import InputError, number_too_large

__all__ = ["Located", "load_yaml_file", "load_yaml_text", "read_bounded", "read_file", "MAX_BYTES"]

#: Larger inputs are refused rather than read: no pack or history comes close.
MAX_BYTES = 32 * 1024 * 1024


class _Checks:
    """The refusals every loader adds to PyYAML's safe constructor: duplicate keys,
    keys that are not plain values, impossible dates."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001
        seen: dict[Hashable, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicate key {key!r} (first given on line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):  # noqa: ANN001
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:  # Python reads no integer of more than 4,300 digits
            raise yaml.constructor.ConstructorError(None, None, number_too_large(exc), node.start_mark) from None

    def construct_yaml_timestamp(self, node):  # noqa: ANN001
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"impossible date {node.value!r} ({exc})", node.start_mark) from None


class _Loader(_Checks, yaml.SafeLoader):
    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors (&name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)

# libyaml's parser (PyYAML's C extension, when built with it) reads the bundled packs
# several times faster than the pure-Python one. It cannot refuse anchors and aliases as
# `_Loader.compose_node` does, so it is used only on text where no '&' or '*' starts a
# token (an anchor or alias always does), and only for text that loads cleanly: any
# error is re-read by `_Loader`, which words it. tests/test_yaml.py checks both agree.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},])[&*]")
_CLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(_Checks, yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    _CLoader.add_constructor("tag:yaml.org,2002:timestamp", _CLoader.construct_yaml_timestamp)
    _CLoader.add_constructor("tag:yaml.org,2002:int", _CLoader.construct_yaml_int)


def _record_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            _record_lines(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1  # the key's line reads best
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), lines)


def load_yaml_text(text: str, file: str = "<string>", *, error: type[InputError] = InputError) -> Located:
    """Parse one YAML document; raise `error` naming file and line on any problem."""
    if len(text) > MAX_BYTES:
        raise error(f"too large ({len(text)} characters; the limit is {MAX_BYTES})", file=file)
    if _CLoader is not None and _MAYBE_ANCHOR.search(text) is None:
        located = _load_fast(text, file)
        if located is not None:
            return located
    try:
        loader = _Loader(text)  # the reader refuses control characters here, before any parsing
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise error(f"character U+{exc.character:04X} is not allowed in YAML", file=file, line=line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {}, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "could not determine a constructor" in problem:
            problem = "tags that build objects (such as !!python/...) are not allowed: " + problem
        raise error(problem, file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"malformed YAML: {exc}", file=file) from None
    except RecursionError:  # PyYAML composes and constructs nested nodes recursively
        # the reader stopped where the nesting became too deep: that line is the one to look at
        raise error("nested too deeply", file=file, line=loader.get_mark().line + 1) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    _record_lines(node, (), lines)
    return Located(data, lines, file)


def _load_fast(text: str, file: str) -> Located | None:
    """`load_yaml_text` by libyaml; None on any problem, for the careful loader to report."""
    try:
        loader = _CLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return Located(None, {}, file)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
        lines: dict[Path_, int] = {}
        _record_lines(node, (), lines)
    except (yaml.YAMLError, RecursionError):
        return None
    return Located(data, lines, file)


def read_file(path: str | Path, *, error: type[InputError] = InputError) -> tuple[bytes, str]:
    """The bytes of a data file (for its hash) and its text; oversized or non-UTF-8 files refused.

    The limit applies to the bytes actually read, not to what `stat()` says: a pipe,
    `/dev/zero` or a process substitution is read up to the limit and then refused.
    The path `-` is standard input.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        if str(path) == "-":
            raw = read_bounded(sys.stdin.buffer, MAX_BYTES) if sys.stdin is not None else b""
        else:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size  # a regular file too large: refused unread
                if size > MAX_BYTES:
                    raise error(f"too large ({size} bytes; the limit is {MAX_BYTES})", file=name)
                raw = read_bounded(handle, MAX_BYTES)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", file=name) from None
    except InputError:  # too large: already worded (an InputError is a ValueError too)
        raise
    except ValueError:  # the operating system takes no file name with a NUL byte in it
        raise error("not a valid file name (it contains a NUL byte)", file=name) from None
    if raw is None:
        raise error(f"too large (more than {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,})", file=name)
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", file=name) from None


def read_bounded(handle: BinaryIO, limit: int) -> bytes | None:
    """At most `limit` bytes of `handle`, or None when it holds more (one byte more is read)."""
    parts, size = [], 0
    while size <= limit:
        part = handle.read(limit + 1 - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return None if size > limit else b"".join(parts)


def load_yaml_file(path: str | Path, *, error: type[InputError] = InputError) -> Located:
    """Read and parse a YAML file, refusing oversized or undecodable files."""
    return load_yaml_text(read_file(path, error=error)[1], str(path), error=error)
