"""``disclosurelint extract``: the neutral model as stable JSON (or a short text view).

JSON layout (``"schema": "disclosurelint-extract/1"``; keys are only ever added)::

    {"schema": "disclosurelint-extract/1", "version": "<tool version>",
     "reports": [
       {"path": str, "format": "text|markdown|html|docx|pdf", "encoding": str|null,
        "template": "2021"|"2019"|null,
        "identity": {"agency", "year", "title", "period", "period_year",
                     "published", "published_source", "kind", "sources"},
        "sections": [{"number": 1-6, "numeral": "一", "heading": str,
                      "standard_heading": str, "standard_wording": bool,
                      "location": {...}, "text": str}],
        "tables": {"table2"|"table3"|"table4": {
            "present": bool, "location": {...}|null,
            "rows": [{"id", "label", "present", "label_text", "location",
                      "cells": [{"row", "column", "raw",
                                 "kind": "number|blank|placeholder|invalid",
                                 "value": int|str(decimal)|null, "inferred": bool,
                                 "location": {...}}]}],
            "unknown_rows": [{"text": str, "location": {...}}],
            "missing_columns": [column id], "unreadable_rows": [row id]}},
        "error": null | {"kind": str, "message": str}}]}

A location holds whichever of ``line, column, end_line, end_column, page,
table, row, col, paragraph`` the input allows.  For pandas::

    rows = [dict(path=r["path"], table=t, **c) for r in doc["reports"]
            for t, tab in r["tables"].items() for row in tab["rows"] for c in row["cells"]]
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Dict, Sequence, Union

from ._version import __version__
from .model import ReadError, Report

SCHEMA = "disclosurelint-extract/1"


def report_to_dict(subject: Union[Report, ReadError]) -> Dict[str, Any]:
    if isinstance(subject, ReadError):
        return {"path": subject.path, "error": {"kind": subject.kind, "message": subject.message}}
    return {
        "path": subject.path,
        "format": subject.format,
        "encoding": subject.document.encoding,
        "template": subject.template,
        "identity": dataclasses.asdict(subject.identity),
        "sections": [
            {
                "number": s.number,
                "numeral": s.numeral,
                "heading": s.heading,
                "standard_heading": s.standard_heading,
                "standard_wording": s.standard_wording,
                "location": s.location.to_dict(),
                "text": s.text,
            }
            for s in subject.sections
        ],
        "tables": {
            t.id: {
                "present": t.present,
                "location": t.location.to_dict() if t.location else None,
                "rows": [
                    {
                        "id": r.id,
                        "label": r.label,
                        "present": r.present,
                        "label_text": r.label_text,
                        "location": r.location.to_dict() if r.location else None,
                        "cells": [c.to_dict() for c in r.cells.values()],
                    }
                    for r in t.rows.values()
                ],
                "unknown_rows": [{"text": text, "location": loc.to_dict()} for text, loc in t.unknown_rows],
                "missing_columns": list(t.missing_columns),
                "unreadable_rows": list(t.unreadable_rows),
            }
            for t in subject.tables.values()
        },
        "error": None,
    }


def _text_view(subject: Union[Report, ReadError]) -> str:
    if isinstance(subject, ReadError):
        return f"{subject.path}: DL001 {subject.message}"
    out = [f"{subject.path} ({subject.format}, template {subject.template or '-'})"]
    out += [f"  section {s.number}: {s.heading}" for s in subject.sections]
    for table in subject.tables.values():
        out.append(f"  {table.id}: {'present' if table.present else 'absent'}")
        for row in table.rows.values():
            if row.present:
                values = " ".join(str(c.value) if c.value is not None else f"<{c.kind.value}>" for c in row.cells.values())
                out.append(f"    {row.label}: {values}")
            elif table.present:
                out.append(f"    {row.label}: <missing>")
    return "\n".join(out)


def render_extract(subjects: Sequence[Union[Report, ReadError]], fmt: str = "json") -> str:
    if fmt == "text":
        return "\n\n".join(_text_view(s) for s in subjects)
    document = {"schema": SCHEMA, "version": __version__, "reports": [report_to_dict(s) for s in subjects]}
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)
