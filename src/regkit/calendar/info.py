"""What the calendar's answers rest on, year by year, and whether next year's notice is due."""

from __future__ import annotations

from datetime import date

from .law import revision_for

__all__ = ["calendar_info", "render_info"]

#: From this month on, the notice for next year is due (they appeared from late October to
#: early December in 2008-2025).
REMINDER_MONTH = 11


def calendar_info(calendar, today: date) -> dict:
    """Plain JSON-able data: the receipt, the last announced year, each year's source, and the
    reminder (None before November, or when next year is already announced)."""
    through = calendar.official_through.year
    library_last = calendar.library_through.year
    scheduled = {s.year: s for s in calendar.schedules}
    sources: list[dict] = []
    for year in range(calendar.first_day.year, calendar.last_day.year + 1):
        if year in scheduled:
            s = scheduled[year]
            sources.append({"years": [year, year], "source": "schedule", "file": s.source, "sha256": s.sha256,
                            "notices": [{"title": n.title, "number": n.number,
                                         "issued": n.issued.isoformat() if n.issued else None,
                                         "source": n.source} for n in s.notices]})
            continue
        kind = "holidays" if year <= library_last else "estimate"
        if sources and sources[-1]["source"] == kind and sources[-1]["years"][1] == year - 1:
            sources[-1]["years"][1] = year
            continue
        entry = {"years": [year, year], "source": kind}
        if kind == "holidays":
            entry["holidays_version"] = calendar.holidays_version
        else:
            revision = revision_for(year)
            entry["law"] = f"{revision.title}（{revision.number}）"
        sources.append(entry)
    reminder = None
    next_year = today.year + 1
    if today.month >= REMINDER_MONTH and through < next_year:
        reminder = (f"the State Council's notice of the {next_year} holidays (国务院办公厅关于{next_year}年部分节假日"
                    f"安排的通知) is due; until it is loaded, answers that reach {next_year} are provisional. "
                    "When it appears: transcribe it (or import holiday-cn's file: regkit calendar import FILE "
                    f"--format holiday-cn --out cn-{next_year}.yaml), run regkit calendar check "
                    f"cn-{next_year}.yaml, then use --schedule cn-{next_year}.yaml or set REGKIT_SCHEDULES "
                    "(see docs/calendar.md)")
    return {"today": today.isoformat(), "last_announced_year": through, "sources": sources,
            "reminder": reminder, "receipt": calendar.receipt()}


def render_info(info: dict) -> str:
    """The info as lines of text for a terminal."""
    lines = [f"last announced year: {info['last_announced_year']}"]
    for entry in info["sources"]:
        first, last = entry["years"]
        years = str(first) if first == last else f"{first}-{last}"
        if entry["source"] == "holidays":
            lines.append(f"{years}: announced, from holidays {entry['holidays_version']}")
        elif entry["source"] == "estimate":
            lines.append(f"{years}: provisional, estimated from {entry['law']}: statutory days and 补假, "
                         "no make-up working days")
        else:
            notices = "; ".join(
                n["title"] + (f"（{n['number']}）" if n["number"] else "")
                + (f", issued {n['issued']}" if n["issued"] else "") for n in entry["notices"])
            lines.append(f"{years}: announced, from the schedule {entry['file']} (sha256 {entry['sha256'][:12]}…): "
                         f"{notices}")
    if info["reminder"]:
        lines.append(f"reminder: {info['reminder']}")
    return "\n".join(lines) + "\n"
