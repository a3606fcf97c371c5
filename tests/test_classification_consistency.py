"""Every classification table gives exactly one answer for every possible claim.

The inputs are finite (`CLASSIFICATION_INPUTS`: 3 x 8 x 2 x 2 x 2 x 3 x 2 = 1,152 claims),
so the proof is an enumeration: for each pack that declares a table, every claim must get
one verdict: no gap (no request-path or opening rule covers it), no contradiction (two
`unique` rules, or two unmet requirements making different classes of it).
"""

from __future__ import annotations

import itertools

import pytest

from regkit.engine.classify import table_for
from regkit.model.packs import CLASSIFICATION_INPUTS
from regkit.packs import bundled_packs

TABLED = sorted(pid for pid, pack in bundled_packs().items() if table_for(pack) is not None)
ALL_CLAIMS = [dict(zip(CLASSIFICATION_INPUTS, values))
              for values in itertools.product(*CLASSIFICATION_INPUTS.values())]


def test_the_five_texts_with_classes_declare_a_table():
    assert TABLED == ["cn", "hebei", "jinzhong", "pingdingshan", "shandong"]


@pytest.mark.parametrize("jurisdiction", TABLED)
def test_exactly_one_answer_for_every_claim(jurisdiction):
    table = table_for(bundled_packs()[jurisdiction])
    answers = {}
    for claim in ALL_CLAIMS:
        item = table.judge(claim)  # raises PackError on a gap or a contradiction
        answers[tuple(claim.values())] = (item["valid"], item["result"]["share_type"],
                                          item["result"]["request_path"], item["result"]["open_allowed"])
    assert len(answers) == len(ALL_CLAIMS) == 1152


@pytest.mark.parametrize("jurisdiction", TABLED)
def test_unique_tables_match_exactly_once(jurisdiction):
    """Stated directly, not through the evaluator: count the matching rules."""
    table = table_for(bundled_packs()[jurisdiction])
    for rows, mode, names in ((table.paths, table.path_mode, ("share_type", "dedicated")),
                              (table.openings, table.opening_mode, ("share_type", "open_type"))):
        for values in itertools.product(*(CLASSIFICATION_INPUTS[n] for n in names)):
            point = dict(zip(names, values))
            count = sum(all(point[n] in allowed for n, allowed in row.when) for row in rows)
            assert count == 1 if mode == "unique" else count >= 1, (jurisdiction, point, count)


@pytest.mark.parametrize("jurisdiction", TABLED)
def test_every_class_is_defined(jurisdiction):
    table = table_for(bundled_packs()[jurisdiction])
    assert set(table.classes) == {"unconditional", "conditional", "not_shared"}
