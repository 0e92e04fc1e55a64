"""Numbers and running text: Chinese/Arabic numerals, and prose flattened for searching.

Prose rules search running text for figures (``受理政府信息公开申请 3119 件``,
``十二件``) and dates (``二〇二二年一月三十一日``).  PDF text wraps lines in the
middle of words (``尚\\n未审结``) and puts spaces around digits, so the text is
first flattened into a :class:`TextStream`: NFKC-folded, whitespace removed,
lines joined, with every character mapped back to its source line and column.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from itertools import repeat
from typing import Iterable, List, Optional, Tuple

from .model import Line, Location, Report, TextSpan
from .normalize import is_page_marker

_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_MYRIAD = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"
#: An Arabic (thousands separators allowed) or Chinese numeral, in NFKC-folded text.
NUMBER_PATTERN = rf"\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+|[{CHINESE_NUMERAL_CHARS}]+"

#: Characters after which a line break ends a sentence (or a heading) rather than wrapping it.
_LINE_END = set("。！？；;:：!?")
#: A line this short that does not end with a comma is taken as a heading or paragraph end.
_SHORT_LINE = 20
#: Separator placed between two numbers that only whitespace kept apart (``72 64`` → ``72、64``).
NUMBER_GAP = "、"
#: Boundary inserted where a line break ends a sentence or heading.
BREAK = "\n"


def parse_chinese_numeral(text: str) -> Optional[int]:
    """Value of a Chinese numeral (``十二`` 12, ``两`` 2, ``一百零五`` 105, ``二〇二二`` 2022), else None."""
    if not text or any(c not in _DIGITS and c not in _UNITS and c not in _MYRIAD for c in text):
        return None
    if all(c in _DIGITS for c in text):  # positional: 二〇二二
        if len(text) > 1 and "两" in text:
            return None
        value = 0
        for c in text:
            value = value * 10 + _DIGITS[c]
        return value
    total, section, digit = 0, 0, None
    for c in text:
        if c in _DIGITS:
            if digit is not None and _DIGITS[c] != 0:
                return None  # two digits in a row (一二十) is not a numeral
            digit = _DIGITS[c] if _DIGITS[c] != 0 else None
        elif c in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[c]
            digit = None
        else:
            section += digit or 0
            if section == 0:
                return None
            total += section * _MYRIAD[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_integer(text: str) -> Optional[int]:
    """A non-negative integer written in Arabic (``3 119``, ``3,119``, full-width) or Chinese numerals."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", folded):
        return int(folded.replace(",", ""))
    return parse_chinese_numeral(folded)


@dataclasses.dataclass(frozen=True)
class TextStream:
    """Running text flattened for searching, with each character's source position.

    ``text`` is NFKC-folded with all whitespace removed; lines are joined
    directly (PDF wrapping) unless the line break ends a sentence or heading,
    where :data:`BREAK` is inserted.  Digits that only whitespace separated
    get :data:`NUMBER_GAP` between them so that ``72 64`` does not read as 7264.
    """

    text: str
    #: For each character of ``text``: (index into ``sources``, 0-based column in that line).
    positions: Tuple[Tuple[int, int], ...]
    sources: Tuple[Location, ...]

    @classmethod
    def from_lines(cls, lines: Iterable[Line]) -> "TextStream":
        out: List[str] = []
        positions: List[Tuple[int, int]] = []
        sources: List[Location] = []
        for line in lines:
            raw = line.text
            if not raw.strip() or is_page_marker(raw):
                continue
            index = len(sources)
            sources.append(line.location)
            if out and out[-1] != BREAK:
                if out[-1].isdigit() and raw.strip()[:1].isdigit():
                    out.append(NUMBER_GAP)
                    positions.append(positions[-1])
            folded_line = unicodedata.normalize("NFKC", raw)
            if len(folded_line) == len(raw):
                _add_aligned(folded_line, index, out, positions)
            else:
                _add_by_character(raw, index, out, positions)
            stripped = folded_line.strip()
            if stripped and (stripped[-1] in _LINE_END or (len(stripped) <= _SHORT_LINE and stripped[-1] not in ",、")):
                out.append(BREAK)
                positions.append((index, len(raw.rstrip()) - 1))
        return cls("".join(out), tuple(positions), tuple(sources))

    def location(self, index: int, end: Optional[int] = None) -> Optional[Location]:
        """Source location of the character at ``index``: line and 1-based column; with ``end``,
        the span of ``text[index:end]`` when it lies on one line.  A source line without columns
        (an HTML element's) gives its location unchanged: the stream's columns are not the file's."""
        if not self.positions:
            return None
        last = len(self.positions) - 1
        source, column = self.positions[min(max(index, 0), last)]
        base = self.sources[source]
        if base.span is None or base.span.column is None:
            return base
        line, first = base.span.line, base.span.column
        if end is not None and end > index:
            end_source, end_column = self.positions[min(end - 1, last)]
            if end_source == source:
                return base._replace(span=TextSpan(line, first + column, line, first + end_column + 1))
        return base._replace(span=TextSpan(line, first + column))


_RUN = re.compile(r"\S+")


def _add_aligned(folded: str, index: int, out: List[str], positions: List[Tuple[int, int]]) -> None:
    """A line whose NFKC form has one character per source character: copy runs of non-space whole."""
    first = True
    for m in _RUN.finditer(folded):
        start, run = m.start(), m.group()
        if out and out[-1].isdigit() and run[0].isdigit() and (not first or start > 0):
            out.append(NUMBER_GAP)
            positions.append((index, start))
        first = False
        out.extend(run)
        positions.extend(zip(repeat(index), range(start, start + len(run))))


def _add_by_character(raw: str, index: int, out: List[str], positions: List[Tuple[int, int]]) -> None:
    """A line whose NFKC form changes length (ligatures, ㎡): fold character by character."""
    pending_space = False
    for column, char in enumerate(raw):
        if char.isspace():
            pending_space = True
            continue
        folded = unicodedata.normalize("NFKC", char)
        if pending_space and out and out[-1].isdigit() and folded[:1].isdigit():
            out.append(NUMBER_GAP)
            positions.append((index, column))
        pending_space = False
        for f in folded:
            if not f.isspace():
                out.append(f)
                positions.append((index, column))


def prose_streams(report: Report) -> List[TextStream]:
    """The report's prose regions as searchable text, computed once per report."""
    return report.derive("prose_streams", lambda r: [TextStream.from_lines(region) for region in r.prose_regions()])
