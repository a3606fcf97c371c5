"""The columnar engine equals the scalar engine, flattened, on every table: zero differences.

Histories are drawn over every bundled jurisdiction (tests/strategies.py: flows of the rules
that bind each one, plus unrelated events), with adversarial shapes mixed in: several events
on one day, grants at and past the cap, triggers at year ends and in unannounced (provisional)
years, as_of cut-offs before some events. The reference is `regkit.evaluate` itself, flattened
by `regkit.columnar.schema.flatten`; `engine="scalar"` is checked against it too.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

pa = pytest.importorskip("pyarrow")

import regkit  # noqa: E402
from regkit.columnar import evaluate_table  # noqa: E402
from regkit.columnar.schema import TABLES, flatten  # noqa: E402

from strategies import JURISDICTIONS, histories  # noqa: E402


def _table(cases: list[tuple[str, list[dict], date]], date_type: str) -> "pa.Table":
    rows = []
    for number, (jurisdiction, events, as_of) in enumerate(cases):
        for event in events:
            day = event["date"]
            day = day if isinstance(day, str) else day.isoformat()
            rows.append({**event, "date": date.fromisoformat(day) if date_type == "date" else day,
                         "history_id": f"h{number}", "jurisdiction": jurisdiction, "as_of": as_of})
    names = sorted({k for r in rows for k in r})
    return pa.table({name: [r.get(name) for r in rows] for name in names})


def _reference(cases) -> dict[str, list[dict]]:
    out = {name: [] for name in TABLES}
    for number, (jurisdiction, events, as_of) in enumerate(cases):
        try:
            result = regkit.evaluate(events, jurisdiction=jurisdiction, as_of=as_of)
        except regkit.RegkitError:
            continue  # error rows are compared between the two engines
        for name, rows in flatten(f"h{number}", result).items():
            out[name].extend(rows)
    return out


def _plain(rows: list[dict]) -> list[dict]:
    return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()} for row in rows]


def _as_dictionaries(table: "pa.Table") -> "pa.Table":
    """Every text column dictionary-encoded, as a pandas categorical or a Parquet dictionary page reads."""
    return pa.table([c.dictionary_encode() if pa.types.is_string(c.type) and name != "history_id" else c
                     for name, c in zip(table.column_names, table.columns)], names=table.column_names)


def _via_parquet(table: "pa.Table"):
    """The table as a Parquet file of small row groups (each with its own dictionary pages), by path."""
    import tempfile
    import pyarrow.parquet as pq
    folder = tempfile.mkdtemp(prefix="regkit-test-")
    path = f"{folder}/events.parquet"
    pq.write_table(table, path, row_group_size=5)
    return path


def _via_json_lines(table: "pa.Table"):
    """The table as a JSON Lines file (one object per row, null cells left out), by path."""
    import json
    import tempfile
    folder = tempfile.mkdtemp(prefix="regkit-test-")
    path = f"{folder}/events.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for row in table.to_pylist():
            out.write(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False,
                                 default=date.isoformat) + "\n")
    return path


def _given(table: "pa.Table", form: str):
    return {"table": lambda: table, "dictionary": lambda: _as_dictionaries(table),
            "parquet": lambda: _via_parquet(table), "jsonl": lambda: _via_json_lines(table)}[form]()


def _assert_equal(cases, date_type: str = "text", form: str = "table") -> None:
    table = _table(cases, date_type)
    given = _given(table, form)
    columnar = evaluate_table(given)
    scalar = evaluate_table(table, engine="scalar")
    reference = _reference(cases)
    for name in TABLES:
        left, right = columnar[name].to_pylist(), scalar[name].to_pylist()
        assert left == right, f"{name}: columnar and scalar tables differ"
        if name != "errors":
            assert _plain(right) == reference[name], f"{name}: the scalar table is not the result flattened"


@st.composite
def _cases(draw):
    count = draw(st.integers(1, 4))
    out = []
    for _ in range(count):
        jurisdiction = draw(st.sampled_from(JURISDICTIONS))
        events = draw(histories(jurisdiction))
        events = draw(_adversarial(events))
        days = sorted(date.fromisoformat(e["date"]) if isinstance(e["date"], str) else e["date"] for e in events)
        # an as_of among the events (a cut-off), or just after, or long after
        as_of = draw(st.sampled_from(days) | st.sampled_from(days).map(lambda d: d + timedelta(days=40))
                     | st.just(date(2026, 12, 31)))
        out.append((jurisdiction, [{**e, "date": e["date"] if isinstance(e["date"], str) else e["date"].isoformat()}
                                   for e in events], as_of))
    return out


@st.composite
def _adversarial(draw, events):
    """Move some events onto one day, to a year end, or into an unannounced year; shuffle."""
    events = [dict(e) for e in events]
    moves = draw(st.lists(st.tuples(st.integers(0, len(events) - 1),
                                     st.sampled_from(["same_day", "year_end", "provisional", "keep"])),
                          max_size=3))
    for position, move in moves:
        event = events[position]
        day = date.fromisoformat(event["date"]) if isinstance(event["date"], str) else event["date"]
        if move == "same_day":
            event["date"] = events[0]["date"]
        elif move == "year_end":
            event["date"] = date(day.year, 12, draw(st.integers(24, 31))).isoformat()
        elif move == "provisional":
            event["date"] = (date(2026, 12, 20) + timedelta(days=draw(st.integers(0, 40)))).isoformat()
    random.Random(draw(st.integers(0, 2**16))).shuffle(events)
    return events


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(_cases())
def test_columnar_equals_scalar(cases):
    _assert_equal(cases)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(_cases())
def test_columnar_equals_scalar_with_date_columns(cases):
    _assert_equal(cases, date_type="date")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(_cases(), st.sampled_from(["dictionary", "parquet", "jsonl"]))
def test_columnar_equals_scalar_from_files_and_dictionary_columns(cases, form):
    # text columns read as dictionaries (Parquet dictionary pages, pandas categoricals), and a
    # JSON Lines file (its dates kept as text), decide alike
    _assert_equal(cases, form=form)


def test_files_and_dictionary_columns_are_decided_over_columns():
    # from Parquet (dictionaries) or JSON Lines (dates as text, not timestamps): still decided
    # over columns, not sent to the scalar engine
    cases = _typical(60, seed=3)
    table = _table(cases, "text")
    for form in ("dictionary", "parquet", "jsonl"):
        _assert_equal(cases, form=form)
        assert evaluate_table(_given(table, form)).columnar == evaluate_table(table).columnar > 0.85 * len(cases), \
            form


def test_extensions_at_the_cap_and_repeated_triggers():
    # Hebei catalog update: 10 working days, extendable by at most 10 (hebei.yaml). Two grants of
    # 10 in time make 20, capped at 10; a second trigger the same day starts a second cycle, which
    # takes the grants dated on or after it; a grant after the original due date does not count.
    events = [
        {"type": "catalog.change", "date": "2026-03-02", "subject": "c"},
        {"type": "catalog.extension_granted", "date": "2026-03-05", "subject": "c", "amount": 10},
        {"type": "catalog.extension_granted", "date": "2026-03-06", "subject": "c", "amount": 10},
        {"type": "catalog.change", "date": "2026-03-06", "subject": "c"},
        {"type": "catalog.extension_granted", "date": "2026-04-30", "subject": "c"},
        {"type": "catalog.updated", "date": "2026-03-30", "subject": "c"},
    ]
    _assert_equal([("hebei", events, date(2026, 11, 22)), ("cn", events, date(2026, 3, 20))])


def test_bad_rows_are_error_rows_with_their_row_number():
    table = pa.table({
        "history_id": ["a", "a", "b", None, "c"],
        "type": ["catalog.change", "catalog.updated", "catalog.chang", "catalog.change", "catalog.change"],
        "date": ["2026-03-02", "2026-03-10", "2026-03-02", "2026-03-02", "2026-02-30"],
    })
    tables = evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22")
    errors = tables["errors"].to_pylist()
    assert [(e["history_id"], e["row"]) for e in errors] == [(None, 4), ("b", 3), ("c", 5)]  # rows count from 1
    assert "did you mean 'catalog.change'" in errors[1]["error"]
    assert set(tables["deadlines"].column("history_id").to_pylist()) == {"a"}
    assert evaluate_table(table, jurisdiction="hebei", as_of="2026-11-22", engine="scalar")["errors"] \
        .to_pylist() == errors


def _typical(count: int, seed: int) -> list[tuple[str, list[dict], date]]:
    """Histories shaped like a province's log (benchmarks/histories.py), under every jurisdiction."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from histories import events as typical_events
    rng = random.Random(seed)
    return [(JURISDICTIONS[n % len(JURISDICTIONS)], typical_events(rng, 12), date(2026, 11, 22))
            for n in range(count)]


