"""Human-readable renderings of a result: a terminal table and Markdown, in Chinese or English.

JSON (`engine.to_json`) is the contract; these are for reading. Both show, per
obligation, what is due, by whom, by when, its status and the article. Every text
goes through the message catalogue and every value through its term (regkit.i18n),
so `lang="zh"` leaves no English status, party or measure in the table. Every string
a user gave (subjects, actors, reasons) is shown with its control characters
escaped: an ESC, BEL or OSC sequence in a subject cannot recolour the table or
retitle the terminal, nor a newline split a row.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any, Callable, TypeVar

from ..errors import _printable

from ..i18n import Translator, translator
from ..i18n.engine_texts import translate
from ..i18n.results import conflict_summary, reading_in, rule_text

__all__ = ["escaped", "render_agenda", "render_classification", "render_conflicts", "render_findings",
           "render_markdown", "render_table", "terminal_safe"]

F = TypeVar("F", bound=Callable[..., str])


def terminal_safe(text: str) -> str:
    """`text` with every control character but the newline escapes (as `\\x1b`)."""
    return "\n".join(_printable(line) for line in text.split("\n"))


def escaped(value: Any) -> Any:
    """A copy of `value` whose strings have their control characters escaped, newlines too."""
    if isinstance(value, str):
        return _printable(value)
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [escaped(item) for item in value]
    return value


def _escaping(render: F) -> F:
    """Render from an escaped copy of the arguments: no user string reaches the terminal raw."""

    @functools.wraps(render)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        return render(*escaped(list(args)), **escaped(kwargs))

    return wrapper  # type: ignore[return-value]

_COLUMNS = ("subject", "rule", "party", "trigger", "due", "status", "done", "late", "article")


def _headings(tr: Translator) -> dict[str, str]:
    _ = tr.gettext
    return {"subject": _("subject"), "rule": _("rule"), "party": _("party"), "trigger": _("trigger"),
            "due": _("due"), "status": _("status"), "done": _("done"), "late": _("late"),
            "article": _("article")}


def amount(tr: Translator, number: int, unit: str) -> str:
    """'10个工作日' / '10 wd' as a table cell reads it."""
    if tr.lang == "zh":
        return f"{number}{tr.term('unit', unit)}"
    short = {"working_days": "wd", "natural_days": "d", "months": "mo", "years": "y", "same_day": "d",
             "day_of_next_month": "d"}
    return f"{number} {short.get(unit, '')}".strip()


def _covers(tr: Translator, month: str) -> str:
    """The month a monthly report covers, written as the other dates: （2026年8月） or [2026-08]."""
    if tr.lang != "zh":
        return f" [{month}]"
    year, number = month.split("-")
    return f"（{int(year)}年{int(number)}月）"


# late_by counts days, not the period's own unit, for a duty due the same day (立即) or on a
# day of the next month (docs/deadlines.md): "4日（自然日）", never "4立即" or "2日（次月）"
_LATE_UNIT = {"same_day": "natural_days", "day_of_next_month": "natural_days"}


def _cells(entry: dict[str, Any], tr: Translator) -> dict[str, str]:
    _ = tr.gettext
    period = entry["period"] or {}
    due = tr.date(entry["due"]) if entry["due"] else \
        (_("from {date}").format(date=tr.date(entry["earliest"])) if entry["earliest"] else "–")
    if period.get("extended_by"):
        due += _(" (+{days})").format(days=amount(tr, period["extended_by"], period["unit"]))
    if entry["provisional"]:
        due += " *"
    status = tr.term("status", entry["status"])
    if entry["binding"] and entry["status"] != "not_applicable":
        status += _(" (binding)")
    return {
        "subject": entry["subject"],
        "rule": entry["rule"] + (_covers(tr, period["covers"]) if period.get("covers") else ""),
        "party": tr.term("party", entry["party"]),
        "trigger": f"{tr.term('event', entry['trigger']['type'])} {tr.date(entry['trigger']['date'])}",
        "due": due,
        "status": status,
        "done": tr.date(entry["completed_on"]),
        "late": amount(tr, entry["late_by"], _LATE_UNIT.get(period.get("unit", ""), period.get("unit", "")))
        if entry["late_by"] else "",
        "article": tr.article(entry["source"]),
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _header(result: dict[str, Any], tr: Translator) -> str:
    _ = tr.gettext
    cal = result["calendar"]
    line = _("{jurisdiction} as of {as_of} (layers: {layers}; calendar official through {through}").format(
        jurisdiction=tr.jurisdiction(result["jurisdiction"]), as_of=tr.date(result["as_of"]),
        layers=_("all") if result["layers"] == "all" else _("local"), through=tr.date(cal["official_through"]))
    return line + (_("; PROVISIONAL dates marked *)") if cal["provisional"] else _(")"))


def _notes(result: dict[str, Any], tr: Translator) -> list[str]:
    _ = tr.gettext
    lines = []
    for entry in result["deadlines"]:
        if entry["status"] == "not_applicable" and entry["reason"]:
            lines.append(_("not applicable: {rule} ({subject}): {reason}").format(
                rule=entry["rule"], subject=entry["subject"], reason=translate(tr, entry["reason"], entry["rule"])))
    lines.extend(_("warning: {message}").format(message=translate(tr, w["message"])) for w in result["warnings"])
    return lines


@_escaping
def render_table(result: dict[str, Any], lang: str | None = None) -> str:
    """A plain-text table for a terminal (wide characters measured as two columns)."""
    tr = translator(lang)
    heads = _headings(tr)
    rows = [_cells(e, tr) for e in result["deadlines"]]
    widths = {c: max([_width(heads[c])] + [_width(r[c]) for r in rows]) for c in _COLUMNS}
    lines = [_header(result, tr), ""]
    if not rows:
        lines.append(tr.gettext("no deadlines"))
    else:
        lines.append("  ".join(_pad(heads[c], widths[c]) for c in _COLUMNS).rstrip())
        lines.append("  ".join("-" * widths[c] for c in _COLUMNS))
        lines.extend("  ".join(_pad(r[c], widths[c]) for c in _COLUMNS).rstrip() for r in rows)
    if result["findings"]:
        lines += ["", render_findings(result, lang=tr.lang).rstrip("\n")]
    if result["conflicts"]:
        lines += ["", render_conflicts(result["conflicts"], lang=tr.lang).rstrip("\n")]
    notes = _notes(result, tr)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"


def _reading(tr: Translator, reading: str, rule_id: str | None = None) -> str:
    """A reading in the reader's language (the pack's Chinese where it gives one)."""
    return reading_in(tr, reading, rule_id)


@_escaping
def render_markdown(result: dict[str, Any], lang: str | None = None) -> str:
    """A Markdown table, with the readings applied and the warnings below it."""
    tr = translator(lang)
    _ = tr.gettext
    heads = _headings(tr)
    lines = [f"**{_header(result, tr)}**", ""]
    rows = [_cells(e, tr) for e in result["deadlines"]]
    lines.append("| " + " | ".join(heads[c] for c in _COLUMNS) + " |")
    lines.append("|" + "---|" * len(_COLUMNS))
    for row in rows:
        lines.append("| " + " | ".join(row[c].replace("|", "\\|") for c in _COLUMNS) + " |")
    readings = sorted({(e["rule"], e["reading"]) for e in result["deadlines"] if e["reading"]})
    if readings:
        lines += ["", _("Readings applied:"), ""]
        colon = "：" if tr.lang == "zh" else ": "
        lines += [f"- `{rule}`{colon}{_reading(tr, reading, rule)}" for rule, reading in readings]
    if result["conflicts"]:
        lines += ["", _("Conflicts between layers (the higher rule prevails):"), ""]
        lines += [f"- {_conflict_line(c, tr)}" for c in result["conflicts"]]
    notes = _notes(result, tr)
    if notes:
        lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


@_escaping
def render_classification(items: list[dict[str, Any]], lang: str | None = None) -> str:
    """Classification items as text: per layer, the verdict, the path, opening, what is missing."""
    tr = translator(lang)
    _ = tr.gettext
    if not items:
        return _("no classification rules apply") + "\n"
    lines = []
    for item in items:
        claimed = item["claimed"]
        head = _("{jurisdiction}: claimed {share_type}").format(
            jurisdiction=tr.jurisdiction(item["jurisdiction"]), share_type=tr.term("share_type", claimed["share_type"]))
        if item["result"] is None:
            lines += [head, "  " + _("not applicable: {reason}").format(reason=item["reason"]), ""]
            continue
        result = item["result"]
        made = tr.term("share_type", result["share_type"])
        if item["valid"]:
            lines.append(_("{head} -> valid").format(head=head))
        elif result["share_type"] != claimed["share_type"]:
            lines.append(_("{head} -> INVALID; the law makes it {share_type}").format(head=head, share_type=made))
        else:
            lines.append(_("{head} -> INVALID; it stays {share_type} until the requirements are met").format(
                head=head, share_type=made))
        lines.append("  " + _("request path: {path} ({steps})").format(
            path=tr.term("request_path", result["request_path"]),
            steps=_before_bracket(tr, rule_text(tr, item["rule"], "steps", item["steps"]))))
        opening = {True: _("allowed"), False: _("not allowed"),
                   None: _("not regulated by this text")}[result["open_allowed"]]
        lines.append("  " + _("opening as {open_type}: {answer}").format(
            open_type=tr.term("open_type", claimed["open_type"]), answer=opening))
        for req in item["requirements"]:
            lines.append("  " + _("unmet: {requirement} ({article}: {quote})").format(
                requirement=_before_bracket(tr, rule_text(tr, req["rule"], "requirement", req["requirement"])), article=tr.article(req["source"]), quote=req["source"]["quote"]))
        for reading in item["readings"]:
            lines.append("  " + _("reading ({rule}): {reading}").format(
                rule=reading["rule"], reading=_reading(tr, reading["reading"], reading["rule"])))
        lines.append("")
    return "\n".join(lines)


def _before_bracket(tr: Translator, text: str) -> str:
    """A pack's Chinese sentence set before or inside a bracket: its 。 goes, as a drafter
    writes 条件（第十五条…） and （…第二十八条）, never 条件。（ or 。）."""
    return text.rstrip("。") if tr.lang == "zh" else text


@_escaping
def render_findings(result: dict[str, Any], lang: str | None = None) -> str:
    """`regkit liability`: who is liable for what, under which article, what now, what follows."""
    tr = translator(lang)
    _ = tr.gettext
    findings = result["findings"]
    head = _("liability: {jurisdiction} as of {as_of}: {violations} violation(s), {exempted} exempted").format(
        jurisdiction=tr.jurisdiction(result["jurisdiction"]), as_of=tr.date(result["as_of"]),
        violations=sum(f["kind"] == "violation" for f in findings),
        exempted=sum(f["kind"] == "exempted" for f in findings))
    allocated = sum(f["kind"] == "responsibility" for f in findings)
    if allocated:
        head += _(", {count} allocation(s) of responsibility").format(count=allocated)
    lines = [head]
    for f in findings:
        lines.append("")
        if f["kind"] == "responsibility":  # who bears an outcome: no sanction, no ladder
            lines.append(_("RESPONSIBILITY {bears} bears {outcome} ({subject}, {date}) - {article}").format(
                bears=tr.terms("party", f["bears"]), outcome=tr.term("conduct", f["conduct"]), subject=f["subject"],
                date=tr.date(f["date"]), article=tr.article(f["source"])))
            if f["not_borne_by"]:
                lines.append("  " + _("expressly not: {parties}").format(parties=tr.terms("party", f["not_borne_by"])))
            lines.append("  " + _("quote: {quote}").format(quote=f["source"]["quote"]))
            lines.append("  " + _("shown by: event {index} ({event})").format(
                index=f["evidence"]["index"], event=tr.term("event", f["evidence"]["event"])))
            continue
        head = _("EXEMPT ") if f["kind"] == "exempted" else ""
        lines.append(head + _("{party}: {conduct} ({subject}, {date}) - {article}").format(
            party=tr.term("party", f["party"]), conduct=tr.term("conduct", f["conduct"]), subject=f["subject"],
            date=tr.date(f["date"]), article=tr.article(f["source"])))
        lines.append("  " + _("quote: {quote}").format(quote=f["source"]["quote"]))
        evidence = f["evidence"]
        if "deadline" in evidence:
            lines.append("  " + _("shown by: {rule} {status}").format(
                rule=evidence["deadline"], status=tr.term("status", evidence["status"])))
        else:
            lines.append("  " + _("shown by: event {index} ({event})").format(
                index=evidence["index"], event=tr.term("event", evidence["event"])))
        now = tr.terms("sanction", f["sanctions"]) or _("none stated by this article")
        if f.get("enforcer"):
            lines.append("  " + _("now (by {enforcer}): {measures}").format(
                enforcer=tr.term("party", f["enforcer"]), measures=now))
        else:
            lines.append("  " + _("now: {measures}").format(measures=now))
        if f.get("discretionary"):
            lines.append("  " + _("may, not must: {measures}").format(measures=tr.terms("sanction", f["discretionary"])))
        for step in f["escalation"]:
            text = _("APPLIES if {upon}: {measures} ({article})") if step["applies"] else \
                _("follows if {upon}: {measures} ({article})")
            lines.append("  " + text.format(upon=tr.term("upon", step["upon"]),
                                            measures=tr.terms("sanction", step["sanctions"]),
                                            article=tr.article(step["source"])))
        for ex in f["exemptions"]:
            lines.append("  " + _("exemption {flag} ({value}): {effect} ({article})").format(
                flag=tr.term("exemption", ex["flag"]), value=ex["value"], effect=tr.term("exemption", ex["effect"]),
                article=tr.article(ex["source"])))
        if f.get("reading"):
            lines.append("  " + _("reading: {reading}").format(reading=_reading(tr, f["reading"], f["rule"])))
    return "\n".join(lines) + "\n"


def _conflict_line(conflict: dict[str, Any], tr: Translator) -> str:
    lower, higher = conflict["lower"], conflict["higher"]
    summary = conflict_summary(tr, conflict)
    return tr.gettext("{kind}: {summary}: {lower} ({lower_article}) against {higher} ({higher_article}); "
                      "{prevails} prevails").format(
        kind=conflict["kind"], summary=summary, lower=lower["rule"], lower_article=tr.article(lower["source"]),
        higher=higher["rule"], higher_article=tr.article(higher["source"]), prevails=conflict["prevails"])


@_escaping
def render_conflicts(conflicts: list[dict[str, Any]], heading: str | None = None, lang: str | None = None) -> str:
    """Each conflict on one line with both articles and the rule that prevails, then the quotes."""
    tr = translator(lang)
    _ = tr.gettext
    lines = [heading or _("conflicts between layers: {count} (lex superior: the higher rule prevails)").format(
        count=len(conflicts))]
    for conflict in conflicts:
        lines.append("")
        lines.append(_conflict_line(conflict, tr))
        for side in ("lower", "higher"):
            rule = conflict[side]
            lines.append("  " + _("{jurisdiction}: {quote}").format(jurisdiction=tr.jurisdiction(rule["jurisdiction"]),
                                                                  quote=rule["source"]["quote"]))
            if rule.get("reading"):
                lines.append("    " + _("reading: {reading}").format(reading=_reading(tr, rule["reading"], rule["rule"])))
        if conflict.get("subjects"):
            lines.append("  " + _("subjects: {subjects}").format(subjects=", ".join(conflict["subjects"])))
    return "\n".join(lines) + "\n"


@_escaping
def _days_left(tr: Translator, left: int, status: str) -> str:
    """Working days left, as a reader says it: 剩余3个工作日, 逾期2个工作日, 今日到期 (English: the
    number).

    A duty judged overdue before a working day has passed since its due date (due on a Friday,
    judged on the Sunday: no working day in between) is overdue, never due today."""
    if tr.lang == "en":
        return str(left)
    if left == 0 and status == "overdue":
        return tr.gettext("overdue, less than a working day")
    if left == 0:
        return tr.gettext("due today")
    return (tr.gettext("{n} overdue") if left < 0 else tr.gettext("{n} left")).format(n=amount(tr, abs(left), "working_days"))


def render_agenda(agenda: dict[str, Any], lang: str | None = None) -> str:
    """`regkit agenda`: what is overdue or falls due soon, by due date."""
    tr = translator(lang)
    _ = tr.gettext
    columns = (_("due"), _("working days left"), _("status"), _("party"), _("subject"), _("rule"), _("article"))
    rows = []
    for item in agenda["items"]:
        rows.append((tr.date(item["due"]) + (" *" if item["provisional"] else ""), _days_left(tr, item["working_days_left"], item["status"]),
                     tr.term("status", item["status"]), tr.term("party", item["party"]), item["subject"],
                     item["rule"], tr.article(item["source"])))
    when = tr.date(agenda["as_of"]) if agenda["as_of"] else _("each history's own date")
    lines = [_("Overdue, or due within {within} working days, as of {as_of}: {count}").format(
        within=agenda["within"], as_of=when, count=len(rows)), ""]
    if not rows:
        return lines[0] + "\n"
    widths = [max(_width(r[i]) for r in [columns, *rows]) for i in range(len(columns))]
    lines.append("  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows)
    return "\n".join(lines) + "\n"


@_escaping
def render_jurisdictions(rows: list[dict[str, Any]], lang: str | None = None) -> str:
    """The packs of `regkit jurisdictions` (packs.describe_packs), one line each. English keeps
    the ids and levels as identifiers; Chinese names the level and the in-force dates as written."""
    tr = translator(lang)
    _ = tr.gettext
    table = [[_("id"), _("level"), _("parent"), _("in force"), _("title")]]
    for row in rows:
        start = tr.date(row["in_force_from"]) if row["in_force_from"] else _("unknown")
        table.append([row["id"], tr.term("level", row["level"]), row["parent"] or "–",
                      f"{start} → {tr.date(row['in_force_until']) if row['in_force_until'] else ''}".rstrip(),
                      row["title"]])
    widths = [max(_width(line[i]) for line in table) for i in range(len(table[0]) - 1)]
    return "".join("  ".join(_pad(cell, w) for cell, w in zip(line, widths)) + "  " + line[-1] + "\n"
                   for line in table)
