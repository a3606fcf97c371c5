"""The agenda as an iCalendar file (RFC 5545) that Outlook, DingTalk and Feishu import.

Each item is an all-day VEVENT (DTSTART;VALUE=DATE on its due date, DTEND the day after)
with a reminder at 09:00 the day before. What an importer needs to update rather than
duplicate an entry: the item's stable `uid` as UID, and a SEQUENCE and LAST-MODIFIED that
grow with the day the agenda was judged on, so that a later agenda is a newer revision of
the same event (Outlook keeps the highest SEQUENCE of a UID). DTSTAMP is that day too (not
the clock), so the same input gives the same bytes. Lines end in CRLF and are folded at 75
octets without splitting a UTF-8 character, as the RFC requires.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from .. import __version__
from ..i18n import translator

__all__ = ["agenda_ics"]


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


_UNITS = re.compile(r"\\.|.", re.S)  # an escape (backslash and a character) is one unit


def _fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continuations starting with a
    space, never inside a UTF-8 character nor inside an escape such as \\n (the RFC allows the
    latter, but an importer that unfolds badly would then show a stray backslash)."""
    out, current, size = [], "", 0
    for unit in _UNITS.findall(line):
        width = len(unit.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += unit
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _day(iso: str) -> str:
    return iso.replace("-", "")


# SEQUENCE counts days from here: a revision number that only grows as the agenda's day does
_EPOCH = date(2000, 1, 1)


def _revision(iso: str | None) -> tuple[str, int]:
    """(UTC stamp, SEQUENCE) of an agenda judged on day `iso` (the stamp is midnight UTC)."""
    day = date.fromisoformat(iso) if iso else date.today()
    return day.strftime("%Y%m%d") + "T000000Z", (day - _EPOCH).days


def agenda_ics(agenda: dict[str, Any], lang: str | None = None) -> str:
    """The agenda of `regkit.agenda` as the text of a .ics file."""
    from .text import escaped
    agenda = escaped(agenda)  # RFC 5545 allows no control characters in a value
    tr = translator(lang)
    _ = tr.gettext
    colon = "：" if tr.lang == "zh" else ": "
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//regkit//regkit {__version__}//{tr.lang.upper()}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(_('regkit: duties falling due'))}",
             "X-WR-TIMEZONE:Asia/Shanghai"]
    for item in agenda["items"]:
        due = date.fromisoformat(item["due"])
        stamp, sequence = _revision(item.get("as_of") or agenda["as_of"])
        status = tr.term("status", item["status"])
        summary = _("[{status}] {party}: {kind} ({subject})").format(
            status=status, party=tr.term("party", item["party"]), kind=tr.term("kind", item["kind"]),
            subject=item["subject"])
        description = "\n".join([
            _("Rule: {rule}").format(rule=item["rule"]),
            _("Due: {date}").format(date=tr.date(item["due"]))
            + (_(" (provisional: the holiday schedule is not yet announced)") if item["provisional"] else ""),
            _("Triggered by {event} on {date}").format(event=tr.term("event", item["trigger"]["type"]),
                                                       date=tr.date(item["trigger"]["date"])),
            f"{tr.article(item['source'])}{colon}{item['source']['quote']}",
        ])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item['uid']}",
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{stamp}",
            f"SEQUENCE:{sequence}",
            f"DTSTART;VALUE=DATE:{_day(item['due'])}",
            f"DTEND;VALUE=DATE:{(due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"CATEGORIES:{_escape(item['jurisdiction'])},{_escape(item['kind'])}",
            "TRANSP:TRANSPARENT",
            "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(summary)}",
            "TRIGGER:-PT15H",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
