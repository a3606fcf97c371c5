"""Jurisdictions side by side, for analysts: topics down, jurisdictions across.

Every cell is read from a pack's own rules (its layer alone, not its ancestors'), with
the articles it rests on, so the matrix says no more than the packs do. `on` keeps the
rules in force that day ("not in force" otherwise; classification and liability rules
carry their pack's interval); `on=None` shows every rule, as the generated page
`docs/comparison.md` does.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from . import vocabulary
from .engine.classify import table_for
from .engine.conflicts import accepted_bases
from .engine.compile import liability_for
from .errors import InputError
from .model.packs import ClassRequirement, Deadline, InForce, Recurring, Statement
from .library import tree_order
from .packs import Pack, current_packs
from .engine.compile.records import _source
from .tables import STAGES, cite, ladder_step

if TYPE_CHECKING:
    from .model.results import CompareResult

__all__ = ["TOPICS", "compare", "compare_history", "compare_history_markdown", "matrix_csv",
           "matrix_json", "matrix_markdown"]

# the deadline kinds of each topic, in the vocabulary's order (vocabulary.toml: deadline_kinds)
_DEADLINE_TOPICS: dict[str, tuple[str, ...]] = {}
for _kind, _term in vocabulary.terms("deadline_kinds").items():
    _DEADLINE_TOPICS[_term.topic] = (*_DEADLINE_TOPICS.get(_term.topic, ()), _kind)
TOPICS = (*_DEADLINE_TOPICS, "classification", "liability")
_CLASSES = ("unconditional", "conditional", "not_shared")
_UNITS = {"working_days": "working days", "natural_days": "days", "months": "months", "years": "years"}


@dataclass(frozen=True)
class Cell:
    """One jurisdiction's answer to one row: the figure and the rules and articles behind it."""

    figure: str
    rules: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()

    def text(self) -> str:
        return f"{self.figure} ({', '.join(self.articles)})" if self.articles else self.figure

    def as_dict(self) -> dict[str, Any]:
        return {"figure": self.figure, "rules": list(self.rules), "articles": list(self.articles)}


NONE = Cell("–")
NOT_IN_FORCE = Cell("not in force")


def _ids(jurisdictions: Iterable[str] | None) -> list[str]:
    """The jurisdictions asked for, in the order given (default: every one of the library, in
    tree order)."""
    packs = current_packs()
    if jurisdictions is None:
        return tree_order(packs)
    ids = list(dict.fromkeys(jurisdictions))
    unknown = [pid for pid in ids if pid not in packs]
    if unknown:
        raise InputError(f"unknown jurisdiction {unknown[0]!r}; known: {', '.join(sorted(packs))}",
                         field="jurisdictions")
    return ids


def compare(topics: Iterable[str] | None = None, on: date | None = None,
            jurisdictions: Iterable[str] | None = None) -> dict[str, Any]:
    """The matrix: `{"on", "jurisdictions", "rows": [{"topic", "row", "cells": {id: Cell}}]}`.
    `jurisdictions` keeps those columns, in that order; a row belongs to one obligation
    (deadline kind and, where a rule distinguishes it, the class of data), so the same
    obligation lines up across them."""
    topics = list(topics or TOPICS)
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise InputError(f"unknown topic {unknown[0]!r}; known: {', '.join(TOPICS)}", field="topic")
    packs = current_packs()
    ids = _ids(jurisdictions)
    rows: list[dict[str, Any]] = []
    for topic in topics:
        for label, answer in _rows(topic, [packs[pid] for pid in ids]):
            cells = {pid: answer(packs[pid], on) if _pack_in_force(packs[pid], on) else NOT_IN_FORCE
                     for pid in ids}
            rows.append({"topic": topic, "row": label, "cells": cells})
    return {"on": on.isoformat() if on else None, "jurisdictions": ids, "rows": rows}


def _pack_in_force(pack: Pack, on: date | None) -> bool:
    return on is None or _in_force(pack.meta.in_force, on)


def _in_force(in_force: InForce, on: date) -> bool:
    """In force on `on`; a start the text does not give is never taken to be in force."""
    return in_force.from_ is not None and in_force.contains(on)


def _cite(pack: Pack, ref) -> str:
    return cite(_source(pack, ref))


def _rows(topic: str, packs: list[Pack]):
    if topic in _DEADLINE_TOPICS:
        yield from _deadline_rows(_DEADLINE_TOPICS[topic], packs)
    elif topic == "classification":
        yield from _classification_rows()
    else:
        yield from _liability_rows()


def _share_type(rule) -> str | None:
    match = rule.trigger if isinstance(rule, Deadline) else rule.starts_with
    return match.where.get("share_type")


