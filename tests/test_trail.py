"""The counting trail: every golden deadline's days worked out by hand from the 2026 notice
(国务院办公厅关于2026年部分节假日安排的通知, as transcribed by `holidays` 0.109).

2026 facts used (each checked against holidays.China(years=2026)):
- Spring Festival: 15-23 Feb off (16 Feb 农历除夕, 17-19 春节, 20 and 23 Feb substituted
  days off, 15, 21, 22 Feb weekend); Sat 14 Feb and Sat 28 Feb are make-up working days.
- National Day: 1-7 Oct off (1-3 Oct 国庆节, Sun 4 Oct weekend, 5 Oct 国庆节 in lieu,
  6 and 7 Oct substituted days off); Sun 20 Sep and Sat 10 Oct are make-up working days.
"""

from __future__ import annotations

import json
from pathlib import Path

from regkit import evaluate, load_history
from regkit.cli import main
from regkit.trail import counting_trail, render_trail

ROOT = Path(__file__).resolve().parent.parent
HEBEI = ROOT / "examples/hebei.yaml"


def _entry(result, subject, rule):
    return next(e for e in result["deadlines"] if e["subject"] == subject and e["rule"] == rule)


def _hebei():
    history = load_history(HEBEI)
    return evaluate(history.events, jurisdiction="hebei", as_of=history.as_of)


def test_hebei_catalog_update_across_national_day_with_its_extension():
    # hebei art. 9: 自变化之日起十个工作日内; change on Mon 2026-09-28 (not counted):
    #   Tue 29 Sep = 1, Wed 30 Sep = 2, 1-7 Oct off, Thu 8 Oct = 3, Fri 9 Oct = 4,
    #   Sat 10 Oct (调休上班) = 5, Sun 11 Oct off, Mon 12 .. Fri 16 Oct = 6..10 -> 16 Oct.
    # Extension granted 14 Oct (before the due date), 10 asked, hebei cap 10 (可以延长十个工作日),
    # counted from 16 Oct: 17-18 Oct weekend, 19-23 Oct = 1..5, 24-25 weekend, 26-30 Oct = 6..10 -> 30 Oct.
    result = _hebei()
    trail = counting_trail(_entry(result, "catalog-2026", "hebei.catalog_update"), result=result)
    assert (trail["original_due"], trail["due"]) == ("2026-10-16", "2026-10-30")
    assert trail["extension"] == {"granted": 10, "max": 10, "asked": None, "source": {
        "jurisdiction": "hebei", "article": 9,
        "quote": "因特殊原因需要延长更新期限的，经同级政务数据共享工作主管部门同意，可以延长十个工作日"}}
    period = [(d["date"][5:], d["kind"], d["count"]) for d in trail["days"] if d["phase"] == "period"]
    assert period == [
        ("09-29", "working", 1), ("09-30", "working", 2),
        ("10-01", "holiday", None), ("10-02", "holiday", None), ("10-03", "holiday", None),
        ("10-04", "weekend", None), ("10-05", "holiday", None), ("10-06", "substituted", None),
        ("10-07", "substituted", None),
        ("10-08", "working", 3), ("10-09", "working", 4), ("10-10", "makeup", 5), ("10-11", "weekend", None),
        ("10-12", "working", 6), ("10-13", "working", 7), ("10-14", "working", 8), ("10-15", "working", 9),
        ("10-16", "working", 10)]
    extension = [d["count"] for d in trail["days"] if d["phase"] == "extension" and d["count"]]
    assert extension == list(range(1, 11)) and trail["days"][-1]["date"] == "2026-10-30"
    assert render_trail(trail, "zh") == (
        "hebei.catalog_update（catalog-2026）期限计算过程\n"
        "起算日：2026年9月28日（星期一），即目录信息调整变化之日，当日不计入；期限为10个工作日（《河北省政务数据共享应用管理办法》第九条）。\n"
        "  9月29日至30日 计为第1至2个工作日\n"
        "  10月1日至7日 国庆节放假，不计入\n"
        "  10月8日至9日 计为第3至4个工作日\n"
        "  10月10日（星期六） 调休上班，计为第5个工作日\n"
        "  10月11日（星期日） 周末休息，不计入\n"
        "  10月12日至16日 计为第6至10个工作日\n"
        "原定期限于2026年10月16日（星期五）届满。\n"
        "准予延长10个工作日，自原定期限届满之日起计算（最长10个工作日，《河北省政务数据共享应用管理办法》第九条）。\n"
        "  10月17日至18日 周末休息，不计入\n"
        "  10月19日至23日 计为延长期第1至5个工作日\n"
        "  10月24日至25日 周末休息，不计入\n"
        "  10月26日至30日 计为延长期第6至10个工作日\n"
        "截止日期：2026年10月30日（星期五）24时。\n")


