"""Build HTML and DOCX inputs from pipe-row text (the layout of seed 001).

A line with a ``|`` is a table row; every cell is followed by ``|`` (seed 001
style, ``a | b |``), consecutive rows form one table.  Other non-blank lines are
paragraphs.  Two cell markers describe merged cells: ``<`` continues the cell
on the left (colspan), ``^`` continues the cell above (rowspan).
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Tuple, Union

FIXTURES = Path(__file__).parent / "fixtures"
SEED_001 = FIXTURES / "seeds" / "001_81183c335ca9cca0.txt"

Row = List[str]
Block = Union[str, List[Row]]  # a paragraph, or a table as rows of cell texts

#: Table 3 header as published: the corner note over three rows and columns,
#: 法人或其他组织 over five columns, then rows under merged group labels.
TABLE3_HEAD: List[Row] = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "<", "<", "申请人情况", "<", "<", "<", "<", "<", "<"],
    ["^", "^", "^", "自然人", "法人或其他组织", "<", "<", "<", "<", "总计"],
    ["^", "^", "^", "^", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "^"],
    ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
    ["^", "^", "2.其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "0", "1"],
]


class Span(NamedTuple):
    row: int  # 0-based grid position of the origin cell
    col: int
    rowspan: int
    colspan: int
    text: str


def pipe_cells(line: str) -> Row:
    """``a | b | |`` -> ``["a", "b", ""]``: the text after the last ``|`` is not a cell."""
    return [cell.strip() for cell in line.split("|")[:-1]]


def blocks(text: str) -> List[Block]:
    result: List[Block] = []
    for line in text.splitlines():
        if "|" in line:
            if not result or isinstance(result[-1], str):
                result.append([])
            result[-1].append(pipe_cells(line))  # type: ignore[union-attr]
        elif line.strip():
            result.append(line)
    return result


def spans(rows: List[Row]) -> List[Span]:
    """The origin cells of a marked-up grid with their extents."""
    result = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in ("<", "^"):
                continue
            colspan = 1
            while c + colspan < len(row) and row[c + colspan] == "<":
                colspan += 1
            rowspan = 1
            while r + rowspan < len(rows) and c < len(rows[r + rowspan]) and rows[r + rowspan][c] == "^":
                rowspan += 1
            result.append(Span(r, c, rowspan, colspan, text))
    return result


def expanded(rows: List[Row]) -> List[List[Tuple[str, bool]]]:
    """The grid a reader must produce: (text, merged) per position."""
    grid: List[List[Tuple[str, bool]]] = [[("", False)] * len(row) for row in rows]
    for span in spans(rows):
        for i in range(span.rowspan):
            for j in range(span.colspan):
                grid[span.row + i][span.col + j] = (span.text, (i, j) != (0, 0))
    return grid


def merged_table3(rows: List[Row]) -> List[Row]:
    """Seed 001's flattened Table 3 (merged cells dropped, rows padded) as the published merged layout."""

    def inner(labels: Row) -> Row:  # columns 2 and 3: group and item labels
        if len(labels) == 2:
            return labels
        return ["^", labels[0]] if labels[0][0].isdigit() else [labels[0], "<"]

    head = [list(row) for row in TABLE3_HEAD[:3]]
    head[0][0] = rows[0][0]
    body = []
    for cells in rows[3:]:
        labels = [c for c in cells if c and not c.isdigit()]
        numbers = [c for c in cells if c.isdigit()]
        if labels[0].startswith(("一、", "二、", "四、")):
            body.append([labels[0], "<", "<"] + numbers)
        elif labels[0].startswith("三、"):
            body.append([labels[0]] + inner(labels[1:]) + numbers)
        else:
            body.append(["^"] + inner(labels) + numbers)
    return head + body


def table_values(report: Any) -> Dict[str, Dict[Tuple[str, str], Tuple[str, str]]]:
    """Every bound cell of Tables 2/3/4 as (kind, value), for comparing inputs."""
    return {tid: {(c.row, c.column): (c.kind.value, str(c.value)) for c in table.cells()} for tid, table in report.tables.items()}


def html_bytes(items: List[Block], encoding: str = "utf-8", chrome: bool = True) -> bytes:
    """A web page like a government site's: meta charset, navigation and footer around the report."""
    body: List[str] = []
    for item in items:
        if isinstance(item, str):
            body.append(f"<p>{escape(item)}</p>")
            continue
        by_row: List[List[str]] = [[] for _ in item]
        for span in spans(item):
            attrs = (f' rowspan="{span.rowspan}"' if span.rowspan > 1 else "") + (f' colspan="{span.colspan}"' if span.colspan > 1 else "")
            by_row[span.row].append(f"<td{attrs}>{escape(span.text)}</td>")
        body.append("<table border=\"1\">\n" + "\n".join(f"<tr>{''.join(cells)}</tr>" for cells in by_row) + "\n</table>")
    head = f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={encoding}">\n<title>政府信息公开</title>\n<script>var nav = "首页";</script>\n</head>\n<body>\n'
    top = '<div class="nav">首页 | 政务公开 | 信息公开年报</div>\n<div class="breadcrumb">当前位置：首页 &gt; 年报</div>\n' if chrome else ""
    bottom = "<footer>主办单位：某某县人民政府办公室 版权所有</footer>\n" if chrome else ""
    return (head + top + "\n".join(body) + "\n" + bottom + "</body>\n</html>\n").encode(encoding)


def docx_bytes(items: List[Block]) -> bytes:
    """A Word document with the paragraphs and tables, merged cells merged for real."""
    import docx

    document = docx.Document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        table = document.add_table(rows=len(item), cols=max(len(row) for row in item))
        for span in spans(item):
            cell = table.cell(span.row, span.col)
            if span.rowspan > 1 or span.colspan > 1:
                cell = cell.merge(table.cell(span.row + span.rowspan - 1, span.col + span.colspan - 1))
            cell.text = span.text
        for tr, row in zip(table._tbl.tr_lst, item):  # ragged rows stay ragged, as in HTML
            for tc in tr.tc_lst:
                if tc.grid_offset >= len(row):
                    tr.remove(tc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