def test_typical_histories_are_decided_over_columns_and_equal():
    cases = _typical(140, seed=7)
    _assert_equal(cases)
    decided = evaluate_table(_table(cases, "text"))
    # receipts, routes and earlier-event exceptions are columnar: only liability evidence the
    # columnar engine leaves (breached minimum periods, `without`) goes to the scalar engine
    assert decided.columnar >= 0.85 * len(cases) and set(decided.scalar) <= {"liability"}, decided.scalar


# --- periods counted from a receipt, routes, exceptions that look at an earlier event ----------

_RECEIPT_TYPES = ("request.submitted", "request.forwarded", "request.replied", "request.delivered",
                  "request.reviewed", "request.extension_granted", "quality.objection", "quality.forwarded",
                  "quality.resolved", "quality.extension_granted")
# the day cn takes effect (routes and national rules start), a National Day week, an unannounced year end
_RECEIPT_BASES = (date(2025, 7, 30), date(2026, 9, 29), date(2026, 12, 28), date(2026, 3, 2))


@st.composite
def _receipt_cases(draw):
    """Request and quality histories crowded onto a few days of one or two subjects: forwardings
    before the trigger on its day, after a repeated trigger, without a trigger; triggers twice a
    day; replies after submissions of either class; grants on each side of the receipt."""
    from regkit.testing.strategies import events as any_event
    out = []
    for _ in range(draw(st.integers(1, 3))):
        jurisdiction = draw(st.sampled_from(("hebei", "cn", "jinzhong", "pingdingshan", "shandong")))
        base = draw(st.sampled_from(_RECEIPT_BASES))
        days = draw(st.lists(st.integers(0, 14).map(lambda n, b=base: b + timedelta(days=n)), min_size=1,
                             max_size=4))
        events = draw(st.lists(any_event(types=_RECEIPT_TYPES, dates=st.sampled_from(days),
                                         subject=st.sampled_from(["a", "b"]), flags=False),
                               min_size=1, max_size=10))
        as_of = draw(st.sampled_from([max(days), max(days) + timedelta(days=30), date(2026, 12, 31)]))
        out.append((jurisdiction, events, as_of))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(_receipt_cases())
