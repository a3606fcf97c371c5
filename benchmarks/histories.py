"""Generated event histories for the batch and scaling benchmarks (deterministic by seed).

Each history is a handful of subject lifecycles, as a province's log holds them:
a catalog update (sometimes extended, sometimes late), a sharing request
(unconditional or conditional, approved or refused), a data-quality objection.
A longer history is more lifecycles on more subjects, not a longer life of one
subject, which is what a real log looks like as it grows.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

AS_OF = "2026-11-22"
_FIRST = date(2025, 9, 1)


def _day(start: date, rng: random.Random, lo: int, hi: int) -> date:
    return start + timedelta(rng.randint(lo, hi))


def _catalog(rng: random.Random, subject: str, start: date) -> list[dict]:
    events = [{"type": "catalog.change", "date": start, "subject": subject, "actor": "省市场监管局"}]
    if rng.random() < 0.3:
        events.append({"type": "catalog.extension_granted", "date": _day(start, rng, 5, 12), "subject": subject,
                       "amount": rng.choice((5, 10))})
    updated = _day(start, rng, 5, 25)
    events.append({"type": "catalog.updated", "date": updated, "subject": subject})
    if rng.random() < 0.8:
        events.append({"type": "catalog.published", "date": _day(updated, rng, 1, 12), "subject": subject})
    return events


def _request(rng: random.Random, subject: str, start: date) -> list[dict]:
    if rng.random() < 0.4:
        events = [{"type": "request.submitted", "date": start, "subject": subject, "share_type": "unconditional"}]
        if rng.random() < 0.9:
            events.append({"type": "request.delivered", "date": _day(start, rng, 1, 6), "subject": subject})
        return events
    forwarded = _day(start, rng, 1, 5)
    replied = _day(forwarded, rng, 1, 9)
    decision = "approve" if rng.random() < 0.8 else "refuse"
    events = [
        {"type": "request.submitted", "date": start, "subject": subject, "share_type": "conditional"},
        {"type": "request.forwarded", "date": forwarded, "subject": subject},
        {"type": "request.replied", "date": replied, "subject": subject, "decision": decision,
         **({"reason": "涉及个人隐私"} if decision == "refuse" and rng.random() < 0.7 else {})},
    ]
    if decision == "approve":
        events.append({"type": "request.delivered", "date": _day(replied, rng, 1, 6), "subject": subject})
    return events


def _quality(rng: random.Random, subject: str, start: date) -> list[dict]:
    events = [{"type": "quality.objection", "date": start, "subject": subject}]
    if rng.random() < 0.8:
        forwarded = _day(start, rng, 1, 5)
        events.append({"type": "quality.forwarded", "date": forwarded, "subject": subject})
        if rng.random() < 0.8:
            events.append({"type": "quality.resolved", "date": _day(forwarded, rng, 2, 16), "subject": subject})
    return events


_KINDS = (("catalog", _catalog), ("req", _request), ("quality", _quality))


def events(rng: random.Random, count: int) -> list[dict]:
    """About `count` events (at least `count`): whole lifecycles on fresh subjects, in random order."""
    out: list[dict] = []
    number = 0
    while len(out) < count:
        name, make = rng.choice(_KINDS)
        number += 1
        out.extend(make(rng, f"{name}-{number}", _day(_FIRST, rng, 0, 400)))
    del out[count:]
    rng.shuffle(out)  # histories come in any order; the engine sorts
    for event in out:
        event["date"] = event["date"].isoformat()
    return out


def typical(rng: random.Random, number: int, jurisdiction: str = "hebei") -> dict:
    """A typical history: 6 to 10 events, as one JSON Lines record with an id."""
    return {"id": number, "jurisdiction": jurisdiction, "as_of": AS_OF, "events": events(rng, rng.randint(6, 10))}


def write_jsonl(path: str, count: int, seed: int = 809, jurisdiction: str = "hebei") -> int:
    """Write `count` typical histories to `path`; returns the bytes written."""
    rng = random.Random(seed)
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        for number in range(count):
            line = json.dumps(typical(rng, number, jurisdiction), ensure_ascii=False, separators=(",", ":")) + "\n"
            size += len(line.encode("utf-8"))
            out.write(line)
    return size
