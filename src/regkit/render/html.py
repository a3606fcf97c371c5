"""`regkit report`: one self-contained HTML file to hand a case on, read offline or print on A4.

Everything is inline (CSS and SVG; no script, font or image from anywhere), and a
Content-Security-Policy forbids the page to fetch anything, so what the reader sees
is what the file holds. Per subject an SVG timeline shows triggers, due dates and
completions over the days off in between; then the deadlines, findings, conflicts
and classifications with their article quotes, an optional matrix of jurisdictions
coloured by outcome, and the calendar data and receipt that make the result
reproducible.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html import escape
from typing import Any

from ..calendar import WorkingDayCalendar, default_calendar
from ..i18n import N_, Translator, translator
from ..i18n.engine_texts import translate
from .text import amount

__all__ = ["report_html"]

STATUS_COLOURS = {"met": "#2e7d32", "late": "#ef6c00", "overdue": "#c62828", "pending": "#1565c0",
                  "breached": "#6a1b9a", "not_applicable": "#9e9e9e"}
_LONG_DAYS = 120  # a row longer than this is drawn to the edge of the timeline
_SEVERITY = ("overdue", "late", "breached", "pending", "met", "not_applicable")

_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       font-size: 10.5pt; line-height: 1.5; color: #222; max-width: 186mm; margin: 0 auto; padding: 8px; }
h1 { font-size: 16pt; margin: 0 0 4px; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 18px; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
.meta { color: #555; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 2px 4px; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #f0f0f0; }
td.status { color: #fff; font-weight: bold; width: 5.5em; }
.quote { color: #444; font-size: 8.5pt; }
svg { display: block; margin: 4px 0; }
section { break-inside: avoid-page; }
pre { white-space: pre-wrap; font-size: 8pt; background: #f7f7f7; padding: 4px; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 4px; color: #fff; font-size: 8.5pt; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _status_cell(tr: Translator, status: str, binding: bool = True) -> str:
    text = tr.term("status", status) + (tr.gettext(" (binding)") if binding and status != "not_applicable" else "")
    return f'<td class="status" style="background:{STATUS_COLOURS.get(status, "#777")}">{_e(text)}</td>'


def _timeline(entries: list[dict[str, Any]], as_of: date, cal: WorkingDayCalendar, tr: Translator) -> str:
    """An SVG: one row per obligation, from trigger to due date, with the days off shaded."""
    rows = [e for e in entries if e["due"] or e["earliest"]]
    if not rows:
        return ""

    def end_of(e: dict[str, Any]) -> date:
        return date.fromisoformat(e["due"] or e["earliest"])

    # a period of years (records kept three years) would squeeze the rest to a point:
    # such a row runs off the right edge with its date written beside it
    points = [as_of]
    for e in rows:
        start = date.fromisoformat(e["trigger"]["date"])
        points.append(start)
        if (end_of(e) - start).days <= _LONG_DAYS:
            points.append(end_of(e))
        if e["completed_on"]:
            points.append(date.fromisoformat(e["completed_on"]))
    lo, hi = min(points) - timedelta(days=1), max(points) + timedelta(days=2)
    span = (hi - lo).days
    left, width, row_h, top, line_h = 190, 480, 22, 22, 11
    labels = [_label_lines(e["rule"], tr.term("party", e["party"])) for e in rows]
    heights = [max(row_h, line_h * len(lines) + 4) for lines in labels]
    height = top + sum(heights) + 10

    def x(day: date) -> float:
        return round(left + width * (min(max(day, lo), hi) - lo).days / span, 1)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 10}" height="{height}" '
             f'viewBox="0 0 {left + width + 10} {height}" role="img" aria-label="{_e(tr.gettext("timeline"))}">',
             f'<rect x="{left}" y="{top - 4}" width="{width}" height="{height - top}" fill="#fafafa" stroke="#ccc"/>']
    day_w = max(width / span, 1)
    if span <= _LONG_DAYS * 2:  # days off are drawn where a day is still wide enough to see
        day = lo
        while day <= hi:
            if cal.first_day <= day <= cal.last_day and not cal.is_working_day(day):
                colour = "#e4e4e4" if day.weekday() >= 5 else "#f3d0d0"
                parts.append(f'<rect class="off" x="{x(day)}" y="{top - 4}" width="{round(day_w, 1)}" '
                             f'height="{height - top}" fill="{colour}"/>')
            day += timedelta(days=1)
    day = date(lo.year, lo.month, 1)
    while day <= hi:  # month ticks
        if day >= lo:
            parts.append(f'<line x1="{x(day)}" y1="{top - 8}" x2="{x(day)}" y2="{height - 6}" stroke="#999" '
                         f'stroke-width="0.5"/><text x="{x(day) + 2}" y="{top - 9}" font-size="9" fill="#555">'
                         f'{_e(tr.date(day.isoformat()) if day.month == 1 or day == lo else f"{day.month}" + ("月" if tr.lang == "zh" else ""))}</text>')
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    if lo <= as_of <= hi:
        parts.append(f'<line x1="{x(as_of)}" y1="{top - 4}" x2="{x(as_of)}" y2="{height - 6}" stroke="#000" '
                     f'stroke-dasharray="3,2"/>')
    for i, (e, lines) in enumerate(zip(rows, labels)):
        y = top + sum(heights[:i]) + heights[i] / 2
        colour = STATUS_COLOURS.get(e["status"], "#777")
        start, end = date.fromisoformat(e["trigger"]["date"]), end_of(e)
        first = y + 3 - line_h * (len(lines) - 1) / 2
        spans = "".join(f'<tspan x="4" y="{round(first + line_h * n, 1)}">{_e(line)}</tspan>'
                        for n, line in enumerate(lines))
        parts.append(f'<text class="label" font-size="9" fill="#222">{spans}</text>')
        opacity = "1" if e["binding"] else "0.45"
        parts.append(f'<line class="bar" x1="{x(start)}" y1="{y}" x2="{x(end)}" y2="{y}" stroke="{colour}" '
                     f'stroke-width="5" opacity="{opacity}"/>')
        parts.append(f'<circle cx="{x(start)}" cy="{y}" r="4" fill="#fff" stroke="{colour}" stroke-width="2"/>')
        dx = x(end)
        if end > hi:
            parts.append(f'<text x="{dx - 8}" y="{y - 5}" font-size="8" text-anchor="end" fill="{colour}">'
                         f'→ {_e(tr.date(end.isoformat()))}</text>')
        parts.append(f'<path d="M{dx} {y - 6} L{dx + 6} {y} L{dx} {y + 6} L{dx - 6} {y} Z" fill="{colour}" '
                     f'opacity="{opacity}"><title>{_e(tr.date(e["due"] or e["earliest"]))}</title></path>')
        if e["completed_on"]:
            cx = x(date.fromisoformat(e["completed_on"]))
            parts.append(f'<circle cx="{cx}" cy="{y}" r="3.5" fill="#000"><title>'
                         f'{_e(tr.gettext("done") + " " + tr.date(e["completed_on"]))}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


_LABEL_WIDTH = 40  # what the 190 px left of a timeline holds at 9 px, in Latin letters (about 4.5 px each)


def _text_width(text: str) -> float:
    """A text's width in Latin letters: a Chinese character is about two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _label_lines(rule_id: str, party: str) -> list[str]:
    """A timeline row's label, whole: the rule id broken after a `.` or `_` where a line is
    full, and the party after it (on its own line where it does not fit)."""
    lines = [""]
    for piece in re.findall(r"[^._]+[._]?|[._]", rule_id):
        if lines[-1] and _text_width(lines[-1] + piece) > _LABEL_WIDTH:
            lines.append("")
        lines[-1] += piece
    if _text_width(f"{lines[-1]} · {party}") <= _LABEL_WIDTH:
        lines[-1] += f" · {party}"
    else:
        lines.append(party)
    return lines


