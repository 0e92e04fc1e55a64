"""HtmlReader: blocks, expanded table grids, charsets, chrome, limits."""

from __future__ import annotations

from collections import Counter

import pytest

from builders import SEED_001, TABLE3_HEAD, blocks, expanded, html_bytes, merged_table3, table_values
from conftest import imported_after
from disclosurelint.model import Document, ReadError
from disclosurelint.readers import Limits
from disclosurelint.readers.html import HtmlReader

READER = HtmlReader()


def read(data: bytes, limits: Limits = Limits()) -> Document:
    doc = READER.read(data, "report.html", limits)
    assert isinstance(doc, Document), doc
    return doc


def rows(doc: Document):
    return [[(c.text, c.merged) for c in line.cells] for line in doc.lines if line.is_row]


def texts(doc: Document):
    return [line.text for line in doc.lines if not line.is_row]


def page(body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


def test_rowspan_and_colspan_expand_to_the_exact_grid():
    doc = read(html_bytes([TABLE3_HEAD]))
    assert rows(doc) == expanded(TABLE3_HEAD)
    grid = rows(doc)
    assert grid[2][:3] == [(TABLE3_HEAD[0][0], True)] * 3
    assert grid[1][4:9] == [("法人或其他组织", False)] + [("法人或其他组织", True)] * 4
    assert grid[4][:3] == [("三、本年度办理结果", True), ("（三）不予公开", True), ("2.其他法律行政法规禁止公开", False)]


def test_cell_locations_are_grid_positions_and_the_start_tags_in_the_source():
    data = html_bytes([TABLE3_HEAD])
    source = data.decode("utf-8").split("\n")
    doc = read(data)
    row_lines = [line for line in doc.lines if line.is_row]
    cell = row_lines[2].cells[9]
    assert cell.location.grid == (1, 3, 10)
    assert cell.merged and cell.text == "总计"
    for line in row_lines:
        for c in line.cells:
            span = c.location.span
            tag = source[span.line - 1][span.column - 1 : span.end_column - 1]
            assert tag.startswith("<td") and tag.endswith(">") and span.line == span.end_line
    assert cell.location.span == row_lines[1].cells[9].location.span  # covered position: the origin's tag
    assert row_lines[2].text == " | ".join(c.text for c in row_lines[2].cells)


def test_cells_of_a_one_line_table_get_their_own_columns():
    data = page("<table><tr><td rowspan=2>一、本年新收</td><td>𝟎</td><td>75</td></tr><tr><td\n colspan=2>x</td></tr></table>")
    first = data.decode().split("\n")[0]
    doc = read(data)
    cells = [c for line in doc.lines if line.is_row for c in line.cells]

    def utf16_column(needle: str) -> int:
        return len(first[: first.index(needle)].encode("utf-16-le")) // 2 + 1

    assert [c.location.span.column for c in cells[:3]] == [utf16_column(t) for t in ("<td rowspan", "<td>𝟎", "<td>75")]
    assert cells[2].location.span.column - cells[1].location.span.column == len("<td>𝟎</td>") + 1  # 𝟎 is two units
    last_tag = len(first[: first.rindex("<td")].encode("utf-16-le")) // 2 + 1
    assert cells[4].location.span[:3] == (1, last_tag, 2)  # a start tag over two lines
    assert cells[3].merged and cells[3].location.span == cells[0].location.span


def test_irregular_spans_fill_gaps_and_clamp():
    doc = read(page(
        "<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr>"
        "<tr><td>d</td></tr>"
        "<tr><td colspan=0>e</td><td rowspan=99>f</td></tr>"
        "<tr><td rowspan='x'>g</td></tr></table>"
    ))
    assert rows(doc) == [
        [("a", False), ("b", False), ("c", False)],
        [("d", False), ("", False), ("c", True)],
        [("e", False), ("f", False)],
        [("g", False), ("f", True)],
    ]


def test_seed_001_round_trips_through_html_in_gbk():
    items = blocks(SEED_001.read_text(encoding="utf-8"))
    doc = read(html_bytes(items, encoding="gbk"))
    assert doc.format == "html" and doc.encoding == "gb18030"
    expected = []
    for item in items:
        expected.extend([" ".join(item.split())] if isinstance(item, str) else item)
    assert [[c.text for c in line.cells] if line.is_row else line.text for line in doc.lines] == expected
    assert Counter(line.location.grid.table for line in doc.lines if line.is_row) == {1: 14, 2: 28, 3: 4}


def test_meta_charset_gbk_page_is_decoded_right():
    html = "<html><head><meta charset=\"GBK\"><title>年报</title></head><body><p>行政规范性文件</p></body></html>"
    doc = read(html.encode("gbk"))
    assert texts(doc) == ["行政规范性文件"] and doc.encoding == "gb18030"


def test_gbk_page_without_declaration_is_detected():
    doc = read("<html><body><h1>政府信息公开工作年度报告</h1><p>本年新收政府信息公开申请数量</p></body></html>".encode("gbk"))
    assert texts(doc) == ["政府信息公开工作年度报告", "本年新收政府信息公开申请数量"]


def test_wrong_declaration_does_not_garble_a_utf8_page():
    doc = read("<meta charset=gb2312><p>政府信息公开工作年度报告</p>".encode("utf-8"))
    assert texts(doc) == ["政府信息公开工作年度报告"] and doc.encoding == "utf-8"


def test_chrome_is_ignored():
    doc = read(page(
        "<header>某某市人民政府门户网站</header><nav>首页</nav>"
        "<div id='topMenu'>菜单</div><div class='crumbs'>当前位置</div><div class='bdshare-box'>分享到</div>"
        "<script>document.write('x')</script><style>p{}</style><form>搜索<input value='关键词'></form>"
        "<aside>相关链接</aside><div style='display: none'>隐藏</div><div hidden>也隐藏</div>"
        "<h1>年度报告</h1><p>正文</p><div class='site-footer'>网站标识码</div><footer>版权所有</footer>"
    ))
    assert texts(doc) == ["年度报告", "正文"]


def test_class_names_do_not_hide_the_page_itself():
    doc = read(b"<html><body class='has-navbar'><article id='share-article'><p>\xe6\xad\xa3\xe6\x96\x87</p></article></body></html>")
    assert texts(doc) == ["正文"]


def test_blocks_br_and_whitespace():
    doc = read(page(
        "<p>　　本报告依据\n   《条例》编制。<br>第二行<b>加粗</b>&nbsp;文字<br/><br/>第三行</p>"
        "<div>前言<p>段落</p>尾声</div><pre>一行\n二行</pre>"
    ))
    assert texts(doc) == ["本报告依据 《条例》编制。", "第二行加粗 文字", "第三行", "前言", "段落", "尾声", "一行", "二行"]
    paragraphs = [line.location.paragraph for line in doc.lines]
    assert paragraphs == [1, 1, 1, 2, 3, 4, 5, 5]


def test_text_lines_carry_source_lines():
    doc = read(b"<html><body>\n<p>first</p>\n\n<p>second<br>\nthird</p>\n</body></html>")
    assert [(line.text, line.location.span.line) for line in doc.lines] == [("first", 2), ("second", 4), ("third", 4)]


def test_paragraphs_and_tables_keep_document_order():
    doc = read(page("<p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>0</td></tr><tr><td>行政许可</td><td>5</td></tr></table><p>三、收到和处理</p>"))
    assert [line.text for line in doc.lines] == ["二、主动公开政府信息情况", "规章 | 0", "行政许可 | 5", "三、收到和处理"]


def test_cell_blocks_join_with_a_space():
    doc = read(page("<table><tr><td><p class=MsoNormal>商业</p><p>企业</p></td><td>结果<br>纠正</td><td><span>科研</span><span>机构</span></td></tr></table>"))
    assert rows(doc) == [[("商业 企业", False), ("结果 纠正", False), ("科研机构", False)]]


def test_layout_tables_are_transparent_and_nested_tables_stand_alone():
    doc = read(page(
        "<table class='main'><tr><td>"
        "<p>二、主动公开政府信息情况</p>"
        "<table><tr><td>规章</td><td>1</td></tr></table>"
        "<p>四、行政复议</p>"
        "<table><tr><td>0</td><td>1</td></tr></table>"
        "</td><td>右栏</td></tr></table>"
        "<table><tr><td>整页只有一个单元格</td></tr></table>"
    ))
    assert [line.text for line in doc.lines] == ["二、主动公开政府信息情况", "规章 | 1", "四、行政复议", "0 | 1", "右栏", "整页只有一个单元格"]
    assert [line.location.grid.table for line in doc.lines if line.is_row] == [1, 2]


def test_caption_precedes_rows():
    doc = read(page("<table><caption>表一</caption><tr><td>a</td><td>b</td></tr></table>"))
    assert [line.text for line in doc.lines] == ["表一", "a | b"]


@pytest.mark.parametrize("data,kind", [(b"", "empty"), (b"  \n ", "empty"), (page("<img src='scan.png'>"), "no-text"),
                                       (b"<html><body><script>x</script></body></html>", "no-text"), (b"<!-- -->", "no-text")])
def test_no_text(data, kind):
    result = READER.read(data, "x.html", Limits())
    assert isinstance(result, ReadError) and result.kind == kind and result.message


def test_binary_junk_is_refused():
    result = READER.read(b"<html>\x00\x01\x02" * 50, "x.html", Limits())
    assert isinstance(result, ReadError) and result.kind == "binary" and "二进制" in result.message


def test_nesting_deeper_than_the_limit_is_refused():
    deep = page("<div>" * 60 + "正文" + "</div>" * 60)
    assert isinstance(read(deep), Document)
    result = READER.read(deep, "x.html", Limits(max_html_depth=50))
    assert isinstance(result, ReadError) and result.kind == "too-large" and "50" in result.message


def test_huge_spans_are_refused():
    result = READER.read(page("<table>" + "<tr><td colspan=1000 rowspan=65534>x</td><td>y</td></tr>" * 60 + "</table>"), "x.html", Limits())
    assert isinstance(result, ReadError) and result.kind == "too-large"


def test_no_network_or_entity_expansion(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    data = f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><p>a&x;b</p><iframe src="file://{secret}"></iframe></body></html>'
    assert "SECRET" not in " ".join(line.text for line in read(data.encode()).lines)


def test_sniff():
    assert READER.sniff(b"\xef\xbb\xbf  <!DOCTYPE HTML>\n<html>", "report.txt") == 2
    assert READER.sniff(b"<table><tr><td>1</td></tr></table>", "x") == 2
    assert READER.sniff("<html>".encode("utf-16"), "x") == 2
    assert READER.sniff(b"# title\n<table>", "x.md") == 0
    assert READER.sniff(b"plain", "x.HTM") == 1
    assert READER.sniff(b"plain", "x.txt") == 0


def test_readers_do_not_import_heavy_libraries():
    script = "import disclosurelint.readers.html, disclosurelint.readers.docx, disclosurelint.readers.pdf, disclosurelint.readers.encoding"
    assert imported_after(script, ["lxml", "docx", "pypdf", "charset_normalizer"]) == []


def test_seed_001_as_html_binds_the_same_tables_as_the_plain_seed():
    from disclosurelint.parse import parse_document, parse_text

    text = SEED_001.read_text(encoding="utf-8")
    plain = table_values(parse_text(text))
    assert sum(len(cells) for cells in plain.values()) == 200
    items = blocks(text)
    assert table_values(parse_document(read(html_bytes(items, encoding="gbk")))) == plain
    table3 = next(i for i, item in enumerate(items) if not isinstance(item, str) and "申请人情况" in item[0])
    items[table3] = merged_table3(items[table3])
    report = parse_document(read(html_bytes(items)))
    assert table_values(report) == plain
    cell = report.tables["table3"].cell("new", "total")
    assert cell.value == 122 and cell.location.grid.table == 2 and cell.location.grid.col == 10
