"""DL001–DL002 and DL101–DL106: can the file be read, and does it have the report's shape."""

from __future__ import annotations

from itertools import groupby
from typing import Iterable, List

from ..findings import Finding, Severity
from ..model import BoundRow, Report
from ..rule import Rule, RuleContext


class UnreadableInput(Rule):
    """The file cannot be read, decoded or parsed.

    Binary junk, an empty file, a corrupt or truncated DOCX/PDF, an encrypted
    PDF, a scanned PDF with no text layer, a file over the size limit.  The
    file gets this one finding with the reason and what to do; the other
    files of the run are still linted.  Produced by the engine from the
    reader's error.

    ## Fails
        a PDF made of page images (no text layer)

    ## Passes
        the same report exported from Word as text-based PDF or DOCX
    """

    code = "DL001"
    name = "unreadable-input"
    severity = Severity.ERROR
    summary = "The file cannot be read, decoded or parsed"
    needs_structure = False


class NotAnAnnualReport(Rule):
    """Nothing of the annual report structure is recognised.

    No standard section heading (一、总体情况 … 六、其他需要报告的事项) and no
    Table 2/3/4 row was found: the file is probably something else (a notice,
    a web page without the report, the wrong attachment).

    ## Fails
        关于开展政务公开培训的通知 …

    ## Passes
        一、总体情况 … 二、主动公开政府信息情况 …
    """

    code = "DL002"
    name = "not-an-annual-report"
    severity = Severity.WARNING
    summary = "Nothing of the report structure is recognised"
    needs_structure = False

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        if not report.sections and not any(t.present for t in report.tables.values()):
            yield self.finding(report, "未识别出政府信息公开工作年度报告的结构（没有标准章节标题，也没有统计表格），请确认文件是否为年度报告")


class MissingSection(Rule):
    """One of the six sections of the 2021 format is absent.

    30号 fixes six sections; its content "不能遗漏".  A section whose heading
    cannot be found at all is missing (a heading worded differently is only
    DL106).

    ## Fails
        一、总体情况 … 二、主动公开政府信息情况 … (no 三 … 六)

    ## Passes
        all six headings, 一 to 六, each followed by its content
    """

    code = "DL101"
    name = "missing-section"
    severity = Severity.ERROR
    summary = "One of the six sections is absent"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        found = {s.number for s in report.sections}
        for spec in ctx.template(report).sections:
            if spec.number not in found:
                yield self.finding(report, f"缺少第{spec.heading[0]}部分“{spec.heading}”", None, section=str(spec.number))


class SectionOutOfOrder(Rule):
    """Sections are duplicated, misnumbered or out of order.

    Readers and evaluators navigate reports by the fixed numbering 一 to 六.

    ## Fails
        一、总体情况 … 三、主动公开政府信息情况 …   (misnumbered)
        … 五、存在的主要问题及改进情况 … 四、政府信息公开行政复议、行政诉讼情况 (out of order)

    ## Passes
        一 … 二 … 三 … 四 … 五 … 六, each once
    """

    code = "DL102"
    name = "section-out-of-order"
    severity = Severity.WARNING
    summary = "Sections duplicated, misnumbered or out of order"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        seen: List[int] = []
        for section in report.sections:
            if section.number in seen:
                yield self.finding(report, f"第{section.standard_heading[0]}部分重复出现：“{section.heading}”", section.location)
            elif not section.numbered_correctly:
                yield self.finding(
                    report,
                    f"标题“{section.heading}”的序号应为“{section.standard_heading[0]}”（按标准格式，该部分是“{section.standard_heading}”）",
                    section.location,
                )
            elif seen and section.number < max(seen):
                yield self.finding(report, f"“{section.heading}”出现在后面的章节之后，章节顺序应为一至六", section.location)
            seen.append(section.number)


