"""The agenda as an iCalendar file (RFC 5545) that Outlook, DingTalk and Feishu import.

Each item is an all-day VEVENT on its due date with a reminder one day before; its UID is the agenda item's stable `uid`, so importing a later agenda updates
the same entries. DTSTAMP is the agenda's day (not the clock), so the same input gives
the same bytes. Lines end in CRLF and are folded at 75 octets without splitting a
character, as the RFC requires.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .. import __version__
from ..i18n import translator

__all__ = ["agenda_ics"]


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continuations starting with a space."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _day(iso: str) -> str:
    return iso.replace("-", "")


def agenda_ics(agenda: dict[str, Any], lang: str | None = None) -> str:
    """The agenda of `regkit.agenda` as the text of a .ics file."""
    from .text import escaped
    agenda = escaped(agenda)  # RFC 5545 allows no control characters in a value
    tr = translator(lang)
    _ = tr.gettext
    stamp = _day(agenda["as_of"] or date.today().isoformat()) + "T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//regkit//regkit {__version__}//{tr.lang.upper()}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(_('regkit: duties falling due'))}"]
    for item in agenda["items"]:
        due = date.fromisoformat(item["due"])
        status = tr.term("status", item["status"])
        summary = _("[{status}] {party}: {kind} ({subject})").format(
            status=status, party=tr.term("party", item["party"]), kind=tr.term("kind", item["kind"]),
            subject=item["subject"])
        description = "\n".join([
            _("Rule: {rule}").format(rule=item["rule"]),
            _("Due: {date}").format(date=tr.date(item["due"])),
            _("Triggered by {event} on {date}").format(event=tr.term("event", item["trigger"]["type"]),
                                                       date=tr.date(item["trigger"]["date"])),
            f"{tr.article(item['source'])}: {item['source']['quote']}",
        ])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_day(item['due'])}",
            f"DTEND;VALUE=DATE:{(due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"CATEGORIES:{_escape(item['jurisdiction'])},{_escape(item['kind'])}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(summary)}",
            "TRIGGER:-P1D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
