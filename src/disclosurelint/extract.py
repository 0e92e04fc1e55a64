"""``disclosurelint extract``: the neutral model of reports as JSON, as tidy rows (CSV, JSON Lines) or as text.

The files of a run are found as ``check`` finds them; each is parsed and
turned into its model (:func:`model`, plain JSON data) in the run's workers,
within the per-file time limit (:func:`disclosurelint.runner.process_files`),
and written out file by file, in input order, as the models arrive: a
province-wide run is never held in memory.

JSON layout (``"schema": "disclosurelint-extract/1"``; keys are only ever
added; JSON Schema: ``disclosurelint/schemas/extract.schema.json``)::

    {"schema": "disclosurelint-extract/1", "version": "<tool version>",
     "root": "/abs/dir",                          # paths are relative to it (absolute outside it)
     "reports": [
       {"path": str, "format": "text|markdown|html|docx|pdf", "encoding": str|null,
        "template": "2021"|"2019"|null,
        "identity": {"agency", "year", "title", "period", "period_year",
                     "published", "published_source", "kind", "sources",
                     "claims": [{"field", "source", "value", "location", "text"}]},
        "sections": [{"number": 1-6, "numeral": "一", "heading": str,
                      "standard_heading": str, "standard_wording": bool,
                      "location": {...}, "text": str}],     # no "text" with --compact
        "tables": {"table2"|"table3"|"table4": {            # only the --tables chosen
            "present": bool, "location": {...}|null,
            "rows": [{"id", "label", "present", "label_text", "location",
                      "cells": [{"row", "column", "column_label", "raw",
                                 "kind": "number|blank|placeholder|invalid",
                                 "value": int|str(decimal)|null, "inferred": bool,
                                 "location": {...}}]}],
            "unknown_rows": [{"text": str, "location": {...}}],
            "missing_columns": [column id], "unreadable_rows": [row id]}},
        "error": null},
       {"path": str, "error": {"kind": str, "message": str}}]}   # a file that could not be read

Added to version 1 since its first release: ``root`` (with ``path`` now
relative to it), ``identity.published_source``, ``identity.claims`` (where
each identity field was read) and the cells' ``column_label``.  A location
holds whichever of ``line, column, end_line, end_column, page, table, row,
col, paragraph`` the input allows (:meth:`disclosurelint.model.Location.to_dict`).

Tidy rows (``csv``, ``jsonl``): one row per cell with the :data:`COLUMNS`
below (no SQL keyword among them, so DuckDB needs no quotes): the template's
``table_id``, ``row_id`` and ``column_id`` with their labels, the cell's
``raw`` text, ``value`` and ``kind``, and its location flattened into
``loc_*`` columns (``loc_line`` … ``loc_col``); a file without any
cell (an unreadable file, a report without tables) gets one row without
cell values, so that every file of the run appears; ``error`` and
``error_message`` say why a file could not be read.  CSV is UTF-8 with a
byte-order mark by default (Excel then reads the Chinese text as UTF-8, not as
GBK; pandas, DuckDB and Python's ``utf-8-sig`` skip it); JSON Lines never has one.
"""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Iterable, Iterator, Optional, TextIO, Union

from ._version import __version__
from .globs import display_relative
from .model import GridPos, ReadError, Report, TextSpan

if TYPE_CHECKING:  # pragma: no cover
    from .api import Linter

SCHEMA = "disclosurelint-extract/1"
FORMATS = ("json", "jsonl", "csv", "text")
#: The keys of a location, in column order (those of :meth:`disclosurelint.model.Location.to_dict`).
LOCATION_KEYS = (*TextSpan._fields, "page", *GridPos._fields, "paragraph")
#: The columns of the tidy rows (``csv`` and ``jsonl``), in order.
COLUMNS = (
    "path", "agency", "year", "template", "table_id", "row_id", "row_label", "column_id", "column_label",
    "raw", "value", "kind", "inferred", *(f"loc_{key}" for key in LOCATION_KEYS), "error", "error_message",
)

Model = Dict[str, Any]


@dataclass(frozen=True)
class ExtractOptions:
    """How a run's models are written."""

    format: str = "json"
    #: Template table ids to keep (``table3``); None keeps every table.
    tables: Optional[FrozenSet[str]] = None
    #: ``--compact``: JSON without section texts, one report per line.
    compact: bool = False
    #: CSV starts with a UTF-8 byte-order mark.
    bom: bool = True


