"""DL001–DL002 and DL101–DL106: can the file be read, and does it have the report's shape."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from ..findings import Finding, Severity
from ..identity import agency_key
from ..normalize import squeeze
from ..model import BoundRow, Line, Location, Report, Section
from ..rule import Rule, RuleContext

#: A line this short that names the report's agency is the signature, not content.
_SIGNATURE_AGENCY_CHARS = 40
#: Sentence punctuation: a line with it is prose, not a signature line.
_PROSE_MARK = re.compile(r"[。，,;；:：！？!?]")
#: Text with more letters, digits and 汉字 than this is content, whatever the placeholders say.
_ENOUGH = 60


class UnreadableInput(Rule):
    """The file cannot be read, decoded or parsed.

    ## 为什么
    文件读不出来，就无从检查，也不能当作“检查通过”。乱码或二进制文件、空文件、损坏或不完整的 DOCX/PDF、加密的 PDF、没有文字层的扫描版 PDF、超过大小限制或处理超时的文件，都只报告这一条问题，并写明原因和处理办法；本次检查的其他文件照常检查。扫描版 PDF 请改用带文字层的 PDF 或 Word 原件。

    ## Why
    A file that cannot be read cannot be checked, and nobody should believe
    it was: binary junk, an empty file, a corrupt or truncated DOCX/PDF, an
    encrypted PDF, a scanned PDF with no text layer, a file over the size
    limit.  The file gets this one finding with the reason and what to do
    (``context.kind``: empty, binary, decode, corrupt, encrypted, no-text,
    too-large, timeout, unsupported, io); the other files of the run are
    still linted.  Produced by the engine from the reader's error.
    """

    code = "DL001"
    name = "unreadable-input"
    title = "文件无法读取或解析"
    severity = Severity.ERROR
    summary = "The file cannot be read, decoded or parsed"
    needs_structure = False


class UnusedSuppression(Rule):
    """A suppression that suppresses nothing.

    ## 为什么
    抑制记录的是审核人员已经核实并认可某个问题：HTML 或 Markdown 报告中的 `<!-- disclosurelint: ignore 规则代码 原因 -->` 注释（或 disable/enable 范围），或者抑制文件中的一条。问题消失以后（报告已改正、该行已重写），留下的抑制会把同一处以后出现的同类问题悄悄隐藏，所以要报告出来，提醒删除。没有生效的注释也报告：没写原因、规则代码不存在、enable 前面没有对应的 disable 等。对该文件未运行的规则（未选用，或被 per-file-ignores 排除）不作判断；抑制文件中的条目，只在它所指的报告本次被检查时才判断（pre-commit 只传入暂存的文件）。

    ## Why
    A suppression records that a reviewer checked a finding and accepted it:
    a ``<!-- disclosurelint: ignore CODE 原因 -->`` comment in an HTML or
    Markdown report (or a ``disable``/``enable`` range), or an entry of the
    suppressions file.  Once the finding is gone (the report was corrected,
    the row rewritten) the suppression would hide the next problem of that
    kind at that place unseen, so it is reported to be removed, like ruff's
    unused ``noqa``.  So is a comment that does not take effect: no reason,
    an unknown code, ``enable`` without ``disable``.  A code that did not run
    on the file (not selected, ``per-file-ignores``) is not judged, and a
    suppressions-file entry only when its report is linted in the run
    (pre-commit passes only the staged files).  Produced by the engine after
    the other rules; ``context.kind`` is ``unused`` or ``invalid``.
    """

    code = "DL004"
    name = "unused-suppression"
    title = "抑制注释或条目没有抑制任何问题"
    severity = Severity.NOTE
    summary = "A suppression comment or suppressions-file entry suppresses nothing"
    needs_structure = False


class NotAnAnnualReport(Rule):
    """Nothing of the annual report structure is recognised.

    ## 为什么
    文件中既没有找到任何一个标准章节标题（“一、总体情况”至“六、其他需要报告的事项”），也没有找到表2、表3、表4中的任何一行，很可能不是年度报告本身，而是通知、不含报告正文的网页，或者挂错了附件。请核对文件。

    ## Why
    No standard section heading (一、总体情况 … 六、其他需要报告的事项) and no
    Table 2/3/4 row was found: the file is probably something else (a notice,
    a web page without the report, the wrong attachment).
    """

    code = "DL002"
    name = "not-an-annual-report"
    title = "未识别出年度报告的结构"
    severity = Severity.WARNING
    summary = "Nothing of the report structure is recognised"
    needs_structure = False

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        if not report.sections and not any(t.present for t in report.tables.values()):
            yield self.finding(report, "未识别出政府信息公开工作年度报告的结构（没有标准章节标题，也没有统计表格），请确认文件是否为年度报告")


class MissingSection(Rule):
    """One of the six sections of the 2021 format is absent.

    ## 为什么
    国办公开办函〔2021〕30号规定年度报告由六个部分组成，内容“不能遗漏”。某一部分的标题在报告中完全找不到，即为缺少该部分；标题写法与标准不同但能识别的，不算缺少，只由 DL106 提示。

    ## Why
    30号 fixes six sections; its content "不能遗漏".  A section whose heading
    cannot be found at all is missing (a heading worded differently is only
    DL106).
    """

    code = "DL101"
    name = "missing-section"
    title = "缺少规定的章节"
    severity = Severity.ERROR
    summary = "One of the six sections is absent"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        found = {s.number for s in report.sections}
        for spec in ctx.template(report).sections:
            if spec.number not in found:
                yield self.finding(report, f"缺少第{spec.heading[0]}部分“{spec.heading}”", None, section=str(spec.number))


class SectionOutOfOrder(Rule):
    """Sections are duplicated, misnumbered or out of order.

    ## 为什么
    年度报告按“一”至“六”的固定序号编排，读者和评估人员据此查找内容。同一部分出现两次、序号写错（如第四部分标为“三、”）或前后顺序颠倒，都会造成误读。

    ## Why
    Readers and evaluators navigate reports by the fixed numbering 一 to 六.
    """

    code = "DL102"
    name = "section-out-of-order"
    title = "章节重复、序号错误或顺序颠倒"
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
    """A prose section (一, 五 or 六) has a heading and no real content.

    ## 为什么
    30号格式规定了各文字部分要报告的内容：第一部分报告总体情况，第五部分报告存在的主要问题及改进情况，第六部分报告其他需要报告的事项，包括信息处理费收取情况。标题下什么也没有，或者只有占位的话，这一部分就等于没写。

    以下内容不算实际内容：落款（机关名称和日期）；附件名称（“附件：….doc”“图解.jpg”）；页码标记等转换残留（见 DL801）；“（此页无正文）”之类的行；“无”“暂无”“暂无问题”“不涉及”“略”等占位语；不足三个字的内容。

    “本年度无其他需要报告的事项。”是一句完整的说明，不是占位语；但第六部分只有这一句时，仍然没有说明信息处理费收取情况，由 DL401 报告。第六部分为空时，DL103 和 DL401 都会报告。

    ## Why
    30号 fixes what each prose section reports: 一 the year's work, 五 the main
    problems and how they are being improved, 六 other matters including the
    信息处理费.  A heading followed by nothing, or by a placeholder, leaves
    that part of the report unwritten.  What is not content: the signature
    block (the agency's name and the date under the report), attachment
    names (``附件：….doc``, ``图解.jpg``), page markers and other conversion
    leftovers (the ``artifacts`` of DL801), lines such as ``（此页无正文）``
    (``empty_section_lines``), and placeholders: ``无``, ``暂无``,
    ``暂无问题``, ``不涉及``, ``略`` (``empty_section_placeholders``) or
    anything shorter than three characters.  A sentence that says there is
    nothing else to report (``本年度无其他需要报告的事项。``) is a statement,
    not a placeholder: in section 六 it still lacks the fee statement, which
    is DL401's finding.  An empty section 六 gets both DL103 and DL401.
    """

    code = "DL103"
    name = "empty-section"
    title = "章节只有标题、没有实际内容"
    severity = Severity.ERROR
    summary = "A prose section has a heading and no real content"

    #: Fewer meaningful characters than this (letters, digits, 汉字) are not a sentence.
    MIN_CHARS = 3

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        fillers = [a.pattern for a in ctx.packs.artifacts] + list(ctx.packs.empty_section_lines)
        placeholders = ctx.packs.empty_section_placeholders
        claims = report.identity.claims
        # A PDF line has no file position: a signature line is its location and its text.
        signature = {(c.location, c.text) for c in claims if c.source == "signature"}
        agencies = {agency_key(c.value) for c in claims if c.field == "agency"}
        occurrences: Dict[int, List[Section]] = {}
        for section in report.sections:
            if section.kind == "prose":
                occurrences.setdefault(section.number, []).append(section)
        for number, sections in occurrences.items():
            # A duplicated heading is DL102's: the section is written if any occurrence has content.
            contents = [_content(report.lines[s.start + 1 : s.end], fillers, signature, agencies) for s in sections]
            if any(len(words) >= self.MIN_CHARS and not any(p.fullmatch(words) for p in placeholders) for _, words in contents):
                continue
            first, (text, words) = sections[0], contents[0]
            message = f"“{first.heading}”下只有“{text}”，没有实际内容" if words else f"“{first.heading}”下没有内容"
            yield self.finding(report, message, first.location, section=str(number))


def _content(
    lines: Sequence[Line],
    fillers: Sequence["re.Pattern[str]"],
    signature: Set[Tuple[Optional[Location], str]],
    agencies: Set[str],
) -> Tuple[str, str]:
    """The text of ``lines`` without the signature block, blank lines and filler (artifacts, 此页无正文 …),
    and its letters, digits and 汉字 (what placeholders are matched on).

    The signature block is the lines identity reads as the signature, and short
    lines naming the agency.  Stops once the text is longer than any
    placeholder (``_ENOUGH`` characters).
    """
    kept: List[str] = []
    words = ""
    for line in lines:
        if (line.location, squeeze(line.text)) in signature:
            continue
        text = line.text.strip()
        for filler in fillers:
            text = filler.sub("", text).strip()
        if not text or (len(text) <= _SIGNATURE_AGENCY_CHARS and not _PROSE_MARK.search(text) and agency_key(text) in agencies):
            continue
        kept.append(text)
        words += "".join(filter(str.isalnum, text[: _ENOUGH + 1]))
        if len(words) > _ENOUGH:
            break
    return " ".join(kept), words


class MissingTable(Rule):
    """Section 二, 三 or 四 has no table.

    ## 为什么
    第二、三、四部分的统计数据必须按格式规定的表格填报。这几部分只有标题，或者只用文字叙述而没有表格的，数据无法核对，也无法与其他机关的报告对照。

    ## Why
    The statistics of these sections must be given in the template's tables,
    whether the section is empty or holds prose only.
    """

    code = "DL104"
    name = "missing-table"
    title = "第二、三、四部分缺少统计表"
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
    """A table is present but rows, whole blocks or columns of the template are absent.

    ## 为什么
    表格的每一行都要填报，本年没有发生的填 0，不能删行。整块缺失（如表2的“第二十条第（八）项”）或整组缺失（如表3“（五）不予处理”的 5 行）的，只报告一次；表格不全、缺少若干列的（如表3只有“自然人”和“总计”两列），缺少的列也合并报告一次。

    ## Why
    Every row of the template must be reported, with 0 where nothing
    happened.  A whole missing block (e.g. 第二十条第（八）项) or outcome group
    (e.g. （五）不予处理) is reported once; so are the columns a table cut
    short lacks (a Table 3 with only 自然人 and 总计).
    """

    code = "DL105"
    name = "missing-row"
    title = "统计表缺少规定的行或列"
    severity = Severity.ERROR
    summary = "Rows, whole blocks or columns of a table are absent"

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

    ## 为什么
    “五、存在问题及改进情况”“四、政府信息公开行政复议和行政诉讼情况”等写法能够识别，不算缺少章节；但为便于各机关的报告相互对照，应采用格式规定的标准标题。

    ## Why
    Variants such as ``五、存在问题及改进情况`` or
    ``四、政府信息公开行政复议和行政诉讼情况`` are tolerated (the section is
    not missing) but the template's wording is preferred for comparability.
    """

    code = "DL106"
    name = "nonstandard-heading"
    title = "章节标题与标准表述不一致"
    severity = Severity.NOTE
    summary = "A heading is recognised but worded differently from the standard"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for section in report.sections:
            if not section.standard_wording and section.numbered_correctly:
                yield self.finding(report, f"标题“{section.heading}”与标准格式“{section.standard_heading}”的表述不一致", section.location)


RULES = [UnreadableInput, UnusedSuppression, NotAnAnnualReport, MissingSection, SectionOutOfOrder, EmptySection, MissingTable, MissingRow, NonstandardHeading]
