"""The calendar's year-end: the law's statutory days, check, holiday-cn and YAML exchange,
provisional ranges, info and REGKIT_SCHEDULES (issue 20; issue 14 items 7 and 8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from regkit.calendar import WorkingDayCalendar, default_calendar, load_schedule, parse_schedule
from regkit.calendar.check import check_schedule
from regkit.calendar.exchange import dump_holiday_cn, dump_yaml, library_schedule, load_holiday_cn
from regkit.calendar.info import calendar_info, render_info
from regkit.calendar.law import estimate_days_off, revision_for, statutory_days, uncertain_days
from regkit.cli import main
from regkit.errors import ScheduleError
from test_schedules import MADE_UP_2027  # a made-up 2027: 1-4 January off, Sat 16 January worked

D = date
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "calendar" / "cn-2026.yaml"
HOLIDAY_CN = ROOT / "tests" / "data" / "holiday-cn"
LIBRARY = default_calendar()
ANNOUNCED = range(2019, LIBRARY.library_through.year + 1)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _days(first: date, last: date):
    while first <= last:
        yield first
        first += timedelta(1)


# -- the law: 全国年节及纪念日放假办法 ------------------------------------------------------------


@pytest.mark.parametrize(("year", "expected"), [
    # 2024 revision (in force 2025-01-01): 春节 = 除夕 and 正月初一 to 初三. 2027: 初一 is Sat 6 Feb,
    # so 除夕 Fri 5 Feb .. 初三 Mon 8 Feb; 劳动节 5月1日、2日; 国庆节 10月1日-3日.
    (2027, {D(2027, 1, 1): "元旦", D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节",
            D(2027, 2, 8): "春节", D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节",
            D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节"}),
    # 2026: 初一 Tue 17 Feb, so 16-19 Feb; 清明 5 Apr; 端午 (五月初五) 19 Jun; 中秋 (八月十五) 25 Sep,
    # as the 2026 notice's breaks (4-6 Apr, 19-21 Jun, 25-27 Sep) show.
    (2026, {D(2026, 2, 16): "春节", D(2026, 2, 19): "春节", D(2026, 4, 5): "清明节",
            D(2026, 6, 19): "端午节", D(2026, 9, 25): "中秋节"}),
    # 2013 revision (2014-2024): 正月初一 to 初三, 劳动节 one day. 2024: 初一 Sat 10 Feb.
    (2024, {D(2024, 2, 10): "春节", D(2024, 2, 11): "春节", D(2024, 2, 12): "春节", D(2024, 5, 1): "劳动节"}),
    # 2007 revision (2008-2013): 除夕, 初一, 初二. 2010: 初一 Sun 14 Feb, 除夕 13 Feb.
    (2010, {D(2010, 2, 13): "春节", D(2010, 2, 14): "春节", D(2010, 2, 15): "春节"}),
])
def test_statutory_days_follow_the_revision_in_force(year, expected):
    days = statutory_days(year)
    for day, name in expected.items():
        assert days.get(day) == name, day
    if year >= 2025:
        assert D(year, 5, 2) in days and len(days) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3
    if year == 2024:
        assert D(2024, 2, 9) not in days and D(2024, 5, 2) not in days and len(days) == 11


def test_revisions():
    assert revision_for(2025).number == "国务院令第795号" and revision_for(2024).number == "国务院令第644号"
    assert revision_for(2013).number == "国务院令第513号" and revision_for(2007).number == "国务院令第270号"


def test_a_day_two_holidays_share_is_named_for_both():
    # 2020: 中秋 (八月十五) fell on 1 October; the names come in the law's order.
    assert statutory_days(2020)[D(2020, 10, 1)] == "中秋节、国庆节"


@pytest.mark.parametrize("year", range(2001, LIBRARY.library_through.year + 1))
def test_every_announced_year_keeps_every_statutory_day_off(year):
    assert [d for d in statutory_days(year) if LIBRARY.is_working_day(d)] == []


def test_the_estimate_is_the_law_and_equals_holidays_for_unannounced_years():
    import holidays
    for year in range(LIBRARY.library_through.year + 1, LIBRARY.last_day.year + 1):
        library = {d for d in holidays.China(years=[year]) if d.year == year}
        assert set(estimate_days_off(year)) == library, year
        assert all(LIBRARY.is_working_day(d) == (d.weekday() < 5 and d not in library)
                   for d in _days(D(year, 1, 1), D(year, 12, 31)))
    # 2027 by hand: 春节 Sat 6 and Sun 7 Feb are owed two weekdays, Tue 9 and Wed 10 Feb (第六条);
    # 劳动节 Sat 1 and Sun 2 May, Mon 3 and Tue 4 May; 国庆节 Sat 2 and Sun 3 Oct, Mon 4 and Tue 5 Oct.
    off = estimate_days_off(2027)
    assert {D(2027, 2, 9), D(2027, 2, 10), D(2027, 5, 3), D(2027, 5, 4), D(2027, 10, 4), D(2027, 10, 5)} <= off
    assert D(2027, 2, 11) not in off and D(2027, 10, 6) not in off


# The one-off holiday of the 70th anniversary of the victory (2015-09-03, 04 off; 06 worked)
# was a decision of its own, not an arrangement around a statutory holiday.
EXTRAORDINARY = {D(2015, 9, 3), D(2015, 9, 4), D(2015, 9, 6)}


@pytest.mark.parametrize("year", range(2008, LIBRARY.library_through.year + 1))
def test_the_days_a_notice_can_change_cover_every_notice_since_2008(year):
    """The reaches of `uncertain_days` are honest: each notice since 2008 changed only such days."""
    may_change = uncertain_days(year) | uncertain_days(year + 1)
    estimate = estimate_days_off(year) | estimate_days_off(year + 1)
    changed = [d for d in _days(D(year, 1, 1), D(year, 12, 31))
               if LIBRARY.is_working_day(d) != (d.weekday() < 5 and d not in estimate)]
    assert [d for d in changed if d not in may_change and d not in EXTRAORDINARY] == []


def test_uncertain_days_reach_into_the_previous_december():
    # The 2019 notice made 2018-12-29 (Sat) a working day and 2018-12-31 (Mon) a day off.
    assert {D(2018, 12, 29), D(2018, 12, 31)} <= uncertain_days(2019)
    assert not set(statutory_days(2027)) & uncertain_days(2027)


# -- round trips and holiday-cn -------------------------------------------------------------


def _same_as_library(schedule) -> list[date]:
    calendar = WorkingDayCalendar([schedule])
    first = max(D(schedule.year - 1, 12, 1), LIBRARY.first_day)
    return [d for d in _days(first, D(schedule.year, 12, 31))
            if calendar.is_working_day(d) != LIBRARY.is_working_day(d)]


@pytest.mark.parametrize("year", ANNOUNCED)
def test_round_trip_of_every_announced_year_through_yaml_and_holiday_cn(year):
    exported = library_schedule(LIBRARY, year)
    assert exported.days_off and exported.workdays is not None
    via_yaml = parse_schedule(dump_yaml(exported))
    via_json = load_holiday_cn(dump_holiday_cn(exported))
    for schedule in (via_yaml, via_json):
        assert schedule.days_off == exported.days_off and schedule.workdays == exported.workdays
        assert _same_as_library(schedule) == []
        assert WorkingDayCalendar([schedule]).differences() == {year: ()}


@pytest.mark.parametrize("year", [2019, 2020])
def test_real_holiday_cn_files_equal_the_library(year):
    path = HOLIDAY_CN / f"{year}.json"
    schedule = load_holiday_cn(path.read_text(encoding="utf-8"), str(path))
    assert len(schedule.notices) == 2  # 2019: the May Day change; 2020: the Spring Festival extension
    assert _same_as_library(schedule) == []
    if year == 2019:
        assert schedule.outside_days == {D(2018, 12, 29), D(2018, 12, 30), D(2018, 12, 31)}
        assert D(2018, 12, 29) in schedule.workdays


@pytest.mark.parametrize(("text", "fragment"), [
    ("[]", "the top level must be an object"),
    ('{"year": 2027, "papers": [], "days": [], "extra": 1}', "unknown key(s) ['extra']"),
    ('{"year": 2027, "papers": []}', "missing key(s) ['days']"),
    ('{"year": 2027, "year": 2028, "papers": [], "days": []}', "'year' appears twice"),
    ('{"year": 2027, "papers": [], "days": [{"name": "x", "date": "2027-13-01", "isOffDay": true}]}',
     "days[0].date is not a date"),
    ('{"year": 2027, "papers": [], "days": [{"name": "x", "date": "2027-01-01", "isOffDay": 1}]}',
     "days[0] must be an object"),
    ('{"year": 2027, "papers": [], "days": [{"name": "x", "date": "2027-01-08", "isOffDay": false}]}',
     "is a Friday"),
    ("{", "not JSON"),
])
def test_bad_holiday_cn_files_are_refused(text, fragment):
    with pytest.raises(ScheduleError) as info:
        load_holiday_cn(text, "bad.json")
    assert fragment in str(info.value) and "bad.json" in str(info.value)


def test_import_and_export_commands(capsys, tmp_path):
    out = tmp_path / "cn-2020.yaml"
    code, _, err = run(capsys, "calendar", "import", str(HOLIDAY_CN / "2020.json"), "--format", "holiday-cn",
                       "--out", str(out))
    assert code == 0 and "regkit calendar check" in err
    assert _same_as_library(load_schedule(out)) == []
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind
    code, out_text, _ = run(capsys, "calendar", "export", "2019", "--format", "holiday-cn")
    data = json.loads(out_text)
    assert data["year"] == 2019 and {"name": "元旦", "date": "2018-12-29", "isOffDay": False} in data["days"]
    code, out_text, _ = run(capsys, "calendar", "export", "2026")
    assert code == 0 and _same_as_library(parse_schedule(out_text)) == []
    code, _, err = run(capsys, "calendar", "export", "2027")
    assert code == 2 and "no announced schedule" in err and err.count("\n") == 1


def test_make_up_days_are_named_for_the_break_they_serve():
    # 国务院办公厅关于2026年部分节假日安排的通知: 中秋节 25-27 Sep; 国庆节 1-7 Oct, with Sun 20 Sep and
    # Sat 10 Oct worked. holidays records 6 Oct as the day off for 20 Sep, so 20 Sep serves 国庆节,
    # though 中秋节 is nearer (it was exported as 中秋节).
    exported = library_schedule(LIBRARY, 2026)
    assert dict(exported.serves)[D(2026, 9, 20)] == "国庆节"
    assert "  - 2026-09-20    # 国庆节" in dump_yaml(exported)
    named = {d["date"]: d["name"] for d in json.loads(dump_holiday_cn(exported))["days"] if not d["isOffDay"]}
    assert named == {"2026-01-04": "元旦", "2026-02-14": "春节", "2026-02-28": "春节", "2026-05-09": "劳动节",
                     "2026-09-20": "国庆节", "2026-10-10": "国庆节"}
    # 2019: the library's names of the make-up days are the real holiday-cn file's
    real = json.loads((HOLIDAY_CN / "2019.json").read_text(encoding="utf-8"))["days"]
    mine = json.loads(dump_holiday_cn(library_schedule(LIBRARY, 2019)))["days"]
    assert [(d["date"], d["name"]) for d in mine if not d["isOffDay"]] == \
        [(d["date"], d["name"]) for d in real if not d["isOffDay"]]
    # 2020: 1 Oct is 中秋节 and 国庆节 at once; the break is named once each (was 中秋节、国庆节、国庆节)
    assert [b.name for b in library_schedule(LIBRARY, 2020).breaks if b.first == D(2020, 10, 1)] == ["中秋节、国庆节"]
    # an imported holiday-cn file keeps its own names for its make-up days
    imported = load_holiday_cn((HOLIDAY_CN / "2020.json").read_text(encoding="utf-8"))
    assert "  - 2020-09-27    # 国庆节、中秋节" in dump_yaml(imported)


def test_import_never_writes_over_its_input(capsys, tmp_path):
    source = tmp_path / "2019.json"
    source.write_bytes((HOLIDAY_CN / "2019.json").read_bytes())
    before = source.read_bytes()
    code, _, err = run(capsys, "calendar", "import", str(source), "--out", str(tmp_path / "." / "2019.json"))
    assert code == 2 and "the output is the input" in err and source.read_bytes() == before


# -- the schedule format: several notices, the previous December --------------------------------

TWO_NOTICES = (ROOT / "examples" / "calendar" / "cn-2020.yaml").read_text(encoding="utf-8")


def test_a_year_of_two_notices_matches_the_library_and_its_unbalanced_extension_is_a_note():
    schedule = parse_schedule(TWO_NOTICES)
    assert [n.number for n in schedule.notices] == ["国办发明电〔2019〕16号", "国办发明电〔2020〕1号"]
    assert schedule.notice.issued == D(2019, 11, 21)
    assert _same_as_library(schedule) == []
    findings = check_schedule(schedule, WorkingDayCalendar([schedule]))
    # the extension gave 31 Jan (Fri) off without a make-up day: noted, not a problem
    assert [f.problem for f in findings] == [False] and "several notices" in str(findings[0])
    receipt = WorkingDayCalendar([schedule]).receipt()["schedules"][0]
    assert [n["number"] for n in receipt["notices"]] == ["国办发明电〔2019〕16号", "国办发明电〔2020〕1号"]


def test_notices_out_of_order_are_refused():
    text = TWO_NOTICES.replace("issued: 2020-01-26", "issued: 2019-01-26")
    with pytest.raises(ScheduleError, match=r"notices\[1\]\.issued.*order issued"):
        parse_schedule(text)


def test_a_day_of_the_previous_december_is_the_notices_and_other_days_outside_are_refused():
    text = MADE_UP_2027.replace("workdays:\n  - 2027-01-16", "workdays:\n  - 2026-12-26\n  - 2027-01-16")
    calendar = WorkingDayCalendar([parse_schedule(text)])
    assert calendar.is_working_day(D(2026, 12, 26)) and not LIBRARY.is_working_day(D(2026, 12, 26))
    with pytest.raises(ScheduleError, match="not in the schedule's year 2027"):
        parse_schedule(text.replace("2026-12-26", "2026-11-28"))


def test_december_days_a_schedule_does_not_list_are_left_to_the_next_notice():
    # The library's 2019 notice changed 2018-12-29..31; a 2018 schedule that says nothing of
    # them leaves them as that notice has them.
    schedule_2018 = library_schedule(LIBRARY, 2018)
    assert not {d for d in schedule_2018.days_off | schedule_2018.workdays if d.month == 12 and d.year == 2018}
    calendar = WorkingDayCalendar([parse_schedule(dump_yaml(schedule_2018))])
    assert calendar.is_working_day(D(2018, 12, 29)) and not calendar.is_working_day(D(2018, 12, 31))


# -- check --------------------------------------------------------------------------------------


def _write(tmp_path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_passes_the_real_2026_schedule(capsys):
    assert run(capsys, "calendar", "check", str(EXAMPLE)) == (
        0, f"{EXAMPLE}: 2026 agrees with the law and the library\n", "")


def test_check_finds_a_missing_statutory_day(capsys, tmp_path):
    # 春节 2026: 初一 is Tue 17 Feb; leave it out of the break.
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "{name: 春节, from: 2026-02-15, to: 2026-02-23, days: 9}",
        "{from: 2026-02-15, to: 2026-02-16}\n  - {from: 2026-02-18, to: 2026-02-23}")
    code, out, err = run(capsys, "calendar", "check", str(_write(tmp_path, text)))
    assert code == 1 and err.endswith("problem(s)\n")
    assert "2026-02-17: 春节 is a statutory holiday under 全国年节及纪念日放假办法（2024年修订）" in out
    assert "2026-02-17: the library (holidays" in out


def test_check_finds_a_make_up_day_on_a_weekday(capsys, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("  - 2026-10-10", "  - 2026-10-09")
    code, out, _ = run(capsys, "calendar", "check", str(_write(tmp_path, text)))
    assert code == 1 and "2026-10-09 is a Friday; a make-up workday is a Saturday or Sunday" in out


def test_check_finds_a_wrong_count(capsys, tmp_path):
    # 国庆节 2026: 1 to 7 October is 7 days; the transcription says 8.
    text = EXAMPLE.read_text(encoding="utf-8").replace("to: 2026-10-07, days: 7}", "to: 2026-10-07, days: 8}")
    code, out, _ = run(capsys, "calendar", "check", str(_write(tmp_path, text)))
    assert code == 1
    assert out.strip() == f"{tmp_path / 's.yaml'}: 2026-10-01: 国庆节 from 2026-10-01 to 2026-10-07 is 7 days, " \
                          "but the notice's count is 8"


def test_check_finds_a_forgotten_make_up_day_and_names_the_difference(capsys, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("  - 2026-10-10", "")
    code, out, _ = run(capsys, "calendar", "check", str(_write(tmp_path, text)))
    assert code == 1
    # 2026 by hand. Weekdays off beyond the statutory days: Jan 2, Feb 20, Feb 23, Apr 6, May 4,
    # May 5, Oct 5, 6, 7 = 9. Statutory days on a weekend: 清明 Sun 5 Apr, 劳动节 Sat 2 May, 国庆节
    # Sat 3 Oct = 3 owed. With the six make-up days 3 + 6 = 9 balances; without Oct 10, 3 + 5 = 8.
    assert ("the 调休 does not balance: 9 weekday(s) off beyond the statutory holidays, but 3 owed for "
            "statutory holidays on a weekend or on another holiday") in out
    assert "and 5 make-up working day(s) make 8: a make-up working day is missing" in out
    assert "2026-10-10: the library (holidays" in out and "has a working day, the schedule a day off" in out


def test_check_of_an_unreadable_file_is_refused(capsys, tmp_path):
    code, out, err = run(capsys, "calendar", "check", str(tmp_path / "none.yaml"))
    assert code == 2 and out == "" and "cannot read" in err and err.count("\n") == 1


# -- issue 14 item 7: a schedule that contradicts announced data warns ---------------------------


def test_a_schedule_contradicting_the_library_warns_and_is_followed(capsys, tmp_path):
    wrong = _write(tmp_path, EXAMPLE.read_text(encoding="utf-8").replace("  - 2026-10-10", ""), "wrong.yaml")
    code, out, err = run(capsys, "calendar", "add", "2026-09-28", "10", "--schedule", str(wrong))
    # The file is followed: Oct 10-11 off, so Oct 12..16 = 5..9 and Mon Oct 19 = 10.
    assert (code, out) == (0, "2026-10-19\n")
    assert err == (f"regkit: warning: {wrong}: the 2026 schedule differs from the announced data of holidays "
                   f"{LIBRARY.holidays_version} on 2026-10-10 (day off); answers follow the schedule\n")
    history = _write(tmp_path, "jurisdiction: cn\nas_of: 2026-10-01\nevents:\n"
                               "  - {type: catalog.change, date: 2026-09-28}\n", "h.yaml")
    code, out, err = run(capsys, "evaluate", str(history), "--schedule", str(wrong), "--format", "json")
    result = json.loads(out)
    assert code == 0 and "2026-10-10 (day off)" in err
    assert result["deadlines"][0]["due"] == "2026-10-19"
    assert result["receipt"]["calendar"]["schedules"][0]["differs_from_library"] == ["2026-10-10"]


def test_in_python_a_contradicting_schedule_gives_a_schedule_warning(tmp_path):
    from regkit.calendar import ScheduleWarning
    wrong = _write(tmp_path, EXAMPLE.read_text(encoding="utf-8").replace("  - 2026-10-10", ""), "wrong.yaml")
    with pytest.warns(ScheduleWarning, match=r"wrong\.yaml: the 2026 schedule differs .* on 2026-10-10; answers"):
        calendar = WorkingDayCalendar([load_schedule(wrong)])
    assert calendar.differences() == {2026: (D(2026, 10, 10),)}
    assert calendar.add_working_days(D(2026, 9, 28), 10) == D(2026, 10, 19)


def test_a_schedule_equal_to_the_library_does_not_warn(capsys):
    assert run(capsys, "calendar", "add", "2026-09-28", "10", "--schedule", str(EXAMPLE)) == (0, "2026-10-16\n", "")


# -- provisional answers and their range ------------------------------------------------------


def test_provisional_add_shows_the_range(capsys):
    # Estimate: Dec 29, 30, 31 = 1..3, Jan 1 off (元旦), Jan 4..8 = 4..8, Jan 11 = 9, Jan 12 = 10.
    # The days a notice can change near 元旦 2027 (Fri): weekdays Dec 28-31 and Jan 4-6 (within 5
    # days), weekend days Dec 26-27, Jan 2-3 and Jan 9-10 (within 10).
    # Earliest, all of them working: Dec 29-31 = 1..3, Jan 2, 3 = 4, 5, Jan 4..8 = 6..10 -> Jan 8.
    # Latest, all of them off: Jan 7 = 1, Jan 8 = 2, Jan 11..15 = 3..7, Jan 18, 19, 20 = 8..10 -> Jan 20.
    code, out, err = run(capsys, "calendar", "add", "2026-12-28", "10")
    assert code == 0
    assert out == "2027-01-12 provisional: between 2027-01-08 and 2027-01-20 once the notice is out\n"
    assert "provisional" in err
    code, out, _ = run(capsys, "calendar", "add", "2026-12-28", "10", "--format", "json")
    assert json.loads(out) == {"start": "2026-12-28", "n": 10, "date": "2027-01-12", "provisional": True,
                               "earliest": "2027-01-08", "latest": "2027-01-20", "official_through": "2026-12-31"}
    code, out, _ = run(capsys, "calendar", "add", "2026-09-28", "10", "--format", "json")
    assert json.loads(out)["provisional"] is False and json.loads(out)["earliest"] is None
    code, out, err = run(capsys, "calendar", "add", "2026-12-28", "10", "--strict")
    assert code == 2 and out == "" and "2027-01-01" in err


def test_an_evaluation_into_2027_carries_the_range(capsys, tmp_path):
    history = _write(tmp_path, "jurisdiction: cn\nas_of: 2026-12-30\nevents:\n"
                               "  - {type: catalog.change, date: 2026-12-28}\n", "h.yaml")
    code, out, _ = run(capsys, "evaluate", str(history), "--format", "json")
    entry = json.loads(out)["deadlines"][0]
    # 10 working days from 2026-12-28 (Decree 809 art. 17): as worked out above.
    assert (entry["due"], entry["provisional"]) == ("2027-01-12", True)
    assert entry["provisional_range"] == {"earliest": "2027-01-08", "latest": "2027-01-20"}
    assert "from 2027-01-08 to 2027-01-20" in json.loads(out)["warnings"][0]["message"]


def test_an_official_answer_has_no_range():
    assert LIBRARY.provisional_range(D(2026, 9, 28), 10) is None
    assert LIBRARY.provisional_range(D(2027, 3, 1), 0) is None


def test_strict_calendar_still_gives_the_range():
    strict = WorkingDayCalendar(strict=True)
    assert strict.provisional_range(D(2026, 12, 28), 10) == (D(2027, 1, 8), D(2027, 1, 20))


# -- info -----------------------------------------------------------------------------------


def test_info_before_november_has_no_reminder():
    info = calendar_info(LIBRARY, D(2026, 10, 31))
    assert info["reminder"] is None and info["last_announced_year"] == 2026
    assert info["sources"][0] == {"years": [2001, 2026], "source": "holidays",
                                  "holidays_version": LIBRARY.holidays_version}
    assert info["sources"][1]["source"] == "estimate" and "795号" in info["sources"][1]["law"]


def test_info_from_november_reminds_and_says_how(capsys):
    info = calendar_info(LIBRARY, D(2026, 11, 1))
    assert "2027" in info["reminder"] and "regkit calendar check" in info["reminder"]
    assert "REGKIT_SCHEDULES" in info["reminder"]
    code, out, _ = run(capsys, "calendar", "info", "--today", "2026-12-15")
    assert code == 0 and "last announced year: 2026" in out and "reminder:" in out


def test_info_with_next_years_schedule_names_it_and_does_not_remind(tmp_path):
    calendar = WorkingDayCalendar([load_schedule(_write(tmp_path, MADE_UP_2027, "cn-2027.yaml"))])
    info = calendar_info(calendar, D(2026, 11, 20))
    assert info["reminder"] is None and info["last_announced_year"] == 2027
    text = render_info(info)
    assert "2027: announced, from the schedule" in text and "虚构的2027年部分节假日安排（测试用）, issued 2026-11-01" in text


def test_the_documented_calendar_schedule_form_works(capsys):
    # docs/calendar.md: `regkit calendar --schedule FILE` (issue 14 item 8)
    code, out, _ = run(capsys, "calendar", "--schedule", str(EXAMPLE))
    assert code == 0 and "2026: announced, from the schedule" in out


def test_regkit_schedules_environment(tmp_path):
    made_up = _write(tmp_path, MADE_UP_2027, "cn-2027.yaml")
    env = {**os.environ, "REGKIT_SCHEDULES": str(made_up)}
    done = subprocess.run([sys.executable, "-m", "regkit", "calendar", "add", "2026-12-28", "10"],
                          capture_output=True, text=True, env=env)
    # The made-up 2027: Dec 29-31 = 1..3, Jan 1-4 off, Jan 5..8 = 4..7, Jan 11, 12, 13 = 8..10.
    assert (done.returncode, done.stdout, done.stderr) == (0, "2027-01-13\n", "")
    env["REGKIT_SCHEDULES"] = str(tmp_path / "missing.yaml")
    done = subprocess.run([sys.executable, "-m", "regkit", "calendar", "add", "2026-12-28", "10"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "missing.yaml" in done.stderr and done.stderr.count("\n") == 1


def test_check_of_next_year_applies_the_current_law(capsys, tmp_path):
    # The made-up 2027 lists only 1-4 January: every other statutory day of the 2024 revision
    # that falls on a weekday is a working day in it (除夕 Fri 5 Feb, 初三 Mon 8 Feb, 清明 Mon
    # 5 Apr, 端午 Wed 9 Jun, 国庆 Fri 1 Oct; 劳动节 Sat 1 and Sun 2 May are off as weekend days,
    # and what they are owed shows in the balance). The library has no 2027 to compare with.
    code, out, _ = run(capsys, "calendar", "check", str(_write(tmp_path, MADE_UP_2027, "cn-2027.yaml")))
    assert code == 1
    for day, name in [("2027-02-05", "春节"), ("2027-02-08", "春节"), ("2027-04-05", "清明节"),
                      ("2027-06-09", "端午节"), ("2027-10-01", "国庆节")]:
        assert f"{day}: {name} is a statutory holiday under 全国年节及纪念日放假办法（2024年修订）（国务院令第795号）" in out
    assert "the library" not in out and "2027-05-01: 劳动节" not in out
    # Jan 4 is the one weekday off; owed are Feb 6-7, May 1-2 and Oct 2-3; one make-up day (Jan 16)
    assert ("1 weekday(s) off beyond the statutory holidays, but 6 owed for statutory holidays on a weekend "
            "or on another holiday") in out and "and 1 make-up working day(s) make 7: a day off is missing" in out


def test_info_as_json(capsys):
    code, out, _ = run(capsys, "calendar", "info", "--format", "json", "--today", "2026-10-01")
    info = json.loads(out)
    assert code == 0 and info["reminder"] is None and info["today"] == "2026-10-01"
    assert info["receipt"]["official_through"] == "2026-12-31"


def test_text_from_a_schedule_reaches_the_terminal_escaped(capsys, tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "{name: 国庆节, from: 2026-10-01, to: 2026-10-07, days: 7}",
        '{name: "\\e]0;owned\\a国庆节", from: 2026-10-01, to: 2026-10-07, days: 8}').replace(
        "title: 国务院办公厅关于2026年部分节假日安排的通知", 'title: "\\e[31m通知"')
    path = _write(tmp_path, text)
    code, out, _ = run(capsys, "calendar", "check", str(path))
    assert code == 1 and "\x1b" not in out and "\x07" not in out and "国庆节 from 2026-10-01" in out
    code, out, _ = run(capsys, "calendar", "info", "--schedule", str(path), "--today", "2026-10-01")
    assert code == 0 and "\x1b" not in out and "通知" in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_export_to_a_full_device_is_one_line_and_leaves_the_device(capsys):
    import stat
    code, out, err = run(capsys, "calendar", "export", "2026", "--out", "/dev/full")
    assert code == 2 and err == "regkit: error: cannot write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # written in place, never renamed over
