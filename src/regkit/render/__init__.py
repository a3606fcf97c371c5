"""Renderings of results for people: text and Markdown (`text`), the HTML report (`html`)
and the iCalendar agenda (`ical`). JSON stays the contract (`engine.to_json`)."""

from .text import render_agenda, render_classification, render_conflicts, render_findings, render_markdown, render_table

__all__ = ["render_agenda", "render_classification", "render_conflicts", "render_findings", "render_markdown", "render_table"]
