"""The agenda of the seven bundled example histories, checked line by line by hand.

Every expected value below was counted from the articles of the packs and the State Council's
2026 holiday notice (国务院办公厅关于2026年部分节假日安排的通知): 国庆节 1-7 Oct off, Sat 10 Oct a
make-up working day (调休上班); 中秋节 25-27 Sep off; November 2026 has no holiday. Weekdays:
Thu 1 Oct, Mon 12 Oct, Mon 19 Oct, Mon 2 Nov, Mon 9 Nov, Mon 16 Nov, Sun 22 Nov, Sat 5 Dec.
"Left" is the number of working days in (as_of, due], negative: in (due, as_of].
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest

from regkit.history import load_history
from regkit.render.ical import agenda_ics
from regkit.upcoming import agenda

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))

# (due, status, left, party, subject, rule, trigger date, cited article)
OPEN_ON_22_NOV = [
    # shandong: catalog.updated Fri 16 Oct, never published. cn art. 17, 2 working days from
    # receipt (= the update): Mon 19 Oct = 1, Tue 20 Oct = 2 -> 20 Oct. Overdue by
    # 21-23 Oct (3) + 26-30 Oct (5) + 2-6, 9-13, 16-20 Nov (15) = 23.
    ("2026-10-20", "overdue", -23, "authority", "catalog-2026", "cn.catalog_review", "2026-10-16", 17),
    # jinzhong: the October report (reports up to period 2026-09 were filed) is due on the 5th
    # of November (jinzhong plan 五(三), 每月5日前, read as on or before the 5th); the duty's
    # trigger is the start of file-upload provision, Wed 10 Jun. Thu 5 Nov;
    # overdue by Fri 6 Nov (1) + 9-13 (5) + 16-20 (5) = 11.
    ("2026-11-05", "overdue", -11, "department", "登记注册科", "jinzhong.monthly_report", "2026-06-10", 5),
    # jinzhong: quality objection Mon 9 Nov, jinzhong art. 16: 5 working days from receipt:
    # 10, 11, 12, 13, 16 Nov -> Mon 16 Nov (the national 10 days give 23 Nov, later, so
    # not binding). Overdue by 17-20 Nov = 4.
    ("2026-11-16", "overdue", -4, "provider", "quality-jz-1", "jinzhong.quality_feedback", "2026-11-09", 16),
    # shandong: incident Wed 18 Nov, response started, never reported. 立即: due that day, by
    # cn art. 35 and shandong art. 31 alike (a tie: both bind). Overdue by 19, 20 Nov = 2.
    ("2026-11-18", "overdue", -2, "department", "leak-1", "cn.incident_report", "2026-11-18", 35),
    ("2026-11-18", "overdue", -2, "department", "leak-1", "shandong.incident_report", "2026-11-18", 31),
    # hebei: objection Mon 2 Nov, forwarded Wed 4 Nov (received then). cn art. 26 and hebei
    # art. 16 para. 2, 10 working days: 5, 6, 9-13, 16, 17, 18 Nov -> Wed 18 Nov, a tie.
    ("2026-11-18", "overdue", -2, "provider", "quality-3", "cn.quality_feedback", "2026-11-02", 26),
    ("2026-11-18", "overdue", -2, "provider", "quality-3", "hebei.quality_feedback", "2026-11-04", 16),
    # jinzhong: req-jz-3 approved Thu 22 Oct; cn art. 22, 20 working days: 23 Oct (1),
    # 26-30 Oct (6), 2-6 Nov (11), 9-13 Nov (16), 16-19 Nov (20) -> Thu 19 Nov. Overdue 1.
    ("2026-11-19", "overdue", -1, "provider", "req-jz-3", "cn.request_delivery", "2026-10-22", 22),
    # hebei: unconditional req-he-18 submitted Mon 16 Nov; hebei art. 15 para. 2, the
    # authority supplies it within 3 working days: 17, 18, 19 Nov -> Thu 19 Nov. Overdue 1.
    # (The provider never receives it in Hebei, so no national 1-day reply falls due.)
    ("2026-11-19", "overdue", -1, "authority", "req-he-18", "hebei.request_delivery_unconditional",
     "2026-11-16", 15),
    # jinzhong: the November report, due Sat 5 Dec (a fixed day of the month, not moved):
    # 23-27 Nov (5) + 30 Nov-4 Dec (5) = 10 working days left; only within 10.
    ("2026-12-05", "pending", 10, "department", "登记注册科", "jinzhong.monthly_report", "2026-06-10", 5),
]
# Not listed as of 22 Nov, by hand: everything done, late or not (cn: catalog reviewed 20 Oct
# against 19 Oct, delivery 20 Nov against 17 Nov; hebei, pingdingshan, xian, yumen: all done),
# and the minimum record-keeping periods (不少于3年), which restrain and never fall due.

OPEN_ON_10_NOV = [
    # shandong catalog review, overdue by 21-23 Oct (3) + 26-30 Oct (5) + 2-6 Nov (5) + 9, 10 Nov.
    ("2026-10-20", "overdue", -15, "authority", "catalog-2026", "cn.catalog_review", "2026-10-16", 17),
    # jinzhong October report, overdue by 6, 9, 10 Nov = 3.
    ("2026-11-05", "overdue", -3, "department", "登记注册科", "jinzhong.monthly_report", "2026-06-10", 5),
    # xian: unconditional request Mon 9 Nov, cn art. 21, 1 working day -> Tue 10 Nov, 0 left
    # (replied on 11 Nov, after the day judged on).
    ("2026-11-10", "pending", 0, "provider", "req-xa-1", "cn.request_reply_unconditional", "2026-11-09", 21),
    # shandong: conditional request Mon 2 Nov, 10 working days (cn art. 21, shandong art. 23):
    # 3-6 Nov (4), 9-13 Nov (9), 16 Nov (10) -> Mon 16 Nov, 4 left (11, 12, 13, 16); a tie.
    ("2026-11-16", "pending", 4, "provider", "req-sd-5", "cn.request_reply_conditional", "2026-11-02", 21),
    ("2026-11-16", "pending", 4, "provider", "req-sd-5", "shandong.request_reply_conditional",
     "2026-11-02", 23),
    # yumen: catalog change Mon 2 Nov, cn art. 17, 10 working days: 3-6, 9-13, 16 Nov -> 16 Nov.
    ("2026-11-16", "pending", 4, "department", "目录-2026", "cn.catalog_update", "2026-11-02", 17),
    # jinzhong quality objection (above), 4 left: 11, 12, 13, 16 Nov.
    ("2026-11-16", "pending", 4, "provider", "quality-jz-1", "jinzhong.quality_feedback", "2026-11-09", 16),
    # cn: req-0042 approved Tue 20 Oct, 20 working days: 21-23 Oct (3), 26-30 Oct (8),
    # 2-6 Nov (13), 9-13 Nov (18), 16, 17 Nov (20) -> Tue 17 Nov, 5 left (11, 12, 13, 16, 17).
    ("2026-11-17", "pending", 5, "provider", "req-0042", "cn.request_delivery", "2026-10-20", 22),
    # hebei quality-3, due 18 Nov (above): 6 left (11, 12, 13, 16, 17, 18); only within 10.
    ("2026-11-18", "pending", 6, "provider", "quality-3", "cn.quality_feedback", "2026-11-02", 26),
    ("2026-11-18", "pending", 6, "provider", "quality-3", "hebei.quality_feedback", "2026-11-04", 16),
    # jinzhong req-jz-3 delivery, due 19 Nov (above): 7 left; only within 10.
    ("2026-11-19", "pending", 7, "provider", "req-jz-3", "cn.request_delivery", "2026-10-22", 22),
]
# Not listed as of 10 Nov: what happens after that day (hebei req-he-18, shandong leak-1,
# yumen's review), and the November report of jinzhong (due 5 Dec, 18 working days away).


def _lines(found):
    return [(i["due"], i["status"], i["working_days_left"], i["party"], i["subject"], i["rule"],
             i["trigger"]["date"] if i.get("trigger") else None, i["source"]["article"])
            for i in found["items"]]


def _key(line):
    return line[0], line[5], line[4]


@pytest.mark.parametrize("as_of, within, expected", [
    (date(2026, 11, 22), 5, [x for x in OPEN_ON_22_NOV if x[2] <= 5]),
    (date(2026, 11, 22), 10, OPEN_ON_22_NOV),
    (date(2026, 11, 10), 5, [x for x in OPEN_ON_10_NOV if x[2] <= 5]),
    (date(2026, 11, 10), 10, OPEN_ON_10_NOV),
])
def test_the_agenda_of_the_examples_line_by_line(as_of, within, expected):
    found = agenda([load_history(p) for p in EXAMPLES], within=within, as_of=as_of)
    lines = _lines(found)
    assert [x[0] for x in lines] == sorted(x[0] for x in lines)  # sorted by due date
    assert sorted(lines, key=_key) == sorted(expected, key=_key)
    assert all(not i["provisional"] for i in found["items"])


def test_the_ics_of_the_examples_has_one_event_per_line_on_its_due_date():
    found = agenda([load_history(p) for p in EXAMPLES], within=10, as_of=date(2026, 11, 22))
    cal = icalendar.Calendar.from_ical(agenda_ics(found))
    events = cal.walk("VEVENT")
    assert sorted((str(e["UID"]), e["DTSTART"].dt.isoformat()) for e in events) == sorted(
        (i["uid"], i["due"]) for i in found["items"])
    assert len({str(e["UID"]) for e in events}) == len(OPEN_ON_22_NOV)
