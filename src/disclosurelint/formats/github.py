"""GitHub Actions workflow commands: one annotation per finding, and a step summary.

::

    ::error file=reports/2024.txt,line=12,col=5,endLine=12,endColumn=7,title=DL301 application-balance::...

``warning`` and ``notice`` for the other severities.  Findings without file
lines (DOCX, PDF, whole-file findings) annotate the file and name their place
(page, table cell, labels) in the message.  Plugin load errors become
``::warning`` commands without a file.

GitHub shows :data:`ANNOTATIONS_PER_STEP` annotations of each kind per step
and drops the rest silently, so the CLI also writes :func:`step_summary`, a
Markdown table of every finding, to ``$GITHUB_STEP_SUMMARY`` when it is set.
"""

from __future__ import annotations

from collections import Counter
from typing import Dict, List, Tuple

from ..findings import Finding, Severity
from ..results import RunResult
from . import FormatOptions, display_path, message_with_place, ordered_files, position, shown_message, summarize

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}
#: Annotations GitHub shows per step for each of error, warning and notice.
ANNOTATIONS_PER_STEP = 10
#: GitHub refuses a step summary larger than this (1 MiB); the table stops short of it.
SUMMARY_LIMIT = 1024 * 1024
_SEVERITY_NAMES = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTE: "提示"}
_CELL_ESCAPES = {"|": "\\|", "\r": " ", "\n": " ", "<": "&lt;", ">": "&gt;", "&": "&amp;"}


def render(run: RunResult, options: FormatOptions) -> str:
    lines = [_command("warning", [("title", "disclosurelint")], e) for e in run.plugin_errors]
    for _, findings in ordered_files(run):
        lines += [_annotation(run, f) for f in findings]
    hidden = sum(max(0, n - ANNOTATIONS_PER_STEP) for n in Counter(f.severity for f in run.findings).values())
    if hidden:
        options.warn(
            f"GitHub shows {ANNOTATIONS_PER_STEP} annotations of each severity per step: {hidden} of "
            f"{len(run.findings)} will not be shown; all of them are in the step summary"
        )
    return "".join(line + "\n" for line in lines)


def _annotation(run: RunResult, finding: Finding) -> str:
    props: List[Tuple[str, str]] = [("file", display_path(run, finding.path))]
    span = finding.location.span if finding.location else None
    if span is not None:
        props.append(("line", str(span.line)))
        if span.column is not None:
            props.append(("col", str(span.column)))
        if span.end_line is not None:
            props.append(("endLine", str(span.end_line)))
        if span.end_column is not None:
            props.append(("endColumn", str(span.end_column)))
    props.append(("title", f"{finding.code} {finding.name}"))
    return _command(_COMMANDS[finding.severity], props, message_with_place(run, finding))


def _command(name: str, props: List[Tuple[str, str]], message: str) -> str:
    rendered = ",".join(f"{k}={_escape(v, _PROPERTY_ESCAPES)}" for k, v in props)
    return f"::{name} {rendered}::{_escape(message, _DATA_ESCAPES)}"


def _escape(text: str, table: Dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)


def step_summary(run: RunResult) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: the counts, then one table row per finding
    (path, place, rule, severity, message), cut short below :data:`SUMMARY_LIMIT`."""
    summary = summarize(run)
    if summary.problems:
        counts = "、".join(f"{summary.by_severity[s]} 个{_SEVERITY_NAMES[s]}" for s in Severity)
        head = f"### disclosurelint：{summary.problems} 个问题（{counts}），涉及 {summary.files_with_problems} 个文件\n"
    else:
        head = f"### disclosurelint：未发现问题（{summary.files} 个文件）\n"
    parts = [head, *(f"\n> 插件未能加载：{_cell(e)}\n" for e in run.plugin_errors)]
    if summary.suppressed or summary.baselined:
        parts.append(f"\n> 另有 {summary.suppressed} 个问题经审核接受（已抑制）、{summary.baselined} 个在基线中，未列出。\n")
    if summary.problems:
        parts.append("\n| 文件 | 位置 | 规则 | 级别 | 说明 |\n|---|---|---|---|---|\n")
    size = sum(len(p.encode("utf-8")) for p in parts)
    written = 0
    for _, findings in ordered_files(run):
        for f in findings:
            row = (
                f"| {_cell(display_path(run, f.path))} | {_cell(position(f))} | {f.code} {f.name} "
                f"| {_SEVERITY_NAMES[f.severity]} | {_cell(shown_message(run, f))} |\n"
            )
            size += len(row.encode("utf-8"))
            if size > SUMMARY_LIMIT - 1024:  # room for the closing line
                parts.append(
                    f"\n另有 {summary.problems - written} 个问题未列出（GitHub 步骤摘要最多 1 MiB），"
                    "完整结果见 `--format json` 或 SARIF。\n"
                )
                return "".join(parts)
            parts.append(row)
            written += 1
    return "".join(parts)


def _cell(text: str) -> str:
    return _escape(text, _CELL_ESCAPES)
