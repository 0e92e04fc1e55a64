"""Plain text reports: one Line per source line (Markdown with tables: see :mod:`.markdown`)."""

from __future__ import annotations

import re
from typing import List, Sequence

from ..model import Document, Line, ReadError, span_in
from . import EMPTY_MESSAGE, Limits, Reader, ReadResult
from .encoding import DecodeFailure, decode

#: A GFM table's delimiter row, or an HTML table: the text has grids.
_TABLES = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*\||<table\b", re.MULTILINE | re.IGNORECASE)
_MARKDOWN_SUFFIXES = (".md", ".markdown")


def text_document(text: str, path: str, encoding: str = "utf-8", limits: Limits = Limits()) -> Document:
    """A Document from already decoded text (also used by tests and the API).

    Text with Markdown or HTML tables is read as Markdown (markdown-it-py is
    imported only then); other text, the fast path, becomes one Line per line.
    """
    if _TABLES.search(text):
        from .markdown import markdown_document

        return markdown_document(text, path, encoding, limits)
    fmt = "markdown" if path.lower().endswith(_MARKDOWN_SUFFIXES) else "text"
    return Document(path=path, format=fmt, lines=text_lines(text.split("\n")), encoding=encoding)


def text_lines(source: Sequence[str], first: int = 1) -> List[Line]:
    """One text Line per source line, ``source[0]`` being line ``first`` of the file."""
    return [Line(raw, span_in(n, raw, 0, len(raw))) for n, raw in enumerate(source, start=first)]


class TextReader(Reader):
    format = "text"
    suffixes = (".txt", ".text") + _MARKDOWN_SUFFIXES

    def sniff(self, head: bytes, path: str) -> int:
        # The fallback reader: anything not claimed by content by another reader.
        return 1 if path.lower().endswith(self.suffixes) else 0

    def read(self, data: bytes, path: str, limits: Limits) -> ReadResult:
        try:
            text, encoding = decode(data)
        except DecodeFailure as exc:
            return ReadError(path, exc.kind, exc.reason)
        if not text.replace("\ufeff", "").strip():
            return ReadError(path, "empty", EMPTY_MESSAGE)
        return text_document(text, path, encoding, limits)
