"""The located safe YAML loader: refusals, each naming the line."""

from __future__ import annotations

import pytest

from regkit._yaml import MAX_BYTES, load_yaml_file, load_yaml_text
from regkit.errors import InputError


def test_values_and_their_lines():
    doc = load_yaml_text("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.line_of(("a",)) == 1
    assert doc.line_of(("b", 1, "c")) == 4
    assert doc.line_of(("b", 1, "missing")) == 4  # nearest ancestor


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first given on line 1)"),
    ("a: &x [1]\nb: *x\n", 1, "anchors"),
    ("a: !!python/object/apply:os.system ['true']\n", 1, "tags that build objects"),
    ("a: 2026-02-30\n", 1, "impossible date '2026-02-30'"),
    ("a: [1, 2\n", 2, ""),
])
def test_refusals_name_the_line(text, line, words):
    with pytest.raises(InputError) as info:
        load_yaml_text(text, "bad.yaml")
    assert info.value.file == "bad.yaml"
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"bad.yaml:{line}")


def test_alias_bomb_is_refused_before_it_expands():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    with pytest.raises(InputError, match="anchors"):
        load_yaml_text("\n".join(lines), "bomb.yaml")


def test_huge_and_undecodable_files(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="too large"):
        load_yaml_file(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_yaml_file(latin)
    with pytest.raises(InputError, match="cannot read"):
        load_yaml_file(tmp_path / "absent.yaml")


def test_empty_document_is_none():
    assert load_yaml_text("", "e.yaml").data is None
