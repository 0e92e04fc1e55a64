"""HTML reader: a web-page report -> text blocks and table rows.

Block-level elements become text :class:`Line` objects (``<br>`` splits a
block into several Lines with the same paragraph number), and every ``<tr>`` of a data table becomes a row :class:`Line` whose
cells form the full grid: rowspan/colspan are expanded, the covered positions
repeat the origin cell's text with ``merged=True``.  Layout tables (a table
holding another table, or a single cell) are transparent: their content is
read as ordinary blocks.  Page chrome (scripts, navigation, headers, footers,
forms, hidden elements) is ignored.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, Dict, List, NamedTuple, Optional

from ..model import CellText, Directive, Document, GridPos, Line, Location, ReadError, TextSpan
from . import Limits, Reader, ReadResult, directive_text
from .encoding import DecodeFailure, decode

#: Elements that start and end a text block.
_BLOCK_TAGS = frozenset(
    "address article blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr html li main menu ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
#: Elements whose content is never report text.
_CHROME_TAGS = frozenset(
    "aside button footer form head header iframe input nav noscript object option script select "
    "style template textarea title".split()
)
#: class/id words that mark site chrome (not looked at on the page's main containers).
_CHROME_NAME = re.compile(r"nav|menu|footer|header|breadcrumb|crumb|share", re.IGNORECASE)
_MAIN_TAGS = frozenset(("html", "body", "main", "article"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_SNIFF_MARKERS = (b"<!doctype html", b"<html", b"<table")
_MAX_COLSPAN = 1000  # the HTML standard's clamps
_MAX_ROWSPAN = 65534
_MAX_GRID = 100_000  # grid positions per table (real tables have a few hundred)


class Slot(NamedTuple):
    """One position of an expanded table grid."""

    text: str
    merged: bool
    line: Optional[int]  # source line of the cell element, when known


_GAP = Slot("", False, None)  # a grid position no cell covers


class _TooLarge(Exception):
    pass


def squash(text: str) -> str:
    """Collapse every run of whitespace (full-width and no-break spaces too) to one space."""
    return " ".join(text.split())


def grid_row(table: int, row: int, line: Optional[int], slots: Dict[int, Slot]) -> Optional[Line]:
    """The row Line for one grid row (0-based columns in ``slots``); gaps become empty cells.

    Returns None for a row without any cell.
    """
    if not slots:
        return None
    cells = tuple(
        CellText(slot.text, Location(_line_span(slot.line), GridPos(table, row, col + 1)), merged=slot.merged)
        for col, slot in ((c, slots.get(c, _GAP)) for c in range(max(slots) + 1))
    )
    return Line(" | ".join(c.text for c in cells), Location(_line_span(line), GridPos(table, row)), cells)


def _line_span(line: Optional[int]) -> Optional[TextSpan]:
    return TextSpan(line) if line is not None else None


class HtmlReader(Reader):
    format = "html"
    suffixes = (".html", ".htm")

    def sniff(self, head: bytes, path: str) -> int:
        probe = head[:1024]
        if probe.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            probe = probe.decode("utf-16", errors="ignore").encode("utf-8")
        probe = probe.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
        if probe.startswith(b"<") and any(marker in probe for marker in _SNIFF_MARKERS):
            return 2
        return super().sniff(head, path)

    def read(self, data: bytes, path: str, limits: Limits) -> ReadResult:
        try:
            return _read(data, path, limits)
        except _TooLarge as exc:
            return ReadError(path, "too-large", str(exc))
        except Exception as exc:  # a reader never raises
            return ReadError(path, "corrupt", f"网页无法解析（{type(exc).__name__}: {exc}）；请在浏览器中打开后另存为网页或复制正文为文本后再检查")


def _read(data: bytes, path: str, limits: Limits) -> ReadResult:
    if not data.strip():
        return ReadError(path, "empty", "文件是空的；请确认下载或保存完整后再检查")
    match = _META_CHARSET.search(data[:4096])
    try:
        text, encoding = decode(data, declared=match.group(1).decode("ascii") if match else None)
    except DecodeFailure as failure:
        return ReadError(path, failure.kind, failure.reason)

    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, default_doctype=False
    )
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:  # nothing but whitespace or comments
        root = None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return ReadError(path, "too-large", "网页元素嵌套层数过深（超过解析器上限），部分内容无法读取，疑似异常文件；请复制正文另存为文本后再检查")
    lines = _Flattener(limits).run(root) if root is not None else []
    if not lines:
        return ReadError(path, "no-text", "网页中没有正文文字（正文可能由脚本加载，或是图片）；请在浏览器中打开后复制正文另存为文本，或提供 Word/PDF 原件后再检查")
    return Document(path=path, format="html", lines=lines, encoding=encoding, directives=html_directives(text))


def html_directives(text: str) -> List[Directive]:
    """The ``<!-- disclosurelint: … -->`` comments of a page (parsed again, comments kept, only when
    there are any): each covers the table row it is in, else the element right after it (only
    white space between), else the element holding it; its source lines, and a row's number."""
    if "disclosurelint" not in text:
        return []
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", remove_pis=True, no_network=True, default_doctype=False)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return []
    directives = []
    comments = [*root.itersiblings(etree.Comment, preceding=True), *root.iter(etree.Comment), *root.itersiblings(etree.Comment)]
    for comment in comments:
        body = directive_text(comment.text or "")
        if body is None:
            continue
        covered = next(comment.iterancestors("tr"), None)
        sibling = comment
        while covered is None and not (sibling.tail or "").strip() and sibling.getnext() is not None:
            sibling = sibling.getnext()
            covered = sibling if isinstance(sibling.tag, str) else None
        covered = comment.getparent() if covered is None else covered
        lines = [el.sourceline for el in (covered.iter() if covered is not None else [comment]) if el.sourceline]
        table = next(covered.iterancestors("table"), None) if covered is not None and covered.tag == "tr" else None
        rows = _rows(table) if table is not None else []
        row = rows.index(covered) + 1 if covered in rows else None
        directives.append(Directive(body, Location(_line_span(comment.sourceline)), (min(lines), max(lines)), row))
    return directives


