"""Segmentation: find the six numbered sections of a report and the lines of running prose."""

from __future__ import annotations

import functools
import re
from typing import List, NamedTuple, Optional, Pattern, Sequence, Tuple

from .model import Line, Section, span_in
from .normalize import fold, normalize_label
from .templates import SectionSpec, Template

_NUMERALS = "一二三四五六七八九十"
#: Markdown heading marks and emphasis around a heading (``## 一、总体情况``, ``**一、总体情况**``).
_MARKUP = r"[\s#>*_]*"
#: A numeral, or OCR damage: a stray Latin letter or digit before it (``l六、``), a look-alike in its place (``囗、``).
_HEAD_START = re.compile(_MARKUP + r"(?:[A-Za-z0-9]?[第一二三四五六七八九十]|[^\x00-\x7f]\s*[、.．])")
_HEADING = re.compile(
    r"^" + _MARKUP + r"(?P<junk>[A-Za-z0-9]?)第?(?P<numeral>[一二三四五六七八九十]{1,2})(?:部分)?\s*[、.,:\s]\s*(?P<title>\S.*?)[\s*_]*$"
)
_DAMAGED = re.compile(r"^" + _MARKUP + r"(?P<numeral>[^\x00-\x7f])\s*[、.,]\s*(?P<title>\S.*?)[\s*_]*$")
_TRAILING = re.compile(r"[。:.;,\s]+$")
MAX_HEADING_CHARS = 40


class HeadingMatch(NamedTuple):
    """A line recognised as the heading of a standard section."""

    spec: SectionSpec
    numeral: str  # as written
    standard: bool  # worded exactly as the template, numeral included
    numbered: bool  # the numeral is the section's (or unreadable: OCR damage)
    legacy: bool  # worded as in the pre-2019 outline only (一、概述 …)


def numeral_value(numeral: str) -> int:
    """Value of a Chinese numeral up to 99 (一 → 1, 十二 → 12, 二十 → 20)."""
    digits = [_NUMERALS.index(c) + 1 for c in numeral]
    if len(digits) == 1:
        return digits[0]
    if digits[0] == 10:
        return 10 + digits[1]
    return digits[0] * 10 + (0 if digits[1] == 10 else digits[1])


def _title(heading: str) -> str:
    return normalize_label(heading.split("、", 1)[-1])


@functools.lru_cache(maxsize=64)
def _titles(spec: SectionSpec) -> Tuple[str, Tuple[str, ...], Tuple[str, ...]]:
    """The normalised titles of a section: standard, variants, pre-2019 outline."""
    return _title(spec.heading), tuple(_title(v) for v in spec.variants), tuple(_title(h) for h in spec.legacy)


def match_heading(text: str, specs: Sequence[SectionSpec]) -> Optional[HeadingMatch]:
    """The section ``text`` is the heading of, if any.

    Exact wordings (standard, variants, the pre-2019 outline) win over
    keywords.  A numeral damaged by OCR is accepted only with an exact wording.
    """
    if not _HEAD_START.match(text):  # cheap test first: most lines are not headings
        return None
    folded = fold(text)
    m = _HEADING.match(folded)
    damaged = m is None
    if damaged:
        m = _DAMAGED.match(folded)
        if not m:
            return None
    numeral, title = m.group("numeral"), _TRAILING.sub("", m.group("title"))
    norm = normalize_label(title)
    if not norm or len(norm) > MAX_HEADING_CHARS:
        return None
    best: Optional[Tuple[int, HeadingMatch]] = None
    value = None if damaged else numeral_value(numeral)
    clean = not damaged and not m.groupdict().get("junk")
    for spec in specs:
        standard_title, variants, legacy_titles = _titles(spec)
        if norm == standard_title or norm in variants:
            score, standard, legacy = 3, norm == standard_title, False
        elif norm in legacy_titles:
            score, standard, legacy = 3, False, True
        elif not damaged and any(k in norm for k in spec.keywords):
            score, standard, legacy = 1 + (value == spec.number), False, False
        else:
            continue
        numbered = damaged or value == spec.number
        hit = HeadingMatch(spec, numeral, standard and numbered and clean, numbered, legacy)
        if best is None or score > best[0]:
            best = (score, hit)
    return best[1] if best else None