def _title(rule_id: str, tr: Translator) -> str | None:
    """The rule's title in the reader's language (None for a rule outside the bundled packs)."""
    from ..explanation import find_rule
    try:
        _pack, rule = find_rule(rule_id)
    except Exception:  # noqa: BLE001 - a title is a courtesy; the id stands
        return None
    return (rule.title_zh or rule.title) if tr.lang == "zh" else rule.title


def _table(tr: Translator, headings: tuple[str, ...], rows: list[str]) -> str:
    """A table with translated headings, or "none" when there are no rows."""
    if not rows:
        return f"<p>{_e(tr.gettext('none'))}</p>"
    head = "".join(f"<th>{_e(tr.gettext(h))}</th>" for h in headings)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _cited(tr: Translator, source: dict[str, Any] | None) -> str:
    """A table cell's article with its quote beneath."""
    return (f"{_e(tr.article(source))}<div class=\"quote\">{_e((source or {}).get('quote', ''))}</div>")


def _deadline_table(entries: list[dict[str, Any]], tr: Translator) -> str:
    _ = tr.gettext
    rows = []
    for e in entries:
        due = tr.date(e["due"]) if e["due"] else (_("from {date}").format(date=tr.date(e["earliest"]))
                                                  if e["earliest"] else "–")
        if (e["period"] or {}).get("extended_by"):
            due += _(" (+{days})").format(days=amount(tr, e["period"]["extended_by"], e["period"]["unit"]))
        note = f'<div class="quote">{_e(translate(tr, e["reason"], e["rule"]))}</div>' if e["reason"] else ""
        title = _title(e["rule"], tr)
        if title:
            note = f'<div class="quote">{_e(title)}</div>' + note
        rows.append(
            f"<tr><td>{_e(e['rule'])}{note}</td><td>{_e(tr.term('party', e['party']))}</td>"
            f"<td>{_e(tr.term('event', e['trigger']['type']))}<br>{_e(tr.date(e['trigger']['date']))}</td><td>{_e(due)}</td>"
            f"{_status_cell(tr, e['status'], e['binding'])}<td>{_e(tr.date(e['completed_on']))}</td>"
            f"<td>{_cited(tr, e['source'])}</td></tr>")
    return _table(tr, (N_("rule"), N_("party"), N_("trigger"), N_("due"), N_("status"), N_("done"),
                       N_("article")), rows)