def test_the_national_cap_and_the_extension_asked_for():
    # cn art. 17: 可以延长5个工作日. The grant asked 10; capped at 5 from 16 Oct:
    # 17-18 Oct weekend, 19..23 Oct = 1..5 -> Fri 23 Oct.
    result = _hebei()
    trail = counting_trail(_entry(result, "catalog-2026", "cn.catalog_update"), result=result)
    assert trail["extension"]["granted"] == 5 and trail["extension"]["max"] == 5
    assert trail["extension"]["asked"] == 10 and trail["due"] == "2026-10-23"
    text = render_trail(trail, "en")
    assert "Extension granted: 5 working days, counted from the original due date (cap 5 working days, cn art. 17)." \
        in text
    assert "The grants asked for 10 working days; only the cap counts." in text
    assert text.endswith("Due: 2026-10-23 (Friday), until 24:00.\n")


def test_spring_festival_and_the_make_up_saturday_before_it():
    # cn art. 17, catalog changed Thu 2026-02-12: Fri 13 Feb = 1, Sat 14 Feb (调休上班) = 2,
    # 15-23 Feb off (除夕, 春节, substituted days and weekends), Tue 24 = 3, Wed 25 = 4,
    # Thu 26 = 5, Fri 27 = 6, Sat 28 Feb (调休上班) = 7, Sun 1 Mar off, Mon 2 .. Wed 4 Mar = 8..10.
    result = evaluate([{"type": "catalog.change", "date": "2026-02-12", "subject": "c"}], jurisdiction="cn",
                      as_of="2026-03-31")
    trail = counting_trail(_entry(result, "c", "cn.catalog_update"))
    assert trail["due"] == "2026-03-04"
    lines = render_trail(trail, "zh").splitlines()
    assert lines[2:9] == [
        "  2月13日（星期五） 计为第1个工作日",
        "  2月14日（星期六） 调休上班，计为第2个工作日",
        "  2月15日至23日 农历除夕、春节放假，不计入",
        "  2月24日至27日 计为第3至6个工作日",
        "  2月28日（星期六） 调休上班，计为第7个工作日",
        "  3月1日（星期日） 周末休息，不计入",
        "  3月2日至4日 计为第8至10个工作日",
    ]
    en = render_trail(trail, "en").splitlines()
    # holiday names without their bracketed remarks ("(Spring Festival)", "（补假）")
    assert en[4] == "  2026-02-15 to 2026-02-23: Chinese New Year's Eve, Chinese New Year holiday, not counted"


def test_the_trail_on_the_command_line_and_in_json(capsys):
    assert main([str(p) for p in ("evaluate", HEBEI)] + ["--trail", "catalog-2026/hebei.catalog_update",
                                                          "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "  10月10日（星期六） 调休上班，计为第5个工作日\n" in out
    assert main(["evaluate", str(HEBEI), "--format", "json"]) == 0
    assert "trails" not in json.loads(capsys.readouterr().out)  # only when asked
    assert main(["evaluate", str(HEBEI), "--format", "json", "--trail", "req-he-17/hebei.request_reply"]) == 0
    trails = json.loads(capsys.readouterr().out)["trails"]
    # hebei art. 15: 五个工作日内; forwarded Tue 13 Oct: 14, 15, 16 Oct = 1..3, 17-18 weekend,
    # 19 Oct = 4, 20 Oct = 5
    assert [(t["rule"], t["due"]) for t in trails] == [("hebei.request_reply", "2026-10-20")]
    assert [d["count"] for d in trails[0]["days"]] == [1, 2, 3, None, None, 4, 5]


def test_an_unknown_trail_is_one_clear_line(capsys):
    assert main(["evaluate", str(HEBEI), "--trail", "catalog-2026/no.such_rule"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such deadline" in err and "catalog-2026/hebei.catalog_update" in err
