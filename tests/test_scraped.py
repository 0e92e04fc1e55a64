"""Text scraped from web pages with the tags stripped: one-line bodies, headings mid-line, run-together digits."""

from __future__ import annotations

import pytest

from conftest import builtin_config, codes
from disclosurelint.api import lint_text
from disclosurelint.bind import split_digits
from disclosurelint.extract import report_to_dict
from disclosurelint.parse import default_context, parse_text
from handmade import default_table3

TABLE3 = default_context().default_template.table("table3")
TABLE4 = default_context().default_template.table("table4")
ROW = TABLE3.row("new").columns
CASES = TABLE4.row("cases").columns


@pytest.mark.parametrize(
    "digits,parts",
    [
        ("750000075", ["75", "0", "0", "0", "0", "0", "75"]),
        ("0000000", ["0"] * 7),
        ("100000010", ["10", "0", "0", "0", "0", "0", "10"]),
        ("122000014", ["12", "2", "0", "0", "0", "0", "14"]),
        ("110000011", None),  # 淮安 （四）2: 1|10|0|0|0|0|11 or 11|0|0|0|0|0|11
        ("750000076", None),  # no split adds up
        ("75", None),
        ("7500000750", None),
    ],
)
def test_split_digits_only_where_the_row_total_leaves_one_way(digits, parts):
    assert split_digits(digits, ROW) == parts


def test_split_digits_of_table4_uses_its_three_totals():
    assert split_digits("301040000010012", CASES) == ["3", "0", "1", "0", "4", "0", "0", "0", "0", "0", "1", "0", "0", "1", "2"]
    assert split_digits("9" * 80, CASES) is None  # longer than any row: not tried


def table3_values():
    """Every row of the handmade report's Table 3 by id (the rows it leaves out are all 0)."""
    values = default_table3()
    return {row.id: values.get(row.id, [0] * 7) for row in TABLE3.rows}


def glued_table3() -> str:
    """Table 3 of the handmade report with its tags stripped: labels (group labels before a group's first row)
    and digits run together."""
    values, seen, out = table3_values(), set(), []
    for row in TABLE3.rows:
        if row.id == "disclosed":
            out.append("三、本年度办理结果")
        if row.group and row.group not in seen:
            seen.add(row.group)
            out.append(TABLE3.group_label(row.group))
        out.append(row.label + "".join(map(str, values[row.id])))
    return "".join(out)


BODY = (
    "　　本报告根据《条例》编制。　　一、总体情况　　2024年，本机关做好政务公开。"
    "　　二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 3 1 20 "
    "第二十条第（五）项 信息内容 本年处理决定数量 行政许可 12 第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 5 行政强制 0 "
    "第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 1.5"
    "　　三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    + glued_table3()
    + "　　四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计100121000100000"
    "　　五、存在的主要问题及改进情况　　解读形式较为单一。　　六、其他需要报告的事项　　本年度未收取信息处理费。"
)
PAGE = "首页 > 政务公开\n某某县2024年政府信息公开工作年度报告发布时间：2025-01-10\n" + BODY + "\n【打印本页】 【关闭窗口】\n"


def test_a_report_on_one_line_has_its_sections_and_tables():
    report = parse_text(PAGE, "page.txt")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert all(s.location.span.line == 3 for s in report.sections)
    table3 = report.tables["table3"]
    assert {row.id: [c.value for c in row.cells.values()] for row in table3.rows.values()} == table3_values()
    assert "00000002.其他法律" in BODY  # refused_1's digits and the next label's numbering ran together
    assert [c.value for c in report.tables["table4"].rows["cases"].cells.values()] == [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert report.tables["table2"].rows["normative_documents"].value("in_force") == 20
    line = PAGE.split("\n")[2]
    for cell in table3.cells():  # each decoded number points at its own digits
        span = cell.location.span
        assert line[span.column - 1 : span.end_column - 1] == cell.raw


def test_a_row_that_cannot_be_split_one_way_is_one_note_not_blank_cells():
    page = PAGE.replace("（一）予以公开4100005", "（一）予以公开4100006")
    report = parse_text(page, "page.txt")
    table3 = report.tables["table3"]
    assert table3.present and table3.unreadable_rows == ["disclosed"]
    assert table3.rows["disclosed"].present and not table3.rows["disclosed"].cells
    assert report_to_dict(report)["tables"]["table3"]["unreadable_rows"] == ["disclosed"]
    findings = lint_text(page, "page.txt", builtin_config()).findings
    notes = [f for f in findings if f.code == "DL801"]
    assert len(notes) == 1 and "表3" in notes[0].message and "（一）予以公开" in notes[0].message
    assert notes[0].context["artifact"] == "run-together-digits" and notes[0].context["table"] == "table3"
    assert not [f for f in findings if f.code.startswith(("DL1", "DL2", "DL3"))]


@pytest.mark.parametrize(
    "prose", ["本年行政许可12件，行政规范性文件13件。", "全年作出行政处罚3985758起，行政强制0起。", "办理行政许可12、行政处罚5、行政强制0。"]
)
def test_figures_in_prose_after_a_label_are_not_cells(prose):
    assert not parse_text("二、主动公开政府信息情况\n" + prose + "\n").tables["table2"].present


def test_a_glued_table2_row_is_read_up_to_the_next_label():
    text = "二、主动公开政府信息情况\n规章000行政规范性文件140120第二十条第（五）项信息内容本年处理决定数量行政许可12第二十条第（六）项行政处罚5行政强制0\n"
    table = parse_text(text).tables["table2"]
    assert [c.value for c in table.rows["regulations"].cells.values()] == [0, 0, 0]
    assert table.unreadable_rows == ["normative_documents"]  # 1|40|120, 14|0|120, 140|1|20 …
    assert [table.rows[r].value("decisions") for r in ("licensing", "penalties", "enforcement")] == [12, 5, 0]


@pytest.mark.parametrize(
    "sentence",
    ["详见二、主动公开政府信息情况所列数据。", "本报告分为：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况。"],
)
def test_a_heading_quoted_in_running_text_is_not_cut_out(sentence):
    prose = "本机关认真落实条例，" * 25 + sentence
    report = parse_text("一、总体情况\n" + prose + "\n", "r.txt")
    assert [s.number for s in report.sections] == [1] and len(report.lines) == 3


def test_clean_scraped_report_is_clean():
    assert codes(lint_text(PAGE, "page.txt", builtin_config()).findings) == []
