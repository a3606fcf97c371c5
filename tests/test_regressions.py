"""Bugs found by the property and fuzz tests, each pinned by a case worked out by hand."""

from __future__ import annotations

import pytest

from engine_helpers import ev, only, run
from regkit import HistoryError


def test_done_on_a_day_off_after_the_due_date_is_late_by_one_working_day():
    # catalog.change Fri 2025-08-01 + 10 wd (no holiday in August 2025): Aug 4..8 = 1..5,
    # Aug 11..15 = 6..10 -> due Fri 2025-08-15. Updated Sat Aug 16: late. Before the fix late_by
    # was 0 (no working day in (Aug 15, Aug 16]); the update would have needed the period to run
    # to Mon Aug 18, one more working day -> late_by 1, as for an update on Mon Aug 18 itself.
    for done in ("2025-08-16", "2025-08-17", "2025-08-18"):
        d = only(run([ev("catalog.change", "2025-08-01"), ev("catalog.updated", done)]), "cn.catalog_update")
        assert (d["due"], d["status"], d["late_by"]) == ("2025-08-15", "late", 1)
    # still not updated as of Sat Aug 16: overdue, and by 1 (Aug 16 counts as Mon Aug 18), not 0.
    d = only(run([ev("catalog.change", "2025-08-01")], as_of="2025-08-16"), "cn.catalog_update")
    assert (d["status"], d["late_by"]) == ("overdue", 1)


@pytest.mark.parametrize("amount", [-1, 0])
def test_a_grant_cannot_shorten_the_period(amount):
    # Before the fix, amount -1 moved cn.catalog_update's due date one working day earlier.
    with pytest.raises(HistoryError, match=r"event 1 \(catalog.extension_granted\): amount"):
        run([ev("catalog.change", "2025-08-01"), ev("catalog.extension_granted", "2025-08-05", amount=amount)])


@pytest.mark.parametrize("events", [5, None])
def test_events_that_are_not_a_list_are_a_history_error(events):
    # found by test_fuzz: parse_events let a TypeError escape
    with pytest.raises(HistoryError, match="events must be a list of events, not"):
        run(events)


@pytest.mark.parametrize("jurisdiction", [5, None, ["cn"]])
def test_a_jurisdiction_that_is_not_an_id_is_unknown(jurisdiction):
    # found by test_fuzz: difflib and the dict look-up raised TypeError
    from regkit import UnknownJurisdiction
    with pytest.raises(UnknownJurisdiction, match="a jurisdiction is an id such as 'hebei'"):
        run([], jurisdiction=jurisdiction)


def test_a_newline_in_a_key_or_an_argument_keeps_the_error_on_one_line(capsys, write):
    # found by test_fuzz (thorough profile): keys, file names and argparse's echo of an
    # argument are user text; a newline in them split the one-line error
    from regkit.cli import main
    path = write("h.yaml", '"a\\nb": 1\nevents: []\n')
    assert main(["evaluate", str(path), "--jurisdiction", "cn"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[a\\nb]: unknown key 'a\\nb'" in err
    for argv in (["evaluate", "no\nsuch.yaml"], ["evaluate", "x.yaml", "\n"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "\\n" in err, err


def test_a_file_name_with_a_nul_byte_is_a_clear_error(capsys):
    # found by the thorough fuzz profile: open() raises ValueError, not OSError, for it
    from regkit.cli import main
    assert main(["evaluate", "\x00"]) == 2
    assert "NUL byte" in capsys.readouterr().err
