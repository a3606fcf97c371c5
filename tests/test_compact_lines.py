"""`regkit batch --record compact` a chunk at a time (columnar.compact_lines) writes, line for line,
the bytes `batch.encode_line` writes: histories drawn over every bundled jurisdiction (the cases of
tests/test_compact_direct.py: cut-offs, grants, provisional years, monthly duties, breaches,
conflicts), typical provincial logs, and bad lines mixed in, under every kind of run option."""

from __future__ import annotations

import io
import json
import random
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from regkit import batchfile
from regkit._active import using
from regkit.batch import Options, encode_line
from regkit.columnar import compact_lines
from regkit.columnar.compact_lines import encode_compact_lines
from strategies import JURISDICTIONS
from test_batch_fuzz import _lines as _bad_lines
from test_compact_direct import RARE, _cases

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import histories  # noqa: E402


def _scalar(lines: list[tuple[int, bytes]], options: Options) -> list[tuple[bytes, bool]]:
    return [encode_line(raw, number, options) for number, raw in lines]


def _assert_same_bytes(lines: list[tuple[int, bytes]], options: Options) -> None:
    together, alone = encode_compact_lines(lines, options), _scalar(lines, options)
    for (number, raw), mine, reference in zip(lines, together, alone):
        assert mine == reference, (number, raw, options)
    assert len(together) == len(lines)


def _columnar_share(lines: list[tuple[int, bytes]], options: Options) -> float:
    """The share of the lines the columnar engine answered (the rest went line by line)."""
    plain = compact_lines._plain_histories(lines, options)
    return len(compact_lines._judged(plain, lines, options)) / len(lines)


@st.composite
def _history_lines(draw):
    """A history line: the case's own jurisdiction and as_of or none (the run's), an id of any kind."""
    jurisdiction, events, as_of, _layers = draw(_cases())
    item: dict = {"events": events}
    mostly = st.sampled_from([True, True, True, False])  # hypothesis draws the first most
    if draw(mostly):  # mostly given: else most lines would name none (refused)
        item["jurisdiction"] = jurisdiction
    if draw(mostly):
        item["as_of"] = as_of.isoformat()
    kind = draw(st.sampled_from(["int", "text", "nested", "float", "none", "absent"]))
    if kind != "absent":
        item["id"] = {"int": 7, "text": "甲-1", "nested": {"a": [1, None, "b"]}, "float": 1.5, "none": None}[kind]
    if not draw(mostly):  # text attributes only (what a required number was is missing)
        item["events"] = [{k: v for k, v in e.items() if isinstance(v, str)} for e in events]
    return json.dumps(item, ensure_ascii=draw(st.booleans())).encode("utf-8")


_options = st.builds(
    Options, record=st.just("compact"),
    jurisdiction=st.sampled_from([None, None, "nowhere", *JURISDICTIONS]),
    as_of=st.sampled_from([None, None, date(2026, 6, 30), date(2026, 12, 31)]),
    default_as_of=st.sampled_from([None, date(2026, 11, 22), date(2026, 12, 31)]),
    layers=st.sampled_from(["all", "local"]), lang=st.sampled_from([None, "zh"]))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_history_lines(), min_size=1, max_size=6), _bad_lines, _options, st.randoms(use_true_random=False))
def test_chunk_bytes_are_the_line_by_line_bytes(good, bad, options, rng):
    raw = good + [line for line in bad if line.strip()]
    rng.shuffle(raw)
    _assert_same_bytes([(number, line) for number, line in enumerate(raw, 1)], options)


@pytest.mark.parametrize("layers", ["all", "local"])
def test_rare_constructs_under_every_jurisdiction(layers):
    lines = []
    for name in sorted(RARE):
        _jurisdiction, events, as_of = RARE[name]
        for other in JURISDICTIONS:
            for plain in (events, [{k: v for k, v in e.items() if isinstance(v, str)} for e in events]):
                item = {"id": name, "jurisdiction": other, "as_of": as_of, "events": plain}
                lines.append((len(lines) + 1, json.dumps(item, ensure_ascii=False).encode("utf-8")))
    _assert_same_bytes(lines, Options(record="compact", layers=layers))


