"""An independent cross-check of the columnar engine against the scalar engine (slow, opt-in).

    python benchmarks/crosscheck_columnar.py --histories 20000 --seed 1

Its own generator (it shares nothing with tests/strategies.py or benchmarks/histories.py)
draws event tables over every bundled jurisdiction, in the long format and in the wide
shape through a mapping, with the cases a hand-written history rarely has: many subjects
per history, repeated triggers, grants before and after the trigger, on the due day and past
the cap, events on holidays and make-up days, year ends into the unannounced year, as_of on
a due day (taken from a first scalar run), mixed jurisdictions and as_of per history, rows of
histories interleaved, missing optional attributes, unknown values, and `compare=True`.

The reference is `regkit.evaluate` of each history, flattened (regkit.columnar.schema.flatten,
as the JSON result's fields); the columnar tables must equal it row for row. Refused
histories must be error rows of both engines. Prints the counts and the first differences;
exit 1 if any.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta

import pyarrow as pa

import regkit
from regkit.calendar import default_calendar
from regkit.columnar import evaluate_table
from regkit.columnar.schema import TABLES, flatten
from regkit.packs import current_packs

JURISDICTIONS = sorted(current_packs())


def _special_days() -> list[date]:
    """Holidays, make-up working days and year ends of the announced years, and unannounced days."""
    cal = default_calendar()
    out = []
    day = date(2025, 1, 1)
    while day <= date(2026, 12, 31):
        if cal.is_working_day(day) != (day.weekday() < 5):
            out.append(day)
        day += timedelta(days=1)
    for year in (2024, 2025, 2026):
        out += [date(year, 12, d) for d in range(18, 32)]
    out += [date(2027, 1, d) for d in range(1, 20)] + [date(2025, 7, 31), date(2025, 8, 1)]
    return out


SPECIAL = _special_days()


class Draw:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def base(self) -> date:
        if self.chance(0.45):
            return self.r.choice(SPECIAL)
        return date(2024, 6, 1) + timedelta(days=self.r.randrange(0, 960))

    def step(self, day: date) -> date:
        """The next step of a story: mostly later, sometimes the same day or before."""
        roll = self.r.random()
        if roll < 0.15:
            return day
        if roll < 0.22:
            return day - timedelta(days=self.r.randrange(1, 6))
        if roll < 0.35:
            return self.r.choice(SPECIAL)
        return day + timedelta(days=self.r.choice([1, 2, 3, 5, 7, 9, 10, 13, 14, 15, 20, 21, 28, 30, 35, 45, 70]))

    def amount(self):
        roll = self.r.random()
        if roll < 0.35:
            return None  # the most the article allows
        if roll < 0.995:
            return self.r.choice([1, 2, 3, 5, 7, 9, 10, 11, 15, 20, 25, 30, 60])
        return self.r.choice([0, -1])  # refused


def _value(d: Draw, good: list, bad: str = "unknown_value"):
    return bad if d.chance(0.004) else d.r.choice(good)


#: simple flows: (type, chance it happens, how many times when it does)
FLOWS = {
    "catalog": [("catalog.change", 1, [1]), ("catalog.extension_granted", 1, [0, 0, 1, 1, 2, 3]),
                ("catalog.updated", 0.75, [1]), ("catalog.published", 0.5, [1])],
    "quality": [("quality.objection", 1, [1]), ("quality.forwarded", 1, [0, 1, 1, 2]),
                ("quality.extension_granted", 1, [0, 0, 1, 2]), ("quality.resolved", 0.7, [1])],
    "security": [("security.incident", 1, [1]), ("security.response_started", 0.6, [1]),
                 ("security.reported", 0.6, [1])],
    "resource": [("resource.replacement_available", 0.6, [1]), ("resource.users_notified", 0.6, [1]),
                 ("resource.retired", 0.7, [1])],
}
DEADLINE_KINDS = ["catalog", "catalog", "request", "request", "request", "quality", "quality", "resource",
                  "service"]


def _story(d: Draw, subject, deadlines_only: bool) -> list[dict]:
    """One subject's events: a flow some rule binds, with repeats and stray steps."""
    kind = d.r.choice(DEADLINE_KINDS + ([] if deadlines_only else ["security", "misc", "misc"]))
    day = d.base()
    out: list[dict] = []

    def add(type_: str, **attrs) -> None:
        nonlocal day
        event = {"type": type_, "date": day}
        if subject is not None:
            event["subject"] = subject
        if d.chance(0.2):
            event["role"] = d.r.choice(["provider", "requester", "authority", "platform", "department"])
        if d.chance(0.1):
            event["actor"] = d.r.choice(["市场监管局", "数据局", "X"])
        event.update({k: v for k, v in attrs.items() if v is not None})
        out.append(event)
        day = d.step(day)

    for _ in range(1 if d.chance(0.7) else d.r.randint(2, 3)):  # repeated triggers
        if kind in FLOWS:
            for type_, chance, repeats in FLOWS[kind]:
                for _ in range(d.r.choice(repeats) if d.chance(chance) else 0):
                    add(type_, amount=d.amount() if type_.endswith("extension_granted") else None)
        elif kind == "request":
            if d.chance(0.1):
                add("request.forwarded")  # before any request
            if d.chance(0.92):
                add("request.submitted", share_type=_value(d, ["unconditional", "conditional", "conditional",
                                                               "not_shared"]),
                    dedicated=d.r.choice([None, None, None, True, False]))
            if d.chance(0.3):
                add("request.reviewed", result=d.r.choice([None, "accepted", "rejected"]))
            for _ in range(d.r.choice([0, 1, 1, 2])):
                add("request.forwarded")
            for _ in range(d.r.choice([0, 0, 1, 2])):
                add("request.extension_granted", amount=d.amount())
            if d.chance(0.75):
                decision = _value(d, ["approve", "approve", "refuse"])
                add("request.replied", decision=decision,
                    reason=d.r.choice([None, "法律禁止"]) if decision == "refuse" else None,
                    incomplete_materials=d.r.choice([None, None, True]) if decision == "refuse" else None)
                if decision == "refuse" and d.chance(0.3):
                    add("request.objected")
                    if d.chance(0.5):
                        add("request.decided", decision=d.r.choice([None, "approve", "refuse"]))
            if d.chance(0.5):
                add("request.delivered")
        elif kind == "service":
            add(d.r.choice(["service.changed", "service.terminated"]),
                negotiated=d.r.choice([None, True, False]), filed=d.r.choice([None, True, False]))
            if d.chance(0.3):
                add(d.r.choice(["sharing.suspended", "sharing.terminated"]))
        else:
            _misc(d, add)
    return out


