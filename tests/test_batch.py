"""Batch evaluation: the same answers as one by one, bad lines recorded, lazy, one or many processes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import regkit
from regkit.batch import Options
from regkit.batchfile import run_stream
from regkit.cli import main
from regkit.compact import compact_result
from regkit.history import load_history

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))


def _mappings() -> list[dict]:
    """The bundled example histories as JSON-able mappings (one per jurisdiction)."""
    out = []
    for path in EXAMPLES:
        history = load_history(path)
        out.append({"jurisdiction": history.jurisdiction, "as_of": history.as_of.isoformat(),
                    "events": [_plain(e.to_json()) for e in history.events]})
    return out


def _plain(event: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in event.items()}


def _single(mapping: dict, jurisdiction: str | None = None) -> dict:
    return json.loads(regkit.to_json(regkit.evaluate(mapping["events"], as_of=mapping["as_of"],
                                                     jurisdiction=jurisdiction or mapping["jurisdiction"])))


def _jsonl(mappings: list[dict], extra: list[str] = ()) -> bytes:
    lines = [json.dumps(m, ensure_ascii=False) for m in mappings] + list(extra)
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_evaluate_many_equals_evaluate_one_by_one():
    mappings = _mappings()
    assert len(mappings) == 7
    results = list(regkit.evaluate_many(mappings))
    assert [json.loads(regkit.to_json(r)) for r in results] == [_single(m) for m in mappings]


def test_evaluate_many_overrides_and_plain_lists():
    mapping = _mappings()[1]
    [result] = regkit.evaluate_many([mapping["events"]], jurisdiction="cn", as_of=mapping["as_of"])
    assert regkit.to_json(result) == regkit.to_json(
        regkit.evaluate(mapping["events"], jurisdiction="cn", as_of=mapping["as_of"]))


def test_evaluate_many_compact():
    mappings = _mappings()
    assert list(regkit.evaluate_many(mappings, record="compact")) == [compact_result(_single(m)) for m in mappings]
    with pytest.raises(regkit.HistoryError, match="record must be one of full, compact, not 'tiny'"):
        regkit.evaluate_many(mappings, record="tiny")


def test_evaluate_many_is_lazy():
    taken = []

    def source():
        for mapping in _mappings():
            taken.append(mapping["jurisdiction"])
            yield mapping

    results = regkit.evaluate_many(source())
    assert taken == []  # nothing read before the first result is asked for
    next(results)
    assert len(taken) == 1
    next(results)
    assert len(taken) == 2


def test_evaluate_many_errors_raise_or_return():
    good = _mappings()[0]
    bad = {"jurisdiction": "cn", "as_of": "2026-01-01", "events": [{"type": "nope", "date": "2026-01-01"}]}
    with pytest.raises(regkit.HistoryError, match="unknown event type"):
        list(regkit.evaluate_many([good, bad]))
    out = list(regkit.evaluate_many([bad, good], errors="return"))
    assert isinstance(out[0], regkit.HistoryError)
    assert regkit.to_json(out[1]) == regkit.to_json(regkit.evaluate(good["events"], jurisdiction=good["jurisdiction"],
                                                                    as_of=good["as_of"]))
    with pytest.raises(regkit.UnknownJurisdiction):
        regkit.evaluate_many([good], jurisdiction="atlantis")


def _run(data: bytes, options: Options, **kw) -> tuple[list[dict], object, bytes]:
    sink = io.BytesIO()
    summary = run_stream(io.BytesIO(data), sink, options, **kw)
    text = sink.getvalue()
    return [json.loads(line) for line in text.decode("utf-8").splitlines()], summary, text


def test_bad_lines_give_error_records_and_the_run_goes_on():
    mappings = _mappings()
    bad_event = {"jurisdiction": "cn", "as_of": "2026-11-22", "id": "b-1",
                 "events": [{"type": "catalog.change", "date": "2026-02-30"}]}
    unknown = {"jurisdiction": "atlantis", "as_of": "2026-11-22", "events": []}
    data = _jsonl(mappings[:2], ['{"jurisdiction": "cn", "events": [', "", json.dumps(bad_event),
                                 json.dumps(unknown), "\xff not utf-8"]).replace("\xff".encode(), b"\xff")
    records, summary, _ = _run(data, Options(), workers=1)
    assert [r["line"] for r in records] == [1, 2, 3, 5, 6, 7]  # the blank line 4 is skipped
    assert [r.get("result") is not None for r in records] == [True, True, False, False, False, False]
    assert records[2]["error"].startswith("malformed JSON")
    assert records[3]["id"] == "b-1" and "event 0 (catalog.change)" in records[3]["error"]
    assert records[4]["error_type"] == "UnknownJurisdiction" and "atlantis" in records[4]["error"]
    assert records[5]["error"].startswith("not UTF-8")
    assert (summary.histories, summary.results, summary.errors) == (6, 2, 4)
    assert records[0]["result"] == _single(mappings[0])


def test_batch_records_equal_single_evaluations():
    mappings = _mappings()
    records, summary, _ = _run(_jsonl(mappings), Options(), workers=1)
    assert summary.errors == 0
    assert [r["result"] for r in records] == [_single(m) for m in mappings]


def test_many_processes_and_one_give_the_same_bytes():
    mappings = _mappings() * 3
    data = _jsonl(mappings, ["not json", json.dumps({"events": "x"})])
    _, one, single = _run(data, Options(), workers=1, chunk_lines=4)
    _, two, multi = _run(data, Options(), workers=2, chunk_lines=4)  # 6 chunks through a pool
    assert single == multi
    assert (one.histories, one.results, one.errors) == (two.histories, two.results, two.errors) == (23, 21, 2)


def test_compare_gives_one_result_per_jurisdiction():
    mapping = _mappings()[1]  # hebei's history
    records, _, _ = _run(_jsonl([mapping]), Options(compare=True), workers=1)
    results = records[0]["results"]
    assert sorted(results) == sorted(regkit.bundled_packs())
    for jurisdiction, result in results.items():
        assert result == _single(mapping, jurisdiction)


def test_cli_batch(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_bytes(_jsonl(_mappings()[:3], ['{"oops": 1}']))
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "--out", str(out), "--workers", "1"]) == 1  # one error record
    assert "4 histories: 3 results, 1 errors" in capsys.readouterr().err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    assert "unknown key 'oops'" in records[3]["error"]
    assert main(["batch", str(source), "--out", str(out), "--jurisdiction", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown jurisdiction 'atlantis'" in err
    assert main(["batch", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_batch_compact_records(tmp_path):
    source = tmp_path / "in.jsonl"
    mappings = _mappings()[:2]
    source.write_bytes(_jsonl(mappings))
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "--out", str(out), "--workers", "1", "--record", "compact"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["record"] for r in records] == ["compact", "compact"]
    assert [r["result"] for r in records] == [compact_result(_single(m)) for m in mappings]
    _, _, single = _run(_jsonl(mappings * 3), Options(record="compact", compare=True), workers=1, chunk_lines=2)
    _, _, multi = _run(_jsonl(mappings * 3), Options(record="compact", compare=True), workers=2, chunk_lines=2)
    assert single == multi
    compared = [json.loads(line) for line in single.decode("utf-8").splitlines()][0]
    assert compared["results"]["hebei"] == compact_result(_single(mappings[0], "hebei"))
