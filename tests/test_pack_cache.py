"""The pack cache: a hit is the same packs as a fresh load, and a bad cache is never used.

Each test points REGKIT_CACHE at its own folder. `load()` is `bundled_packs()` without
its in-process memo, so every call goes through the cache file; `fresh()` loads the
packs without any cache. Where the environment at start-up matters, a new interpreter
runs the load.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from regkit import _pack_cache, packs
from regkit._resources import sources_dir

posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners on this platform")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test, in the environment."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REGKIT_CACHE", str(folder))
    return folder


@pytest.fixture(scope="module")
def expected() -> dict[str, packs.Pack]:
    return fresh()


def fresh() -> dict[str, packs.Pack]:
    return packs._load_bundled()


def load() -> dict[str, packs.Pack]:
    return packs.bundled_packs.__wrapped__()


def current_key() -> str:
    return _pack_cache.key_of(packs._bundled_inputs())


def cache_file(folder: Path) -> Path:
    return folder / f"packs-{current_key()}.json"


def header(key: str | None = None) -> bytes:
    """The first line of a cache file: its format and its key."""
    return f"{_pack_cache._FORMAT} {key or current_key()}\n".encode()


def forbid_loading(monkeypatch) -> None:
    """From now on only a cache hit can give the packs."""

    def refuse():
        raise AssertionError("the packs were loaded, not read from the cache")

    monkeypatch.setattr(packs, "_load_bundled", refuse)


def count_loads(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = packs._load_bundled

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(packs, "_load_bundled", counted)
    return calls


def assert_same(got: dict[str, packs.Pack], want: dict[str, packs.Pack]) -> None:
    assert list(got) == list(want)
    for pack_id, pack in want.items():
        other = got[pack_id]
        assert type(other) is packs.Pack
        assert other.meta == pack.meta
        assert other.rules == pack.rules
        assert [type(r) for r in other.rules] == [type(r) for r in pack.rules]
        assert (other.sha256, other.file) == (pack.sha256, pack.file)
        assert other.located.data == pack.located.data
        assert other.located.lines == pack.located.lines
        assert other.located.file == pack.located.file


def run_fresh(tmp_path: Path, code: str, timeout: float | None = None,
              **env: str) -> subprocess.CompletedProcess[str]:
    """`code` in a new interpreter whose home and XDG cache are under tmp_path."""
    environment = {k: v for k, v in os.environ.items() if k not in ("REGKIT_CACHE", "XDG_CACHE_HOME")}
    environment.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "xdg"), **env)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, cwd=tmp_path, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done


RECEIPTS = "import json, regkit; print(json.dumps([p.receipt() for p in regkit.bundled_packs().values()]))"


# -- a hit ------------------------------------------------------------------------------


def test_a_hit_gives_the_packs_of_a_fresh_load(cache, expected, monkeypatch):
    assert_same(load(), expected)  # a miss: loads and writes the file
    assert cache_file(cache).is_file()
    forbid_loading(monkeypatch)
    hit = load()
    assert_same(hit, expected)
    rule = hit["cn"].rules[0]
    assert rule.model_dump(mode="json") == expected["cn"].rules[0].model_dump(mode="json")
    assert rule.model_fields_set == expected["cn"].rules[0].model_fields_set


@posix_only
def test_the_folder_and_the_file_are_the_users_alone(cache):
    load()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_file(cache).stat().st_mode) == 0o600
    assert cache_file(cache).stat().st_uid == os.getuid()


# -- a bad file is ignored, then rewritten --------------------------------------------


def _truncated(folder: Path) -> bytes:
    load()
    whole = cache_file(folder).read_bytes()
    return whole[: len(whole) // 2]


def _of_another_key(folder: Path) -> bytes:
    load()
    _, value = cache_file(folder).read_bytes().split(b"\n", 1)
    return header("0" * 64) + value


class _Planted:
    """What an attacker's pickle does when it is loaded: here, create a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _planted_pickle(folder: Path) -> bytes:
    return pickle.dumps((current_key(), _Planted(folder.parent / "pwned")))


def _a_class_not_on_the_list(folder: Path) -> bytes:
    load()
    _, value = cache_file(folder).read_bytes().split(b"\n", 1)
    return header() + value.replace(b'"~model":["PackMeta"', b'"~model":["Path"', 1)


BAD_CONTENTS = {
    "garbage": lambda folder: b"\x00not a pickle at all\xff" * 10,
    "garbage after the header": lambda folder: header() + b"\x00{[\xff" * 10,
    "empty": lambda folder: b"",
    "truncated": _truncated,
    "a list": lambda folder: header() + b'["cn", "hebei"]',
    "no packs inside": lambda folder: header() + b'[{"meta": "not a pack"}]',
    "an empty bundle": lambda folder: header() + b"[]",
    "a planted pickle": _planted_pickle,
    "a planted pickle after the header": lambda folder: header() + _planted_pickle(folder),
    "a class not on the list": _a_class_not_on_the_list,
    "of another key": _of_another_key,
    "a class that is gone": lambda folder: b"cregkit.packs\nGone\n.",
    "a module that is gone": lambda folder: b"cregkit_gone\nPack\n.",
}


