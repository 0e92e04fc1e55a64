"""Markdown reports: pipe tables and HTML tables as grids, everything else line by line."""

from __future__ import annotations

import pytest

from conftest import imported_after
from handmade import report
from disclosurelint.model import Document
from disclosurelint.readers.text import text_document


def read(text: str, path: str = "r.md") -> Document:
    return text_document(text, path)


def rows(doc: Document):
    return [[c.text for c in line.cells] for line in doc.lines if line.is_row]


def test_pipe_table_keeps_every_cell_and_its_column():
    text = "# 标题\n\n| 一、本年新收 |  |  | 75 |\n|---|---|---|---|\n| 商业<br>企业 | x\\|y | &amp; **7** |\n"
    doc = read(text)
    assert rows(doc) == [["一、本年新收", "", "", "75"], ["商业 企业", "x|y", "& 7"]]
    first = next(line for line in doc.lines if line.is_row)
    source = text.split("\n")[2]
    for cell in first.cells:
        span = cell.location.span
        assert span.line == 3 and source[span.column - 1 : span.end_column - 1] == cell.text
    assert [c.location.grid for c in first.cells] == [(1, 1, 1), (1, 1, 2), (1, 1, 3), (1, 1, 4)]
    assert [line.text for line in doc.lines if not line.is_row] == ["# 标题", "", ""]  # the delimiter row is no line
    assert doc.format == "markdown" and [l.location.span.line for l in doc.lines if not l.is_row] == [1, 2, 6]


def test_a_short_wrong_header_does_not_cut_the_rows_under_it():
    text = "| 自然人 | 法人或其他组织 | 总计 |\n| --- | --- | --- |\n|  | （五）不予处理 | 1.信访举报投诉类申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    assert rows(read(text))[1] == ["", "（五）不予处理", "1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"]


def test_text_right_after_a_table_stays_text():
    doc = read("| a | b |\n|---|---|\n| 1 | 2 |\n四、政府信息公开行政复议、行政诉讼情况\n")
    assert [line.text for line in doc.lines if not line.is_row] == ["四、政府信息公开行政复议、行政诉讼情况", ""]


def test_pipes_in_a_code_fence_are_not_a_table():
    doc = read("```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n| c | d |\n|---|---|\n")
    assert rows(doc) == [["c", "d"]]


def test_headerless_pipe_rows_are_a_table_once_the_file_has_one():
    fragment = "|  | 3.危及“三安全一稳定” | 0 | 0 |\n|  | 4.保护第三方合法权益 | 0 | 0 |\n"
    assert rows(read("| a | b |\n|---|---|\n\n" + fragment))[1:] == [["", "3.危及“三安全一稳定”", "0", "0"], ["", "4.保护第三方合法权益", "0", "0"]]
    assert not any(line.is_row for line in read(fragment).lines)  # no pipe table at all: plain text, as seed 001


def test_html_tables_are_expanded_grids_located_in_the_file():
    text = "# 三、收到和处理政府信息公开申请情况\n\n<table><tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>9</td></tr><tr><td>（二）部分公开</td><td>1</td></tr></table>\n紧跟的文字\n"
    doc = read(text)
    assert [[(c.text, c.merged) for c in line.cells] for line in doc.lines if line.is_row] == [
        [("三、本年度办理结果", False), ("（一）予以公开", False), ("9", False)],
        [("三、本年度办理结果", True), ("（二）部分公开", False), ("1", False)],
    ]
    nine = next(line for line in doc.lines if line.is_row).cells[2]
    source = text.split("\n")[2]
    assert nine.location.span.line == 3 and source[nine.location.span.column - 1 :].startswith("<td>9</td>")
    assert [line.text for line in doc.lines if not line.is_row] == ["# 三、收到和处理政府信息公开申请情况", "", "紧跟的文字", ""]


def test_an_html_table_cut_by_blank_lines_is_one_table_numbered_after_the_pipe_tables():
    text = "| a | b |\n|---|---|\n\n<table>\n<tr><td>规章</td><td>0</td></tr>\n\n<tr><td>行政许可</td><td>5</td></tr>\n</table>\n"
    doc = read(text)
    assert rows(doc) == [["a", "b"], ["规章", "0"], ["行政许可", "5"]]
    assert [line.location.grid.table for line in doc.lines if line.is_row] == [1, 2, 2]
    assert [line.location.span.line for line in doc.lines if line.is_row] == [1, 5, 7]


@pytest.mark.parametrize("path", ["r.txt", "r.md"])
def test_text_with_tables_is_markdown_whatever_its_name(path):
    doc = read("正文\n| a | b |\n| :-: | --- |\n| 1 | 2 |\n", path)
    assert doc.format == "markdown" and rows(doc) == [["a", "b"], ["1", "2"]]


def test_markdown_without_tables_is_read_as_text():
    doc = read("## 一、总体情况\n\n| 规章 | 0 |\n", "r.md")
    assert doc.format == "markdown" and not any(line.is_row for line in doc.lines)
    assert [line.text for line in doc.lines] == ["## 一、总体情况", "", "| 规章 | 0 |", ""]


def test_markdown_it_only_for_text_with_tables():
    plain = "from disclosurelint.readers.text import text_document; text_document('| 规章 | 0 |\\n## 标题', 'r.md')"
    assert imported_after(plain, ["markdown_it", "lxml"]) == []
    table = "from disclosurelint.readers.text import text_document; text_document('| a |\\n|---|\\n| 1 |', 'r.md')"
    assert imported_after(table, ["markdown_it", "lxml"]) == ["markdown_it"]


def test_linting_plain_text_imports_no_markdown_pdf_table_or_html_library(tmp_path):
    plain = tmp_path / "r.txt"
    plain.write_text(report(), encoding="utf-8")
    markdown = tmp_path / "r.md"
    markdown.write_text(report(headings={1: "## 一、总体情况"}), encoding="utf-8")
    script = f"from disclosurelint.api import lint_paths; lint_paths([{str(plain)!r}, {str(markdown)!r}])"
    assert imported_after(script, ["markdown_it", "pdfplumber", "pdfminer", "lxml"]) == []


def test_a_pdf_without_ruled_tables_does_not_load_pdfplumber(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "r.pdf"
    page = canvas.Canvas(str(path))
    for n, text in enumerate(["规章 0 0 0", "行政许可 12", "行政处罚 5", "行政强制 0"]):
        page.drawString(72, 700 - 20 * n, text)
    page.save()
    script = f"from disclosurelint.api import lint_paths; lint_paths([{str(path)!r}])"
    assert imported_after(script, ["pdfplumber", "pdfminer"]) == []


def test_an_html_table_beyond_the_limits_stays_text():
    huge = "<table>" + "<tr><td colspan=1000 rowspan=65534>x</td><td>y</td></tr>" * 60 + "</table>"
    doc = read("| a | b |\n|---|---|\n\n" + huge + "\n")
    assert rows(doc) == [["a", "b"]] and huge in [line.text for line in doc.lines]


def test_a_table_after_text_on_its_line_is_a_table_and_the_text_a_line():
    doc = read("三、收到和处理政府信息公开申请情况<table><tr><td>（一）予以公开</td><td>9</td></tr></table>\n")
    assert [line.text for line in doc.lines if not line.is_row][0] == "三、收到和处理政府信息公开申请情况"
    assert rows(doc) == [["（一）予以公开", "9"]]