def report_to_dict(subject: Union[Report, ReadError]) -> Model:
    """The model of one parsed file (or of one that could not be read) as JSON data."""
    if isinstance(subject, ReadError):
        return {"path": subject.path, "error": {"kind": subject.kind, "message": subject.message}}
    identity = subject.identity
    return {
        "path": subject.path,
        "format": subject.format,
        "encoding": subject.document.encoding,
        "template": subject.template,
        "identity": {
            **identity.to_dict(),
            "claims": [
                {
                    "field": c.field,
                    "source": c.source,
                    "value": _plain(c.value),
                    "location": c.location.to_dict() if c.location else None,
                    "text": c.text,
                }
                for c in identity.claims
            ],
        },
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
                        "cells": [{**c.to_dict(), "column_label": c.column_label} for c in r.cells.values()],
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


def model(linter: "Linter", subject: Union[Report, ReadError], history: bool) -> Model:
    """The work of an extraction run (:data:`disclosurelint.runner.Work`): the file's model, made in the worker."""
    return report_to_dict(subject)


def _plain(value: Any) -> Any:
    """A claim's value as JSON data (dates as ISO text, tuples as lists)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def cell_rows(report: Model) -> Iterator[Dict[str, Any]]:
    """The tidy rows of one model: one per cell, with every column of :data:`COLUMNS` (None when unset);
    one row without cell values for a file without any cell."""
    identity = report.get("identity") or {}
    error = report["error"] or {}
    base = dict.fromkeys(COLUMNS)
    base.update(
        path=report["path"],
        agency=identity.get("agency"),
        year=identity.get("year"),
        template=report.get("template"),
        error=error.get("kind"),
        error_message=error.get("message"),
    )
    empty = True
    for table_id, table in (report.get("tables") or {}).items():
        for row in table["rows"]:
            for cell in row["cells"]:
                empty = False
                yield {
                    **base,
                    "table_id": table_id,
                    "row_id": row["id"],
                    "row_label": row["label"],
                    "column_id": cell["column"],
                    "column_label": cell["column_label"],
                    "raw": cell["raw"],
                    "value": cell["value"],
                    "kind": cell["kind"],
                    "inferred": cell["inferred"],
                    **{f"loc_{key}": cell["location"].get(key) for key in LOCATION_KEYS},
                }
    if empty:
        yield base


def write_extract(models: Iterable[Model], stream: TextIO, options: ExtractOptions, root: Path) -> int:
    """Write the models of a run to ``stream`` as they come, in ``options.format``; the number of files
    that could not be read.  Paths are written relative to ``root`` (absolute outside it)."""
    unreadable = 0

    def chosen() -> Iterator[Model]:
        nonlocal unreadable
        for report in models:
            unreadable += report["error"] is not None
            yield _chosen(report, options, str(root))

    _WRITERS[options.format](chosen(), stream, options, root)
    return unreadable


def _chosen(report: Model, options: ExtractOptions, root: str) -> Model:
    """``report`` with its path relative to ``root``, only the chosen tables and (compact) no section texts."""
    report = {**report, "path": display_relative(report["path"], root)}
    if report["error"] is not None:
        return report
    if options.tables is not None:
        report["tables"] = {k: v for k, v in report["tables"].items() if k in options.tables}
    if options.compact:
        report["sections"] = [{k: v for k, v in s.items() if k != "text"} for s in report["sections"]]
    return report


def _json(models: Iterable[Model], stream: TextIO, options: ExtractOptions, root: Path) -> None:
    head = {"schema": SCHEMA, "version": __version__, "root": str(root), "reports": []}
    start, end = json.dumps(head, ensure_ascii=False, indent=2).split('"reports": []')
    stream.write(start + '"reports": [')
    written = False
    for report in models:
        if options.compact:
            text = json.dumps(report, ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(report, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        stream.write(("," if written else "") + "\n    " + text)
        written = True
    stream.write(("\n  ]" if written else "]") + end + "\n")


def _jsonl(models: Iterable[Model], stream: TextIO, options: ExtractOptions, root: Path) -> None:
    for report in models:
        stream.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in cell_rows(report))


def _csv(models: Iterable[Model], stream: TextIO, options: ExtractOptions, root: Path) -> None:
    if options.bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for report in models:
        writer.writerows([_csv_field(v) for v in row.values()] for row in cell_rows(report))


def _csv_field(value: Any) -> Any:
    """Booleans as ``true``/``false`` (what DuckDB and pandas read as booleans), None as an empty field."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _text(models: Iterable[Model], stream: TextIO, options: ExtractOptions, root: Path) -> None:
    for index, report in enumerate(models):
        stream.write(("\n" if index else "") + _text_view(report) + "\n")


def _text_view(report: Model) -> str:
    if report["error"] is not None:
        return f"{report['path']}: DL001 {report['error']['message']}"
    out = [f"{report['path']} ({report['format']}, template {report['template'] or '-'})"]
    out += [f"  section {s['number']}: {s['heading']}" for s in report["sections"]]
    for table_id, table in report["tables"].items():
        out.append(f"  {table_id}: {'present' if table['present'] else 'absent'}")
        for row in table["rows"]:
            if row["present"]:
                values = " ".join(str(c["value"]) if c["value"] is not None else f"<{c['kind']}>" for c in row["cells"])
                out.append(f"    {row['label']}: {values}")
            elif table["present"]:
                out.append(f"    {row['label']}: <missing>")
    return "\n".join(out)


_WRITERS: Dict[str, Callable[[Iterable[Model], TextIO, ExtractOptions, Path], None]] = {
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "text": _text,
}
