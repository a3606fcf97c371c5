"""The located safe YAML loader: refusals, each naming the line."""

from __future__ import annotations

from pathlib import Path

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


def test_libyaml_and_python_loaders_agree_on_every_bundled_file():
    """The libyaml fast path must give the same data and lines as the careful loader."""
    import glob

    from regkit import _yaml
    if _yaml._CLoader is None:
        pytest.skip("PyYAML built without libyaml")
    root = Path(__file__).parent.parent
    files = sorted(glob.glob(str(root / "rules/packs/*.yaml")) + glob.glob(str(root / "examples/**/*.yaml"),
                                                                            recursive=True))
    assert files
    for name in files:
        text = Path(name).read_text(encoding="utf-8")
        fast = _yaml._load_fast(text, name)
        loader = _yaml._Loader(text)
        node = loader.get_single_node()
        lines: dict = {}
        _yaml._record_lines(node, (), lines)
        assert fast is not None and fast.data == loader.construct_document(node) and fast.lines == lines, name


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "- &x [1]\n- *x\n", "{a: &x 1, b: *x}\n"])
def test_anchors_never_take_the_fast_path(text):
    from regkit import _yaml
    assert _yaml._MAYBE_ANCHOR.search(text) is not None
    with pytest.raises(InputError, match="not allowed"):
        _yaml.load_yaml_text(text)
