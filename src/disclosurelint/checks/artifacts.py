"""DL801: leftovers of conversion or scraping inside the report text."""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Tuple

from ..findings import Finding, Severity
from ..model import Line, Report
from ..rule import Rule, RuleContext


class ConversionArtifact(Rule):
    """Leftovers of conversion or scraping inside the report text.

    Word bookmarks (``[bookmark: _GoBack]``), attachment file names
    (``图解.jpg``, ``…(1).doc``), page markers (``- 5 -``) in text copied from
    a PDF, replacement characters ``�`` and raw HTML entities.  Patterns are
    data (``artifacts`` in rule packs).  One finding per kind per file, at
    the first occurrence.

    ## Fails
        [bookmark: _GoBack]2024年，尖山区…

    ## Passes
        2024年，尖山区…
    """

    code = "DL801"
    name = "conversion-artifact"
    severity = Severity.NOTE
    summary = "Leftovers of conversion or scraping inside the report text"
    needs_structure = False

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        patterns = [(a["kind"], a["label"], re.compile(a["pattern"])) for a in ctx.pack_list("artifacts")]
        hits: Dict[str, List[Tuple[Line, str]]] = {}
        labels = {kind: label for kind, label, _ in patterns}
        for line in report.lines:
            if line.is_row:
                continue
            for kind, _, pattern in patterns:
                m = pattern.search(line.text)
                if m:
                    hits.setdefault(kind, []).append((line, m.group(0).strip()))
        for kind, found in hits.items():
            examples = "、".join(f"“{text}”" for _, text in found[:3]) + ("等" if len(found) > 3 else "")
            count = f"{len(found)} 处" if len(found) > 1 else "1 处"
            yield self.finding(
                report, f"报告正文中有{labels[kind]}（{count}：{examples}），应删除", found[0][0].location, artifact=kind
            )


RULES = [ConversionArtifact]
