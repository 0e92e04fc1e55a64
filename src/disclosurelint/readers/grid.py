"""Table grids shared by the readers: source tables as rows of cells, spans expanded.

Every reader of a source with real cell boundaries (HTML, DOCX, Markdown
tables, HTML inside Markdown, ruled PDF tables) emits each table row as a row
:class:`~disclosurelint.model.Line` whose cells form the full grid: a position
covered by a rowspan/colspan repeats the origin cell's text with
``merged=True``; a position no cell covers is an empty cell.
"""

from __future__ import annotations

from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..model import CellText, GridPos, Line, Location, TextSpan


class Slot(NamedTuple):
    """One position of an expanded table grid."""

    text: str
    merged: bool
    span: Optional[TextSpan]  # where the cell is in the source file, when known


_GAP = Slot("", False, None)  # a grid position no cell covers


class GridTooLarge(Exception):
    """Spans that expand to more grid positions than any real table has."""


def squash(text: str) -> str:
    """Collapse every run of whitespace (full-width and no-break spaces too) to one space."""
    return " ".join(text.split())


def utf16_offsets(text: str) -> Optional[List[int]]:
    """The UTF-16 offset of each character position of ``text``; None when every character is one unit."""
    if text.isascii() or max(text) <= "\uffff":
        return None
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + (2 if ch > "\uffff" else 1))
    return offsets


def text_span(line: int, offsets: Optional[List[int]], start: int, end: int) -> TextSpan:
    """Characters ``start:end`` of source line ``line`` whose :func:`utf16_offsets` are ``offsets``."""
    if offsets is not None:
        start, end = offsets[start], offsets[end]
    return TextSpan(line, start + 1, line, end + 1)


def grid_row(table: int, row: int, span: Optional[TextSpan], slots: Dict[int, Slot], page: Optional[int] = None) -> Optional[Line]:
    """The row Line for one grid row (0-based columns in ``slots``); gaps become empty cells.

    Returns None for a row without any cell.
    """
    if not slots:
        return None
    cells = tuple(
        CellText(slot.text, Location(slot.span, GridPos(table, row, col + 1), page), merged=slot.merged)
        for col, slot in ((c, slots.get(c, _GAP)) for c in range(max(slots) + 1))
    )
    return Line(" | ".join(c.text for c in cells), Location(span, GridPos(table, row), page), cells)


def place(rows: Sequence[Sequence[Tuple[Slot, int, int]]], limit: int) -> List[Dict[int, Slot]]:
    """Expand cells given row by row as ``(slot, rowspan, colspan)`` the way HTML lays out a table.

    Each cell takes the first free column of its row; a rowspan of 0 runs to
    the last row.  Raises :class:`GridTooLarge` beyond ``limit`` positions.
    """
    grid: List[Dict[int, Slot]] = [{} for _ in rows]
    size = 0
    for r, cells in enumerate(rows):
        col = 0
        for slot, rowspan, colspan in cells:
            while col in grid[r]:
                col += 1
            rowspan = min(rowspan or len(rows) - r, len(rows) - r)
            size += rowspan * colspan
            if size > limit:
                raise GridTooLarge(size)
            for i in range(rowspan):
                for j in range(colspan):
                    grid[r + i][col + j] = slot if (i, j) == (0, 0) else slot._replace(merged=True)
            col += colspan
    return grid
