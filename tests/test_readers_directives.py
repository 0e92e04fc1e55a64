"""Readers: inline suppression comments (``<!-- disclosurelint: … -->``) kept as ``Document.directives``.

What a comment covers is decided here, by the reader that knows the layout:
in Markdown and text the table row it is on, else its paragraph; in HTML the
table row it is in, else the element right after it, else the element holding
it.  What a directive says is read by the suppression stage (test_suppressions.py).
"""

from __future__ import annotations

from typing import List, Tuple

from builders import blocks, html_bytes
from conftest import seed_text

from disclosurelint.model import Directive, Document
from disclosurelint.readers import Limits
from disclosurelint.readers.html import HtmlReader
from disclosurelint.readers.text import TextReader, text_document


def covered(doc: Document) -> List[Tuple[str, Tuple[int, int]]]:
    return [(d.text, d.lines) for d in doc.directives]


MARKDOWN = """# 标题
<!-- disclosurelint: ignore DL501 数字口径不同，已核实 -->
第一段第一行
第一段第二行<!-- disclosurelint: ignore DL801 转换痕迹保留原样 -->

| 行政规范性文件 | 3 |  | 20 | <!-- disclosurelint: ignore DL201 当年无数据 -->
| 行政许可 | 12 |
<!--disclosurelint：disable DL201,DL202
     历年表格如此 -->

第二段 <!-- 普通注释 -->
"""


def test_markdown_comments_cover_their_row_or_paragraph_and_are_blanked_out() -> None:
    doc = text_document(MARKDOWN, "report.md")
    assert covered(doc) == [
        ("ignore DL501 数字口径不同，已核实", (1, 4)),  # the line above a paragraph belongs to it
        ("ignore DL801 转换痕迹保留原样", (1, 4)),
        ("ignore DL201 当年无数据", (6, 6)),  # a table row: that row only
        ("disable DL201,DL202\n     历年表格如此", (8, 9)),  # full-width colon, two lines
    ]
    texts = [line.text for line in doc.lines]
    assert texts[1].strip() == "" and texts[3].rstrip() == "第一段第二行"
    assert texts[5].rstrip() == "| 行政规范性文件 | 3 |  | 20 |"  # no extra cell
    assert "<!-- 普通注释 -->" in texts[10]  # other comments are left alone
    assert all(len(a) == len(b) for a, b in zip(texts, MARKDOWN.split("\n")))  # columns unchanged
    (first, *_) = doc.directives
    assert first.location.span[:2] == (2, 1) and first.row is None


def test_text_without_directives_is_read_as_before() -> None:
    text = seed_text("004")
    doc = text_document(text, "report.txt")
    assert doc.directives == [] and [line.text for line in doc.lines] == text.split("\n")


def test_the_text_reader_keeps_directives() -> None:
    doc = TextReader().read(MARKDOWN.encode("gb18030"), "report.md", Limits())
    assert isinstance(doc, Document) and len(doc.directives) == 4


def html_of(text: str) -> bytes:
    return html_bytes(blocks(text), chrome=False)


def test_html_comments_cover_their_row_or_the_element_after_them() -> None:
    page = html_of("第一段\n第二段\n行政规范性文件 | 3 | | 20 |\n行政许可 | 12 |\n").decode("utf-8")
    page = page.replace("<td>3</td>", "<td>3</td><!-- disclosurelint: ignore DL201 当年无数据 -->")
    page = page.replace("<p>第二段</p>", "<!-- disclosurelint: ignore DL501 已核实 -->\n<p>第二段</p>")
    page = page.replace("<p>第一段</p>", "<p>第一段<!-- disclosurelint: ignore DL801 原样 --></p>")
    page = page.replace("<tr><td>行政许可", "<!-- disclosurelint: ignore DL202 原样 -->\n<tr><td>行政许可")
    doc = HtmlReader().read(page.encode("utf-8"), "report.html", Limits())
    assert isinstance(doc, Document)
    lines = page.split("\n")

    def line_of(text: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if text in line)

    assert doc.directives == [
        Directive("ignore DL801 原样", doc.directives[0].location, (line_of("第一段"),) * 2),
        Directive("ignore DL501 已核实", doc.directives[1].location, (line_of("<p>第二段"),) * 2),
        Directive("ignore DL201 当年无数据", doc.directives[2].location, (line_of("当年无数据"),) * 2, row=1),
        Directive("ignore DL202 原样", doc.directives[3].location, (line_of("<tr><td>行政许可"),) * 2, row=2),
    ]
    assert [d.location.span.line for d in doc.directives] == [line_of(t) for t in ("原样 -->", "已核实", "当年无数据", "DL202")]
    assert [line.text for line in doc.lines] == [
        line.text for line in HtmlReader().read(html_of("第一段\n第二段\n行政规范性文件 | 3 | | 20 |\n行政许可 | 12 |\n"), "r.html", Limits()).lines
    ]


def test_html_without_directives_has_none() -> None:
    doc = HtmlReader().read(html_of(seed_text("001")), "report.html", Limits())
    assert isinstance(doc, Document) and doc.directives == []


def test_a_comment_on_a_gfm_table_row_adds_no_cell() -> None:
    text = "| 信息内容 | 本年制发件数 | 本年废止件数 |\n|---|---|---|\n| 行政规范性文件 | 3 |  | <!-- disclosurelint: ignore DL201 原表留空 -->\n"
    doc = text_document(text, "report.md")
    assert covered(doc) == [("ignore DL201 原表留空", (3, 3))]
    (header, row) = [line for line in doc.lines if line.is_row]
    assert [c.text for c in row.cells] == ["行政规范性文件", "3", ""] and row.location.grid[:2] == (1, 2)
