"""Readers: bytes of one file -> :class:`~disclosurelint.model.Document`.

A reader is chosen by content first (``sniff`` on the first bytes) and by
suffix second.  Heavy libraries (lxml, python-docx, pypdf) are imported inside
``read`` so that linting a text report never loads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple, Union

from ..model import Document, ReadError

ReadResult = Union[Document, ReadError]
EMPTY_MESSAGE = "文件为空（或只有空白字符），没有可检查的报告内容；请确认上传或导出的是完整的报告文件"
#: The text of an inline suppression comment: ``<!-- disclosurelint: ignore DL501 原因 -->``.
_DIRECTIVE = re.compile(r"\s*disclosurelint\s*[:：]\s*(.*?)\s*", re.DOTALL)


@dataclass(frozen=True)
class Limits:
    """Guards against hostile or broken input (configurable)."""

    max_file_size: int = 50 * 1024 * 1024
    max_uncompressed_size: int = 200 * 1024 * 1024  # DOCX zip members, summed
    max_pdf_pages: int = 200
    max_html_depth: int = 500
    timeout: float = 60.0  # seconds per file


class Reader:
    """Base class for input readers (see :func:`disclosurelint.hookspecs.disclosurelint_readers`)."""

    format: str = ""
    suffixes: Tuple[str, ...] = ()

    def sniff(self, head: bytes, path: str) -> int:
        """How sure this reader is that it can read the file: 0 no, 1 by suffix, 2 by content."""
        return 1 if path.lower().endswith(self.suffixes) else 0

    def read(self, data: bytes, path: str, limits: Limits) -> ReadResult:
        raise NotImplementedError


def directive_text(comment: str) -> Optional[str]:
    """What the text of an HTML comment says after ``disclosurelint:``; None for any other comment."""
    match = _DIRECTIVE.fullmatch(comment)
    return match.group(1) if match else None


def choose_reader(readers: Sequence[Reader], head: bytes, path: str) -> Union[Reader, None]:
    """The reader with the highest sniff score (content beats suffix), or None."""
    best, best_score = None, 0
    for reader in readers:
        score = reader.sniff(head, path)
        if score > best_score:
            best, best_score = reader, score
    return best
