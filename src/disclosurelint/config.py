"""Configuration: ``[tool.disclosurelint]`` in pyproject.toml or disclosurelint.toml.

(Skeleton: loading, discovery and validation are filled in by the config work.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from .findings import Severity

DEFAULT_INCLUDE = ["*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.docx", "*.pdf"]


class ConfigError(Exception):
    """Bad configuration: reported with exit code 2."""


@dataclass
class Config:
    source: Optional[Path] = None
    select: Optional[List[str]] = None
    extend_select: List[str] = field(default_factory=list)
    ignore: List[str] = field(default_factory=list)
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    severity: Dict[str, Severity] = field(default_factory=dict)
    include: List[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: List[str] = field(default_factory=list)
    fail_on: Severity = Severity.WARNING
    plugins: Dict[str, Dict[str, Any]] = field(default_factory=dict)

    def plugin_settings(self, name: str) -> Dict[str, Any]:
        return dict(self.plugins.get(name, {}))

    def severity_for(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)