def _misc(d: Draw, add) -> None:
    roll = d.r.randrange(12)
    if roll == 0:
        add("use.out_of_scope", kind=_value(d, ["beyond_scope", "changed_purpose", "third_party", "commercial"]))
    elif roll == 1:
        add("conduct.found", conduct=d.r.choice(["catalog_not_compiled", "data_update_not_supported",
                                                 "data_not_returned", "data_not_published",
                                                 "known_errors_not_corrected", "data_nonconforming",
                                                 "false_data_provided", "loss_caused", "security_duty_failed"]))
    elif roll == 2:
        add("staff.misconduct", conduct=d.r.choice(["disclosure", "abuse_of_power", "dereliction", "favouritism",
                                                    "duty_not_performed"]),
            staff_of=d.r.choice([None, "department", "authority", "provider"]))
    elif roll == 3:
        add(d.r.choice(["collection.duplicate", "records.destroyed", "logs.deleted", "sanction.proposed"]))
    elif roll == 4:
        add("provision.started", method=d.r.choice(["interface", "table", "file_upload"]))
    elif roll == 5:
        add("dispute.raised")
        for t in ("dispute.negotiation_failed", "dispute.escalated", "dispute.decided"):
            if d.chance(0.5):
                add(t)
    elif roll == 6:
        add("data.classified", share_type=d.r.choice(["unconditional", "conditional", "not_shared"]),
            legal_basis=d.r.choice([None, "none", "law", "local_regulation", "internal_rule"]),
            conditions_listed=d.r.choice([None, True, False]))
    elif roll == 7:
        add("report.submitted", period=d.r.choice(["2026-03", "2025-12", "2026-11"]))
    elif roll == 8:
        add("rectification.ordered", due=d.r.choice([None, "2026-05-06"]))
        add(d.r.choice(["rectification.completed", "rectification.refused"]))
    elif roll == 9:
        add("request.replied", decision="refuse")  # a reply with no request
    elif roll == 10:
        add("catalog.extension_granted", amount=d.amount())  # a grant with nothing to extend
    else:
        add("request.submitted", share_type="conditional", serious=d.r.choice([True, False]))  # a flag


