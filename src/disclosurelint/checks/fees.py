"""DL401–DL402: the information processing fee (信息处理费) statement of section 六."""

from __future__ import annotations

import re
from typing import Iterable, List

from ..findings import Finding, Severity
from ..model import Report
from ..rule import Rule, RuleContext


def _any(patterns: List[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


class FeeStatementMissing(Rule):
    """Section 六 is missing, empty, or does not state the 信息处理费 situation.

    ## Why
    The official template says 收取信息处理费情况在此处报告: whether fees under
    《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) were collected, how
    much, or that none was.  Accepted wordings (``fee_terms`` in rule packs)
    include 信息处理费, 信息公开处理费, 政府信息公开处理费, 收费 ….

    ## Fails
        六、其他需要报告的事项
        无。

    ## Passes
        六、其他需要报告的事项
        本年度未收取信息处理费。
    """

    code = "DL401"
    name = "fee-statement-missing"
    severity = Severity.ERROR
    summary = "Section 六 does not state the information processing fee situation"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        section = report.section(6)
        if section is None:
            yield self.finding(report, "缺少第六部分，未说明信息处理费收取情况（应在“六、其他需要报告的事项”中说明）")
        elif not _any(ctx.pack_list("fee_terms"), section.text):
            yield self.finding(
                report,
                "“六、其他需要报告的事项”未说明信息处理费收取情况（是否收取、收取金额，或未收取）",
                section.location,
            )


class FeeNoticesUnexplained(Rule):
    """Applications were dropped for unpaid fee notices, yet section 六 says no fee was charged.

    ## Why
    Table 3 row （六）2 counts applications closed because the applicant did
    not pay within 20 working days after a fee notice (收费通知).  If that
    row is above 0, fees were at least demanded; a section 六 that only says
    no fee was collected, without a word on the fee notices, leaves the
    reader with a contradiction.

    ## Fails
        （六）2.申请人逾期未按收费通知要求缴纳费用… | 2 | … | 2
        六、… 本年度未收取信息处理费。

    ## Passes
        六、… 本年度发出收费通知 2 件，申请人均未缴纳，未实际收取信息处理费。
    """

    code = "DL402"
    name = "fee-notices-unexplained"
    severity = Severity.WARNING
    summary = "Table 3 row （六）2 is above 0 while section 六 says no fee was charged"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        table, section = report.table("table3"), report.section(6)
        if table is None or section is None or "other_handling_2" not in table.rows:
            return
        cell = table.cell("other_handling_2", "total")
        dropped = cell.value if cell is not None else None
        if not dropped or dropped <= 0:
            return
        text = section.text
        if _any(ctx.pack_list("no_fee_terms"), text) and not _any(ctx.pack_list("fee_notice_terms"), text):
            yield self.finding(
                report,
                f"表三（六）2 有 {dropped} 件申请因逾期未缴费而不再处理，但第六部分只说明未收取信息处理费，未说明收费通知情况",
                section.location,
                **cell.context(),
            )


RULES = [FeeStatementMissing, FeeNoticesUnexplained]
