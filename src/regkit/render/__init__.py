"""Renderings of results for people: text and Markdown (`text`), the HTML report (`html`)
and the iCalendar agenda (`ical`). JSON stays the contract (`engine.to_json`)."""

from .text import (escaped, render_agenda, render_classification, render_conflicts, render_findings,
                   render_jurisdictions, render_markdown, render_table, terminal_safe)

__all__ = ["escaped", "render_agenda", "render_classification", "render_conflicts", "render_findings",
           "render_jurisdictions", "render_markdown", "render_table", "terminal_safe"]
