"""Ruled PDF tables as grids (pdfplumber), for the pages whose text layer looks like a table.

pdfplumber's ``lines`` strategy reads a table from its ruling: a position
covered by a merged cell comes out as None, a real empty cell as ``""``.
Covered positions get their origin cell's text (found by geometry) with
``merged=True``, as HTML and DOCX grids do.  Tables of one column are
bordered text boxes, not tables.  The text outside the tables is read in
the same pass, so a page's lines and rows keep their order.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from .grid import Slot, squash

_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"
#: Spaces between two CJK characters: justified text, not a word break.
_JUSTIFIED = re.compile(rf"(?<={_CJK}) +(?={_CJK})")
#: A table ending this close to the bottom of its page (points) may continue on the next page.
_PAGE_END_MARGIN = 120.0
_EDGE = 1.0  # points of slack when comparing cell edges


@dataclass
class PdfTable:
    """One ruled table of a page: rows of slots (0-based columns), its box, the page height."""

    rows: List[Dict[int, Slot]]
    columns: int
    top: float
    bottom: float
    page_height: float


PageItem = Union[str, PdfTable]  # a text line outside the tables, or a table


def ruled_pages(data: bytes, pages: Sequence[int]) -> Dict[int, List[PageItem]]:
    """For each of ``pages`` (1-based) with at least one table: its text lines and tables in reading order."""
    import pdfplumber

    out: Dict[int, List[PageItem]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number in pages:
            page = pdf.pages[number - 1]
            tables = [t for t in page.find_tables() if len(t.columns) >= 2]
            if not tables:
                continue
            rest = page
            for table in tables:
                rest = rest.outside_bbox(table.bbox)
            items: List[Tuple[float, PageItem]] = [(line["top"], line["text"]) for line in rest.extract_text_lines(return_chars=False)]
            items += [(table.bbox[1], _grid(table, page.height)) for table in tables]
            out[number] = [item for _, item in sorted(items, key=lambda pair: pair[0])]
    return out


def _grid(table: Any, height: float) -> PdfTable:
    texts = table.extract()
    tops = [row.bbox[1] for row in table.rows]
    lefts = [column.bbox[0] for column in table.columns]
    rows: List[Dict[int, Slot]] = []
    for r, row in enumerate(table.rows):
        slots: Dict[int, Slot] = {}
        for c, box in enumerate(row.cells):
            if box is not None:
                slots[c] = Slot(_clean(texts[r][c]), False, None)
                continue
            origin = _origin(table, tops[r], lefts[c], r, c)
            if origin is not None:
                slots[c] = Slot(_clean(texts[origin[0]][origin[1]]), True, None)
        rows.append(slots)
    return PdfTable(rows, len(table.columns), table.bbox[1], table.bbox[3], height)


def _origin(table: Any, top: float, left: float, r: int, c: int) -> Optional[Tuple[int, int]]:
    """The real cell whose box covers the position at (``top``, ``left``): a merged region's origin."""
    for r0 in range(r, -1, -1):
        for c0, box in enumerate(table.rows[r0].cells[: c + 1]):
            if box is not None and box[0] - _EDGE <= left < box[2] - _EDGE and box[1] - _EDGE <= top < box[3] - _EDGE:
                return r0, c0
    return None


def _clean(text: Optional[str]) -> str:
    """A cell's text: wrapped lines joined, justification spaces between CJK characters dropped."""
    if not text:
        return ""
    return squash(_JUSTIFIED.sub("", re.sub(rf"(?<={_CJK})\n|\n(?={_CJK})", "", text)))


def continues(previous: PdfTable, following: PdfTable) -> bool:
    """``following`` (first on its page) continues ``previous`` (last on the page before): same width, page break between."""
    return previous.columns == following.columns and previous.bottom > previous.page_height - _PAGE_END_MARGIN and following.top < _PAGE_END_MARGIN
