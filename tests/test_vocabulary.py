"""One vocabulary: every closed list is defined once, in vocabulary.toml, and everything else is
made from it."""

from __future__ import annotations

import typing

from regkit import vocabulary
from regkit.cli import _build_parser
from regkit.comparison import TOPICS
from regkit.model import packs as model
from regkit.model.events import EVENT_ATTRIBUTES, FLAGS, Role, ShareType


def test_every_value_has_a_chinese_term_and_an_english_gloss():
    for name in vocabulary.lists():
        assert vocabulary.values(name), name
        for value, term in vocabulary.terms(name).items():
            assert term.zh.strip() and term.en.strip(), (name, value)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in term.zh), (name, value, term.zh)


def test_the_pack_model_and_the_event_models_are_made_from_it():
    for enum, name in ((model.Level, "levels"), (model.Party, "parties"), (model.TimeUnit, "units"),
                       (model.DeadlineKind, "deadline_kinds"), (model.ShareType, "share_types"),
                       (model.LegalBasis, "legal_bases"), (model.OpenType, "open_types"),
                       (model.RequestPath, "request_paths"), (model.Sanction, "sanctions")):
        assert tuple(member.value for member in enum) == vocabulary.values(name)
    assert typing.get_args(model.EscalationCondition) == vocabulary.values("escalation_conditions")
    assert FLAGS == ("serious", *vocabulary.values("exemption_grounds"))
    assert typing.get_args(ShareType) == vocabulary.values("share_types")
    assert set(typing.get_args(Role)) < set(vocabulary.values("parties"))
    assert set(EVENT_ATTRIBUTES) == vocabulary.EVENT_TYPES


def test_the_command_line_and_the_comparison_are_made_from_it():
    parser = _build_parser()
    classify = next(a for a in parser._subparsers._group_actions[0].choices["classify"]._actions
                    if a.dest == "share_type")
    assert tuple(classify.choices) == vocabulary.values("share_types")
    topics = [term.topic for term in vocabulary.terms("deadline_kinds").values()]
    assert None not in topics  # every deadline kind has its row group in `regkit compare`
    assert TOPICS == (*dict.fromkeys(topics), "classification", "liability")
