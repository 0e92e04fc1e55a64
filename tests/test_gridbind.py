"""The grid binder on hand-written converter and OCR fragments: the mess real files have."""

from __future__ import annotations

import re
from typing import List

import pytest

from builders import table_values
from conftest import builtin_config, codes
from disclosurelint.api import lint_text
from disclosurelint.extract import report_to_dict
from disclosurelint.model import CellKind
from disclosurelint.parse import parse_text
from handmade import report

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_HEAD = [
    f"| {CORNER} |  |  | 申请人情况 |  |  |  |  |  |  |",
    "|---|---|---|---|---|---|---|---|---|---|",
    "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |",
    "|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |",
]


def table3(*rows: str) -> str:
    return "\n".join(["三、收到和处理政府信息公开申请情况", ""] + T3_HEAD + list(rows)) + "\n"


def values(text: str, table: str = "table3") -> dict:
    return {row.id: [c.value for c in row.cells.values()] for row in parse_text(text, "r.md").tables[table].rows.values() if row.present}


def gfm(text: str) -> str:
    """Handmade pipe rows as GFM tables: a delimiter row after the first row of each table."""
    out: List[str] = []
    for line in text.split("\n"):
        out.append(line)
        if line.startswith("|") and (len(out) < 2 or not out[-2].startswith("|")):
            out.append("|" + "---|" * (line.count("|") - 1))
    return "\n".join(out)


def test_both_binders_give_the_same_tables():
    text = report()
    grids = parse_text(gfm(text), "r.md")
    assert any(line.is_row for line in grids.lines)
    assert table_values(grids) == table_values(parse_text(text, "r.txt"))
    assert sum(len(cells) for cells in table_values(grids).values()) == 200
    assert lint_text(gfm(text), "r.md", builtin_config()).findings == []


def test_empty_cells_left_by_merged_labels_are_not_data_cells():
    text = table3(
        "| 一、本年新收政府信息公开申请数量 |  |  | 8 | 2 | 0 | 0 | 0 | 0 | 10 |",
        "| 三、本年度办理结果 | （一）予以公开 |  | 4 | 1 | 0 | 0 | 0 | 0 | 5 |",
        "|  | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| （七）总计 |  |  | 7 | 2 | 0 | 0 | 0 | 0 | 9 |",  # the label in the wrong column
        "| 四、结转下年度继续办理 | 四、结转下年度继续办理 | 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",  # docling repeats
    )
    assert values(text) == {
        "new": [8, 2, 0, 0, 0, 0, 10],
        "disclosed": [4, 1, 0, 0, 0, 0, 5],
        "refused_1": [0] * 7,
        "total": [7, 2, 0, 0, 0, 0, 9],
        "carried_forward": [2, 0, 0, 0, 0, 0, 2],
    }


def test_a_blank_cell_stays_in_its_column_and_a_blank_column_does_not_shift_the_grid():
    rows = [f"| {label} |  |  |  | 0 | 0 | 0 | 0 | 0 | {n} |" for label, n in (("一、本年新收政府信息公开申请数量", 3), ("（七）总计", 3))]
    table = parse_text(table3(*rows), "r.md").tables["table3"]
    new = table.rows["new"].cells
    assert new["natural_person"].kind is CellKind.BLANK and not new["natural_person"].inferred
    assert new["total"].value == 3 and new["commercial"].value == 0