class EmptySection(Rule):
    """A prose section (一, 五 or 六) has a heading and no content.

    ## Fails
        六、其他需要报告的事项
        (end of file)

    ## Passes
        六、其他需要报告的事项
        本年度未收取信息处理费。
    """

    code = "DL103"
    name = "empty-section"
    severity = Severity.ERROR
    summary = "A prose section has a heading and no content"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for section in report.sections:
            if section.kind == "prose" and not section.text.strip():
                yield self.finding(report, f"“{section.heading}”下没有内容", section.location, section=str(section.number))


class MissingTable(Rule):
    """Section 二, 三 or 四 has no table.

    The statistics of these sections must be given in the template's tables,
    whether the section is empty or holds prose only.

    ## Fails
        三、收到和处理政府信息公开申请情况
        本年度共收到申请 3 件，均已办结。

    ## Passes
        三、收到和处理政府信息公开申请情况
        (the table, with every row of the template)
    """

    code = "DL104"
    name = "missing-table"
    severity = Severity.ERROR
    summary = "Section 二, 三 or 四 has no table"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        template = ctx.template(report)
        for spec in template.sections:
            if spec.table is None:
                continue
            section = report.section(spec.number)
            table = report.tables.get(spec.table)
            if section is not None and (table is None or not table.present):
                yield self.finding(
                    report,
                    f"“{section.heading}”下没有统计表格（应按标准格式填写“{template.table(spec.table).title}”表）",
                    section.location,
                    table=spec.table,
                )


class MissingRow(Rule):
    """A table is present but rows or whole blocks of the template are absent.

    Every row of the template must be reported, with 0 where nothing
    happened.  A whole missing block (e.g. 第二十条第（八）项) or outcome group
    (e.g. （五）不予处理) is reported once; so are the columns a table cut
    short lacks (a Table 3 with only 自然人 and 总计).

    ## Fails
        第二十条第（一）项 … (no 第二十条第（八）项 block)

    ## Passes
        every block and row of the template, zeros included
    """

    code = "DL105"
    name = "missing-row"
    severity = Severity.ERROR
    summary = "Rows or whole blocks of a table are absent"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        template = ctx.template(report)
        for table in report.tables.values():
            if not table.present:
                continue
            spec = template.table(table.id)

            def group_of(row: BoundRow) -> str:
                row_spec = spec.row(row.id)
                return spec.group_label(row_spec.group) if row_spec.group else row_spec.block or row.id

            for group, rows in groupby(table.rows.values(), key=group_of):
                rows = list(rows)
                missing = [r for r in rows if not r.present]
                if not missing:
                    continue
                if len(missing) == len(rows) > 1:
                    names = "、".join(r.label for r in missing[:3]) + ("等" if len(missing) > 3 else "")
                    yield self.finding(
                        report,
                        f"“{spec.title}”表缺少“{group}”部分的全部 {len(missing)} 行（{names}）",
                        table.location,
                        **table.context(),
                    )
                    continue
                for row in missing:
                    yield self.finding(report, f"“{spec.title}”表缺少“{row.label}”行", table.location, **table.context(row.id))
            if table.missing_columns:
                labels = {c.id: c.label for c in spec.columns()}
                names = "、".join(f"“{labels[c]}”" for c in table.missing_columns if c in labels)
                yield self.finding(report, f"“{spec.title}”表缺少{names}列", table.location, **table.context())


class NonstandardHeading(Rule):
    """A section heading is recognised but worded differently from the standard.

    Variants such as ``五、存在问题及改进情况`` or
    ``四、政府信息公开行政复议和行政诉讼情况`` are tolerated (the section is
    not missing) but the template's wording is preferred for comparability.

    ## Fails
        五、政府信息公开工作存在的主要问题及改进情况

    ## Passes
        五、存在的主要问题及改进情况
    """

    code = "DL106"
    name = "nonstandard-heading"
    severity = Severity.NOTE
    summary = "A heading is recognised but worded differently from the standard"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for section in report.sections:
            if not section.standard_wording and section.numbered_correctly:
                yield self.finding(report, f"标题“{section.heading}”与标准格式“{section.standard_heading}”的表述不一致", section.location)


RULES = [UnreadableInput, NotAnAnnualReport, MissingSection, SectionOutOfOrder, EmptySection, MissingTable, MissingRow, NonstandardHeading]
