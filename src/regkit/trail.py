"""How a due date was counted: the trail of one deadline entry, day by day.

A reader who doubts a due date wants to check it against a wall calendar: the
trigger day (not counted), each working day counted in order, the statutory holidays,
substituted days off and weekends skipped, the make-up working days (调休上班)
counted, the extension granted and its cap, and the due date. `counting_trail`
rebuilds that from a result's entry and the calendar the result was computed on
(the same one: the trail must end on the entry's due date, or it is a bug);
`render_trail` writes it out in Chinese or English.

Names of holidays come from the `holidays` data the calendar is built from; whether
a day works always comes from the calendar itself (user schedules included).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from typing import Any

from .calendar import WorkingDayCalendar, default_calendar
from .i18n import Translator, translator

__all__ = ["counting_trail", "render_trail"]

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@cache
def _names(year: int, language: str) -> dict[date, str]:
    import holidays
    return dict(holidays.China(years=year, language=language).items())


def _day(day: date, cal: WorkingDayCalendar) -> dict[str, Any]:
    """One day: whether it works and why (kind), with the holiday's name in both languages."""
    zh, en = _names(day.year, "zh_CN").get(day), _names(day.year, "en_US").get(day)
    weekend = day.weekday() >= 5
    if cal.is_working_day(day):
        kind = "makeup" if weekend else "working"
        zh = en = None
    elif zh is not None:
        kind = "substituted" if zh.startswith("休息日") else "holiday"
    else:
        kind = "weekend" if weekend else "day_off"
    return {"date": day.isoformat(), "weekday": day.weekday(), "kind": kind,
            "name": {"zh": zh, "en": en} if zh else None, "count": None}


def _walk(start: date, end: date, cal: WorkingDayCalendar, phase: str) -> list[dict[str, Any]]:
    """The days in (start, end], working days numbered from 1."""
    days, count, day = [], 0, start + timedelta(days=1)
    while day <= end:
        entry = _day(day, cal)
        if entry["kind"] in ("working", "makeup"):
            count += 1
            entry["count"] = count
        entry["phase"] = phase
        days.append(entry)
        day += timedelta(days=1)
    return days


def _extension(rule_id: str) -> tuple[int, dict[str, Any] | None] | None:
    """The rule's cap on extensions and the sentence that sets it (None: no extension)."""
    from .explanation import find_rule
    pack, rule = find_rule(rule_id)
    ext = getattr(rule, "extension", None)
    if ext is None:
        return None
    source = None
    if ext.source is not None:
        source = {"jurisdiction": pack.meta.id, "article": ext.source.article, "quote": ext.source.quote}
    return ext.max.amount, source


def _asked(entry: dict[str, Any], cap: int, result: dict[str, Any] | None) -> int | None:
    """The extension the grants asked for, where the result warned that it was capped.

    The warning names the rule, not the subject, so it is read only when it cannot
    belong to another entry: one capped warning for the rule, one entry of the rule at the cap."""
    if result is None:
        return None
    warned = [w for w in result["warnings"] if w.get("code") == "extension_capped"
              and w["message"].startswith(f"{entry['rule']}: ")]
    at_cap = [e for e in result["deadlines"] if e["rule"] == entry["rule"]
              and (e["period"] or {}).get("extended_by") == cap]
    if len(warned) != 1 or len(at_cap) != 1:
        return None
    found = re.search(r"extensions of (\d+) ", warned[0]["message"])
    return int(found.group(1)) if found else None


def counting_trail(entry: dict[str, Any], calendar: WorkingDayCalendar | None = None,
                   result: dict[str, Any] | None = None) -> dict[str, Any]:
    """The trail of one deadline entry of a result (see the module docstring).

    `{"rule", "subject", "trigger", "amount", "unit", "bound", "days", "original_due",
    "extension", "due", "status"}`; `days` lists every day after the trigger through the
    due date (working-day periods only) with its `kind` (working, makeup, holiday,
    substituted, weekend, day_off), holiday `name`, `count` (the working day it is) and
    `phase` (period or extension). Pass the whole `result` to show an extension asked
    for beyond the cap (`extension.asked`)."""
    cal = calendar or default_calendar()
    period = entry.get("period") or {}
    trigger = date.fromisoformat(entry["trigger"]["date"])
    unit, amount = period.get("unit"), period.get("amount")
    trail: dict[str, Any] = {
        "rule": entry["rule"], "subject": entry["subject"], "trigger": dict(entry["trigger"]),
        "amount": amount, "unit": unit, "bound": entry.get("bound", "deadline"), "days": [],
        "original_due": None, "extension": None, "due": entry["due"], "earliest": entry.get("earliest"),
        "status": entry["status"], "source": dict(entry["source"]),
    }
    if entry["status"] == "not_applicable" or unit is None:
        return trail
    add = {"working_days": cal.add_working_days, "natural_days": cal.add_days, "months": cal.add_months,
           "years": cal.add_years, "same_day": lambda d, n: d}.get(unit)
    if add is None:  # a monthly report: due on a fixed day, nothing to count
        return trail
    end = add(trigger, amount)
    trail["original_due"] = end.isoformat()
    granted = period.get("extended_by") or 0
    if granted:
        cap, source = _extension(entry["rule"]) or (granted, None)
        trail["extension"] = {"granted": granted, "max": cap, "source": source, "asked": None}
        if granted == cap:
            trail["extension"]["asked"] = _asked(entry, cap, result)
    if unit == "working_days":
        trail["days"] = _walk(trigger, end, cal, "period")
        if granted:
            trail["days"] += _walk(end, cal.add_working_days(end, granted), cal, "extension")
    return trail


# -- rendering ------------------------------------------------------------------------