def history(d: Draw) -> tuple[list[dict], str, date | None]:
    subjects = [None, "a", "b", "c", "申请-1", "cat"] + [f"s{n}" for n in range(20)]
    count = d.r.choice([1, 1, 2, 3, 4, 6, 6, 12, 25])
    events: list[dict] = []
    deadlines_only = d.chance(0.6)  # what the columnar engine decides itself, mostly
    for n in range(count):
        events += _story(d, d.r.choice(subjects[: max(2, count)]), deadlines_only)
    if d.chance(0.3):  # events in any order: sorted by date, same-day ones keep the given order
        d.r.shuffle(events)
    if d.chance(0.005):
        events.append({"type": "request.submited", "date": d.base()})  # a typo
    if d.chance(0.003):
        events.append({"type": "catalog.change", "date": "2026-02-30"})
    if d.chance(0.003):
        events.append({"type": "catalog.change", "date": d.base(), "colour": "red"})  # an unknown attribute  # an impossible date
    days = [e["date"] for e in events if isinstance(e["date"], date)] or [d.base()]
    roll = d.r.random()
    if roll < 0.3:
        as_of = d.r.choice(days)  # a cut-off on an event's day
    elif roll < 0.5:
        as_of = max(days) + timedelta(days=d.r.randrange(0, 20))
    elif roll < 0.6:
        as_of = d.r.choice(SPECIAL)
    else:
        as_of = date(2027, 1, 15) if d.chance(0.3) else date(2026, 12, 31)
    return events, d.r.choice(JURISDICTIONS), as_of


def _on_due_days(events, jurisdiction, as_of, rng) -> tuple[list[dict], date]:
    """Steps put on a due day the scalar engine finds in a later view (or the day after): a grant of
    the duty's kind, its fulfilment, and as_of; for the cases where "in time" and "on or before"
    decide."""
    try:
        result = regkit.evaluate(events, jurisdiction=jurisdiction, as_of=date(2027, 3, 1))
    except regkit.RegkitError:
        return events, as_of
    entries = [e for e in result["deadlines"] if e.get("due")]
    if not entries:
        return events, as_of
    entry = rng.choice(entries)
    due = date.fromisoformat(str(entry["due"]))
    events = list(events)
    subject = {} if entry["subject"] == "default" else {"subject": entry["subject"]}
    kind = entry["trigger"]["type"].split(".")[0] if isinstance(entry.get("trigger"), dict) else None
    if kind in ("catalog", "request", "quality") and rng.random() < 0.6:
        grant = {"type": f"{kind}.extension_granted", "date": due + timedelta(days=rng.choice([0, 0, 1])),
                 **subject}
        if rng.random() < 0.5:
            grant["amount"] = rng.choice([1, 5, 10, 15, 30])
        events.insert(rng.randrange(len(events) + 1), grant)
    if rng.random() < 0.5:
        done = {"catalog": "catalog.updated", "request": "request.replied", "quality": "quality.resolved"}.get(kind)
        if done:
            event = {"type": done, "date": due + timedelta(days=rng.choice([0, 1])), **subject}
            if done == "request.replied":
                event["decision"] = "approve"
            events.insert(rng.randrange(len(events) + 1), event)
    return events, due - timedelta(days=rng.choice([0, 0, 1])) if rng.random() < 0.7 else as_of


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _rows(table) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_pylist()]


