"""GitHub Actions workflow commands: one annotation per finding.

::

    ::error file=reports/2024.txt,line=12,col=5,title=DL301 application-balance::...

``warning`` and ``notice`` for the other severities.  Findings without a line
(DOCX, HTML, PDF) annotate the file and name the cell in the message.  Plugin
load errors become ``::warning`` commands without a file.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from ..findings import Finding, Severity
from ..results import RunResult
from . import FormatOptions, display_path, ordered_files, place

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def render(run: RunResult, options: FormatOptions) -> str:
    lines = [_command("warning", [("title", "disclosurelint")], e) for e in run.plugin_errors]
    for _, findings in ordered_files(run):
        lines += [_annotation(run, f) for f in findings]
    return "".join(line + "\n" for line in lines)


def _annotation(run: RunResult, finding: Finding) -> str:
    props: List[Tuple[str, str]] = [("file", display_path(run, finding.path))]
    span = finding.location.span if finding.location else None
    message = finding.message
    if span is not None:
        props.append(("line", str(span.line)))
        if span.column is not None:
            props.append(("col", str(span.column)))
        if span.end_line is not None:
            props.append(("endLine", str(span.end_line)))
        if span.end_column is not None:
            props.append(("endColumn", str(span.end_column)))
    else:
        logical = place(finding)
        message = f"{message}（{logical}）" if logical else message
    props.append(("title", f"{finding.code} {finding.name}"))
    return _command(_COMMANDS[finding.severity], props, message)


def _command(name: str, props: List[Tuple[str, str]], message: str) -> str:
    rendered = ",".join(f"{k}={_escape(v, _PROPERTY_ESCAPES)}" for k, v in props)
    return f"::{name} {rendered}::{_escape(message, _DATA_ESCAPES)}"


def _escape(text: str, table: Dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)
