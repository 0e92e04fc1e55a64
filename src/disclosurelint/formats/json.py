"""JSON format, for machines.  The object is stable; fields are only ever added.

JSON Schema: ``disclosurelint/schemas/check.schema.json`` (shipped in the package).

::

    {
      "schema": "disclosurelint-check/1",  # the version of this layout
      "version": "0.1.0",              # disclosurelint version
      "root": "/abs/dir",              # the repository root, which paths are relative to
      "files": [                       # every linted file, in the order given
        {
          "path": "reports/2024.docx", # relative to root (absolute outside it), POSIX
          "findings": [                # sorted by page, line, table, row, col, code; one per line
            {
              "code": "DL201", "name": "blank-cell", "severity": "error",
              "message": "...",        # Chinese, for report editors
              "path": "reports/2024.docx",
              "location": {"page": 3, "table": 1, "row": 4, "col": 2} | null,
              "context": {"table": "table3", "table_label": "表3", ...},
              "related": [{"path": "...", "location": {...} | null}],  # paths relative to root
              "plugin": "disclosurelint",
              "fingerprint": "0f3a9c1e5b7d2a48:1"   # SARIF's primaryLocationLineHash, the baseline's key
            }
          ],
          "suppressed": [              # findings a suppression accepted, as above, and
            {..., "suppression": {"kind": "inSource" | "external", "justification": "..."}}
          ]
        }
      ],
      "summary": {
        "files": 2, "files_with_problems": 1, "problems": 3,
        "errors": 2, "warnings": 1, "notes": 0,
        "codes": {"DL201": 2, "DL301": 1},  # most frequent first
        "suppressed": 1, "baselined": 0     # not counted in problems
      },
      "plugin_errors": ["..."],       # plugins that failed to load
      "stale_baseline": [             # baseline entries that no longer occur (see disclosurelint.baseline)
        {"path": "...", "code": "DL201", "fingerprint": "...", "message": "..."}
      ]
    }

``location`` keys are those of :class:`disclosurelint.model.Location` that are
set (``line``, ``column``, ``end_line``, ``end_column``, ``page``, ``table``,
``row``, ``col``, ``paragraph``), all 1-based; columns count UTF-16 code units.
A PDF or DOCX finding has no ``line``: its place is ``page`` and the grid cell.

With ``--statistics`` the output is the counts per code instead, as ruff's
``--statistics --output-format json`` gives them (JSON Schema:
``disclosurelint/schemas/statistics.schema.json``)::

    [{"code": "DL104", "name": "missing-table", "count": 3}, ...]   # most frequent first
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterator, List

from ..findings import Finding, Severity
from ..results import FileResult, RunResult
from . import FormatOptions, display_path, file_fingerprints, ordered_files, shown_message, summarize


SCHEMA = "disclosurelint-check/1"


class _JsonFormat:
    """The JSON format: callable like every format, and able to stream its output."""

    def __call__(self, run: RunResult, options: FormatOptions) -> str:
        return "".join(self.chunks(run, options))

    def chunks(self, run: RunResult, options: FormatOptions) -> Iterator[str]:
        """The document piece by piece, one file at a time (a province-wide run is never
        held as one string); each finding is one line, written by the C encoder."""
        if options.show_statistics:
            codes = summarize(run).codes
            yield json.dumps([{"code": c, "name": name, "count": n} for c, name, n in codes], ensure_ascii=False, indent=2) + "\n"
            return
        skeleton = document(run, options, files=False)
        head, tail = json.dumps(skeleton, ensure_ascii=False, indent=2).split('"files": []', 1)
        yield head + '"files": ['
        written = False
        for file, findings in ordered_files(run):
            yield ",\n" if written else "\n"
            yield f'    {{\n      "path": {_compact(display_path(run, file.path))},'
            data = _file(run, file, findings)
            for key in ("findings", "suppressed"):
                items = "".join(f"\n        {_compact(item)}," for item in data[key])
                yield f'\n      "{key}": [' + (items[:-1] + "\n      ]" if items else "]") + ("," if key == "findings" else "")
            yield "\n    }"
            written = True
        yield ("\n  ]" if written else "]") + tail + "\n"


render = _JsonFormat()


def document(run: RunResult, options: FormatOptions, files: bool = True) -> Dict[str, Any]:
    """The JSON object described in the module docstring (``files`` empty when not ``files``)."""
    summary = summarize(run)
    return {
        "schema": SCHEMA,
        "version": options.tool_version,
        "root": os.path.abspath(run.root),
        "files": [_file(run, file, findings) for file, findings in ordered_files(run)] if files else [],
        "summary": {
            "files": summary.files,
            "files_with_problems": summary.files_with_problems,
            "problems": summary.problems,
            "errors": summary.by_severity[Severity.ERROR],
            "warnings": summary.by_severity[Severity.WARNING],
            "notes": summary.by_severity[Severity.NOTE],
            "codes": {code: n for code, _, n in summary.codes},
            "suppressed": summary.suppressed,
            "baselined": summary.baselined,
        },
        "plugin_errors": list(run.plugin_errors),
        "stale_baseline": [e._asdict() for e in run.stale_baseline],
    }


def _file(run: RunResult, file: FileResult, findings: List[Finding]) -> Dict[str, Any]:
    prints = file_fingerprints(run, file)
    return {
        "path": display_path(run, file.path),
        "findings": [_finding(run, f, prints[id(f)]) for f in findings],
        "suppressed": [_finding(run, f, prints[id(f)]) for f in sorted(file.suppressed, key=Finding.sort_key)],
    }


def _finding(run: RunResult, finding: Finding, fingerprint: str) -> Dict[str, Any]:
    """``Finding.to_dict()`` with its paths relative to the root, its fingerprint and its suppression."""
    data = finding.to_dict()
    data["path"] = display_path(run, finding.path)
    data["message"] = shown_message(run, finding)
    for related in data["related"]:
        related["path"] = display_path(run, related["path"])
    data["fingerprint"] = fingerprint
    if finding.suppression is not None:
        data["suppression"] = {"kind": finding.suppression.kind, "justification": finding.suppression.justification}
    return data


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
