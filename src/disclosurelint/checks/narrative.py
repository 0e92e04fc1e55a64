"""DL501 narrative-table-mismatch: figures in the prose that contradict the tables.

The patterns are data (``rules/narrative.yaml``, schema documented there),
checked and compiled when the packs load (:mod:`disclosurelint.packs`).
The prose of the intro and of sections 一, 五 and 六 is flattened
(:class:`~disclosurelint.numerals.TextStream`), cut into sentences (。！？ and
line breaks that end a paragraph), sentence parts (；) and clauses (，：).  A
figure is a number with an allowed unit next to a pattern keyword: after it
(``受理政府信息公开申请3119件``) or before it (``5件逾期未补正``).  Figures are
skipped, never guessed, when they are qualified (``按时办结``), about another
year or a change (``上年``, ``同比``, ``增加``, another ``YYYY年``), about a wider
scope (``全市``, ``各乡镇``; a government's own 全县 is not wider), follow
``其中`` where the pattern asks for it, or belong to keywords joined by
和/及/与/或/、 that no pattern names together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from ..findings import Finding, Severity
from ..identity import GOVERNMENT, agency_key
from ..model import CellKind, Report, ReportIdentity
from ..numerals import BREAK, NUMBER_PATTERN, TextStream, parse_integer, prose_streams
from ..packs import Alternative, NarrativePattern, PatternSet
from ..rule import Rule, RuleContext

_SENTENCE_END = "。!?" + BREAK
_CLAUSE_END = ",:"
_GAP_FORBIDDEN = re.compile(r"[\d,。;:!?、()\n]")
_BARE_NUMBER_END = ",。;)" + BREAK
_NUMBER_RE = re.compile(rf"(?<![\d.])(?:{NUMBER_PATTERN})(?![\d.%])")
#: Words that join two keywords into one combined figure (不予公开和无法提供).
_JOINER = re.compile(r"和|及|与|或|、|以及|或者")
#: Levels of government whose own report may speak of 全X (全县, 全区 …).
_LEVELS = "省市区县旗州盟镇乡"


@dataclass(frozen=True)
class Figure:
    """A figure the prose states, tied to a pattern (and to its head, if any)."""

    pattern: NarrativePattern
    value: int
    start: int  # index of the number in the stream text
    snippet: str
    head: Optional[str] = None

    @property
    def alternatives(self) -> Tuple[Alternative, ...]:
        return self.pattern.compare.get(self.head, ())


def _table_value(alternative: Alternative, report: Report) -> Optional[int]:
    """The sum of the alternative's cells, or None when a table, row or number is missing."""
    total = 0
    for table_id, row, column in alternative.terms:
        table = report.table(table_id)
        if table is None:
            return None
        rows = [r for rid, r in table.rows.items() if rid.startswith(row[:-1])] if row.endswith("*") else [table.rows.get(row)]
        if not rows:
            return None
        for bound in rows:
            cell = bound.cells.get(column) if bound is not None and bound.present else None
            if cell is None or cell.kind is not CellKind.NUMBER or cell.value is None:
                return None
            total += cell.value
    return int(total)


def _spans(text: str, ends: str) -> List[Tuple[int, int]]:
    spans, start = [], 0
    for i, c in enumerate(text):
        if c in ends:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _start_of(text: str, index: int, ends: str, floor: int) -> int:
    """Index just after the last character of ``ends`` before ``index`` (not below ``floor``)."""
    for i in range(index - 1, floor - 1, -1):
        if text[i] in ends:
            return i + 1
    return floor


