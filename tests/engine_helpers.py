"""Small helpers shared by the engine tests: build events, run, pick one deadline."""

from __future__ import annotations

from regkit import evaluate


def run(events, as_of="2026-11-22", jurisdiction="cn", **kw):
    return evaluate(events, jurisdiction=jurisdiction, as_of=as_of, **kw)


def only(result, rule):
    found = [d for d in result["deadlines"] if d["rule"] == rule]
    assert len(found) == 1, [d["rule"] for d in result["deadlines"]]
    return found[0]


def ev(type_, date, subject="s", **attrs):
    return {"type": type_, "date": date, "subject": subject, **attrs}
