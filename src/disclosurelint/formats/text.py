"""Text format, for people (like ruff's default output).

One line per finding::

    reports/2024.txt:12:5: DL301 [error] 一 + 二 应等于 （七）总计 + 四 ...
    reports/2024.html:31:1: 第1个表格第4行第8列，表3 / （七）总计 / 总计: DL201 [error] ...
    reports/2024.pdf: 第4页，表3 / （七）总计 / 自然人: DL201 [error] ...
    reports/2024.docx: 第2个表格第5行第3列，表2 / 行政规范性文件 / 本年废止件数: DL201 [error] ...
    reports/broken.pdf: DL001 [error] ...

The place in words (page, source table cell, template labels) follows where no
line and column pinpoint the finding.  Then ``Found N problems (E errors, W
warnings, N notes) in F files.`` or ``All checks passed!``, followed by
``S suppressed, B baselined.`` for the findings suppressions accepted and the
baseline holds (not shown).  With
``show_statistics`` the findings are replaced by a table of counts per code.
Plugin load errors come first as ``warning:`` lines.
With ``quiet`` only the findings (or counts) are written.
"""

from __future__ import annotations

from typing import Callable, List

from ..findings import Finding, Severity
from ..results import RunResult
from . import FormatOptions, Summary, display_path, ordered_files, shown_message, summarize, unpinned_place

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.NOTE: "\x1b[36m"}

Paint = Callable[[str, str], str]


def render(run: RunResult, options: FormatOptions) -> str:
    paint = _painter(options.color)
    warning = paint(_BOLD + _SEVERITY_COLORS[Severity.WARNING], "warning:")
    lines = [] if options.quiet else [f"{warning} {e}" for e in run.plugin_errors]
    summary = summarize(run)
    if options.show_statistics:
        lines += _statistics(summary)
    else:
        for _, findings in ordered_files(run):
            lines += [_finding_line(run, f, paint) for f in findings]
    if not options.quiet:
        lines.append(_summary_line(summary))
    return "".join(line + "\n" for line in lines)


def _painter(color: bool) -> Paint:
    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if color else text

    return paint


def _finding_line(run: RunResult, finding: Finding, paint: Paint) -> str:
    span = finding.location.span if finding.location else None
    where = f"{span.line}:{span.column or 1}:" if span is not None else ""
    extra = unpinned_place(finding)
    where += f" {extra}:" if extra else ""
    path = paint(_BOLD, display_path(run, finding.path))
    code = paint(_BOLD + _SEVERITY_COLORS[finding.severity], finding.code)
    return f"{path}:{where} {code} [{finding.severity.value}] {shown_message(run, finding)}"


def _statistics(summary: Summary) -> List[str]:
    if not summary.codes:
        return []
    count_width = max(len(str(n)) for _, _, n in summary.codes)
    code_width = max(len(c) for c, _, _ in summary.codes)
    return [f"{n:>{count_width}}  {c:<{code_width}}  {name}" for c, name, n in summary.codes]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary_line(summary: Summary) -> str:
    if summary.problems:
        counts = ", ".join(
            _plural(summary.by_severity[s], s.value) for s in (Severity.ERROR, Severity.WARNING, Severity.NOTE)
        )
        head = f"Found {_plural(summary.problems, 'problem')} ({counts}) in {_plural(summary.files_with_problems, 'file')}."
    else:
        head = "All checks passed!"
    accepted = [f"{n} {what}" for n, what in ((summary.suppressed, "suppressed"), (summary.baselined, "baselined")) if n]
    return f"{head} {', '.join(accepted)}." if accepted else head