def _deadline_rows(kinds: tuple[str, ...], packs: list[Pack]):
    for kind in kinds:
        variants = sorted({_share_type(rule) or "" for pack in packs for rule in pack.rules
                           if isinstance(rule, (Deadline, Recurring)) and rule.deadline.value == kind})
        for variant in variants:
            label = f"{kind} ({variant})" if variant else kind
            yield label, _deadline_answer(kind, variant or None)


def _deadline_answer(kind: str, share_type: str | None):
    def answer(pack: Pack, on: date | None) -> Cell:
        found = [rule for rule in pack.rules if isinstance(rule, (Deadline, Recurring))
                 and rule.deadline.value == kind and _share_type(rule) == share_type
                 and (on is None or rule.in_force is None or _in_force(rule.in_force, on))]
        if not found:
            return _silent(pack, "time_limits", Deadline, Recurring)
        return Cell("; ".join(figure_of(rule) for rule in found), tuple(r.id for r in found),
                    tuple(dict.fromkeys(_cite(pack, r.source) for r in found)))
    return answer


def _silent(pack: Pack, topic: str, *kinds) -> Cell:
    """A pack with no rule of these kinds at all that states, for the record, that its
    text sets none says so in the cell; otherwise the cell is empty."""
    if any(isinstance(rule, kinds) for rule in pack.rules):
        return NONE
    said = [r for r in pack.rules if isinstance(r, Statement) and r.topic == topic]
    if not said:
        return NONE
    return Cell("sets none", tuple(r.id for r in said), tuple(_cite(pack, r.source) for r in said))


def _amount(amount: int, unit: str, tr=None) -> str:
    if tr is not None and tr.lang != "en":
        return f"{amount}{tr.term('unit', unit)}"
    if unit == "same_day":
        return "the same day"
    word = _UNITS[unit]
    return f"{amount} {word[:-1] if amount == 1 else word}"


def figure_of(rule: Deadline | Recurring, tr=None) -> str:
    """A time limit in a few words, in `tr`'s language (default English): the figure of a
    matrix cell."""
    from .i18n import translator
    tr = tr or translator("en")
    _ = tr.gettext
    if isinstance(rule, Recurring):
        return _("every month by day {day}, once {event}").format(
            day=rule.due_day, event=tr.term("event", rule.starts_with.event))
    period, event = rule.period, tr.term("event", rule.trigger.event)
    if period.unit.value == "same_day":
        return _("the same day after {event}").format(event=event)
    amount = _amount(period.amount, period.unit.value, tr)
    if rule.bound == "minimum":
        return _("at least {amount} after {event}").format(amount=amount, event=event)
    text = _("{amount} after {event}").format(amount=amount, event=event)
    if rule.extension:
        text += _(", extendable by {amount}").format(
            amount=_amount(rule.extension.max.amount, rule.extension.max.unit.value, tr))
    return text


def _classification_rows():
    for share_type in ("conditional", "not_shared"):
        yield f"{share_type}: bases accepted for restricting sharing", _bases_answer(share_type)
    for share_type in _CLASSES:
        yield f"{share_type}: request path", _path_answer(share_type)


def _bases_answer(share_type: str):
    def answer(pack: Pack, _on: date | None) -> Cell:
        if table_for(pack) is None:
            return _silent(pack, "classification", ClassRequirement)
        found = accepted_bases(pack, share_type)
        if found is None:
            return Cell("no basis required")
        rules, bases = found
        return Cell(", ".join(sorted(bases)), tuple(r.id for r in rules),
                    tuple(dict.fromkeys(_cite(pack, r.source) for r in rules)))
    return answer


def _path_answer(share_type: str):
    def answer(pack: Pack, _on: date | None) -> Cell:
        table = table_for(pack)
        if table is None:
            return _silent(pack, "classification", ClassRequirement)
        row = table._pick(table.paths, table.path_mode, {"share_type": share_type, "dedicated": False},
                          "request_path")
        return Cell(row.value, (row.id,), (cite(row.source),))
    return answer


def _liability_rows():
    for stage, label in STAGES:
        yield f"liability: {label}", _ladder_answer(stage)
    yield "liability: exemptions", _exemptions_answer


def _ladder_answer(stage: str):
    def answer(pack: Pack, _on: date | None) -> Cell:
        found = ladder_step(liability_for(pack), stage)
        if not found:
            return NONE
        return Cell(", ".join(sorted(found)), (), tuple(sorted({a for arts in found.values() for a in arts})))
    return answer


def _exemptions_answer(pack: Pack, _on: date | None) -> Cell:
    rules = liability_for(pack)
    flags = sorted({flag for rule in rules for flag, _effect, _src in rule.exemptions})
    if not flags:
        return NONE
    cites = sorted({f"art. {src['article']}" for rule in rules for _f, _e, src in rule.exemptions if src})
    return Cell(", ".join(flags), (), tuple(cites))