def reference(cases, compare: bool = False, jurisdiction: str | None = None, as_of: date | None = None,
              layers: str = "all") -> tuple[dict[str, dict], set]:
    """The scalar engine's results flattened, per table and history, and the (history,
    jurisdiction) pairs it refuses."""
    out = {name: {} for name in TABLES if name != "errors"}
    refused = set()
    fixed_jurisdiction, fixed_as_of = jurisdiction, as_of
    for hid, events, jurisdiction, as_of in cases:
        for name in (JURISDICTIONS if compare else [fixed_jurisdiction or jurisdiction]):
            try:
                result = regkit.evaluate(events, jurisdiction=name, as_of=fixed_as_of or as_of, layers=layers)
            except regkit.RegkitError:
                refused.add((hid, name))
                continue
            for table, rows in flatten(hid, result).items():
                if table != "errors" and rows:
                    out[table].setdefault(hid, []).extend({k: _plain(v) for k, v in r.items()} for r in rows)
    return out, refused


def long_table(cases, rng: random.Random, date_column: bool) -> pa.Table:
    rows = []
    for hid, events, jurisdiction, as_of in cases:
        for event in events:
            day = event["date"]
            if not date_column:
                day = day.isoformat() if isinstance(day, date) else day
            elif not isinstance(day, date):
                continue  # never drawn with date columns (see below)
            rows.append({**event, "date": day, "history_id": hid, "jurisdiction": jurisdiction,
                         "as_of": as_of.isoformat()})
    # interleave the histories' rows, each history keeping its own order
    queues = {}
    for row in rows:
        queues.setdefault(row["history_id"], []).append(row)
    order = [h for h in queues for _ in queues[h]]
    rng.shuffle(order)
    mixed = [queues[h].pop(0) for h in order] if len(order) < 50_000 else rows
    names = sorted({k for r in mixed for k in r})
    columns = {}
    for name in names:
        values = [r.get(name) for r in mixed]
        kinds = {type(v) for v in values if v is not None}
        if len(kinds) > 1 and name != "date":
            values = [v if v is None else str(v) for v in values]  # a mixed column is text
        columns[name] = values
    return pa.table(columns)


def compare_tables(label: str, decided, source: pa.Table, expected, refused, failures: list) -> int:
    """Row for row, history by history; histories in the order of their first row in `source`."""
    first = {}
    for hid in source.column("history_id").to_pylist():
        first.setdefault(hid, len(first))
    count = 0
    for name in expected:
        got: dict = {}
        order = []
        for row in _rows(decided[name]):
            if not got.get(row["history_id"]):
                order.append(first[row["history_id"]])
            got.setdefault(row["history_id"], []).append(row)
        count += sum(map(len, expected[name].values()))
        if order != sorted(order) or len(order) != len(got):
            failures.append((label, name, "histories out of order", None))
        for hid in sorted(set(got) | set(expected[name]), key=str):
            if got.get(hid, []) != expected[name].get(hid, []):
                failures.append((label, name, got.get(hid, []), expected[name].get(hid, [])))
    errors = {(e["history_id"], e["under"]) for e in decided["errors"].to_pylist()}
    if errors != refused:
        failures.append((label, "errors", sorted(map(str, errors - refused)), sorted(map(str, refused - errors))))
    return count


def _first_difference(got, want):
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return i, {k: (g.get(k), w.get(k)) for k in set(g) | set(w) if g.get(k) != w.get(k)}, g
    return min(len(got), len(want)), f"lengths {len(got)} vs {len(want)}", None


