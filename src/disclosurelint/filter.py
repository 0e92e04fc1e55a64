"""The filter stage: which findings a config keeps, and at which severity (flake8's DecisionEngine).

Codes and prefixes (``DL``, ``DL3``, ``DL301``, ``SH``, ``ALL``) follow ruff:
the most specific prefix among ``select``/``extend-select`` and ``ignore``
decides, and ``ignore`` wins a tie.  ``per-file-ignores`` drops codes for the
files its globs match; ``severity`` sets a code's level (the most specific
prefix wins).  Decisions are cached per code.  DL001 (the file cannot be read)
is never dropped: no selection hides an unreadable file.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import replace
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from . import codes as code_grammar
from .config import Config
from .findings import Finding, Severity
from .globs import glob_matches
from .settings import join

#: Reported whatever the selection: a file that cannot be read is never green.
UNREADABLE = "DL001"


def _specificity(prefix: str, code: str) -> int:
    """How specifically ``prefix`` names ``code``: -1 not at all, 0 for ALL, else its length."""
    if prefix == code_grammar.ALL:
        return 0
    return len(prefix) if code.startswith(prefix) else -1


def _best_specificity(prefixes: Iterable[str], code: str) -> int:
    return max((_specificity(p, code) for p in prefixes), default=-1)


class DecisionEngine:
    """Selection, per-file ignores and severities of one config, decided once per code."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._selected: Dict[str, bool] = {}
        self._ignoring: Dict[str, List[str]] = {}
        self._severity: Dict[str, Optional[Severity]] = {}

    def is_selected(self, code: str) -> bool:
        """Whether the rule ``code`` runs at all (select/extend-select against ignore)."""
        decision = self._selected.get(code)
        if decision is None:
            config = self.config
            selectors = (config.select if config.select is not None else [code_grammar.ALL]) + config.extend_select
            chosen = _best_specificity(selectors, code)
            decision = self._selected[code] = chosen >= 0 and chosen > _best_specificity(config.ignore, code)
        return decision

    def is_ignored_for(self, code: str, path: str | os.PathLike[str]) -> bool:
        """Whether ``per-file-ignores`` drops ``code`` for the file at ``path``."""
        patterns = self._ignoring.get(code)
        if patterns is None:
            patterns = self._ignoring[code] = [
                glob for glob, codes in self.config.per_file_ignores.items() if _best_specificity(codes, code) >= 0
            ]
        if not patterns:
            return False
        rel = self.config.relative_path(path)
        return any(glob_matches(glob, rel, parents=True) for glob in patterns)

    def severity_for(self, code: str, default: Severity) -> Severity:
        """The configured severity of ``code`` (most specific prefix wins), else ``default``."""
        if code not in self._severity:
            best, level = -1, None
            for prefix, configured in self.config.severity.items():
                score = _specificity(prefix, code)
                if score > best:
                    best, level = score, configured
            self._severity[code] = level
        return self._severity[code] or default

    def apply(self, findings: Iterable[Finding]) -> List[Finding]:
        """The findings the config keeps, at their configured severity."""
        kept = []
        for f in findings:
            if f.code != UNREADABLE and (not self.is_selected(f.code) or self.is_ignored_for(f.code, f.path)):
                continue
            severity = self.severity_for(f.code, f.severity)
            kept.append(f if severity is f.severity else replace(f, severity=severity))
        return kept

    def unknown_selectors(self, known: Sequence[str]) -> Iterator[Tuple[str, str, str]]:
        """``(where, key, selector)`` for every selector of the config that names none of the ``known`` codes."""
        config = self.config

        def unknown(selector: str) -> bool:
            return selector != code_grammar.ALL and not any(code.startswith(selector) for code in known)

        for setting in ("select", "extend_select", "ignore"):
            for selector in getattr(config, setting) or ():
                if unknown(selector):
                    yield (*config.origin(setting, selector), selector)
        for glob, selectors in config.per_file_ignores.items():
            for selector in selectors:
                if unknown(selector):
                    yield config.where, join(config.key("per_file_ignores"), glob), selector
        for selector in config.severity:
            if unknown(selector):
                where, key = config.origin("severity", selector)
                yield where, key if where == "command line" else join(key, selector), selector


def unknown_selector_message(where: str, key: str, selector: str, known: Sequence[str]) -> str:
    """``FILE: `key`: 'DL9' matches no rule (did you mean …)`` for a selector naming no known code."""
    candidates = sorted({*known, *(code.rstrip("0123456789") for code in known)})
    close = difflib.get_close_matches(selector, candidates, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "see `disclosurelint rules`"
    return f"{where}: `{key}`: {selector!r} matches no rule ({hint})"