def matrix_markdown(matrix: dict[str, Any], lang: str | None = None) -> str:
    """The matrix as Markdown tables, one per topic, in the reader's language."""
    from .i18n import translator
    tr = translator(lang)
    if tr.lang == "zh":
        from .render.matrix import matrix_markdown_zh
        return matrix_markdown_zh(matrix, tr)
    ids = matrix["jurisdictions"]
    lines = []
    for topic in dict.fromkeys(row["topic"] for row in matrix["rows"]):
        lines += [f"### {topic}", "", "| | " + " | ".join(ids) + " |", "|---|" + "---|" * len(ids)]
        for row in (r for r in matrix["rows"] if r["topic"] == topic):
            cells = [row["cells"][pid].text().replace("|", "\\|") for pid in ids]
            lines.append(f"| {row['row']} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def matrix_csv(matrix: dict[str, Any], lang: str | None = None) -> str:
    """The matrix as CSV; in Chinese, headings, figures and citations are Chinese (render.matrix)."""
    from .i18n import translator
    tr = translator(lang or "en")
    if tr.lang == "zh":
        from .render.matrix import matrix_csv_zh
        return matrix_csv_zh(matrix, tr)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["topic", "row", *matrix["jurisdictions"]])
    for row in matrix["rows"]:
        writer.writerow([row["topic"], row["row"], *(row["cells"][pid].text() for pid in matrix["jurisdictions"])])
    return out.getvalue()