WIDE_MAPPING = {
    "rename": {"申请编号": "history_id", "共享类型": "share_type", "结果": "decision", "地区": "jurisdiction"},
    "values": {"decision": {"同意": "approve", "不同意": "refuse"}},
    "events": [
        {"type": "request.submitted", "date": "submitted_at", "attributes": {"share_type": "share_type"}},
        {"type": "request.forwarded", "date": "forwarded_at"},
        {"type": "request.replied", "date": "replied_at", "attributes": {"decision": "decision"}},
        {"type": "request.delivered", "date": "delivered_at"},
    ],
}


def wide_cases(d: Draw, count: int, start: int):
    """Wide rows (one per request) and the histories they mean, drawn independently."""
    rows, cases = [], []
    for n in range(count):
        hid = f"w{start + n}"
        jurisdiction = d.r.choice(JURISDICTIONS)
        history_rows = []
        for k in range(d.r.choice([1, 1, 2, 3])):
            subject = d.r.choice([None, f"r{k}"])
            day = d.base()
            dates = {"submitted_at": day}
            for column in ("forwarded_at", "replied_at", "delivered_at"):
                day = d.step(day)
                dates[column] = day if d.chance(0.7) else None
            share = d.r.choice(["unconditional", "conditional", "not_shared"])
            decision = d.r.choice(["同意", "不同意", None])
            history_rows.append({"申请编号": hid, "地区": jurisdiction, "subject": subject, "共享类型": share,
                                 "结果": decision, **dates})
        events = []
        for row in history_rows:
            base = {"subject": row["subject"]} if row["subject"] is not None else {}
            events.append({"type": "request.submitted", "date": row["submitted_at"], "share_type": row["共享类型"],
                           **base})
            if row["forwarded_at"]:
                events.append({"type": "request.forwarded", "date": row["forwarded_at"], **base})
            if row["replied_at"]:
                reply = {"type": "request.replied", "date": row["replied_at"], **base}
                if row["结果"]:
                    reply["decision"] = {"同意": "approve", "不同意": "refuse"}[row["结果"]]
                events.append(reply)
            if row["delivered_at"]:
                events.append({"type": "request.delivered", "date": row["delivered_at"], **base})
        rows += history_rows
        cases.append((hid, events, jurisdiction, date(2026, 12, 31)))
    return rows, cases


def cli_check(source: pa.Table, decided, failures: list) -> None:
    """`regkit table` on the same table, written as Parquet, gives the same tables."""
    import subprocess
    import tempfile
    from pathlib import Path

    import pyarrow.parquet as pq
    with tempfile.TemporaryDirectory() as tmp:
        pq.write_table(source, Path(tmp) / "events.parquet")
        done = subprocess.run([sys.executable, "-m", "regkit", "table", str(Path(tmp) / "events.parquet"),
                               "--out", str(Path(tmp) / "out")], capture_output=True, text=True)
        if done.returncode not in (0, 1):
            failures.append(("cli", "exit", done.returncode, done.stderr))
            return
        for name in TABLES:
            if pq.read_table(Path(tmp) / "out" / f"{name}.parquet").to_pylist() != decided[name].to_pylist():
                failures.append(("cli", name, "regkit table differs from evaluate_table", None))
        # the same table as CSV: every cell text, numbers and flags then checked as in a history file
        import pyarrow.csv as pcsv
        pcsv.write_csv(source, Path(tmp) / "events.csv")
        from_csv = evaluate_table(Path(tmp) / "events.csv")
        for name in TABLES:
            if name != "errors" and from_csv[name].to_pylist() != decided[name].to_pylist():
                failures.append(("csv", name, _rows(from_csv[name]), _rows(decided[name])))