class _Sentence:
    """One sentence of the stream with the keyword hits of every pattern."""

    def __init__(self, text: str, start: int, end: int, patterns: Sequence[NarrativePattern]) -> None:
        self.text, self.start, self.end = text, start, end
        body = text[start:end]
        hits: List[Tuple[int, int, NarrativePattern]] = []
        for pattern in patterns:
            if pattern.context is not None and not pattern.context.search(body):
                continue
            for m in pattern.keywords.finditer(text, start, end):
                hits.append((m.start(), m.end(), pattern))
        # Overlapping hits: keep the longest (行政复议 over 复议).
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        self.hits: List[Tuple[int, int, NarrativePattern]] = []
        for hit in hits:
            if self.hits and hit[0] < self.hits[-1][1]:
                continue
            self.hits.append(hit)

    def joined(self, hit: Tuple[int, int, NarrativePattern]) -> bool:
        """Whether ``hit`` is joined to the keyword before or after it by 和/及/与/或/、.

        ``不予公开和无法提供5件`` names a combination: its figure is compared
        only through a pattern for the combination, never as one of its parts.
        """
        i = self.hits.index(hit)
        before = self.hits[i - 1] if i > 0 else None
        after = self.hits[i + 1] if i + 1 < len(self.hits) else None
        return bool(
            (before is not None and _JOINER.fullmatch(self.text, before[1], hit[0]))
            or (after is not None and _JOINER.fullmatch(self.text, hit[1], after[0]))
        )

    def head_before(self, index: int) -> Optional[str]:
        heads = [p.id for s, e, p in self.hits if p.head and e <= index]
        return heads[-1] if heads else None


def _numbers(text: str, start: int, end: int) -> Iterator[Tuple[int, int, int]]:
    """(start, end, value) of the numbers in ``text[start:end]``.

    Ordinals, percentages and a lone ``一`` (一个窗口, 一件一档: a word more often
    than a count) are left out.
    """
    for m in _NUMBER_RE.finditer(text, start, end):
        if m.group() == "一" or text[max(m.start() - 1, 0)] == "第" or text[max(m.start() - 3, 0) : m.start()] == "百分之":
            continue
        value = parse_integer(m.group())
        if value is not None:
            yield m.start(), m.end(), value


def _unit_end(text: str, end: int, units: Tuple[str, ...], chinese: bool, bare_ok: bool) -> Optional[int]:
    """End of the unit after a number at ``end`` (``end`` itself for an accepted bare number)."""
    for unit in units:
        if text.startswith(unit, end):
            after = end + len(unit)
            if text.startswith("次", after) or text.startswith("事", after):  # 件次, 一件事
                return None
            return after
    if bare_ok and not chinese and (end >= len(text) or text[end] in _BARE_NUMBER_END):
        return end
    return None


def find_figures(
    stream: TextStream, patterns: PatternSet, year: Optional[int], agency: Optional[str] = None, own_scope: Optional[str] = None
) -> List[Figure]:
    """Figures the prose states that a pattern maps to a table cell.

    ``own_scope`` is the 全X word that names the report's own scope (``全县`` in
    a county government's report, see :func:`own_scope`): it does not make a
    figure a wider scope's.
    """
    text = stream.text
    figures: List[Figure] = []
    present = [p for p in patterns.patterns if p.keywords.search(text)]
    if not present:
        return figures
    for s_start, s_end in _spans(text, _SENTENCE_END):
        sentence = _Sentence(text, s_start, s_end, present)
        if not sentence.hits:
            continue
        for n_start, n_end, value in _numbers(text, s_start, s_end):
            figure_at = n_start
            clause = _start_of(text, n_start, _CLAUSE_END + ";", s_start)
            segment = _start_of(text, n_start, ";", s_start)
            if _excluded(text, s_start, figure_at, year, patterns, agency, own_scope):
                continue
            chinese = not text[n_start].isdigit()
            # The figure after its keyword: the nearest hit ending before the number in the clause.
            before_hits = [h for h in sentence.hits if clause <= h[0] and h[1] <= n_start]
            if before_hits:
                k_start, k_end, pattern = before_hits[-1]
                gap = text[k_end:n_start]
                unit = _unit_end(text, n_end, pattern.units, chinese, bare_ok=True)
                joined = sentence.joined(before_hits[-1])
                if pattern.after and unit is not None and len(gap) <= pattern.gap and not _GAP_FORBIDDEN.search(gap) and not joined:
                    figure = _figure(text, sentence, pattern, value, n_start, k_start, unit, clause, segment, gap, patterns)
                    if figure is not None:
                        figures.append(figure)
            # The figure before its keyword: 5件逾期未补正, 1件(未审结).
            for k_start, k_end, pattern in sentence.hits:
                if k_start < n_end or not pattern.before:
                    continue
                unit = _unit_end(text, n_end, pattern.units, chinese, bare_ok=False)
                if unit is None:
                    break
                gap = text[unit:k_start]
                if gap and gap != "(":
                    break
                if not gap and before_hits and figures and figures[-1].start == n_start:
                    break  # 办结18件结转… : the number already belongs to the keyword before it
                if sentence.joined((k_start, k_end, pattern)):
                    break
                figure = _figure(text, sentence, pattern, value, n_start, n_start, k_end, clause, segment, gap, patterns)
                if figure is not None:
                    figures.append(figure)
                break
    return figures


