"""Run results: what the engine hands to output formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Type

from .findings import Finding, Severity
from .rule import Rule

if TYPE_CHECKING:  # pragma: no cover
    from .baseline import Entry


@dataclass
class FileResult:
    """The findings of one file (a DL001 finding when it could not be read): those reported, and
    those a suppression accepted or the baseline holds, left out of ``findings``."""

    path: str
    findings: List[Finding] = field(default_factory=list)
    cached: bool = False
    suppressed: List[Finding] = field(default_factory=list)
    baselined: List[Finding] = field(default_factory=list)
    #: The report's review model (:func:`disclosurelint.review.review_model`) when the run asked for
    #: it (``run_files(models=True)``, for a format with ``needs_model``); None otherwise or unreadable.
    model: Optional[Dict[str, Any]] = None


@dataclass
class RunResult:
    """Everything one run produced, in a deterministic order."""

    files: List[FileResult]
    #: Every rule that ran (enabled after select/ignore), built-in and plugin.
    rules: List[Type[Rule]]
    #: Plugins that failed to load or register: one readable message each.
    plugin_errors: List[str] = field(default_factory=list)
    #: The repository root: the folder relative paths and SARIF %SRCROOT% refer to (absolute).
    #: A path in the result is absolute, or relative to it.
    root: Path = field(default_factory=Path.cwd)
    #: Plugin name -> version, for tool metadata.
    plugins: Dict[str, str] = field(default_factory=dict)
    #: Rules that raised, one line each (their findings are filed under their own code): exit code 2.
    internal_errors: List[str] = field(default_factory=list)
    #: Entries of the baseline that no longer occur (fixed, or their report renamed or deleted).
    stale_baseline: List[Entry] = field(default_factory=list)

    @property
    def findings(self) -> List[Finding]:
        return [f for r in self.files for f in r.findings]

    def count(self, at_least: Severity) -> int:
        return sum(1 for f in self.findings if f.severity.rank >= at_least.rank)