def whatif_check(source: pa.Table, rng: random.Random, failures: list) -> int:
    """Under changed numbers (--set) there is no regkit.evaluate to compare with: the columnar
    tables must equal those of the scalar engine (engine="scalar") under the same changed plan."""
    from regkit.engine.plan import plan_for
    rules = sorted({rule.id for name in JURISDICTIONS for rule, _d in plan_for(name, "all").deadlines})
    overrides = {f"{rng.choice(rules)}.{rng.choice(['period', 'period', 'extension'])}": rng.choice([0, 1, 3, 10, 40])
                 for _ in range(rng.randint(1, 4))}
    columnar = evaluate_table(source, overrides=overrides)
    scalar = evaluate_table(source, overrides=overrides, engine="scalar")
    for name in TABLES:
        if columnar[name].to_pylist() != scalar[name].to_pylist():
            failures.append((f"what if {overrides}", name, _rows(columnar[name]), _rows(scalar[name])))
    return sum(columnar[name].num_rows for name in TABLES)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--histories", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compare-every", type=int, default=10, help="every Nth batch also under compare=True")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    d = Draw(rng)
    failures: list = []
    totals = Counter()
    started = time.perf_counter()
    for batch in range(0, args.histories, args.batch):
        size = min(args.batch, args.histories - batch)
        cases = []
        for n in range(size):
            events, jurisdiction, as_of = history(d)
            if d.chance(0.25):
                events, as_of = _on_due_days(events, jurisdiction, as_of, rng)
            cases.append((f"h{batch + n}", events, jurisdiction, as_of))
        date_column = (batch // args.batch) % 3 == 2
        if date_column:  # a date column cannot hold an impossible date: drop those histories
            cases = [c for c in cases if all(isinstance(e["date"], date) for e in c[1])]
        expected, refused = reference(cases)
        source = long_table(cases, rng, date_column)
        decided = evaluate_table(source)
        totals["rows"] += compare_tables(f"long batch {batch}", decided, source, expected, refused, failures)
        totals["histories"] += len(cases)
        if batch == 0:
            cli_check(source, decided, failures)
        totals["columnar"] += decided.columnar
        totals.update({f"scalar:{k}": v for k, v in decided.scalar.items()})
        totals["refused"] += len(refused)
        if (batch // args.batch) % args.compare_every == 0:
            some = cases[: max(1, size // 5)]
            expected, refused = reference(some, compare=True)
            source = long_table(some, rng, False)
            decided = evaluate_table(source, compare=True)
            totals["compare rows"] += compare_tables(f"compare batch {batch}", decided, source, expected, refused,
                                                     failures)
            totals["compare histories"] += len(some)
            # --jurisdiction and --as-of override each history's own; layers="local" drops the national pack
            fixed = d.r.choice(JURISDICTIONS), d.r.choice(SPECIAL)
            expected, refused = reference(some, jurisdiction=fixed[0], as_of=fixed[1], layers="local")
            decided = evaluate_table(source, jurisdiction=fixed[0], as_of=fixed[1], layers="local")
            totals["override rows"] += compare_tables(f"override batch {batch}", decided, source, expected, refused,
                                                      failures)
            totals["what-if rows"] += whatif_check(source, rng, failures)
            wide, wcases = wide_cases(d, max(1, size // 10), batch)
            expected, refused = reference(wcases)
            source = pa.Table.from_pylist(wide)
            decided = evaluate_table(source, mapping=WIDE_MAPPING, as_of="2026-12-31")
            totals["wide rows"] += compare_tables(f"wide batch {batch}", decided, source.rename_columns(
                ["history_id" if c == "申请编号" else c for c in source.column_names]), expected, refused, failures)
            totals["wide histories"] += len(wcases)
        print(f"{batch + size} histories, {totals['rows']} rows, {len(failures)} differing tables, "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        if len(failures) >= 5:
            break
    print(dict(totals))
    for label, name, got, want in failures[:5]:
        if want is None:
            print(label, name, got)
            continue
        if name == "errors":
            print(label, "errors: only columnar", got[:5], "only scalar", want[:5])
            continue
        index, diff, row = _first_difference(got, want)
        print(label, name, "first difference at row", index, diff, "\n   ", row)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