def _excluded(
    text: str, s_start: int, at: int, year: Optional[int], patterns: PatternSet, agency: Optional[str], own_scope: Optional[str]
) -> bool:
    """Whether the sentence, up to the figure, speaks of another year or a wider scope."""
    prefix = text[s_start:at]
    years = re.findall(r"(\d{4})年", prefix)
    if years and year is not None and int(years[-1]) != year:
        return True
    if patterns.scope is not None:
        for m in patterns.scope.finditer(prefix):
            if m.group() != own_scope and not (agency and m.group() in agency):
                return True
    return False


def own_scope(identity: ReportIdentity) -> Optional[str]:
    """``全县`` for a county government's own report (``全区``, ``全市``, ``全镇`` …), else None.

    A government's report speaks for its whole area: 全县共受理政府信息公开申请
    is its own figure.  A department's report (``县人民政府办公室``, ``县教育局``)
    has no such scope, and a wider one (全市 in a 区 government's report) is
    still another scope.
    """
    if identity.kind != GOVERNMENT:
        return None
    key = agency_key(identity.agency) or ""
    level = key[-3:-2] if key.endswith("政府") else ""
    return f"全{level}" if level and level in _LEVELS else None


def _figure(
    text: str,
    sentence: _Sentence,
    pattern: NarrativePattern,
    value: int,
    n_start: int,
    snippet_start: int,
    snippet_end: int,
    clause: int,
    segment: int,
    gap: str,
    patterns: PatternSet,
) -> Optional[Figure]:
    head = None
    if pattern.follows:
        head = sentence.head_before(snippet_start if snippet_start < n_start else n_start)
        if head not in pattern.follows:
            return None
    lead = text[clause : min(snippet_start, n_start)]
    for skip in (pattern.skip, patterns.skip):
        if skip is not None and (skip.search(lead) or skip.search(gap)):
            return None
    if pattern.segment_skip is not None and pattern.segment_skip.search(text[segment : min(snippet_start, n_start)]):
        return None
    return Figure(pattern, value, n_start, text[snippet_start:snippet_end], head)