@pytest.mark.parametrize("case", sorted(BAD_CONTENTS))
def test_a_corrupt_file_is_ignored_and_rewritten(cache, expected, monkeypatch, case):
    content = BAD_CONTENTS[case](cache)
    cache.mkdir(mode=0o700, exist_ok=True)
    target = cache_file(cache)
    target.write_bytes(content)
    target.chmod(0o600)
    calls = count_loads(monkeypatch)
    assert_same(load(), expected)
    assert calls == [1]
    assert not (cache.parent / "pwned").exists()  # nothing in the file ran
    assert target.read_bytes() != content  # rewritten: the next process has a hit
    forbid_loading(monkeypatch)
    assert_same(load(), expected)


@posix_only
@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602], ids=oct)
def test_a_file_others_may_write_is_not_read(cache, monkeypatch, mode):
    load()
    cache_file(cache).chmod(mode)
    calls = count_loads(monkeypatch)
    load()
    assert calls == [1]


@posix_only
def test_a_file_of_another_user_is_not_read(cache, monkeypatch):
    load()
    monkeypatch.setattr(os, "getuid", lambda: cache_file(cache).stat().st_uid + 1)
    calls = count_loads(monkeypatch)
    load()
    assert calls == [1]


@posix_only
def test_a_link_is_not_followed(cache, monkeypatch):
    load()
    target = cache_file(cache)
    elsewhere = target.with_name("elsewhere")
    target.rename(elsewhere)
    target.symlink_to(elsewhere)
    calls = count_loads(monkeypatch)
    load()
    assert calls == [1]


def test_a_check_that_raises_on_what_the_file_holds_is_a_miss(cache, tmp_path):
    inputs = [tmp_path / "input"]
    inputs[0].write_text("x")
    plain = (lambda value: value, lambda text: json.loads(text))
    assert _pack_cache.cached(inputs, lambda: {"first": 1}, *plain) == {"first": 1}

    def broken(text):
        raise TypeError("not what I expected")

    assert _pack_cache.cached(inputs, lambda: {"second": 2}, plain[0], broken) == {"second": 2}
    assert _pack_cache.cached(inputs, lambda: {"third": 3}, *plain) == {"second": 2}


def test_values_json_has_no_type_for_come_back_as_they_were():
    from datetime import date

    from regkit.model.packs import Level
    value = {"d": date(2025, 8, 1), "t": (1, "a"), "k": {(1, 2): "tuple key", "~x": 1},
             "e": Level("city_rule"), "n": [None, True, 1.5]}
    text = json.dumps(_pack_cache.to_plain(value)).encode()
    assert _pack_cache.from_plain(text, {"Level": Level}) == value
    with pytest.raises(KeyError):  # a class the caller did not list is never built
        _pack_cache.from_plain(text, {})
    with pytest.raises(TypeError):
        _pack_cache.to_plain({"a": object()})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_place_of_the_file_does_not_hang(tmp_path, expected):
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / f"packs-{current_key()}.json", 0o600)
    done = run_fresh(tmp_path, RECEIPTS, timeout=60, REGKIT_CACHE=str(folder))  # a hang fails here
    assert json.loads(done.stdout) == [p.receipt() for p in expected.values()]


# -- no cache, or none that can be written --------------------------------------------


@pytest.mark.parametrize("setting", ["off", "OFF", " off "])
def test_off_disables_the_cache(monkeypatch, setting):
    monkeypatch.setenv("REGKIT_CACHE", setting)
    assert _pack_cache.cache_dir() is None


