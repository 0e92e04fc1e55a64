"""DOCX reader: a Word report -> paragraphs and table rows in document order.

The zip container is checked before python-docx opens it (corrupt archive,
zip bomb, not a Word file).  Paragraphs become text Lines (a soft line break
splits a paragraph into several Lines with the same paragraph number); the
rows of a data table become row Lines whose cells form the full layout grid:
horizontal (``gridSpan``) and vertical (``vMerge``) merges are expanded, the
covered positions repeat the origin cell's text with ``merged=True``.  Layout
tables (holding another table, or a single cell) are transparent.  Headers,
footers, footnotes and text boxes are not read.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, Dict, Iterator, List

from ..model import Document, Line, Location, ReadError
from . import Limits, Reader, ReadResult
from .grid import Slot, grid_row, squash

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Text runs of a paragraph: tracked insertions and hyperlinks included, deletions and text boxes not.
_RUNS = ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]"
_MAX_GRID_SPAN = 63  # Word's column limit
_OTHER_OFFICE = (
    ("xl/", "这是 Excel 表格"),
    ("ppt/", "这是 PowerPoint 演示文稿"),
)


class DocxReader(Reader):
    format = "docx"
    suffixes = (".docx",)

    def sniff(self, head: bytes, path: str) -> int:
        # Old binary Word files (OLE2) are claimed too, whatever their name, to explain them.
        if head.startswith(_OLE_MAGIC) or (
            head.startswith(_ZIP_MAGIC) and (path.lower().endswith(self.suffixes) or b"word/" in head)
        ):
            return 2
        return super().sniff(head, path)

    def read(self, data: bytes, path: str, limits: Limits) -> ReadResult:
        try:
            return _read(data, path, limits)
        except Exception as exc:  # a reader never raises
            return ReadError(path, "corrupt", f"DOCX 文件内容已损坏，无法读取（{type(exc).__name__}: {exc}）；请用 Word/WPS 打开后重新另存为 .docx 再检查")


def _read(data: bytes, path: str, limits: Limits) -> ReadResult:
    if not data:
        return ReadError(path, "empty", "文件是空的（0 字节）；请确认下载或保存完整后再检查")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            return ReadError(path, "encrypted", "Word 文件已加密（设置了打开密码）；请在 Word/WPS 中取消密码后另存为 .docx 再检查")
        return ReadError(path, "unsupported", "这是旧版 Word（.doc）文件，不是 .docx；请用 Word/WPS 打开后另存为 .docx 再检查")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        return ReadError(path, "corrupt", "DOCX 文件已损坏或不完整（zip 结构无法读取），请重新导出后再检查")
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_size:
        return ReadError(
            path,
            "too-large",
            f"DOCX 文件解压后有 {_size(total)}，超过上限 {_size(limits.max_uncompressed_size)}（疑似压缩炸弹或内嵌了过大的图片）；请压缩或删除图片后另存为新文件再检查",
        )
    names = [member.filename for member in members]
    if not any(name.startswith("word/") for name in names):
        kind = next((label for prefix, label in _OTHER_OFFICE if any(n.startswith(prefix) for n in names)), "文件是 zip 压缩包")
        return ReadError(path, "unsupported", f"{kind}，不是 Word（.docx）文档；请提供 Word（.docx）、PDF 或网页格式的报告")

    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    lines = _Walker().run(body)
    if not lines:
        return ReadError(path, "no-text", "Word 文件中没有文字（内容可能是图片或扫描件）；请提供带文字的 Word 文件或 PDF 原件后再检查")
    return Document(path=path, format="docx", lines=lines)


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n} 字节"


def _blocks(parent: Any) -> Iterator[Any]:
    """The ``w:p`` and ``w:tbl`` children of a body or cell, looking through content controls."""
    for child in parent:
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "customXml":
            yield from _blocks(child)
        elif child.tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                yield from _blocks(content)


def _paragraph_text(p: Any) -> str:
    return "".join(run.text for run in p.xpath(_RUNS))


def _cell_text(tc: Any) -> str:
    return squash(" ".join(_paragraph_text(block) for block in _blocks(tc) if block.tag == _W + "p"))


def _is_layout_table(tbl: Any) -> bool:
    """A table used for layout: it holds another table, or has a single cell."""
    return bool(tbl.xpath(".//w:tbl")) or len(tbl.xpath("./w:tr/w:tc")) <= 1


class _Walker:
    def __init__(self) -> None:
        self.lines: List[Line] = []
        self.paragraphs = 0
        self.tables = 0

    def run(self, parent: Any) -> List[Line]:
        for block in _blocks(parent):
            if block.tag == _W + "p":
                self.paragraph(block)
            elif _is_layout_table(block):
                for tc in block.xpath("./w:tr/w:tc"):
                    self.run(tc)
            else:
                self.table(block)
        return self.lines

    def paragraph(self, p: Any) -> None:
        pieces = [piece for piece in _paragraph_text(p).split("\n") if piece.strip()]
        if pieces:
            self.paragraphs += 1
            self.lines.extend(Line(piece, Location(paragraph=self.paragraphs)) for piece in pieces)

    def table(self, tbl: Any) -> None:
        self.tables += 1
        above: Dict[int, Any] = {}  # grid column -> origin w:tc in the previous row
        texts: Dict[Any, str] = {}  # origin w:tc -> its text
        for r, tr in enumerate(tbl.tr_lst, start=1):
            slots: Dict[int, Slot] = {}
            owners: Dict[int, Any] = {}
            col = tr.grid_before
            for tc in tr.tc_lst:
                origin = above.get(col, tc) if tc.vMerge == "continue" else tc
                if origin not in texts:
                    texts[origin] = _cell_text(origin)
                for j in range(max(1, min(tc.grid_span, _MAX_GRID_SPAN))):
                    slots[col] = Slot(texts[origin], origin is not tc or j > 0, None)
                    owners[col] = origin
                    col += 1
            above = owners
            line = grid_row(self.tables, r, None, slots)
            if line is not None:
                self.lines.append(line)