def segment(lines: Sequence[Line], specs: Sequence[SectionSpec]) -> List[Section]:
    """Sections in document order (duplicates kept: rules report them).

    A report in the pre-2019 outline (一、概述 … 七、其他需要报告的事项) is
    numbered by that outline: its numerals are not misnumberings.
    """
    hits: List[Tuple[int, Line, HeadingMatch]] = []
    for index, line in enumerate(lines):
        if line.is_row:
            continue
        hit = match_heading(line.text, specs)
        if hit is not None:
            hits.append((index, line, hit))
    legacy = any(hit.legacy for _, _, hit in hits)
    found: List[Section] = []
    for index, line, hit in hits:
        numbered = hit.numbered or (legacy and any(h.startswith(hit.numeral + "、") for h in hit.spec.legacy))
        found.append(
            Section(
                number=hit.spec.number,
                numeral=hit.numeral,
                heading=line.text.strip(),
                standard_heading=hit.spec.heading,
                standard_wording=hit.standard,
                location=line.location,
                start=index,
                end=len(lines),
                kind=hit.spec.kind,
                numbered_correctly=numbered,
            )
        )
    for current, following in zip(found, found[1:]):
        current.end = following.start
    for section in found:
        section.text = "\n".join(l.text for l in lines[section.start + 1 : section.end]).strip()
    return found


#: A paragraph indent inside a line (two ideographic or no-break spaces): a page whose tags were stripped.
_INDENT = re.compile(r"(?<=\S)[\u3000\xa0]{2,}(?=\S)")
#: Lines shorter than this are never cut.
_LONG_LINE = 200


def unfold(lines: Sequence[Line], specs: Sequence[SectionSpec]) -> Sequence[Line]:
    """Long lines holding several paragraphs (a scraped page on one line) cut into their paragraphs.

    A line is cut at paragraph indents and around a section heading worded
    exactly (standard, variant or pre-2019) that follows a sentence end, a
    number or a cut: the tags were stripped and nothing else marks them.
    Returns ``lines`` itself when nothing is cut (the usual case).
    """
    out: Optional[List[Line]] = None
    for index, line in enumerate(lines):
        if line.cells is not None or len(line.text) <= _LONG_LINE:
            if out is not None:
                out.append(line)
            continue
        pieces = _pieces(line.text, _heading_pattern(tuple(specs)))
        if len(pieces) == 1 and out is None:
            continue
        if out is None:
            out = list(lines[:index])
        out.extend(_piece(line, start, end) for start, end in pieces)
    return lines if out is None else out


def _pieces(text: str, headings: Pattern[str]) -> List[Tuple[int, int]]:
    cuts = {0, len(text)}
    for m in _INDENT.finditer(text):
        cuts.update((m.start(), m.end()))
    for m in headings.finditer(text):
        cuts.update((m.start("heading"), m.end()))
    bounds = sorted(cuts)
    pieces = []
    for start, end in zip(bounds, bounds[1:]):
        piece = text[start:end]
        if piece.strip():
            begin = start + len(piece) - len(piece.lstrip())
            pieces.append((begin, begin + len(piece.strip())))
    return pieces


def _piece(line: Line, start: int, end: int) -> Line:
    text = line.text[start:end]
    if line.location.span is None:
        return Line(text, line.location)
    return Line(text, span_in(line.location.span.line, line.text, start, end, line.location.page))


@functools.lru_cache(maxsize=8)
def _heading_pattern(specs: Tuple[SectionSpec, ...]) -> Pattern[str]:
    """Exact section headings after a sentence end, a number or white space, anywhere in a line.

    A heading listed in a sentence (``…；二、主动公开政府信息情况；三、…``) is not one.
    """
    titles = {h.split("、", 1)[-1] for s in specs for h in (s.heading, *s.variants, *s.legacy)}
    alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(
        r"(?:^|(?<=[。！!？?\d\s]))(?P<heading>[一二三四五六七八九十]{1,2}[、.．]\s*(?:" + alternatives + r"))(?![、，,；;])"
    )


def prose_ranges(lines: Sequence[Line], sections: Sequence[Section], template: Template) -> List[Tuple[int, int]]:
    """Index ranges of the running prose: the intro and the prose sections of ``template``.

    A region ends at its first line of table text (a line the template marks as
    the start of a table, such as ``第二十条第（一）项``): tables that lost their
    section heading must not be read as prose.
    """
    if not sections:
        return []
    prose = {s.number for s in template.sections if s.kind == "prose"}
    spans = [(0, min(s.start for s in sections))]
    spans += [(s.start + 1, s.end) for s in sections if s.number in prose]
    markers = template.table_markers
    ranges = []
    for start, end in spans:
        stop = start
        while stop < end and not (lines[stop].cells is None and _marks_table(lines[stop].text, markers)):
            stop += 1
        ranges.append((start, stop))
    return ranges


def _marks_table(text: str, markers: Sequence[Tuple[str, bool]]) -> bool:
    norm = normalize_label(text)
    return any(norm == key if whole else key in norm for key, whole in markers)
