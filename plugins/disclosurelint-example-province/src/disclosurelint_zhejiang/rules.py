"""ZJ101: a government's report states its 工作考核、社会评议和责任追究 results."""

from __future__ import annotations

from importlib import resources
from typing import Dict, Iterable, List

from disclosurelint.findings import Finding, Severity
from disclosurelint.model import Report
from disclosurelint.rule import Rule, RuleContext
from disclosurelint.settings import Setting, choices, regexes, table_of

#: ``assessment-topics`` default: topic -> regular expressions, any of which states it.
DEFAULT_TOPICS: Dict[str, List[str]] = {
    "工作考核": ["考核"],
    "社会评议": ["评议"],
    "责任追究": ["责任追究", "追责", "问责"],
}
#: ``report-kinds`` default: whose reports are checked (article 50 names governments).
DEFAULT_KINDS = ["government"]
KINDS = ("government", "department")

#: ``[tool.disclosurelint.plugins.zhejiang]``, checked by disclosurelint before any file is linted.
SETTINGS = {
    "report-kinds": Setting(choices(*KINDS), DEFAULT_KINDS, "report kinds ZJ101 checks"),
    "assessment-topics": Setting(
        table_of(regexes, "a table of topic = [regular expressions]"),
        DEFAULT_TOPICS,
        "topic -> regular expressions, any of which states it (matched with whitespace removed)",
    ),
}


class AssessmentResultsMissing(Rule):
    """A government's report does not state its 工作考核、社会评议和责任追究 results.

    ## 为什么
    《中华人民共和国政府信息公开条例》第五十条第（四）项规定，各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况。2021年版格式没有这方面的表格，报告一般在第一部分“监督保障”中用文字说明，有的会漏掉其中一项。本规则在全文中查找这三项（不受换行影响），只检查政府的报告：报告类型根据机关名称判断，也可以在配置的 `[[overrides]]` 中用 `kind` 指定。

    ## 设置
    在 `[tool.disclosurelint.plugins.zhejiang]` 中：`assessment-topics` 为每一项列出若干正则表达式，匹配其中任一个即视为已说明（默认：考核；评议；责任追究、追责、问责）；`report-kinds` 列出要检查的报告类型（默认 `["government"]`，加上 `"department"` 则部门的报告也按同样要求检查）。

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
    title = "未说明工作考核、社会评议和责任追究结果"
    severity = Severity.WARNING
    summary = "A government's report does not state its 工作考核、社会评议和责任追究 results"
    tags = ["narrative"]
    #: The folder of this plugin's case files (``ZJ101.yaml``): its doc cases are the
    #: Fails/Passes of ``disclosurelint rule ZJ101`` and are run by the tests.
    cases = resources.files(__package__) / "cases"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        topics = ctx.settings["assessment-topics"]
        if report.identity.kind not in ctx.settings["report-kinds"]:
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