def test_the_default_folder_follows_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv("REGKIT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _pack_cache.cache_dir() == tmp_path / "xdg" / "regkit"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _pack_cache.cache_dir() == tmp_path / "home" / ".cache" / "regkit"


def test_off_writes_nothing(tmp_path, expected):
    done = run_fresh(tmp_path, RECEIPTS, REGKIT_CACHE="off")
    assert json.loads(done.stdout) == [p.receipt() for p in expected.values()]
    assert list(tmp_path.rglob("*")) == []


def test_without_the_variable_the_cache_is_under_xdg_cache_home(tmp_path):
    run_fresh(tmp_path, RECEIPTS)
    assert [p.name[:6] for p in (tmp_path / "xdg" / "regkit").iterdir()] == ["packs-"]
    assert not (tmp_path / "home").exists()


def test_a_folder_that_cannot_be_made_does_not_fail_the_load(tmp_path, expected, monkeypatch):
    (tmp_path / "a-file").write_text("in the way")
    monkeypatch.setenv("REGKIT_CACHE", str(tmp_path / "a-file" / "cache"))
    assert_same(load(), expected)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_does_not_fail_the_load(cache, expected):
    cache.mkdir(mode=0o500)
    assert_same(load(), expected)
    assert list(cache.iterdir()) == []


def test_a_full_disk_does_not_fail_the_load_and_leaves_no_temporary_file(cache, expected, monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_pack_cache.os, "replace", no_space)
    assert_same(load(), expected)
    assert list(cache.iterdir()) == []


# -- the key ---------------------------------------------------------------------------


@pytest.fixture
def inputs(tmp_path) -> list[Path]:
    """A copy of the bundled inputs: a pack file and a source text."""
    copies = []
    for path in (packs.packs_dir() / "hebei.yaml", sources_dir() / "hebei.yaml"):
        copy = tmp_path / path.parent.name / path.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        copies.append(copy)
    return copies


def test_the_key_is_stable(inputs):
    assert _pack_cache.key_of(inputs) == _pack_cache.key_of(list(inputs))


@pytest.mark.parametrize("which", [0, 1], ids=["pack file", "source text"])
def test_a_changed_input_changes_the_key(inputs, which):
    before = _pack_cache.key_of(inputs)
    with inputs[which].open("a", encoding="utf-8") as handle:
        handle.write("\n# one more line\n")
    assert _pack_cache.key_of(inputs) != before


def test_a_moved_input_changes_the_key(inputs, tmp_path):
    """A pack records its file's path, so the same bytes elsewhere are another bundle."""
    before = _pack_cache.key_of(inputs)
    moved = tmp_path / "moved.yaml"
    shutil.copy(inputs[0], moved)
    assert _pack_cache.key_of([moved, inputs[1]]) != before


def test_the_key_covers_the_code_that_makes_the_packs():
    names = {p.relative_to(Path(_pack_cache.__file__).parent).as_posix() for p in _pack_cache._code_files()}
    assert {"model/packs.py", "packs.py", "_yaml.py", "_located.py", "sources.py", "_pack_cache.py"} <= names


@pytest.mark.parametrize("version", ["regkit._pack_cache.__version__", "pydantic.VERSION"])
def test_a_changed_version_changes_the_key(inputs, monkeypatch, version):
    before = _pack_cache.key_of(inputs)
    monkeypatch.setattr(version, "0.0.0-test")
    assert _pack_cache.key_of(inputs) != before


def test_an_unreadable_input_means_no_key(tmp_path, inputs):
    assert _pack_cache.key_of([*inputs, tmp_path / "missing.yaml"]) is None


# -- one file only ---------------------------------------------------------------------


def test_files_of_other_keys_are_removed(cache):
    cache.mkdir(mode=0o700)
    stale = cache / f"packs-{'0' * 64}.json"
    older = cache / f"packs-{current_key()}.pickle"  # the format of earlier versions, never read
    older.write_bytes(_planted_pickle(cache))
    stale.write_bytes(b"old")
    unrelated = cache / "notes.txt"
    unrelated.write_text("mine")
    load()
    assert sorted(p.name for p in cache.iterdir()) == sorted([cache_file(cache).name, "notes.txt"])
    assert not (cache.parent / "pwned").exists()


# -- across processes ------------------------------------------------------------------

HIT = """
import json, sys, regkit
from regkit import packs
calls = []
load = packs._load_bundled
packs._load_bundled = lambda: calls.append(1) or load()
receipts = [p.receipt() for p in regkit.bundled_packs().values()]
parsed, checked = "yaml" in sys.modules, "regkit.sources" in sys.modules
print(json.dumps({"loaded": bool(calls), "parsed": parsed, "checked": checked, "receipts": receipts}))
"""


def test_a_second_process_reads_the_cache_and_neither_parses_nor_checks(tmp_path, expected):
    receipts = [p.receipt() for p in expected.values()]
    first = json.loads(run_fresh(tmp_path, HIT, REGKIT_CACHE=str(tmp_path / "c")).stdout)
    second = json.loads(run_fresh(tmp_path, HIT, REGKIT_CACHE=str(tmp_path / "c")).stdout)
    assert first == {"loaded": True, "parsed": True, "checked": True, "receipts": receipts}
    assert second == {"loaded": False, "parsed": False, "checked": False, "receipts": receipts}


CLI = """
import contextlib, io, sys
from regkit import cli
for argv in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(argv.split())
    print(code, out.getvalue())
"""


def test_the_cli_says_the_same_from_a_cache_hit(tmp_path, expected):
    """Packs from the cache (whose model schemas are never built) explain, compare and lint alike."""
    commands = [f"explain {rule.id}" for rule in expected["hebei"].rules[:3]]
    commands += ["compare --format json --on 2026-09-01", "conflicts --format json --on 2026-09-01", "lint"]
    argv = [sys.executable, "-c", CLI, *commands]

    def run(setting: str) -> str:
        env = {**os.environ, "REGKIT_CACHE": setting}
        done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    uncached = run("off")
    run(str(tmp_path / "c"))  # a miss, which writes the cache
    assert (tmp_path / "c").is_dir()
    assert run(str(tmp_path / "c")) == uncached