def _findings(result: dict[str, Any], tr: Translator) -> str:
    _ = tr.gettext
    rows = []
    for f in result["findings"]:
        kind = tr.term("finding", f["kind"])
        now = tr.terms("sanction", f["sanctions"]) or _("none stated by this article")
        follows = "<br>".join(
            _e(f"{tr.term('upon', s['upon'])}: {tr.terms('sanction', s['sanctions'])} ({tr.article(s['source'])})")
            for s in f["escalation"])
        rows.append(f"<tr><td>{_e(f['subject'])}<br>{_e(tr.date(f['date']))}</td><td>{_e(kind)}</td>"
                    f"<td>{_e(tr.term('party', f['party']))}</td><td>{_e(tr.term('conduct', f['conduct']))}</td>"
                    f"<td>{_e(now)}</td><td>{follows or '–'}</td><td>{_cited(tr, f['source'])}</td></tr>")
    return _table(tr, (N_("subject"), N_("finding"), N_("party"), N_("conduct"), N_("now"), N_("what follows"),
                       N_("article")), rows)


def _conflicts(result: dict[str, Any], tr: Translator) -> str:
    rows = []
    for c in result["conflicts"]:
        sides = "".join(f"<td>{_e(c[s]['rule'])}<br>{_cited(tr, c[s]['source'])}</td>" for s in ("lower", "higher"))
        rows.append(f"<tr><td>{_e(tr.term('conflict', c['kind']))}</td>{sides}<td>{_e(c['prevails'])}</td></tr>")
    return _table(tr, (N_("conflict"), N_("lower rule"), N_("higher rule"), N_("prevails")), rows)


def _classifications(result: dict[str, Any], tr: Translator) -> str:
    _ = tr.gettext
    rows = []
    for item in result["classifications"]:
        outcome = item["result"] or {}
        verdict = _("valid") if item["valid"] else _("invalid")
        rows.append(f"<tr><td>{_e(item['subject'])}</td><td>{_e(tr.term('share_type', item['claimed']['share_type']))}"
                    f"</td><td>{_e(verdict)}</td><td>{_e(tr.term('share_type', outcome.get('share_type')))}</td>"
                    f"<td>{_cited(tr, item.get('source'))}</td></tr>")
    return _table(tr, (N_("subject"), N_("claimed"), N_("verdict"), N_("the law makes it"), N_("article")), rows)


