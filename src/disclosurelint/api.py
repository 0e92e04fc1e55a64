"""The public API: the one way the CLI, the pre-commit hook and other programs lint.

    read → segment → bind tables → rules → findings → filter → format

:class:`Linter` holds what a run needs (config, plugins, selected rules);
:func:`lint_paths`, :func:`lint_file` and :func:`lint_text` are the
conveniences most callers want.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from .config import Config
from .findings import Finding
from .model import ReadError, Report
from .parse import parse_document, parse_path
from .plugins import Catalog, load_catalog
from .results import FileResult, RunResult
from .rule import Rule, RuleContext

PathLike = Union[str, Path]


@dataclass
class FileOutcome:
    """One file linted: its findings and the summaries run-scope rules keep of it."""

    result: FileResult
    summaries: Dict[str, Any] = field(default_factory=dict)


class Linter:
    """A configured linter: plugins loaded once, then any number of files."""

    def __init__(self, config: Optional[Config] = None, catalog: Optional[Catalog] = None) -> None:
        self.config = config or Config()
        self.catalog = catalog or load_catalog(self.config)
        self.rules: List[Rule] = [r for r in self.catalog.rules if self.config.is_selected(r.code)]
        self.context = RuleContext(self.config, self.catalog.parse, self.catalog.packs)
        self._unreadable = next(r for r in self.catalog.rules if r.code == "DL001")

    # -- one file ------------------------------------------------------------

    def parse(self, path: PathLike) -> Union[Report, ReadError]:
        """Read and parse one file; never raises for a bad file."""
        return parse_path(path, self.catalog.parse, self.config.identity_override(path))

    def check(self, subject: Union[Report, ReadError]) -> FileOutcome:
        """Run the per-report rules (and collect run-scope summaries) on a parsed file."""
        if isinstance(subject, ReadError):
            finding = self._unreadable.finding(subject.path, subject.message, None, kind=subject.kind)
            return FileOutcome(FileResult(subject.path, self._filter([finding])))
        findings: List[Finding] = []
        summaries: Dict[str, Any] = {}
        recognised = bool(subject.sections) or any(t.present for t in subject.tables.values())
        for rule in self.rules:
            if rule.needs_structure and not recognised:
                continue
            ctx = self.context.for_plugin(rule.plugin)
            try:
                if rule.scope == "run":
                    summary = rule.summarize(subject, ctx)
                    if summary is not None:
                        summaries[rule.code] = summary
                else:
                    findings.extend(rule.check(subject, ctx))
            except Exception as exc:  # a rule bug is reported on the file, the run goes on
                findings.append(self._rule_failure(subject.path, rule, exc))
        return FileOutcome(FileResult(subject.path, self._filter(findings)), summaries)

    def lint_path(self, path: PathLike) -> FileOutcome:
        return self.check(self.parse(path))

    # -- the whole run -------------------------------------------------------

    def finish(self, outcomes: Sequence[FileOutcome]) -> List[Finding]:
        """Run-scope rules over the summaries of every file: findings across files."""
        findings: List[Finding] = []
        for rule in self.rules:
            if rule.scope != "run":
                continue
            summaries = [o.summaries[rule.code] for o in outcomes if rule.code in o.summaries]
            try:
                findings.extend(rule.check_run(summaries, self.context.for_plugin(rule.plugin)))
            except Exception as exc:
                findings.append(self._rule_failure("", rule, exc))
        return self._filter(findings)

    def run(self, paths: Iterable[PathLike]) -> RunResult:
        outcomes = [self.lint_path(p) for p in paths]
        return self.result(outcomes, self.finish(outcomes))

    def result(self, outcomes: Sequence[FileOutcome], cross: Sequence[Finding] = ()) -> RunResult:
        """Assemble a RunResult; cross-file findings join their file's result."""
        files = [o.result for o in outcomes]
        by_path = {f.path: f for f in files}
        for finding in cross:
            target = by_path.get(finding.path)
            if target is None:
                target = by_path[finding.path] = FileResult(finding.path)
                files.append(target)
            target.findings.append(finding)
        return RunResult(
            files=files,
            rules=[type(r) for r in self.rules],
            plugin_errors=list(self.catalog.errors),
            root=self.config.root,
            plugins=dict(self.catalog.plugins),
        )

    # -- helpers -------------------------------------------------------------

    def _filter(self, findings: Iterable[Finding]) -> List[Finding]:
        kept = []
        for f in findings:
            if not self.config.is_selected(f.code) or self.config.is_ignored_for(f.code, f.path):
                continue
            kept.append(replace(f, severity=self.config.severity_for(f.code, f.severity)))
        return kept

    def _rule_failure(self, path: str, rule: Rule, exc: Exception) -> Finding:
        return self._unreadable.finding(
            path,
            f"规则 {rule.code}（插件 {rule.plugin}）检查时出错：{type(exc).__name__}: {exc}",
            None,
            kind="rule-error",
        )


def iter_report_files(paths: Sequence[PathLike], config: Config) -> Iterator[str]:
    """Files to lint: named files and directories as given (as ruff does), directories walked
    with the include/exclude globs applied to what is found below them, sorted."""
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield str(raw)
            continue
        found: List[str] = []
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not config.is_excluded(os.path.join(folder, d), parents=False))
            for name in files:
                full = os.path.join(folder, name)
                if config.matches_include(full) and not config.is_excluded(full, parents=False):
                    found.append(full)
        yield from sorted(found)


def lint_paths(paths: Sequence[PathLike], config: Optional[Config] = None) -> RunResult:
    """Lint files and directories; cross-report rules see every file of the run."""
    linter = Linter(config)
    return linter.run(iter_report_files(paths, linter.config))


def lint_file(path: PathLike, config: Optional[Config] = None) -> FileResult:
    """Lint one file (cross-report rules see only this file)."""
    return lint_paths([path], config).files[0]


def lint_text(text: str, path: str = "<string>", config: Optional[Config] = None) -> FileResult:
    """Lint report text given as a string."""
    from .readers.text import text_document

    linter = Linter(config)
    report = parse_document(text_document(text, path), linter.catalog.parse, linter.config.identity_override(path))
    outcome = linter.check(report)
    return linter.result([outcome], linter.finish([outcome])).files[0]
