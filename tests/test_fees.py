"""The fee statement of section 六 (DL401, DL402): one classifier, its wording as data.

The sentences are worded as real reports word them; several are quoted from
real reports (seeds, 淮安, the issue's examples).  The rule-level cases of DL401
and DL402 (the same sentences in section 六 of the clean base report) are YAML:
rules/cases/DL401.yaml, DL402.yaml and tests/rule_cases/ (run by test_rule_cases.py).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Mapping

import pytest

from disclosurelint.api import Linter
from disclosurelint.checks.fees import (
    CHARGED,
    NOT_APPLICABLE,
    NOT_CHARGED,
    NOTHING,
    NOTICES,
    FeeStatement,
    classify_fees,
    fee_statement,
)
from disclosurelint.model import Line, Location, TextSpan
from disclosurelint.packs import PackError, RulePacks, builtin_sources, check_pack, load_packs
from disclosurelint.templates import builtin_templates

from conftest import HUAIAN_PDF, HUAIAN_TEXT, SEEDS, builtin_config, codes, pack_plugin, write
from handmade import report

TEMPLATES = builtin_templates()
NATIONAL = load_packs(builtin_sources("national"), TEMPLATES)


def with_national(pack: Mapping[str, Any]) -> RulePacks:
    """The national pack and ``pack`` after it, as a province plugin adds it."""
    return NATIONAL.add(check_pack(pack, "province.yaml", TEMPLATES))


def classify(text: str, packs: RulePacks = NATIONAL) -> FeeStatement:
    lines = [Line(t, Location(TextSpan(i + 1, 1))) for i, t in enumerate(text.split("\n"))]
    return classify_fees(lines, packs.fee_statements)


# (sentence of section 六, what it says, the amount charged in yuan)
TABLE = [
    # charged, with the amount
    ("收取信息处理费共计380元，其中民政局1件。", CHARGED, 380),
    ("共收取信息处理费400元。", CHARGED, 400),
    ("2024 年，市政府严格落实《政府信息公开信息处理费管理\n办法》，全年收取政府信息公开信息处理费 3940 元。", CHARGED, 3940),
    ("依据《政府信息公开信息处理费管理办法》规定，2025年全市实际收取信息处理费共计400元。", CHARGED, 400),
    ("2025 年有 1 件政府信息公开申请案件收取信息处理费 380 元。", CHARGED, 380),
    ("全年共收取信息处理费3笔，金额合计600元。", CHARGED, 600),
    ("本年度按件计收信息处理费，共计收取1,200元。", CHARGED, 1200),
    ("本机关本年度收取信息处理费0.12万元。", CHARGED, 1200),
    ("本年度共向2名申请人收取信息处理费500元，均已缴入国库。", CHARGED, 500),
    ("发出收费通知3件，收取信息处理费300元。", CHARGED, 300),
    # not charged
    ("本年度未收取信息处理费。", NOT_CHARGED, None),
    ("本年度未向申请人收取信息处理费。", NOT_CHARGED, None),
    ("本年度本机关未收取政府信息公开处理费,无其他需要报告的事项。", NOT_CHARGED, None),
    ("2024年，关于政府收取信息处理费情况，我区本年度没有产生信息公开处理费。", NOT_CHARGED, None),
    ("2023年,南湖区政府办公室无因依申请公开收取信息处理费情况。", NOT_CHARGED, None),
    ("本年度无政府信息公开信息处理费收费情况。", NOT_CHARGED, None),
    ("本机关本年度未产生信息公开处理费用。", NOT_CHARGED, None),
    ("信息处理费0元。", NOT_CHARGED, None),
    ("本年度共收取信息处理费0元。", NOT_CHARGED, None),
    ("本年度收取信息处理费为零。", NOT_CHARGED, None),
    ("本机关不存在收取信息处理费的情况。", NOT_CHARGED, None),
    ("本年度信息处理费收费情况：无。", NOT_CHARGED, None),
    ("本机关依申请提供政府信息，均不收取费用。", NOT_CHARGED, None),
    ("按照规定免收信息处理费。", NOT_CHARGED, None),
    ("本年度未发生信息处理费收取情况。", NOT_CHARGED, None),
    ("本年度未发出收费通知，未收取信息处理费。", NOT_CHARGED, None),
    ("本年度发出收费通知0件，实际收取信息处理费0元。", NOT_CHARGED, None),
    ("本年度，本机关共收到政府信息公开申请15件，均按时办结，未收取任何费用。", NOT_CHARGED, None),
    # not applicable
    ("不涉及收取信息处理费。", NOT_APPLICABLE, None),
    ("本机关不涉及信息处理费收取事项。", NOT_APPLICABLE, None),
    ("信息处理费：不适用。", NOT_APPLICABLE, None),
    ("本年度依申请公开未涉及收费。", NOT_APPLICABLE, None),
    # fee notices explained
    ("本年度发出收费通知2件，申请人均逾期未缴纳，未实际收取信息处理费。", NOTICES, None),
    ("本年度共发出收费通知2件，总金额200元，实际收取信息处理费0元。", NOTICES, None),
    ("因申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请1件。", NOTICES, None),
    ("向申请人发出《信息处理费缴费通知书》1份，申请人未在规定期限内缴纳，视为放弃申请。", NOTICES, None),
    # nothing said about the fee
    ("本年度无其他需要报告的事项。", NOTHING, None),
    ("无。", NOTHING, None),
    ("严格执行《政府信息公开信息处理费管理办法》。", NOTHING, None),
    ("本年度行政事业性收费2181.669177万元。", NOTHING, None),
    ("进一步规范政府信息公开申请办理流程。", NOTHING, None),
    ("严格执行信息处理费收费标准，规范收费管理。", NOTHING, None),
]


@pytest.mark.parametrize("text, kind, amount", TABLE, ids=[t[0][:24] for t in TABLE])
def test_classifier_table(text, kind, amount):
    statement = classify(text)
    assert statement.kind == kind
    assert statement.amount == (Decimal(amount) if amount is not None else None)


def test_table_covers_every_class():
    assert len(TABLE) >= 30
    assert {kind for _, kind, _ in TABLE} == {CHARGED, NOT_CHARGED, NOT_APPLICABLE, NOTICES, NOTHING}


def test_each_sentence_says_its_own_thing():
    statement = classify("本年度未收取信息处理费。\n本年度发出收费通知1件，申请人逾期未缴纳。")
    assert statement.says(NOT_CHARGED) and statement.says(NOTICES) and not statement.says(CHARGED)
    assert statement.first(NOTICES).location.span.line == 2


def test_a_topic_phrase_does_not_count_as_charged():
    # "关于政府收取信息处理费情况" names the topic; the sentence says nothing was charged.
    statement = classify("2024年，关于政府收取信息处理费情况，我区本年度没有产生信息公开处理费。")
    assert [c.fee_class for c in statement.clauses] == [NOT_CHARGED]


def test_an_amount_after_a_digit_is_not_zero():
    # 380元 ends in 0元: the whole amount is read.
    assert classify("收取信息处理费共计380元。").amount == Decimal(380)


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_seeds_say_no_fee_was_charged(linter, number):
    parsed = linter.parse(SEEDS[number])
    assert fee_statement(parsed, linter.context).kind == NOT_CHARGED


def test_seed_002_says_nothing(linter):
    assert fee_statement(linter.parse(SEEDS["002"]), linter.context).kind == NOTHING


@pytest.mark.parametrize("path", [HUAIAN_TEXT, HUAIAN_PDF], ids=["text", "pdf"])
def test_huaian_charged_3940_yuan(linter, path):
    statement = fee_statement(linter.parse(path), linter.context)
    assert statement.kind == CHARGED and statement.amount == Decimal(3940)


# -- rule packs --------------------------------------------------------------


def test_a_province_pack_adds_its_wording():
    sentence = "本年度未开征政府信息公开处理费。"
    assert classify(sentence).kind == NOTHING
    province = {"fee_statements": {"not_charged": ["未开征[^,;]{0,6}处理费"]}}
    assert classify(sentence, with_national(province)).kind == NOT_CHARGED


def test_a_province_pack_reaches_the_rules(tmp_path):
    path = write(tmp_path, "report.md", report(prose={6: "本年度未开征政府信息公开处理费。"}))
    assert codes(Linter(builtin_config()).lint_path(path).result.findings) == ["DL401"]
    province = {"fee_statements": {"not_charged": ["未开征[^,;]{0,6}处理费"]}}
    linter = Linter(builtin_config(), plugins=[pack_plugin(tmp_path, province)])
    assert linter.catalog.errors == [] and linter.lint_path(path).result.findings == []


def test_a_pack_with_the_replaced_keys_is_skipped_at_load(tmp_path):
    path = write(tmp_path, "report.md", report())
    linter = Linter(builtin_config(), plugins=[pack_plugin(tmp_path, {"no_fee_terms": ["未收取"]})])
    (error,) = linter.catalog.errors
    assert error.startswith("plugin 'province': rule pack skipped: ") and "`no_fee_terms`: replaced by `fee_statements.not_charged`" in error
    assert linter.lint_path(path).result.findings == []  # the national wording is intact


@pytest.mark.parametrize(
    "pack, message",
    [
        ({"fee_statements": {"not_chargd": ["x"]}}, "`fee_statements.not_chargd`: unknown key (did you mean `not_charged`?)"),
        ({"fee_statements": {"notices": ["(unclosed"]}}, "`fee_statements.notices[0]`: invalid regular expression '(unclosed'"),
        ({"fee_statements": {"amount": [r"\d+元"]}}, "`fee_statements.amount[0]`: pattern '\\\\d+元' has no (?P<value>…) group"),
        ({"fee_statements": ["未收取"]}, "`fee_statements`: expected a mapping"),
        ({"no_fee_terms": ["未收取"]}, "`no_fee_terms`: replaced by `fee_statements.not_charged`"),
    ],
)
def test_malformed_fee_wording_is_a_pack_error(pack, message):
    with pytest.raises(PackError, match="^province.yaml: " + re.escape(message)):
        with_national(pack)
