"""Parsed data with the line of every value: what `_yaml` returns and a `Pack` keeps.

It lives apart from `_yaml` so that a pack read back from the pack cache
(`_pack_cache`) needs no YAML parser: importing PyYAML alone costs more than
unpickling every bundled pack.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Located", "Path_"]

Path_ = tuple[str | int, ...]


class Located:
    """Parsed data plus the line (1-based) of every mapping value and list item."""

    __slots__ = ("data", "lines", "file")

    def __init__(self, data: Any, lines: dict[Path_, int], file: str) -> None:
        self.data = data
        self.lines = lines
        self.file = file

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())
