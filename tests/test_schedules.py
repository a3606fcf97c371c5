"""User holiday-schedule files: the shipped 2026 example, a made-up 2027, and the loader's errors."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from regkit.calendar import WorkingDayCalendar, default_calendar, load_schedule, parse_schedule
from regkit.errors import ProvisionalDateError, ScheduleError

D = date
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "calendar" / "cn-2026.yaml"


def _days(year: int):
    day = D(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(1)


# -- the shipped 2026 schedule --------------------------------------------------------------


def test_example_2026_reproduces_the_library_day_by_day():
    schedule = load_schedule(EXAMPLE)
    assert schedule.year == 2026
    assert schedule.notice.issued == D(2025, 11, 4) and schedule.notice.number is None
    with_file, library = WorkingDayCalendar([schedule]), default_calendar()
    differing = [d for d in _days(2026) if with_file.is_working_day(d) != library.is_working_day(d)]
    assert not differing, differing
    # and counting across the year boundaries gives the same answers
    for start in (D(2025, 12, 1), D(2026, 6, 1), D(2026, 12, 1)):
        for n in (-40, -1, 1, 25, 40):
            assert with_file.add_working_days(start, n) == library.add_working_days(start, n)


def test_example_2026_matches_the_notice_itself():
    # Independent of holidays: the notice's blocks and make-up days, as written in the task.
    schedule = load_schedule(EXAMPLE)
    blocks = [((1, 1), (1, 3)), ((2, 15), (2, 23)), ((4, 4), (4, 6)), ((5, 1), (5, 5)),
              ((6, 19), (6, 21)), ((9, 25), (9, 27)), ((10, 1), (10, 7))]
    off = {D(2026, *a) + timedelta(k) for a, b in blocks for k in range((D(2026, *b) - D(2026, *a)).days + 1)}
    assert schedule.days_off == off
    assert schedule.workdays == {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9),
                                 D(2026, 9, 20), D(2026, 10, 10)}


def test_a_wrong_2026_schedule_is_noticed(tmp_path):
    # The comparison above can fail: drop the Oct 10 make-up Saturday and 2026 differs.
    text = EXAMPLE.read_text(encoding="utf-8").replace("  - 2026-10-10", "")
    path = tmp_path / "wrong.yaml"
    path.write_text(text, encoding="utf-8")
    from regkit.calendar import ScheduleWarning
    with pytest.warns(ScheduleWarning, match="2026-10-10"):
        wrong = WorkingDayCalendar([load_schedule(path)])
    assert wrong.is_working_day(D(2026, 10, 10)) is False
    # Sep 29=1, Sep 30=2, Oct 1-7 off, Oct 8=3, Oct 9=4, Oct 10-11 now off, Oct 12..16 = 5..9, Oct 19 (Mon)=10.
    assert wrong.add_working_days(D(2026, 9, 28), 10) == D(2026, 10, 19)


# -- a made-up 2027 -------------------------------------------------------------------------

MADE_UP_2027 = """\
year: 2027
notice:
  title: 虚构的2027年部分节假日安排（测试用）
  number: null
  issued: 2026-11-01
days_off:
  - {from: 2027-01-01, to: 2027-01-04}
workdays:
  - 2027-01-16
