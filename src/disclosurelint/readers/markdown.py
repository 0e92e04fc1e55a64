"""Markdown reports (converter and OCR output): pipe tables and HTML tables as grids.

markdown-it-py finds the CommonMark blocks (paragraphs, HTML blocks, code,
headings; inline content is not parsed).  A paragraph with a GFM delimiter
row (``|---|---|``) under a line with pipes is a pipe table from that line on
(the GFM rule, applied here: markdown-it's own table rule costs ten times the
rest of the parse).  Its lines become row Lines whose cells are split from
the source line itself: GFM drops the cells beyond the header's count, and
OCR fragments have short, wrong header rows over full rows.  An HTML block holding a
``<table>`` (MinerU, PP-Structure), or a paragraph with one after some text,
is read by the HTML reader's grid code, rowspan/colspan expanded.  Once the file has a pipe table, a paragraph made
only of pipe rows (a fragment that lost its header) is a table too.  Every
other line stays a text Line, exactly as in plain text.  Locations are
line/column in the .md file.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any, List, Optional, Sequence, Tuple

from ..model import CellText, Document, GridPos, Line, Location, span_in
from . import Limits
from .grid import squash, text_span, utf16_offsets
from .text import text_lines

_PIPE = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_PIPE_ROW = re.compile(r"^\s*\|.*\|")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable("inline")


def markdown_document(text: str, path: str, encoding: str = "utf-8", limits: Limits = Limits()) -> Document:
    """A Document from Markdown text: tables as grid rows, everything else line by line."""
    source = text.split("\n")
    lines: List[Line] = []
    tables = 0
    done = 0
    for start, end, kind in _table_blocks(_parser().parse(text), source):
        lines.extend(text_lines(source[done:start], done + 1))
        if kind == "html":
            from .html import HtmlTooLarge, html_lines

            try:
                found = html_lines("\n".join(source[start:end]), limits, tables, start + 1)
            except HtmlTooLarge:  # a hostile table: its lines stay text
                found = text_lines(source[start:end], start + 1)
            tables = max([tables] + [l.location.grid.table for l in found if l.location.grid is not None])
            lines.extend(found)
        else:
            tables += 1
            lines.extend(_pipe_rows(source, start, end, tables))
        done = end
    lines.extend(text_lines(source[done:], done + 1))
    return Document(path=path, format="markdown", lines=lines, encoding=encoding)


def _table_blocks(tokens: Sequence[Any], source: Sequence[str]) -> List[Tuple[int, int, str]]:
    """Line ranges ``[start, end)`` of the tables: ``pipe`` (GFM), ``rows`` (headerless pipe rows), ``html``."""
    found: List[Tuple[int, int, str]] = []
    rows: List[Tuple[int, int, str]] = []
    html_open: Optional[List[int]] = None  # an HTML table whose end is in a later block
    depth = 0
    for token in tokens:
        if token.level != 0 or token.map is None:
            continue
        start, end = token.map
        if token.type == "paragraph_open" and any(_TABLE_OPEN.search(line) for line in source[start:end]):
            found.append((start, end, "html"))  # a table after text on its line (``表3：<table>…``)
        elif token.type == "paragraph_open":
            header = next((k - 1 for k in range(start + 1, end) if "|" in source[k] and _DELIMITER.match(source[k]) and _PIPE.search(source[k - 1])), None)
            if header is not None:
                found.append((header, end, "pipe"))
            elif all(_PIPE_ROW.match(row) and row.count("|") >= 3 for row in source[start:end]):
                rows.append((start, end, "rows"))
        elif token.type == "html_block":
            opens = len(_TABLE_OPEN.findall(token.content))
            if html_open is not None:
                html_open[1] = end
            elif opens:
                html_open = [start, end]
            depth += opens - len(_TABLE_CLOSE.findall(token.content))
            if html_open is not None and depth <= 0:
                found.append((html_open[0], html_open[1], "html"))
                html_open, depth = None, 0
    if html_open is not None:
        found.append((html_open[0], html_open[1], "html"))
    if any(kind == "pipe" for _, _, kind in found):
        found += rows
    return sorted(found)


def _pipe_rows(source: Sequence[str], start: int, end: int, table: int) -> List[Line]:
    """The lines of a pipe table: rows with cells, delimiter rows left out, pipe-less lines as text."""
    out: List[Line] = []
    row = 0
    for index in range(start, end):
        raw = source[index]
        if "|" in raw and _DELIMITER.match(raw):
            continue
        if not _PIPE.search(raw):
            out.append(Line(raw, span_in(index + 1, raw, 0, len(raw))))
            continue
        row += 1
        offsets = utf16_offsets(raw)
        cells = tuple(
            CellText(text, Location(text_span(index + 1, offsets, a, b), GridPos(table, row, col)))
            for col, (text, a, b) in enumerate(_split(raw), start=1)
        )
        location = Location(text_span(index + 1, offsets, 0, len(raw)), GridPos(table, row))
        out.append(Line(" | ".join(c.text for c in cells), location, cells))
    return out


def _split(raw: str) -> List[Tuple[str, int, int]]:
    """The cells of a pipe row: (text, start, end) with the positions of the text in ``raw``."""
    cuts = [m.start() for m in _PIPE.finditer(raw)]
    bounds = list(zip([-1] + cuts, cuts + [len(raw)]))
    if not raw[: cuts[0]].strip():
        bounds = bounds[1:]
    if not raw[cuts[-1] + 1 :].strip():
        bounds = bounds[:-1]
    cells = []
    for left, right in bounds:
        body = raw[left + 1 : right]
        begin = left + 1 + len(body) - len(body.lstrip())
        cells.append((_cell_text(body), begin, max(begin, left + 1 + len(body.rstrip()))))
    return cells


def _cell_text(raw: str) -> str:
    """A pipe cell's text: ``<br>`` as a space, ``\\|`` unescaped, entities decoded, bold marks dropped."""
    return squash(html.unescape(_EMPHASIS.sub(r"\2", _BREAK.sub(" ", raw).replace("\\|", "|"))))