def test_a_header_repeated_on_the_next_page_and_a_page_footer_row_are_skipped():
    text = table3(
        "| 一、本年新收政府信息公开申请数量 |  |  | 8 | 0 | 0 | 0 | 0 | 0 | 8 |",
        "| — 3 — |  |  |  |  |  |  |  |  |  |",
        *T3_HEAD[2:],
        "| 二、上年结转政府信息公开申请数量 |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    )
    assert values(text) == {"new": [8, 0, 0, 0, 0, 0, 8], "carried_over": [1, 0, 0, 0, 0, 0, 1]}


@pytest.mark.parametrize(
    "written,value", [("75件", 75), ("７５", 75), ("1,234", 1234), ("１，２３４", 1234), (" 75 ", 75), ("**75**", 75), ("75\u200b", 75)]
)
def test_units_full_width_digits_and_thousands_separators(written, value):
    text = table3(f"| 一、本年新收政府信息公开申请数量 |  |  | {written} | 0 | 0 | 0 | 0 | 0 | {written} |")
    assert values(text)["new"] == [value, 0, 0, 0, 0, 0, value]


def test_a_mistyped_number_is_invalid_in_place():
    text = table3("| 一、本年新收政府信息公开申请数量 |  |  | 三 | 0 | 0 | 0 | 0 | 0 | 3 |")
    cells = parse_text(text, "r.md").tables["table3"].rows["new"].cells
    assert cells["natural_person"].kind is CellKind.INVALID and cells["total"].value == 3


def test_rows_without_labels_bind_by_position_only_when_the_count_fits():
    head = ["| 本年制发件数 | 本年废止件数 | 现行有效件数 |", "|---|---|---|"]
    six = ["| 1 | 0 | 5 |", "| 2 | 1 | 9 |", "| 3 |  |  |", "| 4 |  |  |", "| 0 |  |  |", "| 1.5 |  |  |"]
    text = "\n".join(["二、主动公开政府信息情况", ""] + head + six) + "\n"
    assert values(text, "table2") == {
        "regulations": [1, 0, 5], "normative_documents": [2, 1, 9], "licensing": [3], "penalties": [4], "enforcement": [0],
        "fees": [__import__("decimal").Decimal("1.5")],
    }
    assert values("\n".join(["二、主动公开政府信息情况", ""] + head + six[:5]) + "\n", "table2") == {}


def test_unlabelled_rows_fill_the_gap_between_labelled_neighbours():
    text = table3(
        "| 一、本年新收政府信息公开申请数量 |  |  | 8 | 0 | 0 | 0 | 0 | 0 | 8 |",
        "|  |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",  # 二、 lost its label
        "| 三、本年度办理结果 | （一）予以公开 |  | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
    )
    assert values(text)["carried_over"] == [1, 0, 0, 0, 0, 0, 1]


def test_a_table_cut_short_is_mapped_by_its_header_and_lacks_columns():
    text = "\n".join(
        ["三、收到和处理政府信息公开申请情况", "", f"| {CORNER} |  |  | 申请人情况 |  |", "|---|---|---|---|---|",
         "|  |  |  | 自然人 | 总计 |", "| 一、本年新收政府信息公开申请数量 |  |  | 8 | 8 |"]
    ) + "\n"
    parsed = parse_text(text, "r.md")
    table = parsed.tables["table3"]
    assert [(c.column, c.value) for c in table.rows["new"].cells.values()] == [("natural_person", 8), ("total", 8)]
    assert table.missing_columns == ["commercial", "research", "public_interest", "legal_service", "other_org"]
    assert report_to_dict(parsed)["tables"]["table3"]["missing_columns"] == table.missing_columns
    findings = [f for f in lint_text(text, "r.md", builtin_config()).findings if f.code.startswith("DL2") or "列" in f.message]
    assert [(f.code, f.message) for f in findings] == [
        ("DL105", "“收到和处理政府信息公开申请情况”表缺少“商业企业”、“科研机构”、“社会公益组织”、“法律服务机构”、“其他”列")
    ]


def test_a_fragment_of_a_table_cut_short_takes_the_header_of_the_fragment_before():
    text = "\n".join(
        ["三、收到和处理政府信息公开申请情况", "", "|  |  |  | 自然人 | 总计 |", "|---|---|---|---|---|",
         "| 一、本年新收政府信息公开申请数量 |  |  | 8 | 8 |", "", "|  |  |  | 数据1 | 数据2 |", "|---|---|---|---|---|",
         "| 二、上年结转政府信息公开申请数量 |  |  | 1 | 1 |"]
    ) + "\n"
    table = parse_text(text, "r.md").tables["table3"]
    assert [(c.column, c.value) for c in table.rows["carried_over"].cells.values()] == [("natural_person", 1), ("total", 1)]


def test_a_label_wrapped_onto_two_rows_at_a_page_break_is_one_label():
    text = table3(
        "|  | （二）部分公开（区分处理的，只计这一情 |  |  |  |  |  |  |  |  |",
        "|  | 形，不计其他情形） |  | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    )
    table = parse_text(text, "r.md").tables["table3"]
    assert table.rows["partially_disclosed"].value("total") == 2
    assert table.rows["partially_disclosed"].label_text == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def test_rows_that_lost_their_grid_are_read_from_the_text_when_written_in_full():
    text = table3(
        "| 一、本年新收政府信息公开申请数量 |  |  | 8 | 0 | 0 | 0 | 0 | 0 | 8 |",
    ) + "二、上年结转政府信息公开申请数量 1 0 0 0 0 0 1\n（七）总计 7 0\n"
    rows = parse_text(text, "r.md").tables["table3"].rows
    assert [c.value for c in rows["carried_over"].cells.values()] == [1, 0, 0, 0, 0, 0, 1]
    assert not rows["total"].present  # two numbers of seven: not a table row


def test_a_prose_figure_in_section_two_is_not_a_table_row():
    text = gfm(report()).replace("二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n本年制发行政规范性文件 13 件。\n")
    assert values(text, "table2")["normative_documents"] == [3, 1, 20]


def test_one_value_rows_repeated_by_docling_take_one_value():
    text = gfm(report()).replace("| 行政许可 | 12 |", "| 行政许可 | 12 | 12 | 12 |")
    assert values(text, "table2")["licensing"] == [12]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1)])
