"""Plain text and Markdown reports: one Line per source line."""

from __future__ import annotations

import re

from ..model import Document, Line, ReadError, span_in
from . import EMPTY_MESSAGE, Limits, Reader, ReadResult
from .encoding import DecodeFailure, decode

_MARKDOWN_TABLE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*\|", re.MULTILINE)


def text_document(text: str, path: str, fmt: str = "text", encoding: str = "utf-8") -> Document:
    """A Document from already decoded text (also used by tests and the API)."""
    lines = [Line(raw, span_in(n, raw, 0, len(raw))) for n, raw in enumerate(text.split("\n"), start=1)]
    return Document(path=path, format=fmt, lines=lines, encoding=encoding)


class TextReader(Reader):
    format = "text"
    suffixes = (".txt", ".text", ".md", ".markdown")

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
        fmt = "markdown" if path.lower().endswith((".md", ".markdown")) or _MARKDOWN_TABLE.search(text) else "text"
        return text_document(text, path, fmt, encoding)
