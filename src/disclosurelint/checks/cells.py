"""DL201–DL203: the content of each numeric cell of Tables 2, 3 and 4."""

from __future__ import annotations

from typing import Iterable

from ..findings import Finding, Severity
from ..model import CellKind, Report
from ..rule import Rule, RuleContext


class BlankCell(Rule):
    """A numeric cell of Table 2, 3 or 4 is empty.

    ## 为什么
    格式要求每个数据格都填写数字，30号要求报告内容完整。空着的格分不清是“没有发生”还是“漏填”，所以没有数据的格应填 0。一行中的数字少于列数时（多见于转换时行的边界丢失），末尾缺少的格按空白格报告。

    ## Why
    The template asks for a figure in every cell; 30号 requires reports to be
    complete.  An empty cell cannot be told apart from a forgotten one, so a
    zero must be written as ``0``.  A row with fewer numbers than columns
    (row boundaries lost in conversion) has blank cells at its end.
    """

    code = "DL201"
    name = "blank-cell"
    title = "统计表数据格为空"
    severity = Severity.ERROR
    summary = "A numeric cell of Table 2, 3 or 4 is empty"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for table in report.tables.values():
            if not table.present:
                continue
            for row in table.rows.values():
                blanks = [c for c in row.cells.values() if c.kind is CellKind.BLANK]
                if not blanks:
                    continue
                if len(blanks) == len(row.cells) > 1:
                    yield self.finding(
                        report,
                        f"“{row.label}”一行没有填写任何数字（共 {len(blanks)} 格）；没有数据的格应填 0",
                        row.location,
                        **table.context(row.id),
                    )
                    continue
                for cell in blanks:
                    yield self.finding_at(report, cell, f"“{cell.name}”为空；没有数据应填写 0")


class _CellKindRule(Rule):
    """Reports every cell of one kind in the present tables."""

    kind: CellKind
    template_message: str  # formatted with ``cell`` (the cell's name) and ``raw``

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for table in report.tables.values():
            if not table.present:
                continue
            for cell in table.cells():
                if cell.kind is self.kind:
                    yield self.finding_at(report, cell, self.template_message.format(cell=cell.name, raw=cell.raw))


class PlaceholderCell(_CellKindRule):
    """A numeric cell holds a placeholder such as ``/``, ``-``, ``—``, ``无`` or ``不适用``.

    ## 为什么
    表格中的数据都是件数或金额。填“/”“-”“—”“无”“不适用”等占位符，看不出是 0、不清楚还是不适用，用到这一格的合计也无法核对。应填写数字，没有数据的填 0。

    ## Why
    The template's cells are counts: a placeholder hides whether the count is
    zero, unknown or not applicable, and breaks every sum that uses the cell.
    The placeholder vocabulary is data (``placeholders`` in rule packs).
    """

    code = "DL202"
    name = "placeholder-cell"
    title = "数据格填写了占位符"
    severity = Severity.WARNING
    summary = "A numeric cell holds a placeholder such as /, -, 无"
    kind = CellKind.PLACEHOLDER
    template_message = "“{cell}”填写的是“{raw}”而不是数字；没有数据应填写 0"


class InvalidNumber(_CellKindRule):
    """A numeric cell is negative, a fractional count, or not a number at all.

    ## 为什么
    文件件数、处理决定数量、申请数和案件数都是非负整数，不能有小数、负数，也不能写成汉字。只有行政事业性收费金额（单位：万元）可以有小数；只有2019年版格式中的“本年增/减”可以是负数。

    ## Why
    Counts of documents, decisions, applications and cases are non-negative
    whole numbers.  Only the fee amount (万元) may have decimals, and only the
    2019 format's 本年增/减 may be negative.
    """

    code = "DL203"
    name = "invalid-number"
    title = "数据格不是有效数字"
    severity = Severity.ERROR
    summary = "A numeric cell is negative, a fractional count, or not a number"
    kind = CellKind.INVALID
    template_message = "“{cell}”的内容“{raw}”不是有效数字（应为非负整数）"


RULES = [BlankCell, PlaceholderCell, InvalidNumber]
