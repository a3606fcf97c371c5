"""`regkit source import`: the plain text of a regulation made into a source file of a library.

A clean text (UTF-8, one paragraph per line, articles opening with 第X条) becomes
`DIR/sources/ID.yaml`, the shape every pack cites: chapters (第X章), articles,
one paragraph per line, and for each article its 款 and 项 as a lawyer counts them.
The steps are those applied to the bundled texts, and are recorded in the file's
provenance with the hash of the text they started from:

1. decode UTF-8 (a byte-order mark is dropped), normalise line ends;
2. traditional characters to simplified, when OpenCC is installed (else recorded as not done);
3. half-width , ; : ( ) ? ! made full-width, as in the bundled texts;
4. lines trimmed, space next to Chinese characters removed, empty lines dropped;
5. split: 第X章 and 第X条 open a chapter or an article only in sequence (a 第X条 that
   is a cross-reference at the start of a line stays text); a line opening （一） or 一、
   is an item (项) of the paragraph (款) before it, a line opening 1. or （1） or ① a
   sub-item (目) of the 项 before it, each numbered in sequence in one style; any other
   line opens a 款. A numbered line that cannot be placed so is never guessed at: it
   stays in its 款 as text, and the provenance names it (step 6).

The 款, 项 and 目 found are recorded in the file (`clauses`), and citations of the text
follow them (`sources.citation`).

The output is never written over an existing file unless asked, and never left half written.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["chinese_number", "import_text", "normalise_line", "split_articles"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_HAN}\u3000-\u303f\uff00-\uffef\u2014\u2015\u2018-\u201f\u2026]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF = re.compile("[,;:()?!]")
_SPACES = re.compile(r"[^\S\n]+")
_NUM = "零〇一二三四五六七八九十百"
_CHAPTER = re.compile(f"^第([{_NUM}]+)章(.*)$")
_ARTICLE = re.compile(f"^第([{_NUM}]+)条(.*)$")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """一 -> 1, 十 -> 10, 十七 -> 17, 四十四 -> 44, 一百零二 -> 102."""
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百":
            total += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def _squeeze(line: str) -> str:
    """Trim; drop space runs touching a Chinese character or mark; other runs become one space."""
    line = line.strip()

    def repl(m: re.Match[str]) -> str:
        touching = _CJK.match(line[m.start() - 1]) or _CJK.match(line[m.end()])
        return "" if touching else " "

    return _SPACES.sub(repl, line)


def normalise_line(line: str) -> str:
    """Steps 3 and 4 on one line."""
    return _squeeze(_HALF.sub(lambda m: _HALF_TO_FULL[m.group()], line))


def _simplified(lines: list[str]) -> tuple[list[str], str]:
    try:
        import opencc
    except ImportError:
        return lines, "2 t2s: not done (OpenCC is not installed; the text is taken as simplified)"
    try:
        converter = opencc.OpenCC("t2s")
    except Exception:  # noqa: BLE001 - older bindings want the file name
        converter = opencc.OpenCC("t2s.json")
    return [converter.convert(line) for line in lines], "2 t2s: OpenCC traditional to simplified (t2s)"


def split_articles(lines: list[str], unplaced: list[str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Lines -> (lines before article 1, articles with chapter, paragraphs, 款, 项 and 目);
    a numbered line that cannot be placed is reported in `unplaced` (see `_clauses`)."""
    preamble: list[str] = []
    articles: list[dict[str, Any]] = []
    chapter, next_chapter = None, 1
    for line in lines:
        m = _CHAPTER.match(line)
        if m and chinese_number(m.group(1)) == next_chapter and m.group(2).strip():
            chapter = f"第{m.group(1)}章 {m.group(2).strip()}"
            next_chapter += 1
            continue
        m = _ARTICLE.match(line)
        if m and chinese_number(m.group(1)) == len(articles) + 1:
            rest = m.group(2).strip()
            articles.append({"number": len(articles) + 1, "chapter": chapter, "heading": None,
                             "paragraphs": [rest] if rest else []})
            continue
        if articles:
            articles[-1]["paragraphs"].append(line)
        else:
            preamble.append(line)
    for article in articles:
        article["clauses"] = _clauses(article["paragraphs"], [] if unplaced is None else unplaced,
                                      article["number"])
    return preamble, articles


_ITEM_STYLES = (("（一）", re.compile(f"^（([{_NUM}]+)）")), ("一、", re.compile(f"^([{_NUM}]+)、")))
_SUBITEM_STYLES = (("1.", re.compile(r"^(\d+)[.．](?!\d)")), ("（1）", re.compile(r"^（(\d+)）")),
                   ("①", re.compile("^([\u2460-\u2473])")))


