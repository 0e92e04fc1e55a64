"""DL103 empty-section: a prose section with no real content, and the real sections that must stay clean."""

from __future__ import annotations

from typing import List

import pytest

from disclosurelint.api import lint_text
from disclosurelint.checks.structure import EmptySection
from disclosurelint.findings import Finding

from conftest import builtin_config, codes
from handmade import report

SIGNATURE = "某某县人民政府办公室\n2025年1月20日"
FEES = "本年度未收取信息处理费。"


def lint(text: str) -> List[Finding]:
    return lint_text(text, "report.md", builtin_config()).findings


@pytest.mark.parametrize("body", ["无", "无。", "暂无", "暂无。", "暂无问题。", "问题：无。", "没有", "略", "/", "—", "无相关情况。", "本部分无内容。", "详见附件。"])
def test_section_five_with_a_placeholder(body):
    findings = lint(report(prose={5: body}))
    assert codes(findings) == ["DL103"]
    assert findings[0].context["section"] == "5"


def test_placeholder_message_quotes_it():
    (finding,) = lint(report(prose={5: "暂无问题。"}))
    assert finding.message == "“五、存在的主要问题及改进情况”下只有“暂无问题。”，没有实际内容"


@pytest.mark.parametrize(
    "body",
    [
        "无。",
        SIGNATURE,
        "某某县人民政府办公室",
        "2025年1月20日",
        "附件：2024年度政府信息公开工作年度报告图解.jpg",
        "图解.jpg\n某某县人民政府办公室2024年度政府信息公开工作年度报告(1).doc",
        "附件：1. 2024年政府信息公开工作年度报告（图解）",
        "（此页无正文）\n" + SIGNATURE,
        "- 6 -\n" + SIGNATURE,
        "无。\n" + SIGNATURE + "\n附件：图解.jpg",
    ],
)
def test_section_six_with_only_signature_or_attachments(body):
    # Section 六 says nothing, so it also lacks the fee statement (DL401); DL801 may note the leftovers.
    found = [c for c in codes(lint(report(prose={6: body}))) if c != "DL801"]
    assert found == ["DL103", "DL401"]


def test_empty_section_message_is_unchanged():
    (finding, _) = sorted(lint(report(prose={6: SIGNATURE})), key=lambda f: f.code)
    assert finding.message == "“六、其他需要报告的事项”下没有内容"


@pytest.mark.parametrize(
    "body",
    [
        FEES + "\n" + SIGNATURE,
        FEES + "\n" + SIGNATURE + "\n附件：图解.jpg",
        "本年度未收费。",
        "无。本年度未收取信息处理费。",
        "2024年，关于政府收取信息处理费情况，我区本年度没有产生信息公开处理费。",
    ],
)
def test_section_six_with_a_statement_is_content(body):
    assert not [f for f in lint(report(prose={6: body})) if f.code == "DL103"]


@pytest.mark.parametrize("body", ["本年度无其他需要报告的事项。", "无其他需要报告的事项。"])
def test_nothing_else_to_report_is_a_statement_not_a_placeholder(body):
    # A sentence answering the heading is content; the fee statement it lacks is DL401's finding.
    assert codes(lint(report(prose={6: body}))) == ["DL401"]


@pytest.mark.parametrize(
    "body",
    [
        "解读形式单一，将加以改进。",
        "存在问题：无专职人员。改进：配备专人。",
        "一是政策解读质量仍需提升；二是队伍建设还需加强。",
        "无论是主动公开还是依申请公开，均需进一步规范。",
    ],
)
def test_short_real_sections_are_content(body):
    assert lint(report(prose={5: body})) == []


def test_section_one_with_a_placeholder():
    assert codes(lint(report(prose={1: "暂无。"}))) == ["DL103"]


def test_a_duplicated_heading_with_content_elsewhere_is_left_to_dl102():
    assert codes(lint(report() + "六、其他需要报告的事项\n无。\n")) == ["DL102"]
    repeated = report(prose={6: ""}) + "六、其他需要报告的事项\n" + FEES + "\n"
    assert codes(lint(repeated)) == ["DL102"]


def test_a_longer_line_naming_the_agency_is_content():
    # Only a short line that is the agency's name is the signature.
    body = "某某县人民政府办公室认真落实信息处理费管理办法，本年度未收取信息处理费。"
    assert lint(report(prose={6: body})) == []


def test_rule_docs_examples_fail_and_pass():
    docs = EmptySection.docs()
    fails = docs.split("## Fails")[1].split("## Passes")[0]
    passes = docs.split("## Passes")[1]
    assert "暂无问题。" in fails and "2025年1月20日" in fails
    assert "政策解读形式较为单一。下一步将丰富解读形式。" in passes and FEES in passes
    failing = report(prose={5: "暂无问题。", 6: SIGNATURE})
    assert [f.context["section"] for f in lint(failing) if f.code == "DL103"] == ["5", "6"]
    assert lint(report(prose={6: FEES + "\n" + SIGNATURE})) == []
