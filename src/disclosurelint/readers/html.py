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

import bisect
import codecs
import re
from typing import Any, Dict, List, Optional, Tuple

from ..model import Directive, Document, Line, Location, ReadError, TextSpan
from . import Limits, Reader, ReadResult, directive_text
from .encoding import DecodeFailure, decode
from .grid import GridTooLarge, Slot, grid_row, place, squash, text_span, utf16_offsets

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
#: The start tag of a table cell (its end ``>`` is looked for separately).
_CELL_TAG = re.compile(r"<t[dh](?=[\s>/])", re.IGNORECASE)
_NEWLINE = re.compile("\n")


class HtmlTooLarge(Exception):
    """HTML beyond the limits (nesting, spans); the message says so in Chinese."""


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
        except HtmlTooLarge as exc:
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

    try:
        lines = html_lines(text, limits)
    except _Nested:
        return ReadError(path, "too-large", "网页元素嵌套层数过深（超过解析器上限），部分内容无法读取，疑似异常文件；请复制正文另存为文本后再检查")
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


class _Nested(HtmlTooLarge):
    """libxml2 stopped at its nesting limit."""


def html_lines(text: str, limits: Limits, first_table: int = 0, first_line: int = 1) -> List[Line]:
    """The text blocks and table rows of HTML ``text`` whose first line is line ``first_line`` of the file.

    Tables are numbered from ``first_table + 1``.  Raises :class:`HtmlTooLarge`
    beyond the limits (:class:`_Nested` at libxml2's depth limit).
    """
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, default_doctype=False
    )
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:  # nothing but whitespace or comments
        return []
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise _Nested()
    return _Flattener(limits, _CellSpans(root, text, first_line - 1), first_table, first_line - 1).run(root)


class _CellSpans:
    """Where each ``<td>``/``<th>`` start tag is in the source text.

    lxml gives an element the line its start tag ends on; the k-th cell
    element of a line is the k-th cell tag ending there.  A line where the
    counts disagree (a tag in a comment, markup lxml repaired) keeps line-only
    locations.
    """

    def __init__(self, root: Any, text: str, offset: int) -> None:
        self.offset = offset
        self.spans: Dict[Any, TextSpan] = {}
        self.lines: Dict[int, Optional[List[int]]] = {}  # 0-based line -> its UTF-16 offsets
        elements: Dict[int, List[Any]] = {}
        for el in root.iter("td", "th"):
            if el.sourceline is not None:
                elements.setdefault(el.sourceline, []).append(el)
        if not elements:
            return
        breaks = [m.start() for m in _NEWLINE.finditer(text)]
        tags: Dict[int, List[Tuple[int, int]]] = {}
        for m in _CELL_TAG.finditer(text):
            close = text.find(">", m.end())
            end = len(text) if close < 0 else close + 1
            tags.setdefault(bisect.bisect_left(breaks, end - 1) + 1, []).append((m.start(), end))
        for line, els in elements.items():
            found = tags.get(line, [])
            if len(found) != len(els):
                continue
            for el, (start, end) in zip(els, found):
                self.spans[el] = self._span(text, breaks, start, end)

    def _span(self, text: str, breaks: List[int], start: int, end: int) -> TextSpan:
        """The span of ``text[start:end]`` (a start tag, perhaps over several lines)."""
        first = bisect.bisect_left(breaks, start)
        last = bisect.bisect_left(breaks, end - 1)
        begin = breaks[first - 1] + 1 if first else 0
        line_end = breaks[first] if first < len(breaks) else len(text)
        head = text_span(first + 1 + self.offset, self._offsets(first, text, begin, line_end), start - begin, min(end, line_end) - begin)
        if last == first:
            return head
        tail_begin = breaks[last - 1] + 1
        tail = text_span(last + 1 + self.offset, utf16_offsets(text[tail_begin:end]), 0, end - tail_begin)
        return head._replace(end_line=tail.end_line, end_column=tail.end_column)

    def _offsets(self, line: int, text: str, begin: int, end: int) -> Optional[List[int]]:
        if line not in self.lines:
            self.lines[line] = utf16_offsets(text[begin:end])
        return self.lines[line]

    def get(self, el: Any) -> Optional[TextSpan]:
        span = self.spans.get(el)
        if span is None and el.sourceline is not None:
            span = TextSpan(el.sourceline + self.offset)
        return span


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

    def __init__(self, limits: Limits, cells: _CellSpans, first_table: int, offset: int) -> None:
        self.limits = limits
        self.cells = cells
        self.offset = offset  # source line of the text's line 1, less one
        self.lines: List[Line] = []
        self.buffer: List[str] = []
        self.buffer_line: Optional[int] = None
        self.paragraphs = 0
        self.in_paragraph = False  # a Line of the current block was emitted
        self.tables = first_table
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
                    raise HtmlTooLarge(f"网页元素嵌套超过 {self.limits.max_html_depth} 层，疑似异常文件；请复制正文另存为文本后再检查")
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
                self.buffer_line = None if line is None else line + i + self.offset

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
        cells = [
            [
                (Slot(_cell_text(td), False, self.cells.get(td)), _span(td.get("rowspan"), 1, _MAX_ROWSPAN), _span(td.get("colspan"), 1, _MAX_COLSPAN) or 1)
                for td in _cells(tr)
            ]
            for tr in rows
        ]
        try:
            grid = place(cells, _MAX_GRID)
        except GridTooLarge:
            raise HtmlTooLarge(f"第 {self.tables} 个表格的合并单元格展开后超过 {_MAX_GRID} 格，疑似异常文件；请检查表格的 rowspan/colspan") from None
        for r, (tr, slots) in enumerate(zip(rows, grid), start=1):
            line = grid_row(self.tables, r, _line_span(tr.sourceline and tr.sourceline + self.offset), slots)
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