def _when(tr: Translator, day: date, weekday: bool = False) -> str:
    if tr.lang == "zh":
        text = f"{day.month}月{day.day}日"
        return text + (f"（星期{_WEEKDAYS_ZH[day.weekday()]}）" if weekday else "")
    return day.isoformat() + (f" ({_WEEKDAYS_EN[day.weekday()]})" if weekday else "")


def _full(tr: Translator, day: date) -> str:
    """A date with its year and weekday: 2026年10月16日（星期五） / 2026-10-16 (Friday)."""
    if tr.lang == "zh":
        return f"{day.year}年{_when(tr, day, weekday=True)}"
    return _when(tr, day, weekday=True)


def _span(tr: Translator, first: date, last: date) -> str:
    if first == last:
        return _when(tr, first, weekday=True)
    if tr.lang == "zh" and first.month == last.month:
        return f"{first.month}月{first.day}日至{last.day}日"
    return tr.gettext("{first} to {last}").format(first=_when(tr, first), last=_when(tr, last))


def _runs(days: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Consecutive days that read as one phrase: weekday working days together, days off
    together, each make-up day alone."""
    runs: list[list[dict[str, Any]]] = []
    for day in days:
        group = "off" if day["count"] is None else day["kind"]
        last = runs[-1] if runs else None
        if last and group != "makeup" and last[-1]["phase"] == day["phase"] and \
                ("off" if last[-1]["count"] is None else last[-1]["kind"]) == group:
            last.append(day)
        else:
            runs.append([day])
    return runs


def _holiday_names(run: list[dict[str, Any]], lang: str) -> list[str]:
    names = []
    for day in run:
        if day["kind"] == "holiday":
            name = re.split(r"[（(]", day["name"][lang])[0].strip()
            if name not in names:
                names.append(name)
    return names


def _run_line(tr: Translator, run: list[dict[str, Any]]) -> str:
    _ = tr.gettext
    first, last = date.fromisoformat(run[0]["date"]), date.fromisoformat(run[-1]["date"])
    span = _span(tr, first, last)
    extension = run[0]["phase"] == "extension"
    if run[0]["count"] is not None:
        counts = (run[0]["count"], run[-1]["count"])
        if run[0]["kind"] == "makeup":
            text = _("{span}: make-up working day (调休上班), counted as extension working day {n}") if extension \
                else _("{span}: make-up working day (调休上班), counted as working day {n}")
            return text.format(span=span, n=counts[0])
        if counts[0] == counts[1]:
            text = _("{span}: extension working day {n}") if extension else _("{span}: working day {n}")
            return text.format(span=span, n=counts[0])
        text = _("{span}: extension working days {first} to {last}") if extension \
            else _("{span}: working days {first} to {last}")
        return text.format(span=span, first=counts[0], last=counts[1])
    names = _holiday_names(run, tr.lang)
    if names:
        return _("{span}: {names} holiday, not counted").format(span=span, names="、".join(names)
                                                                    if tr.lang == "zh" else ", ".join(names))
    if all(day["kind"] == "weekend" for day in run):
        return _("{span}: weekend, not counted").format(span=span)
    return _("{span}: day off, not counted").format(span=span)


def _amount(tr: Translator, amount: int, unit: str) -> str:
    if tr.lang == "zh":
        return f"{amount}{tr.term('unit', unit)}"
    return f"{amount} {unit.replace('_', ' ')}"


def render_trail(trail: dict[str, Any], lang: str | None = None) -> str:
    """The trail as lines a reader can check against a calendar."""
    tr = translator(lang)
    _ = tr.gettext
    trigger = date.fromisoformat(trail["trigger"]["date"])
    lines = [_("How {rule} ({subject}) was counted").format(rule=trail["rule"], subject=trail["subject"])]
    if trail["original_due"] is None:
        lines.append(_("Nothing to count: status {status}.").format(status=tr.term("status", trail["status"])))
        return "\n".join(lines) + "\n"
    lines.append(_("Trigger: {date}, {event}, not counted; the period is {period} ({article}).").format(
        date=_full(tr, trigger), event=tr.term("event", trail["trigger"]["type"]),
        period=_amount(tr, trail["amount"], trail["unit"]), article=tr.article(trail["source"])))
    period = [d for d in trail["days"] if d["phase"] == "period"]
    lines += [f"  {_run_line(tr, run)}" for run in _runs(period)]
    original = date.fromisoformat(trail["original_due"])
    if trail["bound"] == "minimum":
        lines.append(_("The period ends on {date}; the act is permitted from {earliest}.").format(
            date=_full(tr, original), earliest=tr.date(trail["earliest"])))
        return "\n".join(lines) + "\n"
    ext = trail["extension"]
    if ext:
        lines.append(_("The period ends on {date}.").format(date=_full(tr, original)))
        text = _("Extension granted: {granted}, counted from the original due date (cap {cap}, {article}).") \
            if ext["source"] else _("Extension granted: {granted}, counted from the original due date (cap {cap}).")
        lines.append(text.format(granted=_amount(tr, ext["granted"], trail["unit"]),
                                 cap=_amount(tr, ext["max"], trail["unit"]), article=tr.article(ext["source"])))
        if ext.get("asked"):
            lines.append(_("The grants asked for {asked}; only the cap counts.").format(
                asked=_amount(tr, ext["asked"], trail["unit"])))
        lines += [f"  {_run_line(tr, run)}" for run in _runs([d for d in trail["days"] if d["phase"] == "extension"])]
    due = date.fromisoformat(trail["due"])
    lines.append(_("Due: {date}, until 24:00.").format(date=_full(tr, due)))
    return "\n".join(lines) + "\n"