def matrix_json(matrix: dict[str, Any], lang: str | None = None) -> str:
    """The matrix as JSON. Without a language its texts are English; with `lang="zh"` each cell's
    figure and citations are Chinese and each row has its Chinese `label`; the keys, topics,
    row keys and ids stay as they are."""
    from .i18n import translator
    tr = translator(lang or "en")
    if tr.lang == "zh":
        from .render.matrix import matrix_plain_zh
        plain = matrix_plain_zh(matrix, tr)
    else:
        plain = {**matrix, "rows": [{**row, "cells": {pid: cell.as_dict() for pid, cell in row["cells"].items()}}
                                    for row in matrix["rows"]]}
    return json.dumps(plain, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def compare_history(events: Iterable[Any], *, as_of: date | str, layers: str = "all",
                    calendar=None, jurisdictions: Iterable[str] | None = None) -> CompareResult:
    """One history evaluated under every jurisdiction of the library (or those given, in that
    order): `{"as_of", "layers", "jurisdictions", "results": {id: result}}`. The events
    are parsed once."""
    from .engine import evaluate
    from .history import parse_events

    parsed = parse_events(events)
    ids = _ids(jurisdictions)
    results = {pid: evaluate(parsed, jurisdiction=pid, as_of=as_of, layers=layers, calendar=calendar)
               for pid in ids}
    first = results[ids[0]]
    return {"as_of": first["as_of"], "layers": layers, "jurisdictions": ids, "results": results}


def _obligations(result: dict[str, Any], tr) -> dict[tuple[str, str, str], str]:
    """Per (subject, kind, party): the binding due date and status, or the status alone.
    Under `layers: all`, a local rule that does not bind is shown beside the binding one
    of a higher layer, so a jurisdiction's own answer is never hidden."""
    _ = tr.gettext
    cells: dict[tuple[str, str, str], list[str]] = {}
    own: dict[tuple[str, str, str], list[str]] = {}
    for entry in result["deadlines"]:
        key = (entry["subject"], entry["kind"], entry["party"])
        if entry["status"] == "not_applicable":
            cells.setdefault(key, [])
            continue
        when = tr.date(entry["due"]) if entry["due"] else \
            (_("from {date}").format(date=tr.date(entry["earliest"])) if entry["earliest"] else "")
        text = f"{when} {tr.term('status', entry['status'])} [{entry['rule']}]".strip()
        if entry["binding"]:
            cells.setdefault(key, []).append(text)
        elif entry["jurisdiction"] == result["jurisdiction"]:
            own.setdefault(key, []).append(text)
    out = {}
    separator = _("; ")
    for key in cells.keys() | own.keys():
        text = separator.join(dict.fromkeys(cells.get(key, []))) or tr.term("status", "not_applicable")
        if key in own:
            text += _(" (own rule, not binding: {entries})").format(entries=separator.join(dict.fromkeys(own[key])))
        out[key] = text
    return out


def compare_history_markdown(compared: dict[str, Any], lang: str | None = None) -> str:
    """Deadlines and findings, one column per jurisdiction; the same obligation (subject,
    kind, party) is one row whichever rule sets it."""
    from .i18n import translator
    tr = translator(lang)
    _ = tr.gettext
    ids = compared["jurisdictions"]
    results = compared["results"]
    head = ["| | " + " | ".join(tr.jurisdiction(pid) for pid in ids) + " |", "|---|" + "---|" * len(ids)]
    obligations = {pid: _obligations(results[pid], tr) for pid in ids}
    keys = sorted({key for cells in obligations.values() for key in cells})
    layers = _("all") if compared["layers"] == "all" else _("local")
    lines = ["**" + _("One history under every jurisdiction, as of {as_of} (layers: {layers})").format(
        as_of=tr.date(compared["as_of"]), layers=layers) + "**",
             "", _("Binding deadlines (due date, status, rule):"), "", *head]
    for key in keys:
        row = [obligations[pid].get(key, "–") for pid in ids]
        label = _("{subject}: {what} ({party})").format(
            subject=key[0], what=tr.term("kind", key[1]), party=tr.term("party", key[2]))
        lines.append(f"| {label} | " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    findings: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for pid in ids:
        for f in results[pid]["findings"]:
            key = (f["subject"], f["party"], f["conduct"])
            measures = tr.terms("sanction", f["sanctions"]) or _("no measure stated")
            text = (_("exempt: ") if f["kind"] == "exempted" else "") + _("{measures} ({article})").format(
                measures=measures, article=tr.article(f["source"]))
            findings.setdefault(key, {}).setdefault(pid, []).append(text)
    lines += ["", _("Findings (measures now, article):"), ""]
    if not findings:
        lines.append(_("none under any jurisdiction"))
    else:
        lines += head
        for key in sorted(findings):
            row = [_("; ").join(findings[key].get(pid, [])) or "–" for pid in ids]
            label = _("{subject}: {what} ({party})").format(
                subject=key[0], what=tr.term("conduct", key[2]), party=tr.term("party", key[1]))
            lines.append(f"| {label} | " + " | ".join(row) + " |")
    conflicts = sorted({(pid, c["lower"]["rule"], c["prevails"]) for pid in ids for c in results[pid]["conflicts"]})
    if conflicts:
        lines += ["", _("Conflicts met (the higher rule prevails):"), ""]
        lines += ["- " + _("{jurisdiction}: {lower} yields to {higher}").format(
            jurisdiction=tr.jurisdiction(pid), lower=lower, higher=higher) for pid, lower, higher in conflicts]
    provisional = [tr.jurisdiction(pid) for pid in ids if results[pid]["calendar"]["provisional"]]
    if provisional:
        lines += ["", _("Computed on a provisional calendar: {jurisdictions}.").format(
            jurisdictions=_(", ").join(provisional))]
    return "\n".join(lines) + "\n"


def comparison_page() -> str:
    """docs/comparison.md: every topic's matrix and every conflict, whatever the date."""
    from .engine.conflicts import conflicts

    packs = current_packs()
    matrix = compare()
    lines = [
        "# Comparison of the jurisdictions",
        "",
        "<!-- Generated by scripts/generate_docs.py from rules/packs/; do not edit by hand. -->",
        "",
        "Topics down, jurisdictions across. Each cell is the jurisdiction's own rule (its layer",
        "alone: from 2025-08-01 the national regulation applies in every local jurisdiction as well)",
        "with the article it rests on; `–` means the text has no such rule, `sets none` that its",
        "pack records that the text sets none. Every rule is shown whatever its dates; `regkit compare",
        "--on DATE` keeps those in force on a day, and `--format csv|json` gives the same matrix as",
        "data. With `--lang zh` every format is in Chinese: the Markdown and CSV headings, the",
        "figures and the citations (《政务数据共享条例》第十七条); the JSON keeps its keys, topics,",
        "row keys and ids and gives each row its Chinese `label`. `regkit explain RULE_ID` prints a",
        "rule with its article.",
        "",
        "| id | text | in force |",
        "|---|---|---|",
    ]
    for pid in matrix["jurisdictions"]:
        in_force = packs[pid].meta.in_force
        start = in_force.from_.isoformat() if in_force.from_ else "unknown"
        span = f"from {start}" + (f" to {in_force.until.isoformat()}" if in_force.until else "")
        lines.append(f"| {pid} | {packs[pid].meta.names.zh} | {span} |")
    lines += ["", matrix_markdown(matrix).rstrip("\n"), "", "## Conflicts", "",
              "Where a local rule is laxer than the national one in force (see [layers](layers.md));",
              "the national rule prevails. `regkit conflicts --on DATE` lists those of a day.", "",
              "| kind | lower rule | higher rule | in force together | what |", "|---|---|---|---|---|"]
    for c in conflicts():
        span = f"{c['in_force']['from']} to {c['in_force']['until'] or 'open'}"
        lines.append(f"| {c['kind']} | `{c['lower']['rule']}` | `{c['higher']['rule']}` | {span} | {c['summary']} |")
    return "\n".join(lines) + "\n"
