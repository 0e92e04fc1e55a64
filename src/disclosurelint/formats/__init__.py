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
orders findings, shortens paths and counts problems the same way.
"""

from __future__ import annotations

import importlib
import os
import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Callable, Dict, List, Mapping, Optional, TextIO, Tuple, Union

from .._version import __version__
from ..findings import Finding, Severity
from ..results import FileResult, RunResult


@dataclass(frozen=True)
class FormatOptions:
    """What the command line passes to every format."""

    tool_version: str = __version__
    #: ``--statistics``: counts per code instead of one line per finding (text).
    show_statistics: bool = False
    #: ANSI colours (text), decided by the CLI from the terminal and ``--color``.
    color: bool = False


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
    """``path`` in POSIX form, relative to ``run.root`` when it lies below it.

    Relative paths are taken as relative to ``run.root`` already.
    """
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(os.path.abspath(run.root))
        except ValueError:
            return Path(os.path.normpath(path)).as_posix()
    return posixpath.normpath(pure.as_posix())


def ordered_files(run: RunResult) -> List[Tuple[FileResult, List[Finding]]]:
    """Files in the order given, each with its findings sorted by ``Finding.sort_key``."""
    return [(f, sorted(f.findings, key=Finding.sort_key)) for f in run.files]


def place(finding: Finding) -> str:
    """Where a finding is, for inputs without lines: location and logical place.

    For example ``page 3, table 1 row 4 col 2, 表3 / （七）总计 / 自然人``;
    empty when the finding has neither (an unreadable file).
    """
    described = finding.location.describe() if finding.location else ""
    return ", ".join(p for p in (described, finding.where()) if p)


@dataclass(frozen=True)
class Summary:
    """Counts over a run, shared by the text and JSON formats."""

    files: int
    files_with_problems: int
    by_severity: Dict[Severity, int]
    #: ``(code, name, count)``, most frequent first, then by code.
    codes: List[Tuple[str, str, int]]

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
    )
