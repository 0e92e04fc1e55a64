"""PDF reader: the text layer, page by page, as plain text Lines.

Tables arrive as space-separated text (what pypdf extracts); the shared text
tokenizer reads them.  Page-number lines (``- 5 -``, ``第 5 页``, ``3/12``: see
:data:`disclosurelint.normalize.PAGE_MARKER`) are dropped and counted in
``metadata["page_markers"]``; pages without any text are listed in
``metadata["pages_without_text"]`` (scanned pages need OCR).
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
import warnings
from typing import Iterator, List

from ..model import Document, Line, Location, ReadError
from ..normalize import is_page_marker
from . import Limits, Reader, ReadResult


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
    """Keep pypdf's warnings about sloppy files off the user's terminal."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
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
    lines: List[Line] = []
    markers = 0
    without_text: List[int] = []
    for p, page in enumerate(pdf.pages, start=1):
        if time.monotonic() > deadline:
            return ReadError(path, "timeout", f"PDF 文字提取超过 {limits.timeout:g} 秒（停在第 {p} 页）；请从原文件重新导出 PDF，或提供 Word/网页版本后再检查")
        has_text = False
        where = Location(page=p)
        for text in (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if is_page_marker(text):
                markers += 1
                continue
            has_text = has_text or bool(text.strip())
            lines.append(Line(text, where))
        if not has_text:
            without_text.append(p)
    if len(without_text) == pages:
        return ReadError(path, "no-text", "PDF 没有文字层（看起来是扫描件或图片），无法读取内容；请提供原始电子版 PDF/Word，或先做 OCR 文字识别后再检查")
    metadata = {"page_markers": markers, "pages_without_text": without_text}
    return Document(path=path, format="pdf", lines=lines, pages=pages, metadata=metadata)
