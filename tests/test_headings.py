"""Section headings damaged by OCR and headings of the pre-2019 outline are still a report's sections."""

from __future__ import annotations

import pytest

from conftest import builtin_config, codes
from disclosurelint.api import lint_text
from disclosurelint.parse import parse_text
from handmade import report


def lint(text: str):
    return lint_text(text, "r.txt", builtin_config()).findings


@pytest.mark.parametrize(
    "number,damaged",
    [
        (6, "l六、其他需要报告的事项"),  # a stray Latin letter from the margin
        (6, "1六、其他需要报告的事项"),
        (4, "囗、政府信息公开行政复议、行政诉讼情况"),  # a look-alike in the numeral's place
        (3, "三．收到和处理政府信息公开中请情况"),
        (2, "二、主动公开政府信息惰况"),
    ],
)
def test_an_ocr_damaged_heading_is_its_section_noted_as_nonstandard(number, damaged):
    findings = lint(report(headings={number: damaged}))
    assert codes(findings) == ["DL106"]
    assert damaged in findings[0].message
    assert [s.number for s in parse_text(report(headings={number: damaged})).sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("line", ["囗、行政复议工作情况", "二、三季度共收到申请5件", "表、政府信息公开行政复议、行政诉讼情况说明如下"])
def test_text_that_only_looks_like_a_damaged_heading_is_not_one(line):
    text = report(prose={1: "2024年，本机关做好政务公开工作。\n" + line})
    assert [s.number for s in parse_text(text).sections] == [1, 2, 3, 4, 5, 6]


PRE2019 = {
    1: "一、概述",
    3: "三、依申请公开政府信息情况",
    4: "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    5: "六、政府信息公开工作存在的主要问题及改进情况",
    6: "七、其他需要报告的事项",
}


def test_a_report_in_the_pre_2019_outline_is_numbered_by_it():
    findings = lint(report(headings=PRE2019))
    assert codes(findings) == ["DL106"] * 5
    assert not {"DL002", "DL101", "DL102"} & set(codes(findings))


def test_without_the_old_outline_its_numerals_are_misnumberings():
    assert codes(lint(report(headings={6: "七、其他需要报告的事项"}))) == ["DL102"]


def test_an_old_report_without_tables_is_a_report_with_its_tables_missing():
    text = report(headings=PRE2019, tables=())
    assert codes(lint(text)) == ["DL104"] * 3 + ["DL106"] * 5