def _matrix(compared: dict[str, Any], tr: Translator) -> str:
    """Binding due dates and findings per obligation, one column per jurisdiction, coloured by outcome."""
    _ = tr.gettext
    ids = compared["jurisdictions"]
    cells: dict[tuple, dict[str, list[dict]]] = {}
    for pid in ids:
        for e in compared["results"][pid]["deadlines"]:
            if e["binding"]:
                key = (e["subject"], e["kind"], e["party"])
                cells.setdefault(key, {}).setdefault(pid, []).append(e)
    head = f"<tr><th></th>{''.join(f'<th>{_e(tr.jurisdiction(pid))}</th>' for pid in ids)}</tr>"
    rows = []
    for key in sorted(cells):
        tds = []
        for pid in ids:
            found = cells[key].get(pid, [])
            if not found:
                tds.append("<td>–</td>")
                continue
            worst = min((e["status"] for e in found), key=_SEVERITY.index)
            text = "<br>".join(_e(f"{tr.date(e['due'] or e['earliest'])} {tr.term('status', e['status'])} "
                                  f"[{e['rule']}]") for e in found)
            tds.append(f'<td style="background:{STATUS_COLOURS[worst]};color:#fff">{text}</td>')
        label = f"{key[0]}: {tr.term('kind', key[1])} ({tr.term('party', key[2])})"
        rows.append(f"<tr><th>{_e(label)}</th>{''.join(tds)}</tr>")
    findings: dict[tuple, dict[str, list[str]]] = {}
    for pid in ids:
        for f in compared["results"][pid]["findings"]:
            key = (f["subject"], f["party"], f["conduct"])
            text = f"{tr.terms('sanction', f['sanctions']) or _('no measure stated')} ({tr.article(f['source'])})"
            findings.setdefault(key, {}).setdefault(pid, []).append(text)
    frows = []
    for key in sorted(findings):
        tds = "".join(f'<td style="background:#fbe3e3">{"<br>".join(_e(t) for t in findings[key][pid])}</td>'
                      if pid in findings[key] else "<td>–</td>" for pid in ids)
        label = f"{key[0]}: {tr.term('conduct', key[2])} ({tr.term('party', key[1])})"
        frows.append(f"<tr><th>{_e(label)}</th>{tds}</tr>")
    out = f"<h3>{_e(_('Binding deadlines'))}</h3><table>{head}{''.join(rows)}</table>"
    if frows:
        out += f"<h3>{_e(_('Findings'))}</h3><table>{head}{''.join(frows)}</table>"
    return out


def _legend(tr: Translator) -> str:
    spans = "".join(f'<span style="background:{colour}">{_e(tr.term("status", status))}</span>'
                    for status, colour in STATUS_COLOURS.items() if status != "not_applicable")
    return (f'<p class="legend">{spans} {_e(tr.gettext("○ trigger ◆ due date ● done; grey: weekend; pink: holiday; dashed: as of"))}</p>')


def report_html(result: dict[str, Any], *, compared: dict[str, Any] | None = None,
                calendar: WorkingDayCalendar | None = None, lang: str | None = None, title: str = "") -> str:
    """The report of one result (and, optionally, of `compare_history`) as one HTML page."""
    tr = translator(lang)
    _ = tr.gettext
    cal = calendar or default_calendar()
    as_of = date.fromisoformat(result["as_of"])
    heading = _("regkit report: {title}").format(title=title) if title else _("regkit report")
    meta = _("{jurisdiction} as of {as_of} (layers: {layers}; calendar official through {through}").format(
        jurisdiction=tr.jurisdiction(result["jurisdiction"]), as_of=tr.date(result["as_of"]),
        layers=_("all") if result["layers"] == "all" else _("local"),
        through=tr.date(result["calendar"]["official_through"])) + _(")")
    body = [f"<h1>{_e(heading)}</h1>", f'<p class="meta">{_e(meta)}</p>', _legend(tr),
            f"<h2>{_e(_('Deadlines by subject'))}</h2>"]
    subjects = list(dict.fromkeys(e["subject"] for e in result["deadlines"]))
    if not subjects:
        body.append(f"<p>{_e(_('no deadlines'))}</p>")
    for subject in subjects:
        entries = [e for e in result["deadlines"] if e["subject"] == subject]
        body.append(f"<section><h3>{_e(subject)}</h3>{_timeline(entries, as_of, cal, tr)}"
                    f"{_deadline_table(entries, tr)}</section>")
    body += [f"<section><h2>{_e(_('Findings'))}</h2>{_findings(result, tr)}</section>",
             f"<section><h2>{_e(_('Conflicts between layers'))}</h2>{_conflicts(result, tr)}</section>",
             f"<section><h2>{_e(_('Classifications'))}</h2>{_classifications(result, tr)}</section>"]
    if compared is not None:
        body.append(f"<section><h2>{_e(_('Jurisdictions compared'))}</h2>{_matrix(compared, tr)}</section>")
    if result["warnings"]:
        items = "".join(f"<li>{_e(translate(tr, w['message']))}</li>" for w in result["warnings"])
        body.append(f"<section><h2>{_e(_('Warnings'))}</h2><ul>{items}</ul></section>")
    receipt = json.dumps(result["receipt"], ensure_ascii=False, indent=2, sort_keys=True)
    body.append(f"<section><h2>{_e(_('Calendar data and receipt'))}</h2><pre>{_e(receipt)}</pre></section>")
    html_lang = "zh-CN" if tr.lang == "zh" else "en"
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html_lang}"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
            f'<meta name="generator" content="regkit {_e(result["regkit_version"])}">'
            f"<title>{_e(heading)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")
