"""PDF reader: the text layer page by page, ruled tables as grids.

pypdf extracts each page's text.  A page whose content draws ruling lines
and whose text looks like a table is read again with pdfplumber (imported
only then, see :mod:`.pdfgrid`): its ruled tables become grid rows (merged
cells expanded, empty cells kept in place; a table that breaks across a page
continues as the same table), its other text lines stay text.  Unruled tables
stay space-separated text for the shared text tokenizer.  Page-number lines
(``- 5 -``, ``第 5 页``, ``3/12``: see :data:`disclosurelint.normalize.PAGE_MARKER`)
are dropped and counted in ``metadata["page_markers"]``; pages without any
text are listed in ``metadata["pages_without_text"]`` (scanned pages need
OCR).  A title wrapped over two lines on the first page is one line.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
import warnings
from typing import Any, Dict, Iterator, List, Optional, Sequence

from ..model import Document, Line, Location, ReadError
from ..normalize import is_page_marker
from . import Limits, Reader, ReadResult
from .grid import grid_row
from .pdfgrid import PageItem, PdfTable, continues, ruled_pages

#: Path operators of a content stream (rectangles, line segments): a page with ruling draws many.
_RULING = re.compile(rb"(?<![A-Za-z\\])(?:re|l)(?![A-Za-z])")
_MIN_RULING = 12
#: A text line ending in a number (a table row as text); a page with a few of them looks like a table.
_ROW_END = re.compile(r"(?:^|\s)\d+(?:\.\d+)?\s*$")
_MIN_ROWS = 3
#: The first lines of the first page, where a wrapped title is looked for.
_TITLE_LINES = 6
_TITLE_END = "年度报告"


class PdfReader(Reader):
    format = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes, path: str) -> int:
        return 2 if b"%PDF-" in head[:1024] else super().sniff(head, path)

    def read(self, data: bytes, path: str, limits: Limits) -> ReadResult:
        try:
            with _quiet():
                return _read(data, path, limits)
        except Exception as exc:  # a reader never raises
            return ReadError(path, "corrupt", f"PDF 文件已损坏或不完整，无法读取（{type(exc).__name__}: {exc}）；请重新下载，或从原文件重新导出 PDF 后再检查")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep pypdf's and pdfminer's warnings about sloppy files off the user's terminal."""
    loggers = [logging.getLogger(name) for name in ("pypdf", "pdfminer")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _read(data: bytes, path: str, limits: Limits) -> ReadResult:
    if not data:
        return ReadError(path, "empty", "文件是空的（0 字节）；请确认下载或保存完整后再检查")
    from pypdf import PdfReader as Pdf

    pdf = Pdf(io.BytesIO(data), strict=False)
    if pdf.is_encrypted:
        try:
            opened = bool(pdf.decrypt(""))
        except Exception:  # unsupported algorithm
            opened = False
        if not opened:
            return ReadError(path, "encrypted", "PDF 已加密（需要密码才能打开）；请提供未加密的 PDF，或用 PDF 阅读器输入密码后另存（打印）为新的 PDF 再检查")
    pages = len(pdf.pages)
    if pages > limits.max_pdf_pages:
        return ReadError(path, "too-large", f"PDF 共 {pages} 页，超过上限 {limits.max_pdf_pages} 页；请确认文件就是年度报告本身（可拆分出报告页面）后再检查")
    deadline = time.monotonic() + limits.timeout
    texts: List[List[str]] = []
    ruled: List[int] = []
    for p, page in enumerate(pdf.pages, start=1):
        if time.monotonic() > deadline:
            return _timeout(path, limits, p)
        texts.append((page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        if sum(1 for t in texts[-1] if _ROW_END.search(t)) >= _MIN_ROWS and _has_ruling(page):
            ruled.append(p)
    if not any(t.strip() for page_texts in texts for t in page_texts):
        return ReadError(path, "no-text", "PDF 没有文字层（看起来是扫描件或图片），无法读取内容；请提供原始电子版 PDF/Word，或先做 OCR 文字识别后再检查")
    grids: Dict[int, List[PageItem]] = {}
    if ruled:
        try:
            grids = ruled_pages(data, ruled)
        except Exception:  # pdfplumber cannot read what pypdf could: keep the text layer
            grids = {}
        if time.monotonic() > deadline:
            return _timeout(path, limits, ruled[-1])
    texts[0] = _join_title(texts[0])
    return _Assembler().run(path, texts, grids)


def _timeout(path: str, limits: Limits, page: int) -> ReadError:
    return ReadError(path, "timeout", f"PDF 文字提取超过 {limits.timeout:g} 秒（停在第 {page} 页）；请从原文件重新导出 PDF，或提供 Word/网页版本后再检查")


def _has_ruling(page: Any) -> bool:
    """The page's content stream draws enough rectangles and line segments for a ruled table."""
    contents = page.get_contents()
    return contents is not None and len(_RULING.findall(contents.get_data())) >= _MIN_RULING


def _join_title(texts: List[str]) -> List[str]:
    """The first page's lines with a title wrapped over two lines (``…工作年度报`` + ``告``) made one."""
    for i in range(min(len(texts), _TITLE_LINES) - 1):
        first, second = texts[i].rstrip(), texts[i + 1].strip()
        if first and second and _TITLE_END not in first and _TITLE_END in first + second and first.endswith(tuple(_TITLE_END[:-1])) and len(second) <= len(_TITLE_END):
            return texts[:i] + [first + second] + texts[i + 2 :]
    return texts


class _Assembler:
    """The Document's lines page by page: text lines, and ruled tables as numbered grids."""

    def __init__(self) -> None:
        self.lines: List[Line] = []
        self.markers = 0
        self.tables = 0
        self.rows = 0
        self.open: Optional[PdfTable] = None  # the table that ended its page, which the next page may continue

    def run(self, path: str, texts: List[List[str]], grids: Dict[int, List[PageItem]]) -> Document:
        without_text: List[int] = []
        for p, page_texts in enumerate(texts, start=1):
            had_lines = len(self.lines)
            items: Sequence[PageItem] = grids.get(p, page_texts)
            for item in items:
                if isinstance(item, PdfTable):
                    self.table(item, p, self.open is not None and continues(self.open, item))
                    self.open = item
                elif self.text(item, p):
                    self.open = None
            if not any(l.cells is not None or l.text.strip() for l in self.lines[had_lines:]):
                without_text.append(p)
        metadata = {"page_markers": self.markers, "pages_without_text": without_text}
        return Document(path=path, format="pdf", lines=self.lines, pages=len(texts), metadata=metadata)

    def text(self, text: str, page: int) -> bool:
        """Add a text line; False for a page marker (dropped and counted) or a blank line."""
        if is_page_marker(text):
            self.markers += 1
            return False
        self.lines.append(Line(text, Location(page=page)))
        return bool(text.strip())

    def table(self, table: PdfTable, page: int, continued: bool) -> None:
        if not continued:
            self.tables += 1
            self.rows = 0
        for slots in table.rows:
            self.rows += 1
            line = grid_row(self.tables, self.rows, None, slots, page)
            if line is not None:
                self.lines.append(line)
