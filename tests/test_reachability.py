"""Every rule of every bundled pack can matter: some history produces a result citing it.

A rule no history can reach is dead text: a typo in an event name, a `where` no event can
satisfy, a liability rule whose evidence names a kind its pack does not have. The histories
here are built from the rules themselves (strategies.matching_event), one per rule kind.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from regkit import evaluate, explain
from regkit.model.packs import (CLASSIFICATION_INPUTS, Deadline, Liability, OpeningRule, Receipt,
                                Recurring, Responsibility, ShareClass, Statement)
from regkit.packs import Pack, bundled_packs
from strategies import matching_event

PACKS = bundled_packs()


def _first_day(pack: Pack, rule) -> date:
    """A day the rule is in force, and the national regulation too (so its layer is there)."""
    start = (rule.in_force or pack.meta.in_force).from_ or date(2025, 8, 1)
    return max(start, date(2025, 8, 1)) + timedelta(days=30)


def _history(pack: Pack, rule) -> list[dict]:
    """Events that make `rule` produce a result."""
    day = _first_day(pack, rule)
    if isinstance(rule, Deadline):
        return [matching_event(rule.trigger, day)]
    if isinstance(rule, Recurring):
        return [matching_event(rule.starts_with, day)]
    if isinstance(rule, Responsibility):  # the outcome, where the text places it
        role = {"role": rule.at[0].value} if rule.at else {}
        return [matching_event(rule.shown_by[0], day, **role)]
    if isinstance(rule, Receipt):  # a trigger of the first deadline it routes, never forwarded
        target = next(r for p in PACKS.values() for r in p.rules if r.id == rule.rules[0])
        return [matching_event(target.trigger, day, **rule.where)]
    if isinstance(rule, Liability):
        evidence = rule.established_by[0]
        # what must follow the conduct (a refused correction), well after any due date
        then = [matching_event(evidence.followed_by, day + timedelta(days=300))] if evidence.followed_by else []
        if evidence.event is not None:
            return [matching_event(evidence.event, day), *then]
        kinds = {k.value for k in evidence.deadline.kinds}
        owner = PACKS[evidence.deadline.of] if evidence.deadline.of else pack  # `of`: an ancestor's limits
        target = next(r for r in owner.rules if isinstance(r, (Deadline, Recurring)) and r.deadline.value in kinds)
        events = _history(owner, target)
        if "breached" in evidence.deadline.status:  # the restrained act, the day after the trigger
            events.append(matching_event(target.done_by_all[0], day + timedelta(days=1)))
        return events + then  # otherwise never done: overdue by the as_of below
    return _all_claims(day)


def _all_claims(day: date) -> list[dict]:
    names = list(CLASSIFICATION_INPUTS)
    return [{"type": "data.classified", "date": day.isoformat(), "subject": f"claim-{n}", **dict(zip(names, values))}
            for n, values in enumerate(itertools.product(*CLASSIFICATION_INPUTS.values()))]


def _cited(result: dict) -> set[str]:
    """Rule ids a result names (a receipt rule in the reason of the deadline it routes), and the
    sources of the classification rows it used."""
    ids = {d["rule"] for d in result["deadlines"]} | {f["rule"] for f in result["findings"]}
    ids.update(d["reason"].rsplit(", ", 1)[-1].rstrip(")") for d in result["deadlines"] if d["reason"])
    for item in result["classifications"]:
        ids.add(item["rule"])
        ids.update(r["rule"] for r in item["requirements"] + item["readings"])
    return ids


def _holds(condition: dict, values: dict) -> bool:
    return all(values[k] in (v if isinstance(v, list) else [v]) for k, v in condition.items())


def _by_source(pack: Pack, rule, result: dict) -> bool:
    """Share classes and opening rows are not named by id in a classification item, only by
    their source (two Jinzhong opening rows share one); so a row counts as reached when an item
    quotes its source and the row's own condition and answer are those of the item."""
    for item in result["classifications"]:
        if item["jurisdiction"] != pack.id or item["result"] is None:
            continue
        share_type = item["result"]["share_type"]
        if isinstance(rule, ShareClass):
            cited, fits = item["source"], share_type == rule.share_type.value
        else:
            cited = item["sources"]["opening"]
            fits = (_holds(rule.when, {"share_type": share_type, "open_type": item["claimed"]["open_type"]})
                    and item["result"]["open_allowed"] == rule.open_allowed)
        if fits and (cited["article"], cited["quote"]) == (rule.source.article, rule.source.quote):
            return True
    return False


CASES = [(pack.id, rule.id) for pack in PACKS.values() for rule in pack.rules if not isinstance(rule, Statement)]


@pytest.mark.parametrize("jurisdiction, rule_id", CASES)
def test_every_rule_is_reachable(jurisdiction, rule_id):
    pack = PACKS[jurisdiction]
    rule = next(r for r in pack.rules if r.id == rule_id)
    events = _history(pack, rule)
    as_of = _first_day(pack, rule) + timedelta(days=400)
    result = evaluate(events, jurisdiction=jurisdiction, as_of=as_of)
    if isinstance(rule, (ShareClass, OpeningRule)):
        assert _by_source(pack, rule, result)
    else:
        assert rule_id in _cited(result)
    if isinstance(rule, (Deadline, Recurring)):  # reached, and applied: not merely not_applicable
        assert any(d["rule"] == rule_id and d["status"] != "not_applicable" for d in result["deadlines"])


@pytest.mark.parametrize("rule_id", [r.id for p in PACKS.values() for r in p.rules if isinstance(r, Statement)])
def test_statements_are_on_record(rule_id):
    """A statement (e.g. "sets no time limit") gives no result by design; it is reached by
    `regkit explain`, which shows it with its article."""
    text = explain(rule_id)
    assert rule_id in text and "statement" in text