"""


@pytest.fixture
def made_up_2027(tmp_path) -> Path:
    path = tmp_path / "cn-2027.yaml"
    path.write_text(MADE_UP_2027, encoding="utf-8")
    return path


def test_loading_2027_makes_it_official_and_changes_answers(made_up_2027):
    library = default_calendar()
    if library.official_through >= D(2027, 12, 31):
        pytest.skip("the installed holidays already announces 2027")
    calendar = WorkingDayCalendar([load_schedule(made_up_2027)])
    assert calendar.official_through == D(2027, 12, 31)
    assert calendar.last_day == D(2037, 12, 31)
    start = D(2026, 12, 28)
    # library: 2027-01-12 and provisional. Made-up 2027: Dec 29=1, 30=2, 31=3, Jan 1-4 off,
    # Jan 5..8 = 4..7, Jan 11=8, Jan 12=9, Jan 13=10.
    assert library.provisional_dates(start, library.add_working_days(start, 10)) is not None
    due = calendar.add_working_days(start, 10)
    assert due == D(2027, 1, 13)
    assert calendar.provisional_dates(start, due) is None
    assert calendar.is_working_day(D(2027, 1, 4)) is False and library.is_working_day(D(2027, 1, 4)) is True
    assert calendar.is_working_day(D(2027, 1, 16)) is True and library.is_working_day(D(2027, 1, 16)) is False
    # the schedule is the whole truth for its year: holidays' estimated Spring Festival is gone
    assert calendar.is_working_day(D(2027, 2, 8)) is True and library.is_working_day(D(2027, 2, 8)) is False
    # strict mode now answers for 2027, and refuses 2028
    strict = WorkingDayCalendar([load_schedule(made_up_2027)], strict=True)
    assert strict.add_working_days(start, 10) == D(2027, 1, 13)
    with pytest.raises(ProvisionalDateError) as info:
        strict.add_working_days(D(2027, 12, 28), 10)
    assert info.value.first == D(2028, 1, 1)


def test_receipt_names_the_loaded_file(made_up_2027):
    calendar = WorkingDayCalendar([load_schedule(made_up_2027)])
    receipt = calendar.receipt()
    assert receipt["official_through"] == "2027-12-31"
    assert receipt["provisional"] == [["2028-01-01", "2037-12-31"]]
    notice = {"issued": "2026-11-01", "number": None, "source": None, "title": "虚构的2027年部分节假日安排（测试用）"}
    assert receipt["schedules"] == [{
        "differs_from_library": [],  # the library has no 2027 to differ from
        "notice": notice,
        "notices": [notice],
        "sha256": hashlib.sha256(made_up_2027.read_bytes()).hexdigest(),
        "year": 2027,
    }]


def test_a_later_year_alone_leaves_the_gap_provisional(tmp_path):
    path = tmp_path / "cn-2028.yaml"
    path.write_text(MADE_UP_2027.replace("2027", "2028").replace("2028-01-16", "2028-01-15"),
                    encoding="utf-8")
    calendar = WorkingDayCalendar([load_schedule(path)])
    if default_calendar().official_through != D(2026, 12, 31):
        pytest.skip("assumes holidays announces through 2026")
    assert calendar.official_through == D(2026, 12, 31)
    assert calendar.provisional_dates(D(2028, 1, 1), D(2028, 12, 31)) is None
    assert calendar.provisional_dates(D(2027, 6, 1), D(2028, 6, 1)) == (D(2027, 6, 1), D(2027, 12, 31))
    assert calendar.receipt()["provisional"] == [["2027-01-01", "2027-12-31"], ["2029-01-01", "2036-12-31"]]


def test_two_schedules_for_one_year_are_refused(made_up_2027, tmp_path):
    copy = tmp_path / "again.yaml"
    copy.write_text(MADE_UP_2027, encoding="utf-8")
    with pytest.raises(ScheduleError, match=r"again\.yaml:1 \[year\]: a second schedule for 2027 "
                                            r"\(the first is .*cn-2027\.yaml:1\)"):
        WorkingDayCalendar([load_schedule(made_up_2027), load_schedule(copy)])


def test_schedules_must_be_schedule_objects():
    with pytest.raises(TypeError, match="Schedule"):
        WorkingDayCalendar([{"year": 2027}])


def test_a_year_before_2001_is_refused():
    text = MADE_UP_2027.replace("2027", "2000").replace("2000-01-16", "2000-01-15")
    with pytest.raises(ScheduleError, match="before the calendar's first year"):
        WorkingDayCalendar([parse_schedule(text)])


def test_a_year_far_past_the_announced_ones_is_refused():
    text = MADE_UP_2027.replace("2027", "2045").replace("2045-01-16", "2045-01-14")
    with pytest.raises(ScheduleError, match=r"<string>:1 \[year\]: year 2045 is more than 10 years past"):
        WorkingDayCalendar([parse_schedule(text)])


# -- loader errors: each names file, line and field ------------------------------------------


def _error(tmp_path, text: str) -> ScheduleError:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScheduleError) as info:
        load_schedule(path)
    assert info.value.file == str(path)
    return info.value


BAD = [
    # (description, replace this, with this, line, field, message fragment)
    ("date outside the year", "2027-01-04}", "2028-01-04}", 7, "days_off[0].to", "not in the schedule's year 2027"),
    ("workday on a weekday", "  - 2027-01-16", "  - 2027-01-15", 9, "workdays[0]", "is a Friday"),
    ("both off and workday", "  - 2027-01-16", "  - 2027-01-02", 9, "workdays[0]", "also a day off (line 7)"),
    ("range backwards", "{from: 2027-01-01, to: 2027-01-04}", "{from: 2027-01-04, to: 2027-01-01}", 7,
     "days_off[0]", "runs backwards"),
    ("misspelt top key", "workdays:", "workday:", 8, "workday", "did you mean 'workdays'?"),
    ("misspelt notice key", "  title:", "  titel:", 3, "notice.titel", "did you mean 'title'?"),
    ("misspelt range key", "{from: 2027-01-01,", "{form: 2027-01-01,", 7, "days_off[0].form", "did you mean 'from'?"),
    ("unrelated key", "year: 2027", "year: 2027\ncomment: hi", 2, "comment", "allowed: year, notice"),
    ("missing workdays", "workdays:\n  - 2027-01-16\n", "", 1, None, "missing the key 'workdays'"),
    ("quoted date", "  - 2027-01-16", "  - '2027-01-16'", 9, "workdays[0]", "YYYY-MM-DD (unquoted)"),
    ("datetime", "  - 2027-01-16", "  - 2027-01-16 09:00:00", 9, "workdays[0]", "expected a date"),
    ("day listed twice", "  - 2027-01-16", "  - 2027-01-16\n  - 2027-01-16", 10, "workdays[1]",
     "listed twice in workdays (also on line 9)"),
    ("day twice in days_off", "to: 2027-01-04}", "to: 2027-01-04}\n  - 2027-01-03", 8, "days_off[1]",
     "listed twice in days_off (also on line 7)"),
    ("year not a number", "year: 2027", "year: '2027'", 1, "year", "whole number"),
    ("empty title", "title: 虚构的2027年部分节假日安排（测试用）", "title: ''", 3, "notice.title", "non-empty"),
    ("number not text", "number: null", "number: 12", 4, "notice.number", "text, or null"),
    ("days_off not a list", "days_off:\n  - {from: 2027-01-01, to: 2027-01-04}", "days_off: 2027-01-01", 6,
     "days_off", "must be a list"),
    ("duplicate key", "year: 2027", "year: 2027\nyear: 2027", 2, None, "duplicate key 'year'"),
    ("impossible date", "  - 2027-01-16", "  - 2027-02-30", 9, None, "impossible date"),
    ("python tag", "number: null", "number: !!python/object/apply:os.system ['true']", 4, None, "not allowed"),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "fragment"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])
def test_loader_errors_name_file_line_and_field(tmp_path, old, new, line, field, fragment):
    assert old in MADE_UP_2027
    err = _error(tmp_path, MADE_UP_2027.replace(old, new))
    assert err.line == line, str(err)
    assert err.field == field, str(err)
    assert fragment in str(err)
    assert f"s.yaml:{line}" in str(err)


def test_not_a_mapping(tmp_path):
    err = _error(tmp_path, "- 2027-01-01\n")
    assert "a schedule must be a mapping" in str(err)


def test_missing_file(tmp_path):
    with pytest.raises(ScheduleError, match="cannot read"):
        load_schedule(tmp_path / "nope.yaml")


def test_weekend_days_may_be_listed_off_and_parse_schedule_hashes_text():
    schedule = parse_schedule(MADE_UP_2027)
    assert D(2027, 1, 2) in schedule.days_off  # a Saturday inside the block: simply off
    assert schedule.sha256 == hashlib.sha256(MADE_UP_2027.encode()).hexdigest()
    assert schedule.source == "<string>" and schedule.line == 1


def test_empty_workdays_are_allowed():
    schedule = parse_schedule(MADE_UP_2027.replace("workdays:\n  - 2027-01-16\n", "workdays: []\n"))
    assert schedule.workdays == frozenset()
