"""Human-readable renderings of a result: a terminal table and Markdown.

JSON (`engine.to_json`) is the contract; these are for reading. Both show, per
obligation, what is due, by whom, by when, its status and the article. Every string
a user gave (subjects, actors, reasons) is shown with its control characters
escaped: an ESC, BEL or OSC sequence in a subject cannot recolour the table or
retitle the terminal, nor a newline split a row.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any, Callable, TypeVar

from .errors import _printable

__all__ = ["escaped", "render_classification", "render_conflicts", "render_findings", "render_markdown",
           "render_table", "terminal_safe"]

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


def _cells(entry: dict[str, Any]) -> dict[str, str]:
    source = entry["source"]
    period = entry["period"] or {}
    due = entry["due"] or (f"≥ {entry['earliest']}" if entry["earliest"] else "–")
    if period.get("extended_by"):
        due += f" (+{period['extended_by']})"
    if entry["provisional"]:
        due += " *"
    status = entry["status"] + (" (binding)" if entry["binding"] and entry["status"] != "not_applicable"
                                else "")
    unit = {"working_days": "wd", "natural_days": "d", "months": "mo", "years": "y", "same_day": "d",
            "day_of_next_month": "d"}
    article = f"{source['jurisdiction']} art. {source['article']}"
    if "document" in source:
        article = f"{source['document']} §{source['article']}"
    return {
        "subject": entry["subject"],
        "rule": entry["rule"] + (f" [{period['covers']}]" if period.get("covers") else ""),
        "party": entry["party"],
        "trigger": f"{entry['trigger']['type']} {entry['trigger']['date']}",
        "due": due,
        "status": status,
        "done": entry["completed_on"] or "–",
        "late": f"{entry['late_by']} {unit.get(period.get('unit', ''), '')}".strip() if entry["late_by"] else "",
        "article": article,
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _header(result: dict[str, Any]) -> str:
    cal = result["calendar"]
    line = (f"{result['jurisdiction']} as of {result['as_of']} (layers: {result['layers']}; "
            f"calendar official through {cal['official_through']}")
    return line + ("; PROVISIONAL dates marked *)" if cal["provisional"] else ")")


def _notes(result: dict[str, Any]) -> list[str]:
    lines = []
    for entry in result["deadlines"]:
        if entry["status"] == "not_applicable" and entry["reason"]:
            lines.append(f"not applicable: {entry['rule']} ({entry['subject']}): {entry['reason']}")
    lines.extend(f"warning: {w['message']}" for w in result["warnings"])
    return lines


@_escaping
def render_table(result: dict[str, Any]) -> str:
    """A plain-text table for a terminal (wide characters measured as two columns)."""
    rows = [_cells(e) for e in result["deadlines"]]
    widths = {c: max([_width(c)] + [_width(r[c]) for r in rows]) for c in _COLUMNS}
    lines = [_header(result), ""]
    if not rows:
        lines.append("no deadlines")
    else:
        lines.append("  ".join(_pad(c, widths[c]) for c in _COLUMNS).rstrip())
        lines.append("  ".join("-" * widths[c] for c in _COLUMNS))
        lines.extend("  ".join(_pad(r[c], widths[c]) for c in _COLUMNS).rstrip() for r in rows)
    if result["findings"]:
        lines += ["", render_findings(result).rstrip("\n")]
    if result["conflicts"]:
        lines += ["", render_conflicts(result["conflicts"]).rstrip("\n")]
    notes = _notes(result)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"


@_escaping
def render_markdown(result: dict[str, Any]) -> str:
    """A Markdown table, with the readings applied and the warnings below it."""
    lines = [f"**{_header(result)}**", ""]
    rows = [_cells(e) for e in result["deadlines"]]
    lines.append("| " + " | ".join(_COLUMNS) + " |")
    lines.append("|" + "---|" * len(_COLUMNS))
    for row in rows:
        lines.append("| " + " | ".join(row[c].replace("|", "\\|") for c in _COLUMNS) + " |")
    readings = sorted({(e["rule"], e["reading"]) for e in result["deadlines"] if e["reading"]})
    if readings:
        lines += ["", "Readings applied:", ""]
        lines += [f"- `{rule}`: {reading}" for rule, reading in readings]
    if result["conflicts"]:
        lines += ["", "Conflicts between layers (the higher rule prevails):", ""]
        lines += [f"- {_conflict_line(c)}" for c in result["conflicts"]]
    notes = _notes(result)
    if notes:
        lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


@_escaping
def render_classification(items: list[dict[str, Any]]) -> str:
    """Classification items as text: per layer, the verdict, the path, opening, what is missing."""
    if not items:
        return "no classification rules apply\n"
    lines = []
    for item in items:
        claimed = item["claimed"]
        head = f"{item['jurisdiction']}: claimed {claimed['share_type']}"
        if item["result"] is None:
            lines += [head, f"  not applicable: {item['reason']}", ""]
            continue
        result = item["result"]
        if item["valid"]:
            lines.append(f"{head} -> valid")
        elif result["share_type"] != claimed["share_type"]:
            lines.append(f"{head} -> INVALID; the law makes it {result['share_type']}")
        else:
            lines.append(f"{head} -> INVALID; it stays {result['share_type']} until the requirements are met")
        lines.append(f"  request path: {result['request_path']} ({item['steps']})")
        opening = {True: "allowed", False: "not allowed", None: "not regulated by this text"}[result["open_allowed"]]
        lines.append(f"  opening as {claimed['open_type']}: {opening}")
        for req in item["requirements"]:
            src = req["source"]
            lines.append(f"  unmet: {req['requirement']} ({src['jurisdiction']} art. {src['article']}: {src['quote']})")
        for reading in item["readings"]:
            lines.append(f"  reading ({reading['rule']}): {reading['reading']}")
        lines.append("")
    return "\n".join(lines)


def _article(source: dict | None) -> str:
    if not source:
        return "–"
    where = f"{source['document']} §{source['article']}" if "document" in source else \
        f"{source['jurisdiction']} art. {source['article']}"
    return where + (f"({source['item']})" if "item" in source else "")


@_escaping
def render_findings(result: dict[str, Any]) -> str:
    """`regkit liability`: who is liable for what, under which article, what now, what follows."""
    findings = result["findings"]
    lines = [f"liability: {result['jurisdiction']} as of {result['as_of']}: "
             f"{sum(f['kind'] == 'violation' for f in findings)} violation(s), "
             f"{sum(f['kind'] == 'exempted' for f in findings)} exempted"
             + (f", {allocated} allocation(s) of responsibility"
                if (allocated := sum(f['kind'] == 'responsibility' for f in findings)) else "")]
    for f in findings:
        lines.append("")
        if f["kind"] == "responsibility":  # who bears an outcome: no sanction, no ladder
            lines.append(f"RESPONSIBILITY {', '.join(f['bears'])} bears {f['conduct']} ({f['subject']}, "
                         f"{f['date']}) - {_article(f['source'])}")
            if f["not_borne_by"]:
                lines.append(f"  expressly not: {', '.join(f['not_borne_by'])}")
            lines.append(f"  quote: {f['source']['quote']}")
            lines.append(f"  shown by: event {f['evidence']['index']} ({f['evidence']['event']})")
            continue
        head = "EXEMPT " if f["kind"] == "exempted" else ""
        lines.append(f"{head}{f['party']}: {f['conduct']} ({f['subject']}, {f['date']}) - {_article(f['source'])}")
        lines.append(f"  quote: {f['source']['quote']}")
        evidence = f["evidence"]
        if "deadline" in evidence:
            lines.append(f"  shown by: {evidence['deadline']} {evidence['status']}")
        else:
            lines.append(f"  shown by: event {evidence['index']} ({evidence['event']})")
        by = f" (by {f['enforcer']})" if f.get("enforcer") else ""
        lines.append(f"  now{by}: {', '.join(f['sanctions']) or 'none stated by this article'}")
        if f.get("discretionary"):
            lines.append(f"  may, not must: {', '.join(f['discretionary'])}")
        for step in f["escalation"]:
            mark = "APPLIES" if step["applies"] else "follows"
            lines.append(f"  {mark} if {step['upon']}: {', '.join(step['sanctions'])} ({_article(step['source'])})")
        for ex in f["exemptions"]:
            lines.append(f"  exemption {ex['flag']} ({ex['value']}): {ex['effect']} ({_article(ex['source'])})")
        if f.get("reading"):
            lines.append(f"  reading: {f['reading']}")
    return "\n".join(lines) + "\n"


def _conflict_line(conflict: dict[str, Any]) -> str:
    lower, higher = conflict["lower"], conflict["higher"]
    return (f"{conflict['kind']}: {conflict['summary']}: {lower['rule']} ({_article(lower['source'])}) "
            f"against {higher['rule']} ({_article(higher['source'])}); {conflict['prevails']} prevails")


@_escaping
def render_conflicts(conflicts: list[dict[str, Any]], heading: str | None = None) -> str:
    """Each conflict on one line with both articles and the rule that prevails, then the quotes."""
    lines = [heading or f"conflicts between layers: {len(conflicts)} (lex superior: the higher rule prevails)"]
    for conflict in conflicts:
        lines.append("")
        lines.append(_conflict_line(conflict))
        for side in ("lower", "higher"):
            rule = conflict[side]
            lines.append(f"  {rule['jurisdiction']}: {rule['source']['quote']}")
            if rule.get("reading"):
                lines.append(f"    reading: {rule['reading']}")
        if conflict.get("subjects"):
            lines.append(f"  subjects: {', '.join(conflict['subjects'])}")
    return "\n".join(lines) + "\n"
