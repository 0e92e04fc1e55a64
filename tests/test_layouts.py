"""The binder on the layouts and label variants real reports arrive in."""

from __future__ import annotations

import pytest

from disclosurelint.api import lint_paths
from disclosurelint.model import CellKind
from disclosurelint.parse import parse_text

from conftest import EXCERPTS, builtin_config, codes
from handmade import report

SPACE_SEPARATED = """\
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，
等于第三项加第四项之和）
申请人情况
自然人
法人或其他组织
总计商 业 企
业
一、本年新收政府信息公开申请数量 10 0 0 0 0 0 10
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三、
本
年
（一）予以公开 6 0 0 0 0 0 6
（二）部分公开（区分处理的，只计这一情
形，不计其他情形） 1 0 0 0 0 0 1
- 5 -
（七）总计 7 0 0 0 0 0 7
四、结转下年度继续办理 3 0 0 0 0 0 3
"""


def test_space_separated_pdf_text_with_wrapped_labels_and_page_markers():
    table = parse_text(SPACE_SEPARATED).tables["table3"]
    assert table.rows["partially_disclosed"].value("natural_person") == 1
    assert table.rows["total"].value("total") == 7
    assert table.rows["carried_forward"].value("total") == 3
    assert not table.rows["refused_1"].present


def test_tab_cells_keep_blank_positions():
    text = "二、主动公开政府信息情况\n\t规章\n\t0\n\t\n\t5\n\n\t行政许可\n\t3\n"
    table = parse_text(text).tables["table2"]
    cells = table.rows["regulations"].cells
    assert [cells[c].kind for c in ("issued", "repealed", "in_force")] == [CellKind.NUMBER, CellKind.BLANK, CellKind.NUMBER]
    assert cells["in_force"].value == 5 and not cells["repealed"].inferred


def test_lost_row_boundaries_give_blank_cells_at_the_end():
    text = "二、主动公开政府信息情况\n规章\n\n1\n\n2\n\n行政规范性文件\n\n4\n\n5\n\n6\n"
    table = parse_text(text).tables["table2"]
    in_force = table.rows["regulations"].cells["in_force"]
    assert in_force.kind is CellKind.BLANK and in_force.inferred
    assert [c.value for c in table.rows["normative_documents"].cells.values()] == [4, 5, 6]


@pytest.mark.parametrize(
    "label",
    [
        "(四)无法提供 | 1、本机关不掌握相关政府信息",
        "（四）无法提供 | 1. 本机关不掌握 相关政府信息",
        "（四）无法提供 | １．本机关不掌握相关政府信息",
    ],
)
def test_labels_match_through_width_spacing_and_enumerators(label):
    text = report().replace("（四）无法提供 | 1.本机关不掌握相关政府信息", label)
    assert label in text
    table = parse_text(text, "r.md").tables["table3"]
    assert table.rows["unavailable_1"].value("total") == 2


@pytest.mark.parametrize("quotes", ["“三安全一稳定”", '"三安全一稳定"', "「三安全一稳定」", "三安全一稳定"])
def test_labels_match_through_quote_styles(quotes):
    text = report().replace("“三安全一稳定”", quotes)
    assert parse_text(text).tables["table3"].rows["refused_3"].present


def test_ocr_damaged_label_still_binds_its_row():
    text = report().replace("4.保护第三方合法权益", "4.保护第三力合法权益")
    table = parse_text(text).tables["table3"]
    assert table.rows["refused_4"].present


def test_unknown_row_is_recorded_not_bound():
    text = report().replace("| 行政强制 | 0 |", "| 行政强制 | 0 |\n| 其他主动公开文件 | 56 |")
    table = parse_text(text).tables["table2"]
    assert [t for t, _ in table.unknown_rows] == ["其他主动公开文件"]
    assert table.rows["enforcement"].value("decisions") == 0


def test_2019_layout_is_detected():
    excerpt = next(p for p in EXCERPTS if p.name == "excerpt-053.txt")
    run = lint_paths([excerpt], builtin_config())
    from disclosurelint.api import Linter

    parsed = Linter(builtin_config()).parse(excerpt)
    assert parsed.template == "2019"
    row = parsed.tables["table2"].rows["licensing"]
    assert [c.value for c in row.cells.values()] == [0, 0, 0]
    assert "DL003" not in codes(run.files[0].findings)


@pytest.mark.parametrize("path", EXCERPTS, ids=[p.name for p in EXCERPTS])
def test_reports_cut_off_mid_way_give_findings_not_errors(path):
    findings = lint_paths([path], builtin_config()).files[0].findings
    assert "DL001" not in codes(findings)
    assert "DL101" in codes(findings)


def test_dl003_report_on_2024_in_the_2019_layout():
    excerpt = next(p for p in EXCERPTS if p.name == "excerpt-053.txt").read_text(encoding="utf-8")
    relabelled = excerpt.replace("2020", "2024").replace("2021-01-11", "2025-01-11")
    from disclosurelint.api import lint_text

    assert "DL003" in codes(lint_text(relabelled, "r.txt", builtin_config()).findings)


@pytest.mark.parametrize("style", ["## {}", "**{}**", "# {} ", "> {}"])
def test_markdown_headings_are_sections(style):
    text = report()
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        text = text.replace(f"\n{heading}\n", "\n" + style.format(heading) + "\n")
    from disclosurelint.api import lint_text

    parsed = parse_text(text, "r.md")
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
    assert lint_text(text, "r.md", builtin_config()).findings == []
