"""Plain text reports: one Line per source line (Markdown with tables: see :mod:`.markdown`)."""

from __future__ import annotations

import bisect
import re
from typing import List, Sequence, Tuple

from ..model import Directive, Document, Line, ReadError, span_in
from . import EMPTY_MESSAGE, Limits, Reader, ReadResult, directive_text
from .encoding import DecodeFailure, decode

#: A GFM table's delimiter row, or an HTML table: the text has grids.
_TABLES = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*\||<table\b", re.MULTILINE | re.IGNORECASE)
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")


def text_document(text: str, path: str, encoding: str = "utf-8", limits: Limits = Limits()) -> Document:
    """A Document from already decoded text (also used by tests and the API).

    Text with Markdown or HTML tables is read as Markdown (markdown-it-py is
    imported only then); other text, the fast path, becomes one Line per line.
    Inline suppression comments are kept as ``directives`` and blanked out first.
    """
    text, directives = comment_directives(text)
    if _TABLES.search(text):
        from .markdown import markdown_document

        document = markdown_document(text, path, encoding, limits)
    else:
        fmt = "markdown" if path.lower().endswith(_MARKDOWN_SUFFIXES) else "text"
        document = Document(path=path, format=fmt, lines=text_lines(text.split("\n")), encoding=encoding)
    document.directives = directives
    return document


def comment_directives(text: str) -> Tuple[str, List[Directive]]:
    """The ``<!-- disclosurelint: … -->`` comments of the text, and the text with them blanked out
    (spaces: the columns of what follows stay).

    A comment on a table row (a line with ``|``) covers that row; any other covers its paragraph:
    the lines around it up to a blank line or a table row (a comment on the line just above a
    paragraph is part of it).
    """
    if "disclosurelint" not in text:
        return text, []
    found = [(m, body) for m in _COMMENT.finditer(text) for body in (directive_text(m.group(1)),) if body is not None]
    if not found:
        return text, []
    source = text.split("\n")
    for match, _ in found:
        text = text[: match.start()] + _NOT_NEWLINE.sub(" ", match.group()) + text[match.end() :]
    blanked = text.split("\n")
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def is_row(number: int) -> bool:
        return "|" in blanked[number - 1] or "｜" in blanked[number - 1]

    def in_paragraph(number: int) -> bool:
        return 1 <= number <= len(source) and bool(source[number - 1].strip()) and not is_row(number)

    directives = []
    for match, body in found:
        first = bisect.bisect_right(starts, match.start())
        last = bisect.bisect_right(starts, match.end() - 1)
        line = source[first - 1]
        column = match.start() - starts[first - 1]
        location = span_in(first, line, column, len(line) if last > first else column + len(match.group()))
        if is_row(first):
            lines = (first, first)
        else:
            while in_paragraph(first - 1):
                first -= 1
            while in_paragraph(last + 1):
                last += 1
            lines = (first, last)
        directives.append(Directive(body, location, lines))
    return text, directives


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
