"""ZJ101: a government's report states its 工作考核、社会评议和责任追究 results."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any, Dict, Iterable, List, Mapping, Tuple

from disclosurelint.findings import Finding, Severity
from disclosurelint.model import Report
from disclosurelint.rule import Rule, RuleContext

#: ``assessment-topics`` default: topic -> regular expressions, any of which states it.
DEFAULT_TOPICS: Dict[str, List[str]] = {
    "工作考核": ["考核"],
    "社会评议": ["评议"],
    "责任追究": ["责任追究", "追责", "问责"],
}
#: ``report-kinds`` default: whose reports are checked (article 50 names governments).
DEFAULT_KINDS = ["government"]
KINDS = ("government", "department")


def _settings(ctx: RuleContext) -> Tuple[Dict[str, List["re.Pattern[str]"]], List[str]]:
    """The rule's settings, validated; ValueError names the offending key."""
    where = f"[tool.disclosurelint.plugins.{ctx.plugin}]"
    raw = ctx.settings
    topics: Any = raw.get("assessment-topics", DEFAULT_TOPICS)
    kinds: Any = raw.get("report-kinds", DEFAULT_KINDS)
    if not isinstance(topics, Mapping) or not all(
        isinstance(v, list) and v and all(isinstance(p, str) for p in v) for v in topics.values()
    ):
        raise ValueError(f"{where} assessment-topics: expected a table of topic = [regular expressions]")
    if not isinstance(kinds, list) or not set(kinds) <= set(KINDS):
        raise ValueError(f"{where} report-kinds: expected a list of {', '.join(KINDS)}")
    try:
        compiled = {str(t): [re.compile(p) for p in ps] for t, ps in topics.items()}
    except re.error as exc:
        raise ValueError(f"{where} assessment-topics: invalid regular expression {exc.pattern!r}: {exc}") from None
    return compiled, kinds


class AssessmentResultsMissing(Rule):
    """A government's report does not state its 工作考核、社会评议和责任追究 results.

    ## Why
    《中华人民共和国政府信息公开条例》第五十条第（四）项: 各级人民政府的政府信息
    公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况.  The 2021
    format has no table for them, so reports state them in prose, usually
    under 监督保障 in section 一; some forget one of the three.  The rule
    looks for each topic anywhere in the report (line breaks ignored) and
    checks the reports of governments only: the report kind comes from the
    agency name, or from ``kind`` in the config's ``[[overrides]]``.

    Settings (``[tool.disclosurelint.plugins.zhejiang]``):
    ``assessment-topics`` maps each topic to regular expressions, any of
    which states it (default: 考核; 评议; 责任追究, 追责, 问责);
    ``report-kinds`` lists the kinds checked (default ``["government"]``,
    add ``"department"`` to hold departments to the same standard).
    """

    code = "ZJ101"
    name = "assessment-results-missing"
    severity = Severity.WARNING
    summary = "A government's report does not state its 工作考核、社会评议和责任追究 results"
    tags = ["narrative"]
    #: The folder of this plugin's case files (``ZJ101.yaml``): its doc cases are the
    #: Fails/Passes of ``disclosurelint rule ZJ101`` and are run by the tests.
    cases = resources.files(__package__) / "cases"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        topics, kinds = _settings(ctx)
        if report.identity.kind not in kinds:
            return
        text = "".join("".join(line.text.split()) for line in report.lines)
        missing = [topic for topic, patterns in topics.items() if not any(p.search(text) for p in patterns)]
        if not missing:
            return
        overview = report.section(1)
        yield self.finding(
            report,
            f"报告未说明{'、'.join(missing)}结果情况：《政府信息公开条例》第五十条第（四）项要求各级人民政府的"
            "年度报告包括工作考核、社会评议和责任追究结果情况（可在“一、总体情况”的监督保障部分说明）",
            overview.location if overview else None,
        )


RULES = [AssessmentResultsMissing]
