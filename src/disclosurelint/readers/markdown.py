"""Markdown reports (converter and OCR output): pipe tables and HTML tables as grids.

markdown-it-py (CommonMark with the GFM table rule) finds the blocks.  The
lines of a pipe table become row Lines whose cells are split from the source
line itself: GFM drops the cells beyond the header's count, and OCR fragments
have short, wrong header rows over full rows.  An HTML block holding a
``<table>`` (MinerU, PP-Structure) is read by the HTML reader's grid code,
rowspan/colspan expanded.  Once the file has a pipe table, a paragraph made
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
from .grid import squash
from .text import text_lines

_PIPE = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_PIPE_ROW = re.compile(r"^\s*\|.*\|")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def markdown_document(text: str, path: str, encoding: str = "utf-8", limits: Limits = Limits()) -> Document:
    """A Document from Markdown text: tables as grid rows, everything else line by line."""
    source = text.split("\n")
    lines: List[Line] = []
    tables = 0
    done = 0
    for start, end, kind in _table_blocks(_parser().parse(text)):
        lines.extend(text_lines(source[done:start], done + 1))
        if kind == "html":
            from .html import html_lines

            found = html_lines("\n".join(source[start:end]), limits, tables, start + 1)
            tables = max([tables] + [l.location.grid.table for l in found if l.location.grid is not None])
            lines.extend(found)
        else:
            tables += 1
            lines.extend(_pipe_rows(source, start, end, tables, skip=start + 1 if kind == "pipe" else None))
        done = end
    lines.extend(text_lines(source[done:], done + 1))
    return Document(path=path, format="markdown", lines=lines, encoding=encoding)


def _table_blocks(tokens: Sequence[Any]) -> List[Tuple[int, int, str]]:
    """Line ranges ``[start, end)`` of the tables: ``pipe`` (GFM), ``rows`` (headerless pipe rows), ``html``."""
    found: List[Tuple[int, int, str]] = []
    paragraphs: List[Tuple[int, int]] = []
    html_open: Optional[List[int]] = None  # an HTML table whose end is in a later block
    depth = 0
    for token in tokens:
        if token.level != 0 or token.map is None:
            continue
        start, end = token.map
        if token.type == "table_open":
            found.append((start, end, "pipe"))
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
        elif token.type == "paragraph_open":
            paragraphs.append((start, end))
    if html_open is not None:
        found.append((html_open[0], html_open[1], "html"))
    if any(kind == "pipe" for _, _, kind in found):
        found += [(a, b, "rows") for a, b in paragraphs if _all_pipe_rows(tokens, a, b)]
    return sorted(found)


def _all_pipe_rows(tokens: Sequence[Any], start: int, end: int) -> bool:
    inline = next((t for t in tokens if t.type == "inline" and t.map == [start, end]), None)
    return inline is not None and all(_PIPE_ROW.match(row) and row.count("|") >= 3 for row in inline.content.split("\n"))


def _pipe_rows(source: Sequence[str], start: int, end: int, table: int, skip: Optional[int]) -> List[Line]:
    """The lines of a pipe table: rows with cells, the delimiter row left out, pipe-less lines as text."""
    out: List[Line] = []
    row = 0
    for index in range(start, end):
        raw = source[index]
        if index == skip:
            continue
        if not _PIPE.search(raw):
            out.append(Line(raw, span_in(index + 1, raw, 0, len(raw))))
            continue
        row += 1
        cells = tuple(
            CellText(text, Location(span_in(index + 1, raw, a, b).span, GridPos(table, row, col)))
            for col, (text, a, b) in enumerate(_split(raw), start=1)
        )
        location = Location(span_in(index + 1, raw, 0, len(raw)).span, GridPos(table, row))
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
