"""Suppressions: findings a reviewer checked and accepted, each with the reason.

They come from two places and apply to every finding of a file (the
cross-report ones too), after the filter stage (selection, per-file ignores,
severities) and before the baseline and the output:

* comments in HTML and Markdown reports, which the readers keep as
  :attr:`Document.directives <disclosurelint.model.Document.directives>`::

      <!-- disclosurelint: ignore DL501 正文按受理口径统计，已核实 -->
      <!-- disclosurelint: disable DL201 2019 年表格无此项 -->  …  <!-- disclosurelint: enable DL201 -->

  ``ignore`` covers its table row or paragraph (see the readers), ``disable``
  the lines down to ``enable`` (the end of the file without one); codes are
  separated by commas, the reason follows them;
* the suppressions file of the file's config (``suppressions``; by default
  ``disclosurelint-suppressions.toml`` in the config's folder, when there is
  one), for any input format::

      [[suppression]]
      path = "2023/南湖区.docx"     # relative to the suppressions file's folder
      code = "DL201"
      table = "表2"                 # table, row, column, section: template ids or labels
      row = "行政规范性文件"
      column = "本年废止件数"
      reason = "该项当年无数据，原表如此"

  ``fingerprint`` (from ``--format json`` or SARIF) pins one finding instead
  of (or besides) its place; a ``code`` alone covers every finding of that
  code in the file.  Unknown keys, a missing ``reason`` or an unknown code are
  configuration errors.

A suppressed finding moves from :attr:`FileResult.findings` to
:attr:`FileResult.suppressed`, carrying its :class:`Suppression`.  A
suppression that suppresses nothing is a DL004 finding (like ruff's
unused-noqa): an inline comment none of whose findings occur where it points,
or that does not take effect (no reason, an unknown code, ``enable`` without
``disable``); a file entry whose report was linted in this run.  Codes that
did not run on the file (not selected, ``per-file-ignores``) are not judged.
DL001 (the file cannot be read) and rules that raised are never suppressed.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from . import codes as code_grammar
from . import settings as conv
from .codes import RESERVED_PREFIX
from .config import read_toml
from .filter import UNREADABLE
from .findings import INTERNAL_ERROR, Finding, Suppression, fingerprints
from .globs import display_relative
from .model import Directive
from .settings import ConfigError, Source

if TYPE_CHECKING:  # pragma: no cover
    from .api import Linter
    from .results import FileResult

DEFAULT_FILE = "disclosurelint-suppressions.toml"
UNUSED = "DL004"
_TABLE = "suppression"
_PLACES = ("table", "row", "column", "section")
_ACTIONS = ("ignore", "disable", "enable")
_CODE = re.compile(r"\s*([A-Za-z]{1,5}[0-9]{1,4})(?![A-Za-z0-9])\s*[,，、]?")
_FINGERPRINT = re.compile(r"[0-9a-f]{16}:[0-9]+")
_REASON_LEAD = " \t\r\n-—–:："
_USAGE = "应写作 ignore、disable 或 enable，后接规则代码和原因，如 <!-- disclosurelint: ignore DL501 原因 -->"


# -- the suppressions file ----------------------------------------------------------


@dataclass
class Entry:
    """One ``[[suppression]]`` of a suppressions file."""

    number: int  # 1-based, for messages
    path: str  # POSIX, relative to the suppressions file's folder
    code: str
    reason: str
    fingerprint: Optional[str] = None
    place: Dict[str, str] = field(default_factory=dict)  # context key -> template id or label

    def matches(self, finding: Finding, fingerprint: str) -> bool:
        if finding.code != self.code or (self.fingerprint is not None and fingerprint != self.fingerprint):
            return False
        context = finding.context
        return all(value in (context.get(key), context.get(f"{key}_label")) for key, value in self.place.items())

    def describe(self) -> str:
        """``DL201 表2 / 行政规范性文件`` or ``DL201 0f3a…:1``, for messages."""
        return " ".join([self.code, " / ".join(self.place.values()) or self.fingerprint or ""]).strip()


@dataclass
class SuppressionsFile:
    """A suppressions file: its entries by report path."""

    path: Path
    entries: Dict[str, List[Entry]]

    def entries_for(self, report: str) -> List[Entry]:
        return self.entries.get(display_relative(report, os.fspath(self.path.parent)), [])


def _relative_path(source: Source, key: str, value: Any) -> str:
    text = conv.name(source, key, value)
    path = PurePosixPath(os.path.normpath(text.replace("\\", "/")).replace(os.sep, "/"))
    if path.is_absolute() or path.parts[:1] == ("..",):
        raise source.expected(key, "a report path relative to the folder of this file", value)
    return path.as_posix()


def _fingerprint(source: Source, key: str, value: Any) -> str:
    if not isinstance(value, str) or not _FINGERPRINT.fullmatch(value):
        raise source.expected(key, 'a fingerprint such as "0f3a9c1e5b7d2a48:1" (from --format json or sarif)', value)
    return value


def _place(source: Source, key: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise source.expected(key, "a template id or label (a string)", value)
    return str(value).strip()


_ENTRY_KEYS = {
    "path": _relative_path,
    "code": conv.name,
    "reason": conv.name,
    "fingerprint": _fingerprint,
    **{key: _place for key in _PLACES},
}


def load_suppressions(linter: "Linter") -> Optional[SuppressionsFile]:
    """The suppressions file of the linter's config, checked (:class:`ConfigError`); None when there is none.

    Entries for files that do not exist are warnings (``linter.warnings``).
    """
    config = linter.config
    path = config.suppressions or config.root / DEFAULT_FILE
    if config.suppressions is None and not path.is_file():
        return None
    if not path.is_file():
        where, key = config.origin("suppressions")
        raise ConfigError(f"{where}: `{key}`: no such file: {path}")
    source = Source(str(path), path.parent)
    data = read_toml(path)
    unknown = [k for k in data if k != _TABLE]
    if unknown:
        raise conv.unknown_key(source, unknown[0], [_TABLE])
    tables = data.get(_TABLE, [])
    what = 'an array of tables: [[suppression]] path = "…" code = "DL201" reason = "…"'
    if not isinstance(tables, list):
        raise source.expected(_TABLE, what, tables)
    entries: Dict[str, List[Entry]] = {}
    for number, table in enumerate(tables, start=1):
        where = f"{_TABLE}[{number - 1}]"
        values = conv.convert_table(source, where, conv.table(source, where, table, what), _ENTRY_KEYS)
        for required, why in (("path", "the report file"), ("code", "the rule code"), ("reason", "why the finding is accepted")):
            if required not in values:
                raise source.error(where, f"missing `{required}` ({why})")
        _check_code(linter, source, f"{where}.code", values["code"])
        place = {key: values.pop(key) for key in _PLACES if key in values}
        entry = Entry(number, place=place, **values)
        if not (path.parent / entry.path).exists():
            linter.warnings.append(f"{path}: `{where}.path`: no such file: {entry.path} (renamed or deleted? update or remove the entry)")
        entries.setdefault(entry.path, []).append(entry)
    return SuppressionsFile(path, entries)


def _check_code(linter: "Linter", source: Source, key: str, code: str) -> None:
    if code == UNREADABLE:
        raise source.error(key, f"{UNREADABLE} cannot be suppressed: a file that cannot be read is never green (exclude the file instead)")
    if not code_grammar.is_code(code):
        raise source.expected(key, f"a rule code ({code_grammar.CODE_GRAMMAR})", code)
    close = _unknown(linter, code)
    if close is not None:
        raise source.error(key, f"no rule {code!r} ({f'did you mean {close[0]!r}?' if close else 'see `disclosurelint rules`'})")


def _unknown(linter: "Linter", code: str) -> Optional[List[str]]:
    """None when ``code`` is a rule the linter knows (or one a plugin that did not load may provide),
    else the known codes closest to it."""
    known = [r.code for r in linter.catalog.rules]
    if code in known or not (linter.catalog.complete or code.startswith(RESERVED_PREFIX)):
        return None
    return difflib.get_close_matches(code, known, n=1)


# -- inline comments ------------------------------------------------------------------


@dataclass
class _Comment:
    """One inline comment that takes effect: its codes, the lines it covers, the codes it used."""

    directive: Directive
    action: str
    codes: Tuple[str, ...]
    reason: str
    first: int
    last: float  # a range without `enable` runs to the end of the file
    row: Optional[int] = None
    used: Set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        """Whether the finding is of one of the codes, on a line covered (and the row, when known)."""
        location = finding.location
        if finding.code not in self.codes or location is None or location.span is None:
            return False
        row_differs = self.row is not None and location.grid is not None and location.grid.row != self.row
        return self.first <= location.span.line <= self.last and not row_differs


def _parse(text: str) -> Tuple[str, Tuple[str, ...], str]:
    """(action, codes, reason) as written: ``ignore DL501,DL502 原因``."""
    word = re.match(r"[A-Za-z]+(?=\s|$)", text)
    action = word.group() if word else ""
    rest = text[len(action) :]
    found: List[str] = []
    match = _CODE.match(rest)
    while match:
        found.append(match.group(1).upper())
        rest = rest[match.end() :]
        match = _CODE.match(rest)
    return action.lower(), tuple(found), rest.strip(_REASON_LEAD)


# -- applying them ------------------------------------------------------------------------


class Suppressor:
    """The suppressions of one linter's config, applied file by file."""

    def __init__(self, linter: "Linter") -> None:
        self.linter = linter
        self.file = load_suppressions(linter)
        self.rule = next(r for r in linter.catalog.rules if r.code == UNUSED)
        self.selected = {r.code for r in linter.rules}

    def apply(self, file: "FileResult", directives: Sequence[Directive], shown_path: Callable[[str], str]) -> None:
        """Move the suppressed findings of ``file`` to ``file.suppressed``; add DL004 for the unused suppressions."""
        comments, problems = self._comments(file.path, directives)
        entries = self.file.entries_for(file.path) if self.file is not None else []
        prints = fingerprints(file.findings, shown_path) if any(e.fingerprint for e in entries) else [""] * len(file.findings)
        kept: List[Finding] = []
        used: Set[int] = set()  # entry numbers
        for finding, fingerprint in zip(file.findings, prints):
            if finding.code == UNREADABLE or finding.context.get("kind") == INTERNAL_ERROR:
                kept.append(finding)
                continue
            comment = next((c for c in comments if c.covers(finding)), None)
            entry = None if comment is not None else next((e for e in entries if e.matches(finding, fingerprint)), None)
            if comment is not None:
                comment.used.add(finding.code)
                file.suppressed.append(replace(finding, suppression=Suppression("inSource", comment.reason)))
            elif entry is not None:
                used.add(entry.number)
                file.suppressed.append(replace(finding, suppression=Suppression("external", entry.reason)))
            else:
                kept.append(finding)
        unused = problems + self._unused_comments(file, comments)
        if entries:
            shown_file = shown_path(os.fspath(self.file.path))  # type: ignore[union-attr]
            unused += self._unused_entries(file, [e for e in entries if e.number not in used], shown_file)
        file.findings = kept + self.linter.decisions.apply(unused)

    def ran(self, file: "FileResult", code: str) -> bool:
        """Whether the rule ``code`` ran on ``file`` (selected, not per-file-ignored, the file read),
        so that a suppression of it (or a baseline entry) can be found unused."""
        return (
            code in self.selected
            and not self.linter.decisions.is_ignored_for(code, file.path)
            and not any(f.code == UNREADABLE for f in [*file.findings, *file.baselined])
        )

    def _comments(self, path: str, directives: Sequence[Directive]) -> Tuple[List[_Comment], List[Finding]]:
        """The comments that take effect (ranges closed by their ``enable``), and DL004 for the others."""
        comments: List[_Comment] = []
        problems: List[Finding] = []
        open_ranges: Dict[str, _Comment] = {}
        for directive in sorted(directives, key=lambda d: d.location.span.line if d.location.span else 0):
            action, found, reason = _parse(directive.text)
            problem = self._problem(action, found, reason, open_ranges)
            if problem:
                message = f"抑制注释“{' '.join(directive.text.split())}”未生效：{problem}"
                problems.append(self._finding(path, message, directive, "invalid"))
                continue
            line = directive.location.span.line if directive.location.span is not None else 0
            if action == "enable":
                for code in found:
                    open_ranges.pop(code).last = line
                continue
            if action == "ignore":
                comments.append(_Comment(directive, action, found, reason, *directive.lines, row=directive.row))
                continue
            comment = _Comment(directive, action, found, reason, line, float("inf"))
            comments.append(comment)
            open_ranges.update((code, comment) for code in found)
        return comments, problems

    def _problem(self, action: str, found: Tuple[str, ...], reason: str, open_ranges: Dict[str, _Comment]) -> str:
        """Why a comment does not take effect, in words; "" when it does."""
        if action not in _ACTIONS:
            return _USAGE
        if not found:
            return f"缺少规则代码（{_USAGE}）"
        for code in found:
            close = _unknown(self.linter, code)
            if close is not None:
                return f"没有规则 {code}" + (f"（是否为 {close[0]}？）" if close else "（见 disclosurelint rules）")
            if code == UNREADABLE:
                return f"{UNREADABLE}（文件无法读取）不能抑制"
            if action == "enable" and code not in open_ranges:
                return f"前面没有对应的“disable {code}”"
            if action == "disable" and code in open_ranges:
                return f"前面的“disable {code}”还没有对应的“enable {code}”"
        if action != "enable" and not reason:
            return "没有写明原因，请在规则代码后写明为何接受该问题"
        return ""

    def _unused_comments(self, file: "FileResult", comments: Sequence[_Comment]) -> List[Finding]:
        found = []
        for comment in comments:
            for code in comment.codes:
                if code in comment.used or not self.ran(file, code):
                    continue
                where = "所在的表格行或段落" if comment.action == "ignore" else "到对应的 enable（或文件末尾）为止"
                message = f"抑制注释“{comment.action} {code}”没有抑制任何问题：{where}没有 {code} 问题；请删除或更新该注释"
                key = f"{comment.action} {code} {comment.reason}"
                found.append(self._finding(file.path, message, comment.directive, "unused", key))
        return found

    def _unused_entries(self, file: "FileResult", entries: Sequence[Entry], shown_file: str) -> List[Finding]:
        found = []
        for entry in entries:
            if not self.ran(file, entry.code):
                continue
            message = f"{shown_file} 第 {entry.number} 条抑制（{entry.describe()}）没有抑制任何问题：本文件没有这样的问题；请删除或更新该条"
            found.append(self.rule.finding(file.path, message, None, key=f"{shown_file}: {entry.describe()}", kind="unused"))
        return found

    def _finding(self, path: str, message: str, directive: Directive, kind: str, key: str = "") -> Finding:
        return self.rule.finding(path, message, directive.location, key=key or " ".join(directive.text.split()), kind=kind)