def test_table4_in_three_small_tables_is_placed_by_caption(order):
    captions = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    numbers = [[1, 0, 0, 1, 2], [1, 0, 0, 0, 1], [0, 0, 0, 0, 0]]
    parts = ["四、政府信息公开行政复议、行政诉讼情况", ""]
    for g in order:
        parts += [captions[g], "", "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |", "|---|---|---|---|---|", "| " + " | ".join(map(str, numbers[g])) + " |", ""]
    assert values("\n".join(parts), "table4") == {"cases": [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]}


def test_table4_fragments_without_captions_go_in_order_and_a_missing_group_is_missing():
    parts = ["四、政府信息公开行政复议、行政诉讼情况", ""]
    for n in ([1, 0, 0, 1, 2], [1, 0, 0, 0, 1]):
        parts += ["| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |", "|---|---|---|---|---|", "| " + " | ".join(map(str, n)) + " |", ""]
    table = parse_text("\n".join(parts), "r.md").tables["table4"]
    assert [c.value for c in table.rows["cases"].cells.values()] == [1, 0, 0, 1, 2, 1, 0, 0, 0, 1]
    assert table.missing_columns == [c for c in ("after_review_upheld", "after_review_corrected", "after_review_other", "after_review_pending", "after_review_total")]


def test_html_inside_markdown_binds_like_html():
    grid = "<table><tr><td rowspan=2>三、本年度办理结果</td><td colspan=2>（一）予以公开</td>" + "<td>4</td>" * 6 + "<td>24</td></tr>"
    grid += "<tr><td>（三）不予公开</td><td>1.属于国家秘密</td>" + "<td>0</td>" * 7 + "</tr></table>"
    assert values("三、收到和处理政府信息公开申请情况\n\n" + grid + "\n") == {"disclosed": [4] * 6 + [24], "refused_1": [0] * 7}


def test_a_grid_that_binds_nothing_leaves_the_section_to_the_text_binder():
    text = report().replace("| 规章 |", "规章 |", 1)
    layout = "二、主动公开政府信息情况\n| 说明 | 备注 |\n|---|---|\n| 无 | 无 |\n" + text.split("二、主动公开政府信息情况\n", 1)[1]
    text = text.split("二、主动公开政府信息情况\n", 1)[0] + layout
    assert values(text, "table2")["licensing"] == [12]


def test_seed_like_flattened_rows_align_on_their_own_labels():
    text = gfm(report(t3={"refused_8": [1, 0, 0, 0, 0, 0, 1], "total": [8, 2, 0, 0, 0, 0, 10]}))
    assert re.search(r"\| 8\.属于行政查询事项 \| 1 \|", text)
    assert values(text)["refused_8"] == [1, 0, 0, 0, 0, 0, 1]
    # the outcome total holds with the new row; the balance of 自然人 and 总计 no longer does
    assert codes(lint_text(text, "r.md", builtin_config()).findings) == ["DL301", "DL301"]
