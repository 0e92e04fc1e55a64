"""DL801: leftovers of conversion or scraping inside the report text."""

from __future__ import annotations

from typing import Iterable

from ..findings import Finding, Severity
from ..model import Report
from ..rule import Rule, RuleContext


class ConversionArtifact(Rule):
    """Leftovers of conversion or scraping inside the report text.

    ## 为什么
    从 Word、PDF 转换或从网页抓取的文本，常常残留 Word 书签标记（`[bookmark: _GoBack]`）、附件文件名（“图解.jpg”“…(1).doc”）、PDF 的页码（“- 5 -”）、乱码替换字符“�”和未转换的 HTML 实体（如 `&nbsp;`）。这些都不是报告内容，应当删除。每个文件中，每类痕迹只在第一次出现处报告一次。从网页抓取时去掉标签，表格中的数字可能连在一起（如“…申请数量120000012”）；无法唯一拆分的，每张表报告一次，这些行不作检查，请对照原表格核对。

    ## Why
    Word bookmarks (``[bookmark: _GoBack]``), attachment file names
    (``图解.jpg``, ``…(1).doc``), page markers (``- 5 -``) in text copied from
    a PDF, replacement characters ``�`` and raw HTML entities.  Patterns are
    data (``artifacts`` in rule packs).  One finding per kind per file, at
    the first occurrence.  A table whose numbers ran together when a web
    page's tags were stripped (``…申请数量120000012``) and cannot be split one
    way only is named once (kind ``run-together-digits``): its rows are not
    checked.
    """

    code = "DL801"
    name = "conversion-artifact"
    title = "正文残留转换或抓取痕迹"
    severity = Severity.NOTE
    summary = "Leftovers of conversion or scraping inside the report text"
    needs_structure = False

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        lines = [line for line in report.lines if not line.is_row]
        whole = "\n".join(line.text for line in lines)
        for artifact in ctx.packs.artifacts:
            # Most reports are clean: one search over the whole text, lines only on a hit.
            if not artifact.pattern.search(whole):
                continue
            found = [(line, m.group(0).strip()) for line in lines for m in [artifact.pattern.search(line.text)] if m]
            if not found:
                continue
            examples = "、".join(f"“{text}”" for _, text in found[:3]) + ("等" if len(found) > 3 else "")
            yield self.finding(
                report,
                f"报告正文中有{artifact.label}（{len(found)} 处：{examples}），应删除",
                found[0][0].location,
                artifact=artifact.kind,
            )
        for table in report.tables.values():
            if table.unreadable_rows:
                rows = [table.rows[r] for r in table.unreadable_rows]
                names = "、".join(f"“{r.label}”" for r in rows[:3]) + ("等" if len(rows) > 3 else "")
                yield self.finding(
                    report,
                    f"{table.short_title or table.title}有 {len(rows)} 行的数字连在一起、无法唯一拆分（{names}），这些行未作检查；请核对原表格",
                    rows[0].location,
                    artifact="run-together-digits",
                    **table.context(),
                )


RULES = [ConversionArtifact]
