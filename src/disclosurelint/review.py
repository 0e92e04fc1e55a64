"""The review model: what a review report (``--format html``) draws of one report.

:func:`review_model` is :func:`~disclosurelint.extract.report_to_dict` without
the section texts and the identity's claims, plus what the extract layout
leaves to the template and what prose findings need::

    "outline": [{"number", "heading"}]          # the template's six sections
    "tables": {"table3": {... extract's keys ...,
        "title", "short_title",
        "columns": [{"id", "label"}],           # every template column, in order
        "rows": [{... extract's keys ..., "block", "group", "columns": [column ids]}]}}
    "excerpts": [{"code", "message", "location",  # which finding (not on a table cell)
                  "text",                          # the prose sentence it is located in
                  "mark": [start, end] | null}]    # the figure in ``text``

It is plain data (picklable, cached with the findings).  A sentence is found
by the finding's location in the prose; a location that names only a page or
paragraph (PDF, DOCX) is narrowed to the text the message quotes (“…”).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .extract import report_to_dict
from .findings import Finding
from .model import Location, Report
from .numerals import NUMBER_PATTERN, TextStream, prose_streams
from .templates import Template

#: Characters of the flattened prose that end a sentence (see :mod:`disclosurelint.numerals`).
_SENTENCE_END = "。!?\n"
#: Most characters of a sentence kept on either side of the finding.
_REACH = 120
_NUMBER = re.compile(NUMBER_PATTERN)
_QUOTED = re.compile(r"“([^”]+)”")


def review_model(report: Report, template: Template, findings: Sequence[Finding]) -> Dict[str, Any]:
    """The compact model of ``report`` bound with ``template``, with the sentences of ``findings``."""
    model = report_to_dict(report)
    model["identity"] = report.identity.to_dict()
    for section in model["sections"]:
        del section["text"]
    model["outline"] = [{"number": s.number, "heading": s.heading} for s in template.sections]
    for table_id, table in model["tables"].items():
        spec = template.table(table_id)
        table.update(title=spec.title, short_title=spec.short_title, columns=[{"id": c.id, "label": c.label} for c in spec.columns()])
        for row in table["rows"]:
            row_spec = spec.row(row["id"])
            row.update(
                block=row_spec.block,
                group=spec.group_label(row_spec.group) if row_spec.group else "",
                columns=[c.id for c in row_spec.columns],
            )
    model["excerpts"] = [
        {"code": f.code, "message": f.message, "location": f.location.to_dict(), **excerpt}  # type: ignore[union-attr]
        for f, excerpt in ((f, _excerpt(report, f)) for f in findings)
        if excerpt is not None
    ]
    return model


def _excerpt(report: Report, finding: Finding) -> Optional[Dict[str, Any]]:
    """The sentence of the prose a finding is located in, with the figure there marked."""
    if finding.location is None or finding.location.grid is not None:
        return None
    for stream in prose_streams(report):
        at = _at(stream, finding.location)
        if not at:
            continue
        span = _narrowed(stream, at, finding.message)
        if span is None:
            return None
        return _sentence(stream.text, *span)
    return None


def _at(stream: TextStream, location: Location) -> List[int]:
    """The indices of the characters of ``stream`` at ``location`` (only its source lines are looked at)."""
    line = location.span.line if location.span else None
    lines = {
        n for n, source in enumerate(stream.sources)
        if (source.span.line if source.span else None) == line and source.page == location.page and source.paragraph == location.paragraph
    }
    return [i for i, (n, _) in enumerate(stream.positions) if n in lines and _starts_at(stream.location(i), location)] if lines else []


def _starts_at(place: Optional[Location], location: Location) -> bool:
    """Whether a character at ``place`` is where ``location`` starts (a span's end does not matter)."""
    if place is not None and place.span is not None and location.span is not None:
        return place.span[:2] == location.span[:2]
    return place == location


def _narrowed(stream: TextStream, at: List[int], message: str) -> Optional[Tuple[int, int]]:
    """Where in ``stream`` the finding points: one character, else the text its message quotes."""
    if len(at) == 1:
        figure = _NUMBER.match(stream.text, at[0])
        return (at[0], figure.end()) if figure else (at[0], at[0])
    for quoted in _QUOTED.findall(message):
        found = stream.text.find(quoted, at[0], at[-1] + 1)
        if found >= 0:
            figure = _NUMBER.search(stream.text, found, found + len(quoted))
            return figure.span() if figure else (found, found)
    return None


def _sentence(text: str, start: int, end: int) -> Dict[str, Any]:
    """The sentence around ``text[start:end]`` (at most :data:`_REACH` characters each side)."""
    first = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    stops = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    last = min(stops) + 1 if stops else len(text)
    first, last = max(first, start - _REACH), min(last, end + _REACH)
    sentence = text[first:last].rstrip("\n")
    return {"text": sentence, "mark": [start - first, end - first] if end > start else None}
