"""Segmentation: find the six numbered sections of a report and the lines of running prose."""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from .model import Line, Section
from .normalize import fold, normalize_label
from .templates import SectionSpec, Template

_NUMERALS = "一二三四五六七八九十"
#: Markdown heading marks and emphasis around a heading (``## 一、总体情况``, ``**一、总体情况**``).
_MARKUP = r"[\s#>*_]*"
_HEAD_START = re.compile(_MARKUP + r"[第一二三四五六七八九十]")
_HEADING = re.compile(r"^" + _MARKUP + r"第?([一二三四五六七八九十]{1,2})(?:部分)?\s*[、.,:\s]\s*(\S.*?)[\s*_]*$")
_TRAILING = re.compile(r"[。:.;,\s]+$")
MAX_HEADING_CHARS = 40


def numeral_value(numeral: str) -> int:
    """Value of a Chinese numeral up to 99 (一 → 1, 十二 → 12, 二十 → 20)."""
    digits = [_NUMERALS.index(c) + 1 for c in numeral]
    if len(digits) == 1:
        return digits[0]
    if digits[0] == 10:
        return 10 + digits[1]
    return digits[0] * 10 + (0 if digits[1] == 10 else digits[1])


def match_heading(text: str, specs: Sequence[SectionSpec]) -> Optional[Tuple[SectionSpec, str, bool]]:
    """(section spec, numeral as written, standard wording) if ``text`` is a section heading."""
    if not _HEAD_START.match(text):  # cheap test first: most lines are not headings
        return None
    m = _HEADING.match(fold(text))
    if not m:
        return None
    numeral, title = m.group(1), _TRAILING.sub("", m.group(2))
    norm = normalize_label(title)
    if not norm or len(norm) > MAX_HEADING_CHARS:
        return None
    best: Optional[Tuple[int, SectionSpec, bool]] = None
    for spec in specs:
        headings = [normalize_label(h.split("、", 1)[-1]) for h in (spec.heading, *spec.variants)]
        if norm in headings:
            score, standard = 3, norm == headings[0]
        elif any(k in norm for k in spec.keywords):
            score, standard = 1 + (numeral_value(numeral) == spec.number), False
        else:
            continue
        if best is None or score > best[0]:
            best = (score, spec, standard)
    if best is None:
        return None
    _, spec, standard = best
    return spec, numeral, standard and numeral_value(numeral) == spec.number


def segment(lines: Sequence[Line], specs: Sequence[SectionSpec]) -> List[Section]:
    """Sections in document order (duplicates kept: rules report them)."""
    found: List[Section] = []
    for index, line in enumerate(lines):
        if line.is_row:
            continue
        hit = match_heading(line.text, specs)
        if hit is None:
            continue
        spec, numeral, standard = hit
        found.append(
            Section(
                number=spec.number,
                numeral=numeral,
                heading=line.text.strip(),
                standard_heading=spec.heading,
                standard_wording=standard,
                location=line.location,
                start=index,
                end=len(lines),
                kind=spec.kind,
                numbered_correctly=numeral_value(numeral) == spec.number,
            )
        )
    for current, following in zip(found, found[1:]):
        current.end = following.start
    for section in found:
        section.text = "\n".join(l.text for l in lines[section.start + 1 : section.end]).strip()
    return found


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
