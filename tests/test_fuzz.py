"""Fuzzing: no input makes regkit crash. Loaders and the evaluator raise only `RegkitError`s
(regkit/errors.py), and the command line exits 0, 1 or 2 with no traceback.

An escaping exception of any other type is a bug (errors.py says so); each one found here
became a fix in src/ and a case in test_regressions.py.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regkit import RegkitError, evaluate, load_history, load_pack, load_schedule
from regkit.cli import main
from regkit.history import parse_events
from strategies import JURISDICTIONS, json_values, malformed_events, malformed_texts

# hypothesis and function-scoped fixtures do not mix: one directory for the module, removed at exit
_DIR = Path(tempfile.mkdtemp(prefix="regkit-fuzz-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)
LOADERS = [load_history, load_pack, load_schedule]


def _file(name: str, content: bytes | str) -> Path:
    path = _DIR / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _refuses_cleanly(loader, path: Path) -> None:
    try:
        loader(path)
    except RegkitError as exc:
        message = str(exc)
        assert path.name in message and "\n" not in message.strip(), message
        assert "Traceback" not in message


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
@given(content=st.binary(max_size=200), suffix=st.sampled_from([".yaml", ".json"]))
def test_arbitrary_bytes_are_refused_with_a_located_error(loader, content, suffix):
    _refuses_cleanly(loader, _file("bytes" + suffix, content))


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
@given(value=json_values(), suffix=st.sampled_from([".yaml", ".json"]))
def test_arbitrary_json_is_refused_with_a_located_error(loader, value, suffix):
    _refuses_cleanly(loader, _file("value" + suffix, json.dumps(value)))


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
@given(text=malformed_texts())
def test_malformed_yaml_is_refused_with_a_located_error(loader, text):
    _refuses_cleanly(loader, _file("text.yaml", text))


@given(events=json_values(), as_of=json_values(max_leaves=2), jurisdiction=st.sampled_from(JURISDICTIONS))
def test_evaluate_takes_any_json_and_raises_only_regkit_errors(events, as_of, jurisdiction):
    for candidate_as_of in (as_of, "2026-11-22"):
        try:
            evaluate(events, jurisdiction=jurisdiction, as_of=candidate_as_of)
        except RegkitError:
            pass


@given(events=st.lists(json_values(max_leaves=6) | st.dictionaries(
    st.sampled_from(["type", "date", "subject", "share_type", "decision", "amount", "period"]),
    json_values(max_leaves=2)), max_size=4))
def test_event_lists_of_any_shape_raise_only_regkit_errors(events):
    try:
        evaluate(events, jurisdiction="hebei", as_of="2026-11-22")
    except RegkitError:
        pass


@given(bad=malformed_events())
def test_each_malformed_event_is_refused_naming_it(bad):
    with pytest.raises(RegkitError, match=r"^(\[\w+\]: )?event 1"):
        parse_events([{"type": "catalog.change", "date": "2026-09-28"}, bad])


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's --help and --version end the process, as a shell sees
            code = exc.code
    return code, out.getvalue(), err.getvalue()


_TOKENS = st.sampled_from([
    "--jurisdiction", "hebei", "atlantis", "--as-of", "2026-11-22", "2026-02-30", "9999-12-31",
    "--format", "json", "markdown", "text", "--layers", "local", "--strict", "--schedule", "--on",
    "--share-type", "conditional", "--basis", "law", "17", "-3", "0", "cn", "cn.catalog_update",
    "--document", "jinzhong-plan", "--help", "--version", "",
]) | st.text(max_size=6)


@st.composite
def _argv(draw) -> list[str]:
    command = draw(st.sampled_from([["evaluate"], ["liability"], ["calendar", "add"], ["calendar", "between"],
                                    ["calendar", "info"], ["classify"], ["explain"], ["source"],
                                    ["jurisdictions"], ["lint", "--"], []]))
    content = draw(st.binary(max_size=120) | malformed_texts().map(str.encode)
                   | json_values().map(lambda v: json.dumps(v).encode()))
    path = str(_file("cli" + draw(st.sampled_from([".yaml", ".json"])), content))
    rest = draw(st.lists(_TOKENS | st.just(path), max_size=6))
    return command + rest


@given(argv=_argv())
def test_the_command_line_never_crashes(argv):
    code, out, err = _cli(argv)
    assert code in (0, 1, 2), (argv, err)
    assert "Traceback" not in err + out and "internal error" not in err, (argv, err)
    if code == 2:
        assert err.count("\n") == 1, (argv, err)