def test_receipts_routes_and_earlier_events_equal_scalar(cases):
    _assert_equal(cases)


def test_receipt_cases_by_hand():
    # Hebei over cn (hebei.yaml arts. 15-16 routes; cn.yaml received_by request.forwarded):
    # subject a: conditional request Mon 2026-03-02, forwarded the same day *before* it in the list,
    #   then again 03-04: receipt is the first forwarding on or after the trigger's day, 03-02;
    # subject b: two conditional requests on 03-02, one forwarding 03-03: the first cycle's
    #   receipt must be before the next trigger (03-02), so it has none and its duty does not
    #   arise (hebei.conditional_received_on_forwarding); the second is received 03-03;
    # subject c: unconditional request: never reaches the provider (route `never`); a reply to it
    #   is excepted from hebei.request_delivery_conditional by the earlier submission's class;
    # subject d: a reply with no submission at all: counted as a conditional path;
    # subject e: a quality objection forwarded two days later, resolved.
    events = [
        {"type": "request.forwarded", "date": "2026-03-02", "subject": "a"},
        {"type": "request.submitted", "date": "2026-03-02", "subject": "a", "share_type": "conditional"},
        {"type": "request.forwarded", "date": "2026-03-04", "subject": "a"},
        {"type": "request.replied", "date": "2026-03-20", "subject": "a", "decision": "approve"},
        {"type": "request.submitted", "date": "2026-03-02", "subject": "b", "share_type": "conditional"},
        {"type": "request.submitted", "date": "2026-03-02", "subject": "b", "share_type": "conditional"},
        {"type": "request.forwarded", "date": "2026-03-03", "subject": "b"},
        {"type": "request.submitted", "date": "2026-03-02", "subject": "c", "share_type": "unconditional"},
        {"type": "request.replied", "date": "2026-03-05", "subject": "c", "decision": "approve"},
        {"type": "request.replied", "date": "2026-03-05", "subject": "d", "decision": "approve"},
        {"type": "quality.objection", "date": "2026-03-02", "subject": "e"},
        {"type": "quality.forwarded", "date": "2026-03-04", "subject": "e"},
        {"type": "quality.resolved", "date": "2026-03-30", "subject": "e"},
    ]
    cases = [(j, events, date(2026, 11, 22)) for j in ("hebei", "cn", "jinzhong", "pingdingshan")]
    _assert_equal(cases)
    decided = evaluate_table(_table(cases, "text"))
    assert decided.columnar == len(cases), decided.scalar
    rows = [r for r in decided["deadlines"].to_pylist() if r["under"] == "hebei"]
    reply = {(r["subject"], r["trigger_date"], r["received_date"], r["status"])
             for r in rows if r["rule"] == "cn.request_reply_conditional"}
    # a: 10 working days from Mon 03-02 -> Mon 03-16; replied 03-20: late
    # b: the first cycle has no receipt before the next trigger: not_applicable; the second from 03-03
    assert ("a", date(2026, 3, 2), date(2026, 3, 2), "late") in reply
    assert ("b", date(2026, 3, 2), None, "not_applicable") in reply
    assert ("b", date(2026, 3, 2), date(2026, 3, 3), "overdue") in reply
    delivery = {r["subject"]: r["status"] for r in rows if r["rule"] == "hebei.request_delivery_conditional"}
    assert delivery["c"] == "not_applicable"  # excepted: the earlier submission was unconditional
    assert delivery["d"] == "overdue"  # no submission: the conditional path; nothing delivered


