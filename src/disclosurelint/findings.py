"""Findings: what rules report, in one shape for every output format."""

from __future__ import annotations

import enum
import hashlib
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .model import Location

#: ``Finding.context["kind"]`` of a finding that reports a rule that raised.
INTERNAL_ERROR = "internal-error"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"note": 1, "warning": 2, "error": 3}[self.value]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or note)") from None


@dataclass(frozen=True)
class Suppression:
    """Why a finding is not reported: a reviewer accepted it, with this justification, in the report
    itself (``inSource``: an inline comment) or in the suppressions file (``external``); SARIF's kinds."""

    kind: str
    justification: str


@dataclass
class Finding:
    """One problem in one report.

    ``context`` names the logical place (``table``, ``row``, ``column`` ids and
    their Chinese labels) so that findings in DOCX/HTML/PDF inputs still point
    at a cell.  ``related`` lists other files involved (cross-report rules).
    ``key`` is what the finding is about when the context does not say it
    (see :meth:`identity`).  ``suppression`` is set on the findings a
    suppression accepted (:mod:`disclosurelint.suppressions`).
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    location: Optional[Location] = None
    context: Dict[str, str] = field(default_factory=dict)
    related: List[Tuple[str, Optional[Location]]] = field(default_factory=list)
    plugin: str = "disclosurelint"
    key: str = ""
    suppression: Optional[Suppression] = None

    def identity(self) -> Tuple[str, ...]:
        """What the finding is about in its file, wherever it is and whatever other cells hold.

        The code, then ``key`` when the rule set one; else the context: its ids
        (table, row, column, section, artifact kind …), a label standing in for
        an id the rule left out.  A finding with neither context nor related
        files is identified by its normalised message.  Related files belong to
        the identity too; formats add them (their paths depend on the root).
        """
        if self.key:
            return (self.code, self.key)
        parts = sorted(
            f"{k}={v}"
            for k, v in self.context.items()
            if not (k.endswith("_label") and k[: -len("_label")] in self.context)
        )
        if parts or self.related:
            return (self.code, *parts)
        return (self.code, " ".join(unicodedata.normalize("NFKC", self.message).split()))

    def sort_key(self) -> Tuple[Any, ...]:
        loc = self.location or Location()
        span = loc.span or (0, 0)
        grid = loc.grid or (0, 0, 0)
        return (self.path, loc.page or 0, span[0], *(g or 0 for g in grid), span[1] or 0, self.code, self.message)

    def where(self) -> str:
        """The logical place, e.g. ``表3 （七）总计 / 自然人``."""
        parts = [self.context.get(k, "") for k in ("table_label", "row_label", "column_label")]
        return " / ".join(p for p in parts if p)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "location": self.location.to_dict() if self.location else None,
            "context": dict(self.context),
            "related": [
                {"path": p, "location": loc.to_dict() if loc else None} for p, loc in self.related
            ],
            "plugin": self.plugin,
        }


def fingerprints(findings: Sequence[Finding], shown_path: Callable[[str], str]) -> List[str]:
    """The fingerprint of each finding: SARIF's ``primaryLocationLineHash``, the baseline's and the
    suppressions file's key.

    The finding's :meth:`~Finding.identity` and its related files (as ``shown_path`` shows them:
    relative to the repository root) hashed, never its line, and numbered ``:1``, ``:2`` … among
    equal hashes of the same file in :meth:`Finding.sort_key` order.  Pass every finding of a file
    (reported, suppressed and baselined alike) so that the numbers do not depend on which are shown.
    """
    digests = []
    for finding in findings:
        related = sorted(shown_path(path) for path, _ in finding.related)
        key = json.dumps([*finding.identity(), *related], ensure_ascii=False)
        digests.append(hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])
    seen: Counter[Tuple[str, str]] = Counter()
    prints = [""] * len(findings)
    for i in sorted(range(len(findings)), key=lambda i: findings[i].sort_key()):
        seen[findings[i].path, digests[i]] += 1
        prints[i] = f"{digests[i]}:{seen[findings[i].path, digests[i]]}"
    return prints
