"""The comparison matrix (`regkit compare`) in Chinese.

The matrix is built once, language-neutral, by `regkit.comparison.compare`: each cell
keeps its English figure and, more to the point, the rules it comes from. The Chinese
cell is written again from those rules and the closed-list values the figure names,
so it says exactly what the English one says.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import Translator

__all__ = ["matrix_csv_zh", "matrix_markdown_zh", "matrix_plain_zh"]


def _rule(rule_id: str):
    from ..explanation import find_rule
    return find_rule(rule_id)[1]


def _article(tr: Translator, pid: str, cite: str) -> str:
    """'art. 17', 'art. 39(4)' or 'jinzhong-plan §5(3)' as a Chinese citation of pack `pid`."""
    found = re.fullmatch(r"(?:(\S+) §|art\. )(\d+)(?:\((\d+)\))?", cite)
    if not found:
        return cite
    source = {"jurisdiction": pid, "article": int(found.group(2))}
    if found.group(1):
        source["document"] = found.group(1)
    if found.group(3):
        source["item"] = int(found.group(3))
    return tr.article(source)


def _cited_by_rules(pid: str, rule_ids) -> dict[str, dict]:
    """The sources of a cell's own rules, by the English form a cell lists ('art. 15'), so
    each article is cited as precisely as its rule cites it: 第十五条第二款, not 第十五条."""
    from ..engine.compile.records import _source
    from ..explanation import find_rule
    sources: dict[str, dict] = {}
    for rule_id in rule_ids:
        try:
            pack, rule = find_rule(rule_id)
        except Exception:  # noqa: BLE001 - a row of another kind names no rule: the article stands
            continue
        if pack.id != pid or getattr(rule, "source", None) is None:
            continue
        source = _source(pack, rule.source)
        where = f"{source['document']} §" if "document" in source else "art. "
        english = f"{where}{source['article']}" + (f"({source['item']})" if "item" in source else "")
        sources.setdefault(english, source)
    return sources


def _article_texts(tr: Translator, pid: str, cites, rules=()) -> list[str]:
    """A cell's citations in Chinese, each as its rule cites it where one of the cell's rules does."""
    precise = _cited_by_rules(pid, rules)
    return [tr.article(precise[cite]) if cite in precise else _article(tr, pid, cite) for cite in cites]


def _articles(texts: list[str]) -> str:
    """Citations joined the way a drafter lists them: the document named once per run,
    《政务数据共享条例》第二十七条、第三十九条第（一）项."""
    parts, previous, article = [], None, None
    for text in texts:
        title, mark, rest = text.partition("》")
        if mark and title == previous:
            # and the article once per run of its items: 第三十九条第（一）项、第（二）项
            same = _ARTICLE.match(rest)
            parts.append(rest[same.end():] if same and same.group(0) == article and same.end() < len(rest)
                         else rest)
            article = same.group(0) if same else None
        else:
            parts.append(text)
            previous = title if mark else None
            same = _ARTICLE.match(rest) if mark else None
            article = same.group(0) if same else None
    return "、".join(parts)


_ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条")


def _figure(tr: Translator, topic: str, label: str, cell) -> str:
    figure = cell.figure
    if figure in ("–", "not in force", "sets none"):
        return {"–": "–", "not in force": "未施行", "sets none": "未规定"}[figure]
    if topic not in ("classification", "liability"):
        from ..comparison import figure_of
        return "；".join(figure_of(_rule(r), tr) for r in cell.rules)
    if figure == "no basis required":
        return "无须依据"
    if topic == "classification":
        category = "request_path" if label.endswith("request path") else "legal_basis"
        return tr.terms(category, figure.split(", "))
    category = "exemption" if label.endswith("exemptions") else "sanction"
    return tr.terms(category, figure.split(", "))


def _label(tr: Translator, topic: str, label: str) -> str:
    if topic == "liability":
        stage = label.removeprefix("liability: ")
        if stage == "exemptions":
            return "免责事由"
        from ..tables import STAGES
        upon = next((key for key, text in STAGES if text == stage), stage)
        return tr.term("upon", upon)
    if topic == "classification":
        share_type, _sep, what = label.partition(": ")
        what = {"request path": "获取方式", "bases accepted for restricting sharing": "限制共享可援引的依据"}.get(what, what)
        return f"{tr.term('share_type', share_type)}：{what}"
    kind, _sep, variant = label.partition(" (")
    text = tr.term("kind", kind)
    return f"{text}（{tr.term('share_type', variant.rstrip(')'))}）" if variant else text


def _rows_zh(matrix: dict[str, Any], tr: Translator):
    """Per row: its topic, its Chinese topic and label, and per jurisdiction the Chinese figure
    and citations of the cell."""
    for row in matrix["rows"]:
        topic = row["topic"]
        cells = {}
        for pid, cell in row["cells"].items():
            texts = _article_texts(tr, pid, cell.articles, cell.rules)
            cells[pid] = (_figure(tr, topic, row["row"], cell), texts, _articles(texts) if texts else "")
        yield row, tr.term("topic", topic), _label(tr, topic, row["row"]), cells


def _cell_text(figure: str, cited: str) -> str:
    return f"{figure}（{cited}）" if cited else figure


def matrix_markdown_zh(matrix: dict[str, Any], tr: Translator) -> str:
    ids = matrix["jurisdictions"]
    lines, topic = [], None
    for row, topic_zh, label, cells in _rows_zh(matrix, tr):
        if row["topic"] != topic:
            if topic is not None:
                lines.append("")
            topic = row["topic"]
            lines += [f"### {topic_zh}", "", "| | " + " | ".join(tr.jurisdiction(p) for p in ids) + " |",
                      "|---|" + "---|" * len(ids)]
        texts = [_cell_text(cells[pid][0], cells[pid][2]).replace("|", "\\|") for pid in ids]
        lines.append(f"| {label} | " + " | ".join(texts) + " |")
    lines.append("")
    return "\n".join(lines)


def matrix_csv_zh(matrix: dict[str, Any], tr: Translator) -> str:
    """The matrix as CSV in Chinese: headings, the documents' names across, the figures with
    their citations, as a reader opens it in a spreadsheet."""
    import csv
    import io
    ids = matrix["jurisdictions"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([tr.gettext("topic"), tr.gettext("row"), *(tr.jurisdiction(p) for p in ids)])
    for _row, topic_zh, label, cells in _rows_zh(matrix, tr):
        writer.writerow([topic_zh, label, *(_cell_text(cells[pid][0], cells[pid][2]) for pid in ids)])
    return out.getvalue()


def matrix_plain_zh(matrix: dict[str, Any], tr: Translator) -> dict[str, Any]:
    """The matrix as JSON data with its human texts in Chinese: each row's `label`, each cell's
    `figure` and `articles`; keys, topics, row keys, jurisdiction and rule ids unchanged."""
    rows = []
    for row, _topic_zh, label, cells in _rows_zh(matrix, tr):
        rows.append({**row, "label": label,
                     "cells": {pid: {"figure": cells[pid][0], "articles": cells[pid][1],
                                     "rules": list(cell.rules)} for pid, cell in row["cells"].items()}})
    return {**matrix, "rows": rows}
