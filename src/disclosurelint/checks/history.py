"""Across years: DL601 carryover-mismatch and DL602 stock-roll-forward.

Both are run-scope rules.  Each report is reduced to a :class:`YearSummary`
(agency key, year, path and a handful of numbers), so a run over tens of
thousands of reports keeps a few hundred bytes per report.  The previous
year's report of the same agency is looked for among the files of the run,
then among the reports of the config's history folders (``history =
["archive/"]``), which the engine finds, reads and summarises like the files
of the run.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from ..findings import Finding, Severity
from ..identity import agency_key
from ..model import CellKind, Location, Report
from ..rule import Rule, RuleContext


class YearSummary(NamedTuple):
    """What DL601/DL602 keep of one report."""

    path: str
    agency: str  # agency_key()
    year: int
    #: Table 3 二、上年结转 per column: (column id, value, location)
    carried_over: Tuple[Tuple[str, int, Optional[Location]], ...]
    #: Table 3 四、结转下年度继续办理 per column: (column id, value)
    carried_forward: Tuple[Tuple[str, int], ...]
    #: Table 2 行政规范性文件: 本年制发, 本年废止, 现行有效 (None when not a number)
    issued: Optional[int] = None
    repealed: Optional[int] = None
    in_force: Optional[int] = None
    in_force_at: Optional[Location] = None


def _numbers(report: Report, table_id: str, row_id: str) -> List[Tuple[str, int, Optional[Location]]]:
    table = report.table(table_id)
    row = table.rows.get(row_id) if table is not None else None
    if row is None or not row.present:
        return []
    return [
        (column, int(cell.value), cell.location)
        for column, cell in row.cells.items()
        if cell.kind is CellKind.NUMBER and cell.value is not None
    ]


def summarize_year(report: Report, ctx: RuleContext) -> Optional[YearSummary]:
    """The summary of one report, or None when its agency or year is unknown."""
    identity = report.identity
    key = agency_key(identity.agency)
    if key is None or identity.year is None:
        return None
    normative = {column: (value, loc) for column, value, loc in _numbers(report, "table2", "normative_documents")}
    in_force = normative.get("in_force")
    return YearSummary(
        path=report.path,
        agency=key,
        year=int(identity.year),
        carried_over=tuple(_numbers(report, "table3", "carried_over")),
        carried_forward=tuple((c, v) for c, v, _ in _numbers(report, "table3", "carried_forward")),
        issued=normative.get("issued", (None, None))[0],
        repealed=normative.get("repealed", (None, None))[0],
        in_force=in_force[0] if in_force else None,
        in_force_at=in_force[1] if in_force else None,
    )


def previous_reports(run: Sequence[YearSummary], history: Sequence[YearSummary]) -> Dict[Tuple[str, int], YearSummary]:
    """(agency, year) -> report, over the run and the history reports.

    Reports of the run win over history files; among several, the first path wins.
    """
    index: Dict[Tuple[str, int], YearSummary] = {}
    for summary in sorted(run, key=lambda s: s.path) + sorted(history, key=lambda s: s.path):
        index.setdefault((summary.agency, summary.year), summary)
    return index


def _column_labels(ctx: RuleContext) -> Dict[str, str]:
    try:
        return {c.id: c.label for c in ctx.default_template.table("table3").columns()}
    except (AttributeError, KeyError):
        return {}


class _HistoryRule(Rule):
    scope = "run"
    wants_history = True
    tags = ["history"]

    def summarize(self, report: Report, ctx: RuleContext) -> Optional[YearSummary]:
        return summarize_year(report, ctx)

    def pairs(self, summaries: List[Any], history: List[Any]) -> Iterator[Tuple[YearSummary, YearSummary]]:
        """(this year's report, last year's report of the same agency) for every report of the run."""
        run = [s for s in summaries if isinstance(s, YearSummary)]
        index = previous_reports(run, [s for s in history if isinstance(s, YearSummary)])
        for summary in sorted(run, key=lambda s: s.path):
            previous = index.get((summary.agency, summary.year - 1))
            if previous is not None:
                yield summary, previous

    def related(self, finding: Finding, previous: YearSummary) -> Finding:
        finding.related.append((previous.path, None))
        return finding


class CarryoverMismatch(_HistoryRule):
    """This year's 上年结转 differs from last year's 结转下年度继续办理 of the same agency.

    ## 为什么
    第 N 年末结转下年度继续办理的申请，就是第 N+1 年的上年结转申请。因此，N+1 年度报告表3的“二、上年结转政府信息公开申请数量”应与同一机关 N 年度报告的“四、结转下年度继续办理”逐列相等；不相等，说明两份报告中有一份统计有误。上一年度的报告在本次检查的文件和配置的 `history` 目录中查找；机关名称经规范化后比对（“平阳县人民政府办公室”与“平阳县政府办”视为同一机关）。

    ## Why
    An application carried forward at the end of year N is carried over
    into year N+1, so Table 3 row 二、上年结转政府信息公开申请数量 of the report on
    N+1 equals row 四、结转下年度继续办理 of the report on N, column by column.
    A difference means one of the two reports miscounts.  The previous report
    is looked for among the files of the run and in the ``history`` folders of
    the config; agencies are matched on their normalised name
    (``平阳县人民政府办公室`` = ``平阳县政府办``).
    """

    code = "DL601"
    name = "carryover-mismatch"
    title = "上年结转数与上年度报告不衔接"
    severity = Severity.WARNING
    summary = "This year's carried-over applications differ from last year's carried-forward ones"

    def check_run(self, summaries: List[Any], history: List[Any], ctx: RuleContext) -> Iterable[Finding]:
        labels = _column_labels(ctx)
        for summary, previous in self.pairs(summaries, history):
            forward = dict(previous.carried_forward)
            for column, value, location in summary.carried_over:
                before = forward.get(column)
                if before is None or before == value:
                    continue
                label = labels.get(column, column)
                yield self.related(
                    self.finding(
                        summary.path,
                        f"表3“二、上年结转政府信息公开申请数量”{label}列为 {value}，但上一年度（{previous.year}年）报告 "
                        f"{previous.path} 的“四、结转下年度继续办理”{label}列为 {before}",
                        location,
                        table_label="表3",
                        row_label="二、上年结转政府信息公开申请数量",
                        column_label=label,
                    ),
                    previous,
                )


class StockRollForward(_HistoryRule):
    """现行有效件数 does not follow from last year's figure + 本年制发件数 − 本年废止件数.

    ## 为什么
    第 N+1 年末现行有效的行政规范性文件件数，一般等于第 N 年末的现行有效件数，加上 N+1 年的本年制发件数，减去本年废止件数（表2第二十条第（一）项）。这只是推算：文件还可能因有效期届满而失效，或被整合，所以不一致只是提示核对，不作为错误。

    ## Why
    The stock of 行政规范性文件 in force at the end of year N+1 is normally
    the stock of year N, plus the documents issued in N+1, minus those repealed
    in N+1 (Table 2, 第二十条第（一）项).  This is a heuristic: documents also
    expire on their own (有效期届满) or are consolidated, so a difference is a
    note to check, not an error.
    """

    code = "DL602"
    name = "stock-roll-forward"
    title = "现行有效件数与上年度报告不衔接"
    severity = Severity.NOTE
    summary = "Documents in force do not follow from last year's stock plus issued minus repealed"

    def check_run(self, summaries: List[Any], history: List[Any], ctx: RuleContext) -> Iterable[Finding]:
        for summary, previous in self.pairs(summaries, history):
            if None in (summary.in_force, summary.issued, summary.repealed, previous.in_force):
                continue
            expected = previous.in_force + summary.issued - summary.repealed
            if expected == summary.in_force:
                continue
            yield self.related(
                self.finding(
                    summary.path,
                    f"表2 行政规范性文件“现行有效件数”为 {summary.in_force}，按上一年度（{previous.year}年）报告 {previous.path} "
                    f"的现行有效件数 {previous.in_force} + 本年制发 {summary.issued} − 本年废止 {summary.repealed} 应约为 {expected}"
                    f"（文件也可能因有效期届满等失效，请核对）",
                    summary.in_force_at,
                    table_label="表2",
                    row_label="行政规范性文件",
                    column_label="现行有效件数",
                ),
                previous,
            )


RULES = [CarryoverMismatch, StockRollForward]