def _typical(count: int, jurisdiction: str, seed: int = 809) -> list[tuple[int, bytes]]:
    rng = random.Random(seed)
    return [(n, json.dumps(histories.typical(rng, n, jurisdiction), ensure_ascii=False).encode("utf-8") + b"\n")
            for n in range(1, count + 1)]


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_typical_logs_of_every_jurisdiction(jurisdiction):
    lines = _typical(300, jurisdiction, seed=len(jurisdiction))
    _assert_same_bytes(lines, Options(record="compact"))
    _assert_same_bytes(lines, Options(record="compact", layers="local", as_of=date(2026, 4, 1)))


def test_the_columnar_engine_answers_most_typical_lines():
    """Else the tests above would prove little: most lines of a typical log take the columnar path."""
    assert _columnar_share(_typical(1000, "hebei"), Options(record="compact")) > 0.6


def test_a_whole_batch_run_is_the_same_bytes(monkeypatch):
    """20,000 typical histories (and a few bad lines) through `run_stream`, both paths, byte for byte."""
    lines = [raw for _number, raw in _typical(20_000, "hebei")]
    lines[5:5] = [b"not json\n", b"{}\n", b'{"events": [], "jurisdiction": "hebei"}\n', b"\n"]
    data = b"".join(lines)
    out = {}
    for columnar in (True, False):
        monkeypatch.setattr(batchfile, "COLUMNAR", columnar)
        sink = io.BytesIO()
        summary = batchfile.run_stream(io.BytesIO(data), sink, Options(record="compact"), workers=1)
        out[columnar] = sink.getvalue(), (summary.histories, summary.results, summary.errors)
    assert out[True] == out[False]
    assert out[True][1] == (20_003, 20_000, 3)


def test_other_runs_stay_line_by_line():
    """Full records, compare, a run's own rules folders and an engine's library are not this path's."""
    for options in (Options(), Options(record="compact", compare=True), Options(record="compact", rules=("x",))):
        assert batchfile._together(options) is None
    with using(object()):  # a library made active (the columnar path would read the bundled packs' conflicts)
        assert batchfile._together(Options(record="compact")) is None
    assert batchfile._together(Options(record="compact")) is encode_compact_lines
    assert batchfile._together(replace(Options(record="compact"), lang="zh")) is encode_compact_lines


def _catalog_history(*events: tuple) -> list[dict]:
    """A catalog change on Monday 2026-03-02 (10 working days: due Monday 2026-03-16, no holiday
    in March) and the events given as (type, date, amount or None)."""
    out = [{"type": "catalog.change", "date": "2026-03-02", "subject": "c"}]
    for kind, day, amount in events:
        out.append({"type": f"catalog.{kind}", "date": day, "subject": "c",
                    **({"amount": amount} if amount is not None else {})})
    return out


#: name -> (events, the warnings the scalar engine gives). Hebei's own rule allows 10 working
#: days more, Decree 809's (cn.catalog_update, also judged under Hebei) 5.
GRANTS = {
    "within_both_maxima": (_catalog_history(("extension_granted", "2026-03-05", 5), ("updated", "2026-03-20", None)),
                           []),
    "beyond_the_national_maximum": (_catalog_history(("extension_granted", "2026-03-05", 10)), ["extension_capped"]),
    "two_grants_beyond_it": (_catalog_history(("extension_granted", "2026-03-05", 3),
                                              ("extension_granted", "2026-03-06", 3)), ["extension_capped"]),
    "beyond_both": (_catalog_history(("extension_granted", "2026-03-05", 11)), ["extension_capped"] * 2),
    "on_the_original_due_date": (_catalog_history(("extension_granted", "2026-03-16", 5)), []),
    # the day after it: late for both rules, one warning each
    "the_day_after_it": (_catalog_history(("extension_granted", "2026-03-17", 5)), ["extension_after_due"] * 2),
    "after_the_duty_was_met": (_catalog_history(("updated", "2026-03-10", None),
                                                ("extension_granted", "2026-03-12", 5)), ["extension_moot"] * 2),
    "on_the_day_it_was_met": (_catalog_history(("updated", "2026-03-12", None),
                                               ("extension_granted", "2026-03-12", 5)), []),
    "before_the_trigger": (_catalog_history(("extension_granted", "2026-03-01", 5)), []),
    "without_an_amount": (_catalog_history(("extension_granted", "2026-03-05", None)), []),  # each rule's maximum
    "for_the_second_change": (_catalog_history(("updated", "2026-03-04", None), ("change", "2026-04-01", None),
                                               ("extension_granted", "2026-04-02", 10)), ["extension_capped"]),
}
#: Under Decree 809 alone (one rule): each warning alone in its record.
ALONE = ("the_day_after_it", "after_the_duty_was_met", "beyond_both")


