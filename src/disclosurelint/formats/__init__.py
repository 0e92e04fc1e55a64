"""Output formats: a :class:`~disclosurelint.results.RunResult` rendered as text.

A format is a callable ``render(run: RunResult, options: FormatOptions) -> str``.
A format may also have a ``chunks(run, options)`` method yielding the same
text piece by piece; :func:`write_output` then streams it (the JSON format
does, so that a province-wide run is never held as one string).
Built-in formats are named in :data:`BUILTIN_FORMATS` as ``"module:function"``
strings and imported only when chosen; plugins contribute more through the
``disclosurelint_formats`` hook (callables or ``"module:function"`` strings),
and :func:`load_format` resolves either kind.  A format with a true
``needs_model`` attribute gets each report's review model in
:attr:`FileResult.model <disclosurelint.results.FileResult.model>` (see
:mod:`disclosurelint.review`).

The helpers below are shared by the built-in formats so that every format
orders findings, shows paths (relative to the repository root, ``run.root``),
names places and counts problems the same way.
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, Mapping, Optional, TextIO, Tuple, Union

from .._version import __version__
from ..findings import Finding, Severity, fingerprints
from ..globs import display_relative
from ..model import Location
from ..results import FileResult, RunResult


@dataclass(frozen=True)
class FormatOptions:
    """What the command line passes to every format."""

    tool_version: str = __version__
    #: ``--statistics``: counts per code instead of one line per finding (text, json).
    show_statistics: bool = False
    #: ``-q``: the findings only, without the summary line and warnings (text).
    quiet: bool = False
    #: ANSI colours (text), decided by the CLI from the terminal and ``--color``.
    color: bool = False
    #: Where a format reports what its consumer will not show (a result cap): stderr in the CLI.
    warn: Callable[[str], None] = lambda message: None


Formatter = Callable[[RunResult, FormatOptions], str]

#: Built-in ``--format`` names -> ``"module:function"`` (imported lazily).
BUILTIN_FORMATS: Dict[str, str] = {
    "text": "disclosurelint.formats.text:render",
    "json": "disclosurelint.formats.json:render",
    "github": "disclosurelint.formats.github:render",
    "sarif": "disclosurelint.formats.sarif:render",
    "html": "disclosurelint.formats.html:render",
}


def load_format(
    name: str, plugin_formats: Optional[Mapping[str, Union[Formatter, str]]] = None
) -> Formatter:
    """The format called ``name``: a built-in one, else one a plugin provides.

    Built-in names win over plugin names.  Raises :class:`ValueError` naming
    the available formats when ``name`` is unknown.
    """
    plugin_formats = plugin_formats or {}
    target = BUILTIN_FORMATS.get(name, plugin_formats.get(name))
    if target is None:
        available = ", ".join(sorted({*BUILTIN_FORMATS, *plugin_formats}))
        raise ValueError(f"unknown output format {name!r} (available: {available})")
    if callable(target):
        return target
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def write_output(render: Formatter, run: RunResult, options: FormatOptions, stream: TextIO) -> None:
    """Write a format's output to ``stream``, piece by piece when the format can stream."""
    chunks = getattr(render, "chunks", None)
    if chunks is None:
        text = render(run, options)
        stream.write(text if text.endswith("\n") or not text else text + "\n")
        return
    for piece in chunks(run, options):
        stream.write(piece)


# -- shared helpers ------------------------------------------------------------


def display_path(run: RunResult, path: str) -> str:
    """``path`` (absolute, or relative to the working directory) as a POSIX path relative to
    ``run.root``, the repository root; absolute when it lies outside the root."""
    return _display_path(os.fspath(path), os.fspath(run.root), os.getcwd())


@lru_cache(maxsize=4096)
def _display_path(path: str, root: str, cwd: str) -> str:  # cwd: part of the cache key only
    return display_relative(path, root)


def ordered_files(run: RunResult) -> List[Tuple[FileResult, List[Finding]]]:
    """Files in the order given, each with its findings sorted by ``Finding.sort_key``."""
    return [(f, sorted(f.findings, key=Finding.sort_key)) for f in run.files]


def file_fingerprints(run: RunResult, file: FileResult) -> Dict[int, str]:
    """``id(finding) -> fingerprint`` for every finding of ``file``, reported, suppressed or baselined
    (:func:`~disclosurelint.findings.fingerprints`)."""
    every = [*file.findings, *file.suppressed, *file.baselined]
    return {id(f): p for f, p in zip(every, fingerprints(every, lambda path: display_path(run, path)))}


def place(finding: Finding) -> str:
    """Where a finding without file lines is, in words: the PDF page, the source table cell or
    paragraph, and the template's labels, e.g. ``第4页，第2个表格第5行第3列，表3 / （七）总计 / 自然人``;
    empty when there is none (an unreadable file, a missing section)."""
    loc = finding.location or Location()
    parts = [f"第{loc.page}页"] if loc.page is not None else []
    if loc.grid is not None:
        table, row, col = loc.grid
        cell = (f"第{row}行" if row is not None else "") + (f"第{col}列" if col is not None else "")
        parts.append(f"第{table}个表格{cell}")
    elif loc.paragraph is not None:
        parts.append(f"第{loc.paragraph}段")
    where = finding.where()
    return "，".join(parts + [where] if where else parts)


def unpinned_place(finding: Finding) -> str:
    """:func:`place` for a finding that no file line and column pinpoint (DOCX, PDF, an HTML
    element's line, a whole-file finding); empty for the others."""
    span = finding.location.span if finding.location else None
    return place(finding) if span is None or span.column is None else ""


def position(finding: Finding) -> str:
    """Where a finding is, in one string: ``line:column`` when it has a span in the file, then
    its :func:`unpinned_place`: ``12:5``, ``31:1 第1个表格第4行第8列，表3 / …`` or ``第4页，表3 / …``."""
    span = finding.location.span if finding.location else None
    line = f"{span.line}:{span.column or 1}" if span is not None else ""
    return " ".join(p for p in (line, unpinned_place(finding)) if p)


def shown_message(run: RunResult, finding: Finding) -> str:
    """The message, the related files it names given by their path relative to the root."""
    message = finding.message
    for path, _ in finding.related:
        message = message.replace(path, display_path(run, path))
    return message


def message_with_place(run: RunResult, finding: Finding) -> str:
    """:func:`shown_message`, then ``（place）`` when the file position does not pinpoint the finding."""
    where = unpinned_place(finding)
    message = shown_message(run, finding)
    return f"{message}（{where}）" if where else message


@dataclass(frozen=True)
class Summary:
    """Counts over a run, shared by the text and JSON formats."""

    files: int
    files_with_problems: int
    by_severity: Dict[Severity, int]
    #: ``(code, name, count)``, most frequent first, then by code.
    codes: List[Tuple[str, str, int]]
    #: Findings a suppression accepted, and findings in the baseline (not counted as problems).
    suppressed: int = 0
    baselined: int = 0

    @property
    def problems(self) -> int:
        return sum(self.by_severity.values())


def summarize(run: RunResult) -> Summary:
    findings = run.findings
    severities = Counter(f.severity for f in findings)
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    return Summary(
        files=len(run.files),
        files_with_problems=sum(1 for f in run.files if f.findings),
        by_severity={s: severities.get(s, 0) for s in Severity},
        codes=[(c, names[c], n) for c, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))],
        suppressed=sum(len(f.suppressed) for f in run.files),
        baselined=sum(len(f.baselined) for f in run.files),
    )
