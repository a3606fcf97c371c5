"""The message catalogue as files: read a `.po`, write its `.mo`, find the messages the code uses.

`scripts/compile_catalogue.py` writes the `.mo` shipped in the package from the `.po`
a translator edits; a test compiles again and compares, so the two cannot drift, and
checks that every message the code marks (`_("...")` or `gettext("...")`) is translated
and every translation is used.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path

__all__ = ["mo_bytes", "read_po", "used_messages"]


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a `.po` file (no plurals or contexts: regkit uses neither)."""
    messages: dict[str, str] = {}
    field, parts = None, {"msgid": [], "msgstr": []}

    def flush() -> None:
        if parts["msgid"] or parts["msgstr"]:
            messages["".join(parts["msgid"])] = "".join(parts["msgstr"])
        parts["msgid"], parts["msgstr"] = [], []

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            field, line = "msgid", line[6:]
        elif line.startswith("msgstr "):
            field, line = "msgstr", line[7:]
        if field is None or not line.startswith('"'):
            raise ValueError(f"{path}: cannot read line {raw!r}")
        parts[field].append(_unquote(line))
    flush()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    """The GNU `.mo` form of a catalogue (little-endian, no hash table), as gettext reads it."""
    keys = sorted(messages)
    ids = [k.encode("utf-8") for k in keys]
    strs = [messages[k].encode("utf-8") for k in keys]
    header = 7 * 4
    id_table = header
    str_table = id_table + 8 * len(keys)
    offset = str_table + 8 * len(keys)
    id_entries, str_entries, blob = [], [], b""
    for data, entries in ((ids, id_entries), (strs, str_entries)):
        for item in data:
            entries.append((len(item), offset + len(blob)))
            blob += item + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), id_table, str_table, 0, 0)
    for length, start in id_entries + str_entries:
        out += struct.pack("<2I", length, start)
    return out + blob


def used_messages(root: Path) -> dict[str, str]:
    """Every string literal passed to `_()`, `N_()` or `gettext()` under `root`, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) != 1:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else \
                node.func.attr if isinstance(node.func, ast.Attribute) else None
            arg = node.args[0]
            if name in ("_", "N_", "gettext") and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, f"{path.name}:{node.lineno}")
    return found