def test_histories_decided_in_chunks_give_the_tables_of_one_piece(monkeypatch):
    # a table is decided CHUNK histories at a time; chunks of 3 cut through every kind of history
    from regkit.columnar import engine
    cases = _typical(40, seed=11) + [("hebei", [{"type": "catalog.chang", "date": "2026-03-02"}], date(2026, 11, 22))]
    table = _table(cases, "text")
    whole = evaluate_table(table)
    monkeypatch.setattr(engine, "CHUNK", 3)
    chunked = evaluate_table(table)
    for name in TABLES:
        assert chunked[name].to_pylist() == whole[name].to_pylist(), name
    assert (chunked.columnar, chunked.scalar) == (whole.columnar, whole.scalar)
    _assert_equal(cases)


def test_several_workers_give_the_tables_of_one_process(monkeypatch):
    # shares judged in worker processes hand their tables back through Arrow files
    from regkit.columnar import run
    cases = _typical(30, seed=5) + [("hebei", [{"type": "catalog.chang", "date": "2026-03-02"}], date(2026, 11, 22))]
    table = _table(cases, "text")
    table = pa.concat_tables([table, pa.table({name: [None] if name != "type" else ["catalog.change"]
                                               for name in table.column_names}).cast(table.schema)])
    one = evaluate_table(table)
    monkeypatch.setattr(run, "PARALLEL_ROWS", 0)
    # in memory, and from a Parquet file whose row groups each have their own dictionaries
    for given in (table, _via_parquet(table)):
        two = evaluate_table(given, workers=2)
        for name in TABLES:
            assert two[name].to_pylist() == one[name].to_pylist(), name
        assert (two.histories, two.columnar, two.scalar) == (one.histories, one.columnar, one.scalar)
    assert one["errors"].num_rows == 2


def _die(*_args):
    """A worker killed while it judges its share (the OOM killer, SIGKILL)."""
    import os
    os._exit(9)


def test_a_worker_that_dies_loses_nothing(monkeypatch):
    """Before, the run ended with an internal error (BrokenProcessPool); now the calling process
    judges the dead worker's share itself, and the tables are those of one process."""
    from regkit.columnar import parallel, run
    table = _table(_typical(30, seed=7), "text")
    one = evaluate_table(table)
    monkeypatch.setattr(run, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(parallel, "_judge", _die)
    two = evaluate_table(table, workers=3)
    for name in TABLES:
        assert two[name].to_pylist() == one[name].to_pylist(), name
    assert (two.histories, two.columnar, two.scalar) == (one.histories, one.columnar, one.scalar)