def test_grants_of_extension_warned_or_not():
    """A history with one warning of a grant (moot, after the due date, beyond the maximum) is the
    columnar engine's, the warning worded as the scalar engine words it; with more than one it goes
    line by line (their order is the scalar engine's walk). Worked by hand above."""
    cases = [("hebei", name, events, codes) for name, (events, codes) in sorted(GRANTS.items())]
    cases += [("cn", name, GRANTS[name][0], GRANTS[name][1][:1]) for name in ALONE]
    lines = [(n, json.dumps({"id": f"{jurisdiction}-{name}", "jurisdiction": jurisdiction, "as_of": "2026-11-22",
                             "events": events}).encode()) for n, (jurisdiction, name, events, _codes) in enumerate(cases, 1)]
    options = Options(record="compact")
    _assert_same_bytes(lines, options)
    plain = compact_lines._plain_histories(lines, options)
    columnar = {json.loads(text)["id"] for text in compact_lines._judged(plain, lines, options).values()}
    for (number, raw), (jurisdiction, name, _events, codes) in zip(lines, cases):
        warnings = [w["code"] for w in json.loads(encode_line(raw, number, options)[0])["result"]["warnings"]]
        assert warnings == codes, (jurisdiction, name)
        assert (f"{jurisdiction}-{name}" in columnar) == (len(codes) <= 1), (jurisdiction, name)


_CHANGE = '{"type":"catalog.change","date":"2026-03-02","subject":"c"}'
#: Lines orjson reads otherwise than the strict parse, or that only look plain.
TRICKY = [
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[{"type":"catalog.change","date":"2026-03-02",'
    '"date":"2026-03-03","subject":"c"}]}',  # a key twice in an event: refused, not the last kept
    '{"jurisdiction":"hebei","as_of":"2026-11-22","as_of":"2026-04-01","events":[' + _CHANGE + ']}',
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[{"type":"catalog.change","date":"2026-03-02",'
    '"subject":"c:1"}]}',  # a colon in a text: plain all the same
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[{"type":"catalog.change","date":"2026-03-02",'
    '"subject":"c","actor":"\\u7701\\u5e02\\u573a\\u76d1\\u7ba1\\u5c40"}]}',  # escaped Chinese
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[{"type":"catalog.change","date":"2026-03-02",'
    '"subject":"\\ud800"}]}',  # a lone surrogate
    '\ufeff{"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ']}',  # a byte order mark
    '{"id":123456789012345678901234,"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ']}',
    '{"id":1.5,"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ']}',
    '{"id":[1,{"a":null}],"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ']}',
    '{"jurisdiction":"hebei","as_of":20261122,"events":[' + _CHANGE + ']}',
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[{"type":"catalog.change","date":"2026-03-02",'
    '"subject":"c","actor":null}]}',
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ',{"type":"catalog.extension_granted",'
    '"date":"2026-03-05","subject":"c","amount":99999999999999999999}]}',  # beyond 64 bits
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ',{"type":"catalog.extension_granted",'
    '"date":"2026-03-05","subject":"c","amount":"5"}]}',  # a number as text, beside one as a number
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ',{"type":"catalog.extension_granted",'
    '"date":"2026-03-05","subject":"c","amount":5}]}',
    '{"jurisdiction":"hebei","as_of":"2026-11-22","events":[' + _CHANGE + ',{"type":"catalog.extension_granted",'
    '"date":"2026-03-05","subject":"c","amount":true}]}',
]


def test_tricky_lines():
    lines = [(n, line.encode("utf-8")) for n, line in enumerate(TRICKY, 1)]
    for options in (Options(record="compact"), Options(record="compact", lang="zh", jurisdiction="cn")):
        _assert_same_bytes(lines, options)
        _assert_same_bytes(lines[::-1], options)
        for line in lines:
            _assert_same_bytes([line], options)
    plain = {history.at for history in compact_lines._plain_histories(lines, Options(record="compact"))}
    assert {0, 1, 4, 5} & plain == set() and {2, 3, 6, 7, 8} <= plain
    # an amount as text, as a number and as a boolean: one column has one type, the text is kept
    assert 12 in plain and {13, 14} & plain == set()
    assert [h.at for h in compact_lines._plain_histories(lines[13:14], Options(record="compact"))] == [0]