def _numbered(line: str) -> tuple[str, int, str] | None:
    """('项' or '目', its number, its style) for a line opening a numbered item, else None."""
    for level, styles in (("项", _ITEM_STYLES), ("目", _SUBITEM_STYLES)):
        for style, pattern in styles:
            m = pattern.match(line)
            if m:
                mark = m.group(1)
                if style == "①":
                    return level, ord(mark) - 0x2460 + 1, style
                return level, int(mark) if mark.isdigit() else chinese_number(mark), style
    return None


def _clauses(paragraphs: list[str], unplaced: list[str], article: int) -> list[dict[str, Any]]:
    """Each 款 with the lines (1-based) it is made of, its 项 {number: line} and their 目.

    A line that opens no numbered item opens a 款. A 项 (（一） or 一、) belongs to the 款
    before it, a 目 (1. or （1） or ①) to the 项 before it, each numbered in sequence in one
    style. A numbered line that cannot be placed so (out of sequence, another style, a 目
    with no 项) stays in the 款's lines as text, and is reported in `unplaced`."""
    out: list[dict[str, Any]] = []
    styles: dict[str, str] = {}  # the current 款's style of 项 and of 目
    owner = None  # the 项 the next 目 belongs to: the last one placed, if the last 项 line was
    for number, line in enumerate(paragraphs, start=1):
        found = _numbered(line) if out else None
        if found is None:
            out.append({"lines": [number]})
            styles, owner = {}, None
            continue
        clause = out[-1]
        clause["lines"].append(number)
        level, value, style = found
        items = clause.setdefault("items", {})
        subitems = clause.get("subitems", {}).get(owner, {})
        expected = len(items) + 1 if level == "项" else len(subitems) + 1
        why = None
        if level == "目" and owner is None:
            why = "a 目 with no 项 placed before it"
        elif value != expected:
            why = f"{level} {value} out of sequence ({expected} expected)"
        elif styles.get(level, style) != style:
            why = f"{level} numbered {style}, the ones before {styles[level]}"
        if why is not None:
            unplaced.append(f"article {article} line {number} ({line[:12]}…): {why}; kept as text of 款 {len(out)}")
            if level == "项":
                owner = None  # its 目 cannot be placed either
            continue
        styles[level] = style
        if level == "项":
            items[value], owner = number, value
            styles.pop("目", None)  # each 项 numbers its 目 afresh
        else:
            clause.setdefault("subitems", {}).setdefault(owner, {})[value] = number
    for clause in out:
        if not clause.get("items"):
            clause.pop("items", None)
    return out


def import_text(text_file: str | Path, *, doc_id: str, title: str, folder: str | Path,
                number: str | None = None, jurisdiction: str | None = None, replace: bool = False) -> Path:
    """Write `folder/sources/<doc_id>.yaml` from a plain text; returns its path."""
    import yaml

    from . import __version__

    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", doc_id or ""):
        raise InputError(f"a document id is lower case a-z 0-9 _ -, not {doc_id!r}", field="id")
    source = Path(text_file)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(source)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", file=str(source)) from None
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines, step2 = _simplified(lines)
    lines = [line for line in (normalise_line(line) for line in lines) if line]
    unplaced: list[str] = []
    preamble, articles = split_articles(lines, unplaced)
    if not articles:
        raise InputError("no article found: a line must begin with 第一条", file=str(source))
    target = Path(folder) / "sources" / f"{doc_id}.yaml"
    if target.exists() and not replace:
        raise InputError("already exists (give --replace to write over it)", file=str(target))
    document = {
        "id": doc_id,
        "jurisdiction": jurisdiction or doc_id,
        "title": title,
        "number": number,
        "numbering": "articles",
        "provenance": {
            "file": source.name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "imported_by": f"regkit {__version__} source import",
            "transforms": [
                "1 read: decode UTF-8, drop a byte-order mark, normalise line ends",
                step2,
                "3 punctuation: half-width , ; : ( ) ? ! made full-width",
                "4 whitespace: lines trimmed, space next to Chinese characters removed, empty lines dropped",
                "5 split: chapters 第X章, articles 第X条 in sequence, one paragraph per line; "
                "clauses: each 款 with its lines, its 项 （一） or 一、 and their 目 1. （1） or ①, each in sequence",
                *([f"6 not placed, kept as text: {'; '.join(unplaced)}"] if unplaced else []),
            ],
        },
        "preamble": preamble,
        "articles": articles,
    }
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    try:
        _write_whole(target, f"# Imported by `regkit source import` from {source.name}.\n{body}")
    except OSError as exc:  # a folder that cannot be made or written: the user's to fix
        raise InputError(f"cannot write: {exc.strerror}", file=str(target)) from None
    return target


def _write_whole(target: Path, text: str) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
