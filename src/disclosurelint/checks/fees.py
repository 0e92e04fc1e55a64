"""DL401–DL402: the information processing fee (信息处理费) statement of section 六.

Both rules read section 六 through one classifier, :func:`classify_fees`.
Its phrasings are data (``fee_statements`` in ``rules/national.yaml``, lists
merged over all loaded rule packs).  The section is flattened like the other
prose rules (NFKC, whitespace removed, wrapped lines joined: ``，`` reads
``,``) and cut into sentences (。！？ and paragraph ends) and clauses (，；).
Only sentences that name the fee (``subject``) count.  Each clause of such a
sentence gets the first class whose patterns match, in the order
``not_applicable``, ``not_charged``, ``notices``, ``charged``; an amount read
after a ``charged`` or ``subject`` match then decides: 0 is not charged
(``收取信息处理费0元``), more is charged (``共收取信息处理费400元``).  A
``charged`` clause with no amount (``关于收取信息处理费情况``) does not
outweigh a ``not_charged`` clause of the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable, Optional, Tuple

from ..findings import Finding, Severity
from ..model import Line, Location, Report
from ..numerals import TextStream, parse_chinese_numeral
from ..packs import FeeVocabulary
from ..rule import Rule, RuleContext

#: Clause classes: the keys of ``fee_statements`` (``disclosurelint.packs.FEE_KEYS``).
CHARGED = "charged"
NOT_CHARGED = "not_charged"
NOT_APPLICABLE = "not_applicable"
NOTICES = "notices"
NOTHING = "nothing"
#: What a section says, most telling first (:attr:`FeeStatement.kind`).
KIND_ORDER = (CHARGED, NOTICES, NOT_CHARGED, NOT_APPLICABLE)

_SENTENCE = re.compile(r"[^。!?\n]+")
#: A clause ends at a comma or semicolon, except a thousands separator (1,200元).
_CLAUSE = re.compile(r"(?:[^,;]|(?<=\d),(?=\d))+")


@dataclass(frozen=True)
class FeeClause:
    """One clause of section 六 that says something about the fee."""

    fee_class: str
    text: str
    location: Optional[Location]
    amount: Optional[Decimal] = None  # yuan


@dataclass(frozen=True)
class FeeStatement:
    """What section 六 says about the information processing fee, clause by clause."""

    clauses: Tuple[FeeClause, ...]

    def says(self, fee_class: str) -> bool:
        """Whether some clause says ``fee_class``."""
        return any(c.fee_class == fee_class for c in self.clauses)

    @property
    def kind(self) -> str:
        """The most telling class said (charged, notices, not_charged, not_applicable), else ``nothing``."""
        return next((k for k in KIND_ORDER if self.says(k)), NOTHING)

    @property
    def amount(self) -> Optional[Decimal]:
        """The first amount stated as charged, in yuan."""
        return next((c.amount for c in self.clauses if c.fee_class == CHARGED and c.amount is not None), None)

    def first(self, *classes: str) -> Optional[FeeClause]:
        """The first clause that says one of ``classes``."""
        return next((c for c in self.clauses if c.fee_class in classes), None)


def _yuan(match: "re.Match[str]") -> Optional[Decimal]:
    raw = match.group("value").replace(",", "")
    if raw[:1].isdigit():
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return None
    else:
        number = parse_chinese_numeral(raw)
        if number is None:
            return None
        value = Decimal(number)
    unit = match.groupdict().get("unit") or ""
    return value * 10000 if unit.startswith("万") else value


def _amount(vocabulary: FeeVocabulary, text: str, start: int, end: int) -> Optional[Decimal]:
    """The first amount of money in ``text[start:end]``."""
    found = [(m.start(), m) for pattern in vocabulary.amounts for m in [pattern.search(text, start, end)] if m]
    for _, match in sorted(found, key=lambda f: f[0]):
        value = _yuan(match)
        if value is not None:
            return value
    return None


def _clause(vocabulary: FeeVocabulary, text: str, start: int, end: int, sentence_end: int) -> Optional[Tuple[str, Optional[Decimal]]]:
    """(class, amount) of the clause ``text[start:end]``, or None when it says nothing about the fee."""
    for fee_class, pattern in vocabulary.classes:
        if pattern.search(text, start, end):
            return fee_class, None
    charged = vocabulary.charged.search(text, start, end)
    subject = vocabulary.subject.search(text, start, end)
    # After a verb the amount may follow in a later clause (收取信息处理费3笔,金额合计600元);
    # after the fee's bare name only in the clause itself.
    amount = _amount(vocabulary, text, charged.end(), sentence_end) if charged else None
    if amount is None and subject:
        amount = _amount(vocabulary, text, subject.end(), end)
    if amount is not None:
        return (CHARGED, amount) if amount > 0 else (NOT_CHARGED, None)
    return (CHARGED, None) if charged else None


def classify_fees(lines: Iterable[Line], vocabulary: FeeVocabulary) -> FeeStatement:
    """Classify what ``lines`` (section 六) say about the information processing fee."""
    stream = TextStream.from_lines(lines)
    text = stream.text
    clauses = []
    for sentence in _SENTENCE.finditer(text):
        if not vocabulary.subject.search(sentence.group()):
            continue
        found = []
        for clause in _CLAUSE.finditer(text, sentence.start(), sentence.end()):
            result = _clause(vocabulary, text, clause.start(), clause.end(), sentence.end())
            if result is not None:
                found.append(FeeClause(result[0], clause.group(), stream.location(clause.start()), result[1]))
        if any(c.fee_class in (NOT_CHARGED, NOT_APPLICABLE) for c in found):
            found = [c for c in found if c.fee_class != CHARGED or c.amount is not None]
        clauses += found
    return FeeStatement(tuple(clauses))


def fee_statement(report: Report, ctx: RuleContext) -> Optional[FeeStatement]:
    """The classified fee statement of section 六 (None without a section 六), computed once per report.

    A duplicated 六 heading (DL102) is read with all its occurrences.
    """
    sections = [s for s in report.sections if s.number == 6]
    if not sections:
        return None
    lines = [line for s in sections for line in report.lines[s.start + 1 : s.end]]
    return report.derive("fee_statement", lambda r: classify_fees(lines, ctx.packs.fee_statements))


class FeeStatementMissing(Rule):
    """Section 六 is missing, empty, or does not state the 信息处理费 situation.

    ## 为什么
    30号格式在第六部分注明“收取信息处理费情况在此处报告”：按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取了信息处理费的，写明收取多少；没有收取的，写明没有收取。第六部分缺失或为空的，也报告此问题。

    第六部分逐句检查，以下说法都算说明了收费情况：收取了（“共收取信息处理费400元”）；没有收取（“未向申请人收取信息处理费”“没有产生信息处理费”“信息处理费0元”）；不涉及收费（“不涉及收取信息处理费”）；发出了收费通知（“发出收费通知2件”）。只提到收费办法而没有说明情况（“严格执行《政府信息公开信息处理费管理办法》”），或者只写“无其他需要报告的事项”的，都不算说明。

    ## Why
    The official template says 收取信息处理费情况在此处报告: whether fees under
    《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) were collected, how
    much, or that none was.  Section 六 is read sentence by sentence; a
    sentence counts when it says fees were charged (``共收取信息处理费400元``),
    not charged (``未向申请人收取信息处理费``, ``没有产生信息处理费``,
    ``信息处理费0元``), that fees do not apply (``不涉及收取信息处理费``) or
    that fee notices were sent (``发出收费通知2件``).  Naming the fee without
    saying any of that (``严格执行《政府信息公开信息处理费管理办法》``), or
    ``无其他需要报告的事项`` alone, does not state the situation.  The
    phrasings are data (``fee_statements`` in rule packs).
    """

    code = "DL401"
    name = "fee-statement-missing"
    title = "未说明信息处理费收取情况"
    severity = Severity.ERROR
    summary = "Section 六 does not state the information processing fee situation"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        statement = fee_statement(report, ctx)
        if statement is None:
            yield self.finding(report, "缺少第六部分，未说明信息处理费收取情况（应在“六、其他需要报告的事项”中说明）")
        elif statement.kind == NOTHING:
            yield self.finding(
                report,
                "“六、其他需要报告的事项”未说明信息处理费收取情况（是否收取、收取金额，或未收取）",
                report.section(6).location,
            )


class FeeNoticesUnexplained(Rule):
    """Applications were dropped for unpaid fee notices, yet section 六 says no fee was charged.

    ## 为什么
    表3“（六）其他处理”第2项统计的是“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”的件数：按国办函〔2020〕109号，申请人收到收费通知后20个工作日内未缴纳费用的，视为放弃申请。这一项大于 0，说明至少发出过收费通知。

    第六部分如果只说没有收取信息处理费或不涉及收费（“未向申请人收取信息处理费”“不涉及收取信息处理费”“信息处理费0元”），对收费通知只字不提，读者会认为与表3矛盾。写明收取了费用（“共收取信息处理费400元”），或说明了收费通知情况（“发出收费通知2件”“申请人逾期未缴纳”）的，不报告；“未发出收费通知”与表3相反，不算说明。

    ## Why
    Table 3 row （六）2 counts applications closed because the applicant did
    not pay within 20 working days after a fee notice (收费通知).  If that
    row is above 0, fees were at least demanded; a section 六 that says no
    fee was charged or that fees do not apply (``未向申请人收取信息处理费``,
    ``不涉及收取信息处理费``, ``信息处理费0元``), without a word on the fee
    notices, leaves the reader with a contradiction.  A section that says
    fees were charged (``共收取信息处理费400元``) or explains the notices
    (``发出收费通知2件``, ``申请人逾期未缴纳``) passes; ``未发出收费通知``
    denies the notices and explains nothing.
    """

    code = "DL402"
    name = "fee-notices-unexplained"
    title = "表3（六）2 不为 0，第六部分却称未收费"
    severity = Severity.WARNING
    summary = "Table 3 row （六）2 is above 0 while section 六 says no fee was charged"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        table = report.table("table3")
        if table is None or "other_handling_2" not in table.rows:
            return
        cell = table.cell("other_handling_2", "total")
        dropped = cell.value if cell is not None else None
        if not dropped or dropped <= 0:
            return
        statement = fee_statement(report, ctx)
        if statement is None or statement.says(CHARGED) or statement.says(NOTICES):
            return
        denial = statement.first(NOT_CHARGED, NOT_APPLICABLE)
        if denial is None:
            return
        yield self.finding(
            report,
            f"表三（六）2 有 {dropped} 件申请因逾期未缴费而不再处理，但第六部分只说“{denial.text}”，未说明收费通知情况",
            denial.location,
            **cell.context(),
        )


RULES = [FeeStatementMissing, FeeNoticesUnexplained]
