"""A result belongs to its caller: changing one changes no later answer.

The engine keeps per-rule data (citations, readings, conflicts, receipts) compiled
once per process. If a result handed out those very objects, a caller who edited
one (say, to annotate a quote) would silently change every later result's
citation. Each test takes an answer, vandalises every dict and list in it, asks
again and expects the first answer's JSON text, byte for byte.
"""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

import regkit
from strategies import JURISDICTIONS, evaluations


def _vandalise(data) -> None:
    """Change every container in `data`: overwrite each value, add a key or an item."""
    if isinstance(data, dict):
        for key in list(data):
            _vandalise(data[key])
            data[key] = "vandalised"
        data["vandalised"] = True
    elif isinstance(data, list):
        for item in data:
            _vandalise(item)
        data[:] = ["vandalised"]


def _text(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def _same_after_vandalism(ask) -> None:
    first = ask()
    before = _text(first)
    _vandalise(first)
    assert _text(ask()) == before


@settings(max_examples=30)
@given(evaluations())
def test_an_evaluation_result_shares_nothing_with_the_next(case):
    jurisdiction, events, as_of = case
    _same_after_vandalism(lambda: regkit.evaluate(events, jurisdiction=jurisdiction, as_of=as_of))


@settings(max_examples=10)
@given(evaluations())
def test_a_comparison_of_a_history_shares_nothing_with_the_next(case):
    _jurisdiction, events, as_of = case
    _same_after_vandalism(lambda: regkit.compare_history(events, as_of=as_of))


def test_the_bundled_examples_share_nothing_with_the_next():
    """Every example history: deadlines, findings with escalation, conflicts, classifications."""
    from pathlib import Path
    for path in sorted(Path(__file__).parent.parent.glob("examples/*.yaml")):
        history = regkit.load_history(path)
        _same_after_vandalism(lambda: regkit.evaluate(history.events, jurisdiction=history.jurisdiction,
                                                      as_of=history.as_of or date(2026, 11, 22)))


@given(st.sampled_from([None, *JURISDICTIONS]), st.sampled_from([None, date(2026, 1, 1)]))
def test_conflict_lists_share_nothing_with_the_next(jurisdiction, on):
    _same_after_vandalism(lambda: regkit.conflicts(jurisdiction=jurisdiction, on=on))


def test_comparisons_and_classifications_share_nothing_with_the_next():
    _same_after_vandalism(lambda: regkit.compare(on=date(2026, 1, 1)))
    for jurisdiction in JURISDICTIONS:
        claim = {"share_type": "not_shared", "legal_basis": "local_regulation", "reasons_stated": True}
        _same_after_vandalism(lambda: regkit.classify(jurisdiction, claim, on=date(2026, 1, 1)))
