"""The agenda: binding duties overdue or due within N working days, across histories, worked by
hand; the iCalendar form parsed back by the `icalendar` library."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest

from regkit.upcoming import agenda
from regkit.cli import main
from regkit.history import load_history
from regkit.render.ical import agenda_ics

A = """jurisdiction: hebei
as_of: 2026-11-20
events:
  - {type: request.submitted, date: 2026-11-16, subject: req-a, share_type: unconditional}
"""
B = """jurisdiction: cn
as_of: 2026-11-20
events:
  - {type: catalog.change, date: 2026-11-13, subject: cat-b}
"""
# By hand, as of Fri 2026-11-20 (no holidays in November 2026):
# A, an unconditional request submitted Mon 16 Nov in Hebei:
#   hebei art. 15 para. 2 has the authority supply it within 3 working days -> Thu 19 Nov,
#   overdue, left -1 (20 Nov). The provider never receives such a request there, so the
#   national 1-working-day reply (cn art. 21) does not fall on it (hebei art. 15 para. 2).
# B, catalog changed Fri 13 Nov: cn art. 17, 10 working days: 16..20 Nov = 1..5,
#   23..27 Nov = 6..10 -> Fri 27 Nov, pending, 5 working days left (23..27 Nov).
EXPECTED = [("2026-11-19", "overdue", -1, "authority", "req-a", "hebei.request_delivery_unconditional"),
            ("2026-11-27", "pending", 5, "department", "cat-b", "cn.catalog_update")]


@pytest.fixture
def histories(tmp_path: Path) -> list[Path]:
    (tmp_path / "a.yaml").write_text(A, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(B, encoding="utf-8")
    return [tmp_path / "b.yaml", tmp_path / "a.yaml"]


def _rows(found):
    return [(i["due"], i["status"], i["working_days_left"], i["party"], i["subject"], i["rule"])
            for i in found["items"]]


def test_the_agenda_of_two_histories_by_due_date(histories):
    found = agenda([load_history(p) for p in histories], within=5)
    assert found["as_of"] == "2026-11-20" and _rows(found) == EXPECTED
    # four working days ahead leave out the catalog update due in five
    assert _rows(agenda([load_history(p) for p in histories], within=4)) == EXPECTED[:1]
    # a week later everything is overdue: 27 Nov to 4 Dec is 5 working days (30 Nov .. 4 Dec)
    later = agenda([load_history(p) for p in histories], within=0, as_of=date(2026, 12, 4))
    assert [(i["rule"], i["working_days_left"]) for i in later["items"]] == [
        ("hebei.request_delivery_unconditional", -11), ("cn.catalog_update", -5)]


def test_overdue_before_a_working_day_has_passed_is_not_due_today(tmp_path):
    # Hebei art. 15 para. 2: an unconditional request is supplied within 3 working days. Submitted
    # Tue 17 Nov 2026: 18, 19, 20 Nov -> due Fri 20 Nov. Judged on Sun 22 Nov it is overdue, and
    # (20 Nov, 22 Nov] holds no working day: 0 working days since the due date, shown as overdue
    # by less than a working day (it used to read 今日到期, due today). On Mon 23 Nov: 1.
    from regkit.render.text import render_agenda
    path = tmp_path / "a.yaml"
    path.write_text(A.replace("2026-11-16", "2026-11-17"), encoding="utf-8")
    history = load_history(path)
    for day, left, shown in ((date(2026, 11, 22), 0, "已逾期，不足1个工作日"), (date(2026, 11, 23), -1, "逾期1个工作日")):
        found = agenda([history], within=0, as_of=day)
        assert [(i["due"], i["status"], i["working_days_left"]) for i in found["items"]] == \
            [("2026-11-20", "overdue", left)]
        text = render_agenda(found, lang="zh")
        assert shown in text and "今日到期" not in text, text
    # a duty due on the day judged is due today
    found = agenda([history], within=0, as_of=date(2026, 11, 20))
    assert [(i["status"], i["working_days_left"]) for i in found["items"]] == [("pending", 0)]
    assert "今日到期" in render_agenda(found, lang="zh")


def test_the_ics_parses_back_with_stable_uids(histories):
    found = agenda([load_history(p) for p in histories], within=5)
    text = agenda_ics(found, lang="zh")
    assert text.endswith("\r\n") and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == [date(2026, 11, 19), date(2026, 11, 27)]
    assert [e.decoded("DTEND") for e in events] == [date(2026, 11, 20), date(2026, 11, 28)]
    assert str(events[0]["SUMMARY"]) == "【逾期未办】政务数据共享主管部门：共享数据提供（req-a）"
    assert "《河北省政务数据共享应用管理办法》第十五条第二款" in str(events[0]["DESCRIPTION"])
    assert all(len(list(e.walk("VALARM"))) == 1 for e in events)
    # the same duties judged a week later keep their UIDs: a calendar updates, not duplicates
    later = agenda([load_history(p) for p in histories], within=0, as_of=date(2026, 12, 4))
    later_events = list(icalendar.Calendar.from_ical(agenda_ics(later, lang="zh")).walk("VEVENT"))
    assert [str(e["UID"]) for e in later_events] == [str(e["UID"]) for e in events]
    assert len({str(e["UID"]) for e in events}) == 2
    assert agenda_ics(found, lang="zh") == text  # byte-identical for the same input



def test_what_outlook_dingtalk_and_feishu_read_in_the_ics(histories):
    """RFC 5545 as the importers read it: the calendar's own properties, an all-day event with
    DTEND the day after, and a revision that grows with the day judged on, so that a later
    agenda updates each event (same UID, higher SEQUENCE and LAST-MODIFIED)."""
    found = agenda([load_history(p) for p in histories], within=5)
    calendar = icalendar.Calendar.from_ical(agenda_ics(found, lang="zh"))
    assert (str(calendar["VERSION"]), str(calendar["METHOD"]), str(calendar["X-WR-CALNAME"])) == (
        "2.0", "PUBLISH", "regkit：到期事项")
    assert str(calendar["PRODID"]).startswith("-//regkit//")
    events = list(calendar.walk("VEVENT"))
    for event in events:
        assert event["DTSTART"].params["VALUE"] == "DATE" and event["DTEND"].params["VALUE"] == "DATE"
        assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == -timedelta(hours=15)
    # judged on 2026-11-20: the stamp is that day, the revision its day count from 2000-01-01
    assert events[0].decoded("DTSTAMP") == datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert int(events[0]["SEQUENCE"]) == (date(2026, 11, 20) - date(2000, 1, 1)).days
    later = agenda([load_history(p) for p in histories], within=0, as_of=date(2026, 12, 4))
    later_events = list(icalendar.Calendar.from_ical(agenda_ics(later, lang="zh")).walk("VEVENT"))
    assert [int(e["SEQUENCE"]) - int(f["SEQUENCE"]) for e, f in zip(later_events, events)] == [14, 14]
    assert all(e.decoded("LAST-MODIFIED") > f.decoded("LAST-MODIFIED") for e, f in zip(later_events, events))


def test_long_chinese_lines_are_folded_at_75_octets_whole_characters_and_escapes_kept(histories):
    found = agenda([load_history(p) for p in histories], within=5)
    subject = "某市政务服务和大数据管理局关于共享申请的第二次补正，涉及人口、法人、电子证照三类数据；见附件"
    for item in found["items"]:
        item["subject"] = subject
    text = agenda_ics(found, lang="zh")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(len(line.encode("utf-8")) > 70 for line in physical)  # the limit is reached, not avoided
    for line in physical:
        line.encode("utf-8").decode("utf-8")  # each physical line is whole UTF-8 on its own
        assert (len(line) - len(line.rstrip("\\"))) % 2 == 0  # no escape is cut in two at a fold
    assert sum(line.startswith("SUMMARY:") for line in physical) == 2
    assert sum(line.startswith(" ") for line in physical) > 10  # long Chinese lines were folded
    events = list(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    assert str(events[1]["SUMMARY"]) == f"【未到期】政务部门：目录更新（{subject}）"
    # the description's four lines come back whole, commas, semicolons and line breaks included
    assert str(events[0]["DESCRIPTION"]).split("\n") == [
        "规则：hebei.request_delivery_unconditional", "截止日期：2026年11月19日",
        "起算事件：2026年11月16日 提出共享申请",
        "《河北省政务数据共享应用管理办法》第十五条第二款：申请共享的政务数据属于无条件共享类的，"
        "政务数据共享工作主管部门应当自收到申请之日起三个工作日内直接提供数据"]


def test_the_agenda_command(histories, tmp_path, capsys):
    args = ["agenda", *map(str, histories), "--lang", "zh"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "截至2026年11月20日，已逾期或5个工作日内到期的事项：2项"
    # as worked out above: A one working day overdue, B five working days left
    assert "2026年11月19日  逾期1个工作日  逾期未办  政务数据共享主管部门" in out
    assert "2026年11月27日  剩余5个工作日  未到期    政务部门" in out
    assert main([*args, "--format", "json"]) == 0
    assert _rows(json.loads(capsys.readouterr().out)) == EXPECTED
    out_file = tmp_path / "due.ics"
    assert main([*args, "--format", "ics", "--out", str(out_file)]) == 0
    assert out_file.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert list(tmp_path.glob(".regkit-*")) == []  # no temporary file left behind


def test_a_bad_history_refuses_the_agenda_and_leaves_the_output_alone(histories, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("jurisdiction: hebei\nevents:\n  - {type: no.such, date: 2026-11-01}\n", encoding="utf-8")
    out_file = tmp_path / "due.ics"
    out_file.write_text("earlier agenda", encoding="utf-8")
    assert main(["agenda", *map(str, histories), str(bad), "--format", "ics", "--out", str(out_file)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert out_file.read_text(encoding="utf-8") == "earlier agenda"