class NarrativeTableMismatch(Rule):
    """A figure stated in the prose contradicts the table.

    ## 为什么
    读者引用的往往是正文。第一部分写“本机关不掌握相关政府信息4件”，表3却是 6，必有一处有误，报告也就不准确（30号要求对报告不准确等问题追究责任）。本规则只读导语和第一、五、六部分（不读表格所在的部分），把有把握的数字与表格“总计”列比对：收到的申请、上年结转、办结、结转下年度、各类办理结果及其小项、行政复议、行政诉讼、规范性文件的制发和废止件数。

    - 大类和其中的小项分别与表中对应的数比对（“无法提供3件，其中本机关不掌握相关政府信息2件”分别核对（四）和（四）1）。
    - 两类合写的，按两类之和比对：“予以公开及部分公开258件”对应（一）+（二），“不予公开和无法提供”对应（三）+（四）。其他用“和、及、与、或”或顿号连写的数字，以及“分别”列举的数字，不比对。
    - 统计范围：政府本级的报告（区、县、市人民政府）代表本地区，县政府报告中的“全县共受理政府信息公开申请”就是本报告的数字；部门的报告（县人民政府办公室、县教育局）中的“全县”数字是全县的，不比对。范围更大的（区政府报告中的“全市”），以及“各级”“各部门”“所属”、点名的乡镇、“64家单位”等，在任何报告中都不比对。
    - 有限定的数字（“按时办结”）、其他年度的数字（“上年”“同比”“2023年”）、收到或办结申请中的部分（“其中……”），以及对应的表格或数据格缺失、不是数字的，都不比对。

    ## Why
    Readers quote the prose; when section 一 says 本机关不掌握相关政府信息4件
    and Table 3 says 6, one of them is wrong and the report is inaccurate (30号
    holds agencies accountable for 不准确 reports).  The rule reads the intro and
    sections 一, 五, 六 (never the table sections) and compares the figures it
    is sure about (applications received, carried over, handled, carried
    forward, outcome groups and named outcomes, administrative reviews,
    lawsuits, 规范性文件 issued and repealed) with the tables' 总计 column.

    - A group and its rows are each compared with their own cells
      (无法提供3件，其中本机关不掌握相关政府信息2件 checks （四） and （四）1).
    - Two groups named together are one figure, their sum: 予以公开及部分公开
      258件 is （一）+（二）, 不予公开和无法提供 is （三）+（四）.  Other
      keywords joined by 和/及/与/或/、, and 分别 lists, are not compared.
    - Scope: a government's own report (区/县/市人民政府) speaks for its area,
      so 全县共受理政府信息公开申请 in a 县 government's report is its own
      figure.  In a department's report (县人民政府办公室, 县教育局) a 全县
      figure is the county's, not the department's: skipped.  A wider scope
      (全市 in a 区 government's report), 各级/各部门/所属, named towns and
      "64家单位" are skipped in every report.
    - Qualified figures (按时办结), figures of other years (上年, 同比,
      2023年) and subsets (其中…) of received/handled are skipped, and nothing
      is compared with a table or cell that is missing or not a number.

    Patterns are data (``rules/narrative.yaml``); a plugin's rule pack adds
    province phrasings under its own ``narrative`` key.
    """

    code = "DL501"
    name = "narrative-table-mismatch"
    title = "正文数字与统计表不一致"
    severity = Severity.WARNING
    summary = "A figure stated in the prose contradicts the table"
    tags = ["consistency"]

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        patterns = ctx.packs.narrative
        identity = report.identity
        scope = own_scope(identity)
        for stream in prose_streams(report):
            for figure in find_figures(stream, patterns, identity.year, identity.agency, scope):
                finding = self._compare(report, stream, figure)
                if finding is not None:
                    yield finding

    def _compare(self, report: Report, stream: TextStream, figure: Figure) -> Optional[Finding]:
        comparable = [(alt, _table_value(alt, report)) for alt in figure.alternatives]
        comparable = [(alt, v) for alt, v in comparable if v is not None]
        if not comparable or any(v == figure.value for _, v in comparable):
            return None
        first, value = comparable[0]
        others = "".join(f"（{alt.label}为 {v}）" for alt, v in comparable[1:])
        message = f"正文“{figure.snippet}”所述{figure.pattern.title}为 {figure.value}，但{first.label}为 {value}{others}，请核对"
        number = _NUMBER_RE.match(stream.text, figure.start)
        table_id, row_id, column_id = first.terms[0]
        table = report.tables[table_id]
        # One cell compared: its ids, so that the finding points at it (HTML review, fingerprints).
        ids = {"table": table_id, "row": row_id, "column": column_id} if len(first.terms) == 1 and row_id in table.rows else {}
        return self.finding(
            report,
            message,
            stream.location(figure.start, number.end() if number else None),
            table_label=table.short_title or table.title,
            row_label=first.row,
            column_label=first.column,
            **ids,
        )


RULES = [NarrativeTableMismatch]
