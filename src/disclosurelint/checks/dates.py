"""Years and dates: DL701 year-mismatch, DL702 late-publication, DL003 template-mismatch."""

from __future__ import annotations

import datetime
from typing import Iterable, Optional, Sequence

from ..findings import Finding, Severity
from ..identity import DEPARTMENT, deadline
from ..model import Claim, Location, Report
from ..rule import Rule, RuleContext

_SOURCE_LABELS = {
    "title": "标题",
    "period": "统计期限",
    "intro": "报告开头",
    "body": "正文“一、总体情况”开头",
    "header": "页面发布日期",
    "signature": "落款日期",
}
#: Order of trust of the year claims: the first one present is the reference.
_YEAR_ORDER = ("title", "period", "intro", "body")


class YearMismatch(Rule):
    """The year in the title, the statistical period and the body disagree.

    ## 为什么
    照着上一年度报告改写的报告，常常漏改统计期限或标题中的年份，读者和跨年度比对规则（DL6xx）就会把报告归错年度。标题、统计期限（“统计期限……”）、报告开头的说明（“现公布……2024年政府信息公开工作年度报告”）和第一部分的开头（“2024年，……”）应当是同一个报告年度。按标题、统计期限、开头说明、第一部分开头的顺序，以第一处写明的年份为准，与之不一致的逐处报告。

    ## Why
    A report copied from last year's often keeps last year's period or
    title; readers and the DL6xx rules then file it under the wrong year.  The
    title, the statistical period (统计期限…), the opening of the report
    (现公布…2024年政府信息公开工作年度报告) and the lead of section 一
    (``2024年，…``) must name the same reporting year.  The first of these
    statements present is the reference; each one that disagrees is reported.
    """

    code = "DL701"
    name = "year-mismatch"
    title = "标题、统计期限与正文的年度不一致"
    severity = Severity.WARNING
    summary = "The year in the title, the statistical period and the body disagree"
    tags = ["identity"]

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        claims = [c for c in report.identity.claims if c.field == "year" and c.source in _YEAR_ORDER]
        claims.sort(key=lambda c: _YEAR_ORDER.index(c.source))
        if not claims:
            return
        reference = claims[0]
        for claim in claims[1:]:
            if claim.value != reference.value:
                yield self.finding(
                    report,
                    f"{_SOURCE_LABELS[claim.source]}所写年份为 {claim.value} 年（“{claim.text}”），"
                    f"与{_SOURCE_LABELS[reference.source]}的 {reference.value} 年不一致",
                    claim.location,
                )


class LatePublication(Rule):
    """A publication or signature date stated in the report is after the statutory deadline.

    ## 为什么
    《政府信息公开条例》第四十九条规定：县级以上人民政府部门应当在每年1月31日前，向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布；县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前，向社会公布本级政府上一年度政府信息公开工作年度报告。

    公布日期取页面上的“发布日期”，没有的取落款日期；报告年度和日期都能确定时才检查。“人民政府办公室”按部门对待；分不清是政府还是部门的，按较晚的3月31日。

    ## Why
    条例 第四十九条 requires departments of governments at county level or
    above to publish their report on year N by 1月31日 of N+1, and a
    government's own report to be published by 3月31日 of N+1.  The date is the
    page header's 发布日期 (or, failing that, the date of the signature block);
    the rule runs only when the reporting year and a date are known.
    ``人民政府办公室`` is a department; when the kind of agency is unknown the
    later deadline (3月31日) applies.
    """

    code = "DL702"
    name = "late-publication"
    title = "报告未在法定时限内公布"
    severity = Severity.WARNING
    summary = "A stated publication or signature date is after the statutory deadline"
    tags = ["identity"]

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        identity = report.identity
        if identity.year is None or identity.published is None:
            return
        published = datetime.date.fromisoformat(identity.published)
        if published.year <= identity.year:
            return  # not a publication date of this report (a date inside the reporting year)
        due = deadline(identity.year, identity.kind)
        if published <= due:
            return
        who = "部门年度报告应于次年1月31日前公布" if identity.kind == DEPARTMENT else "政府年度报告应于次年3月31日前公布"
        source = identity.sources.get("published", "header")
        yield self.finding(
            report,
            f"{_SOURCE_LABELS.get(source, '发布')}为 {published.isoformat()}，晚于 {identity.year} 年度报告的法定公开时限 "
            f"{due.isoformat()}（{who}，《政府信息公开条例》第四十九条）",
            _claim_location(identity.claims, "published", source),
        )


class TemplateMismatch(Rule):
    """A report on 2021 or later uses the 2019 table layout, or a report on 2019/2020 the 2021 layout.

    ## 为什么
    2019、2020年度的报告按国办公开办函〔2019〕60号的试行格式编制；自2021年度起，按国办公开办函〔2021〕30号的格式编制。两版表格不同：例如表2第二十条第（一）项改为“本年制发件数、本年废止件数、现行有效件数”三列，表3的“（六）其他处理”细分为三行。表格版本用错，数据就无法与其他机关的报告对照。

    ## Why
    Reports on 2019 and 2020 follow the trial format of 国办公开办函〔2019〕60号;
    from the 2021 reporting year on, 国办公开办函〔2021〕30号 fixes another
    layout (Table 2 counts 本年制发件数/本年废止件数/现行有效件数, Table 3 splits
    （六）其他处理 into three rows).  Figures in the wrong layout cannot be
    compared with other agencies' reports.
    """

    code = "DL003"
    name = "template-mismatch"
    title = "报告格式版本与报告年度不符"
    severity = Severity.WARNING
    summary = "A report on 2021 or later in the 2019 table layout, or the reverse"
    tags = ["structure"]

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        year = report.identity.year
        if year is None or report.template not in ("2019", "2021"):
            return
        if report.template == "2019" and year >= 2021:
            expected, found = "2021年版格式（国办公开办函〔2021〕30号）", "2019年版（国办公开办函〔2019〕60号）"
        elif report.template == "2021" and year in (2019, 2020):
            expected, found = "2019年版格式（国办公开办函〔2019〕60号）", "2021年版（国办公开办函〔2021〕30号）"
        else:
            return
        yield self.finding(report, f"报告年度为 {year} 年，应使用{expected}，但表格为{found}", _table_location(report))


def _claim_location(claims: Sequence[Claim], field: str, source: str) -> Optional[Location]:
    return next((c.location for c in claims if c.field == field and c.source == source), None)


def _table_location(report: Report) -> Optional[Location]:
    for table_id in ("table2", "table3", "table4"):
        table = report.table(table_id)
        if table is not None and table.location is not None:
            return table.location
    return None


RULES = [TemplateMismatch, YearMismatch, LatePublication]