def _is_chrome(el: Any) -> bool:
    if el.tag in _CHROME_TAGS or el.get("hidden") is not None:
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if el.tag in _MAIN_TAGS:
        return False
    return bool(_CHROME_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def _rows(table: Any) -> List[Any]:
    """The table's own ``<tr>`` elements (not those of nested tables), in document order."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def _cells(tr: Any) -> List[Any]:
    return [td for td in tr if td.tag in ("td", "th")]


def _is_layout_table(table: Any) -> bool:
    """A table used for page layout: it holds another table, or has a single cell."""
    if any(inner is not table for inner in table.iter("table")):
        return True
    return sum(len(_cells(tr)) for tr in _rows(table)) <= 1


def _span(value: Optional[str], default: int, limit: int) -> int:
    try:
        return max(0, min(int((value or "").strip()), limit))
    except ValueError:
        return default


class _Flattener:
    """Walks the parsed page once, emitting text blocks and table rows in document order."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.lines: List[Line] = []
        self.buffer: List[str] = []
        self.buffer_line: Optional[int] = None
        self.paragraphs = 0
        self.in_paragraph = False  # a Line of the current block was emitted
        self.tables = 0
        self.pre = 0  # inside <pre>: newlines are line breaks

    def run(self, root: Any) -> List[Line]:
        from lxml import etree

        body = root.find("body")
        walker = etree.iterwalk(body if body is not None else root, events=("start", "end"))
        depth = 0
        for event, el in walker:
            if not isinstance(el.tag, str):
                continue
            if event == "start":
                depth += 1
                if depth > self.limits.max_html_depth:
                    raise _TooLarge(f"网页元素嵌套超过 {self.limits.max_html_depth} 层，疑似异常文件；请复制正文另存为文本后再检查")
                if el.tag in _BLOCK_TAGS or el.tag == "br":
                    self.flush(end_block=el.tag != "br")
                if _is_chrome(el):
                    walker.skip_subtree()
                elif el.tag == "table" and not _is_layout_table(el):
                    self.table(el)
                    walker.skip_subtree()
                else:
                    self.pre += el.tag == "pre"
                    self.add(el.text, el.sourceline)
            else:
                depth -= 1
                if el.tag == "pre" and self.pre and not _is_chrome(el):
                    self.pre -= 1
                if el.tag in _BLOCK_TAGS:
                    self.flush()
                self.add(el.tail, el.sourceline)
        self.flush()
        return self.lines

    def add(self, text: Optional[str], line: Optional[int]) -> None:
        if not text:
            return
        pieces = text.split("\n") if self.pre else [text]
        for i, piece in enumerate(pieces):
            if i:
                self.flush(end_block=False)
            self.buffer.append(piece)
            if self.buffer_line is None and piece.strip():
                self.buffer_line = None if line is None else line + i

    def flush(self, end_block: bool = True) -> None:
        """Emit the buffered text as a Line; a line break inside a block keeps its paragraph number."""
        text = squash("".join(self.buffer))
        if text:
            if not self.in_paragraph:
                self.paragraphs += 1
                self.in_paragraph = True
            self.lines.append(Line(text, Location(_line_span(self.buffer_line), paragraph=self.paragraphs)))
        if end_block:
            self.in_paragraph = False
        self.buffer.clear()
        self.buffer_line = None

    def table(self, table: Any) -> None:
        self.tables += 1
        for caption in table.iterchildren("caption"):
            self.add(_cell_text(caption), caption.sourceline)
            self.flush()
        rows = _rows(table)
        grid: List[Dict[int, Slot]] = [{} for _ in rows]
        size = 0
        for r, tr in enumerate(rows):
            col = 0
            for td in _cells(tr):
                while col in grid[r]:
                    col += 1
                colspan = _span(td.get("colspan"), 1, _MAX_COLSPAN) or 1
                rowspan = _span(td.get("rowspan"), 1, _MAX_ROWSPAN) or len(rows) - r  # rowspan="0": to the end
                rowspan = min(rowspan, len(rows) - r)
                size += colspan * rowspan
                if size > _MAX_GRID:
                    raise _TooLarge(f"第 {self.tables} 个表格的合并单元格展开后超过 {_MAX_GRID} 格，疑似异常文件；请检查表格的 rowspan/colspan")
                text = _cell_text(td)
                for i in range(rowspan):
                    for j in range(colspan):
                        grid[r + i][col + j] = Slot(text, (i, j) != (0, 0), td.sourceline)
                col += colspan
        for r, (tr, slots) in enumerate(zip(rows, grid), start=1):
            line = grid_row(self.tables, r, tr.sourceline, slots)
            if line is not None:
                self.lines.append(line)


def _cell_text(cell: Any) -> str:
    """A cell's text with whitespace squashed; blocks and ``<br>`` inside it become spaces."""
    from lxml import etree

    pieces: List[str] = []
    walker = etree.iterwalk(cell, events=("start", "end"))
    for event, el in walker:
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if el.tag in _BLOCK_TAGS or el.tag == "br":
                pieces.append(" ")
            if el is not cell and _is_chrome(el):
                walker.skip_subtree()
            else:
                pieces.append(el.text or "")
        elif el is not cell:
            pieces.append(" " if el.tag in _BLOCK_TAGS else "")
            pieces.append(el.tail or "")
    return squash("".join(pieces))
