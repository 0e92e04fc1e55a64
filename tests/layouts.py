"""A report's content rendered into the layouts real reports reach users in (test builders).

Every layout function takes a *content* dict and returns the file (``str``
for text and Markdown, ``bytes`` for ``word_html`` and ``ruled_pdf``)::

    content = {
        "title": "",                      # a title line, or "" (the seeds carry theirs in the preamble)
        "preamble": "本报告根据……编制。",
        "prose": {1: "…", 5: "…", 6: "…"},  # "\\n" separates paragraphs
        "table2": {...}, "table3": {...}, "table4": {"cases": [15 values]},  # each may be absent
    }

The table dicts have the shape of ``expected_tables.py`` (template 2021;
``None`` is a blank cell; Table 2 ``fees`` may be a Decimal).  Clean content
gives a clean report in every layout: the same numbers in template order,
only the layout differs.  :func:`seed_content` is a seed's own content.

Layouts (``LAYOUTS`` maps name -> function, suffix): the converters' Markdown
(marker: pipe tables with merged cells left empty; docling: merged cells
repeated; MinerU/PP-Structure: HTML tables inside Markdown), OCR Markdown with
Table 3 in fragments, Table 4 as three small tables or one flat row, rows
without labels, tables cut short, Word "Save as Web Page" HTML, text scraped
from a web page with its tags stripped, OCR-damaged headings, the pre-2019
outline, and a PDF with ruled tables as Word prints it (reportlab).
Written from the research in issue 8 (what MinerU, marker, docling,
PaddleOCR, Word and pdfplumber really produce).
"""

from __future__ import annotations

import html as _html
import re
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

# --------------------------------------------------------------------------
# The template (2021 format), labels exactly as in the spec
# --------------------------------------------------------------------------

HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}

T2_KEYS = ["regulations", "normative_documents", "licensing", "penalties", "enforcement", "fees"]
T2_LABELS = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "penalties": "行政处罚",
    "enforcement": "行政强制",
    "fees": "行政事业性收费",
}
T2_ITEM1_COLUMNS = ["本年制发件数", "本年废止件数", "现行有效件数"]

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

#: (row id, group label, subgroup label, item label); None where the row has no such level.
T3_ROWS: List[Tuple[str, Optional[str], Optional[str], Optional[str]]] = [
    ("new", "一、本年新收政府信息公开申请数量", None, None),
    ("carried_over", "二、上年结转政府信息公开申请数量", None, None),
    ("disclosed", "三、本年度办理结果", "（一）予以公开", None),
    ("partially_disclosed", "三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("refused_1", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    ("refused_2", "三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("refused_3", "三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("refused_4", "三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    ("refused_5", "三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    ("refused_6", "三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    ("refused_7", "三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    ("refused_8", "三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    ("unavailable_1", "三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unavailable_2", "三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unavailable_3", "三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("not_processed_1", "三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    ("not_processed_2", "三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    ("not_processed_3", "三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    ("not_processed_4", "三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("not_processed_5", "三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_handling_1", "三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_handling_2", "三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_handling_3", "三、本年度办理结果", "（六）其他处理", "3.其他"),
    ("total", "三、本年度办理结果", "（七）总计", None),
    ("carried_forward", "四、结转下年度继续办理", None, None),
]

T4_GROUPS = ["行政复议", "未经复议直接起诉", "复议后起诉"]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

L, U = "<", "^"  # grid markers: continues the cell on the left (colspan) / above (rowspan)
Grid = List[List[str]]

# --------------------------------------------------------------------------
# Content helpers
# --------------------------------------------------------------------------


def cell(value: Any) -> str:
    """A value as a report writes it: None -> "" (blank), Decimal/int -> digits."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def t2_values(content: Dict[str, Any]) -> Dict[str, List[Any]]:
    return content["table2"]


def t3_values(content: Dict[str, Any]) -> Dict[str, List[Any]]:
    return content["table3"]


def t4_values(content: Dict[str, Any]) -> List[Any]:
    return list(content["table4"]["cases"])


def split_seed(text: str) -> Tuple[str, Dict[int, str]]:
    """(preamble, {section number: body}) of a plain-text report whose headings are the standard ones."""
    positions = []
    for n, heading in HEADINGS.items():
        m = re.search(r"^" + re.escape(heading).replace("、", "[、.]") + r"\s*$", text, re.MULTILINE)
        if m:
            positions.append((m.start(), m.end(), n))
    positions.sort()
    preamble = text[: positions[0][0]].strip() if positions else text.strip()
    bodies = {}
    for i, (start, end, n) in enumerate(positions):
        stop = positions[i + 1][0] if i + 1 < len(positions) else len(text)
        bodies[n] = text[end:stop].strip()
    return preamble, bodies


def paragraphs(text: str) -> List[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


# --------------------------------------------------------------------------
# The published grids (Word template) with merged cells marked by < and ^
# --------------------------------------------------------------------------


def table2_grid(content: Dict[str, Any], columns: Sequence[int] = (0, 1, 2)) -> Grid:
    """Table 2 as published: 4 columns; one-value rows merge their value over 3 columns.

    ``columns`` keeps only these of the three （一） columns (``md_table_cut_short``).
    """
    if "table2" not in content:
        return []
    t2 = t2_values(content)
    width = 1 + len(columns)

    def band(title: str) -> List[str]:
        return [title] + [L] * (width - 1)

    def single(label: str, value: Any) -> List[str]:
        return [label, cell(value)] + [L] * (width - 2)

    def header(text: str) -> List[str]:
        return ["信息内容", text] + [L] * (width - 2)

    return [
        band("第二十条第（一）项"),
        ["信息内容"] + [T2_ITEM1_COLUMNS[c] for c in columns],
        ["规章"] + [cell(t2["regulations"][c]) for c in columns],
        ["行政规范性文件"] + [cell(t2["normative_documents"][c]) for c in columns],
        band("第二十条第（五）项"),
        header("本年处理决定数量"),
        single("行政许可", t2["licensing"][0]),
        band("第二十条第（六）项"),
        header("本年处理决定数量"),
        single("行政处罚", t2["penalties"][0]),
        single("行政强制", t2["enforcement"][0]),
        band("第二十条第（八）项"),
        header("本年收费金额（单位：万元）"),
        single("行政事业性收费", t2["fees"][0]),
    ]


def table3_grid(content: Dict[str, Any], columns: Sequence[int] = tuple(range(7)), breaks: Dict[str, str] = {}) -> Grid:
    """Table 3 as published: 3 label columns + 7 numbers, the corner note over 3x3,
    法人或其他组织 over the five middle columns, group labels merged down.

    ``columns`` keeps only these numeric columns; ``breaks`` maps a header or label
    text to the text actually written (e.g. ``商业<br>企业``).
    """
    if "table3" not in content:
        return []
    t3 = t3_values(content)
    b = lambda s: breaks.get(s, s)  # noqa: E731
    head0 = [b(CORNER), L, L, "申请人情况"] + [L] * (len(columns) - 1)
    head1 = [U, U, U]
    head2 = [U, U, U]
    middle = [c for c in columns if 1 <= c <= 5]
    for c in columns:
        if c == 0:
            head1.append(b("自然人"))
            head2.append(U)
        elif c == 6:
            head1.append(b("总计"))
            head2.append(U)
        else:
            head1.append("法人或其他组织" if c == middle[0] else L)
            head2.append(b(T3_COLUMNS[c]))
    grid = [head0, head1, head2]
    previous: Tuple[Optional[str], Optional[str]] = (None, None)
    for row, group, sub, item in T3_ROWS:
        values = [cell(t3[row][c]) for c in columns]
        if sub is None:
            labels = [b(group), L, L]
        else:
            g = U if previous[0] == group else b(group)
            if item is None:
                labels = [g, b(sub), L]
            else:
                labels = [g, U if previous[1] == sub else b(sub), b(item)]
        grid.append(labels + values)
        previous = (group, sub)
    return grid


def table4_grid(content: Dict[str, Any], breaks: Dict[str, str] = {}) -> Grid:
    if "table4" not in content:
        return []
    b = lambda s: breaks.get(s, s)  # noqa: E731
    return [
        ["行政复议", L, L, L, L, "行政诉讼"] + [L] * 9,
        [b(c) for c in T4_COLUMNS] + ["未经复议直接起诉", L, L, L, L, "复议后起诉", L, L, L, L],
        [U] * 5 + [b(c) for c in T4_COLUMNS] * 2,
        [cell(x) for x in t4_values(content)],
    ]


def spans(grid: Grid) -> List[Tuple[int, int, int, int, str]]:
    """Origin cells: (row, col, rowspan, colspan, text)."""
    out = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text in (L, U):
                continue
            cs = 1
            while c + cs < len(row) and row[c + cs] == L:
                cs += 1
            rs = 1
            while r + rs < len(grid) and c < len(grid[r + rs]) and grid[r + rs][c] == U:
                rs += 1
            out.append((r, c, rs, cs, text))
    return out


def expand(grid: Grid, merged: str = "empty") -> List[List[str]]:
    """The rectangular grid; covered positions "" (``empty``) or the origin text (``repeat``)."""
    width = max((len(r) for r in grid), default=0)
    out = [[""] * width for _ in grid]
    for r, c, rs, cs, text in spans(grid):
        for i in range(rs):
            for j in range(cs):
                out[r + i][c + j] = text if (i, j) == (0, 0) or merged == "repeat" else ""
    return out


# --------------------------------------------------------------------------
# Markdown building blocks
# --------------------------------------------------------------------------


def pipe_row(cells: Sequence[str], widths: Optional[Sequence[int]] = None) -> str:
    if widths is None:
        return "| " + " | ".join(cells) + " |"
    return "|" + "|".join(f" {c}{' ' * (w - len(c))} " for c, w in zip(cells, widths)) + "|"


def pipe_table(rows: List[List[str]], pad: bool = True, sep_after: int = 1) -> str:
    """A GFM pipe table: the first row is the header, then the delimiter row (marker/tabulate style)."""
    widths = [max(3, max(len(r[c]) for r in rows)) for c in range(len(rows[0]))] if pad else None
    lines = []
    for i, row in enumerate(rows):
        lines.append(pipe_row(row, widths))
        if i + 1 == sep_after:
            w = widths or [3] * len(row)
            lines.append("|" + "|".join("-" * (x + 2) for x in w) + "|")
    return "\n".join(lines)


def md_document(content: Dict[str, Any], tables: Dict[int, str], heading: Callable[[int, str], str] = lambda n, h: f"## {h}",
                title_prefix: str = "# ", sub_heading: Optional[Callable[[str], str]] = None) -> str:
    """Title, preamble, the six headings, prose paragraphs and the given table blocks (sections 2-4)."""
    out = [f"{title_prefix}{content['title']}", ""] if content.get("title") else []
    if content.get("preamble"):
        out += [content["preamble"], ""]
    for n in range(1, 7):
        out += [heading(n, HEADINGS[n]), ""]
        for p in paragraphs(content.get("prose", {}).get(n, "")):
            if sub_heading and re.match(r"^[（(][一二三四五六七八九十][)）]\S{0,20}$", p):
                out += [sub_heading(p), ""]
            else:
                out += [p, ""]
        if n in tables:
            out += [tables[n], ""]
    return "\n".join(out)


def marker_table(grid: Grid) -> str:
    """marker (datalab-to/marker) pipe table: origin text at the top-left of a merge, covered cells empty;
    the first row is the header; "|" in a cell becomes a space; line breaks stay as <br>."""
    rows = [[c.replace("|", " ") for c in r] for r in expand(grid, "empty")]
    rows = [r for i, r in enumerate(rows) if any(r) or i > 0]  # marker skips leading blank rows
    return pipe_table(rows) if rows else ""


def docling_table(grid: Grid) -> str:
    """docling (tabulate, tablefmt="github"): merged cells repeated in every covered position,
    line breaks turned into spaces, the first grid row as header."""
    rows = [[c.replace("<br>", " ") for c in r] for r in expand(grid, "repeat")]
    return pipe_table(rows) if rows else ""


# --------------------------------------------------------------------------
# Markdown layouts
# --------------------------------------------------------------------------

MARKER_BREAKS = {"商业企业": "商业<br>企业", "科研机构": "科研<br>机构", "社会公益组织": "社会公益<br>组织",
                 "法律服务机构": "法律服务<br>机构", "结果纠正": "结果<br>纠正", "其他结果": "其他<br>结果",
                 "尚未审结": "尚未<br>审结",
                 "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开（区分处理的，只计这一情<br>形，不计其他情形）"}


def _marker_heading(n: int, h: str) -> str:
    return f"## {h}"


def md_pipe_empty_merges(content: Dict[str, Any]) -> str:
    """marker/MinerU-pipe-like: pipe tables, merged cells empty, the first grid row as the header row,
    <br> inside cells where the PDF cell wrapped, sub-headings as ###."""
    tables = {2: marker_table(table2_grid(content)),
              3: marker_table(table3_grid(content, breaks=MARKER_BREAKS)),
              4: marker_table(table4_grid(content, breaks=MARKER_BREAKS))}
    return md_document(content, tables, _marker_heading, sub_heading=lambda p: f"### {p}")


def md_pipe_repeated_merges(content: Dict[str, Any]) -> str:
    """docling-like: merged values repeated in every covered cell (rows and columns)."""
    tables = {2: docling_table(table2_grid(content)),
              3: docling_table(table3_grid(content, breaks=MARKER_BREAKS)),
              4: docling_table(table4_grid(content))}
    return md_document(content, tables, sub_heading=lambda p: f"## {p}")


def html_table(grid: Grid, style: str = "mineru") -> str:
    """An HTML table with rowspan/colspan on one line.

    ``mineru``: ``<table><tr><td rowspan=3 colspan=3>…`` (unquoted attributes, no thead);
    ``paddle``: ``<html><body><table><thead>…</thead><tbody>…`` with quoted attributes.
    """
    if not grid:
        return ""
    by_row: List[List[str]] = [[] for _ in grid]
    for r, c, rs, cs, text in spans(grid):
        if style == "mineru":
            attrs = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
        else:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        by_row[r].append(f"<td{attrs}>{_html.escape(text, quote=False).replace('&lt;br&gt;', '<br>')}</td>")
    rows = ["<tr>" + "".join(cells) + "</tr>" for cells in by_row]
    if style == "mineru":
        return "<table>" + "".join(rows) + "</table>"
    return "<html><body><table><thead>" + rows[0] + "</thead><tbody>" + "".join(rows[1:]) + "</tbody></table></body></html>"


def md_html_tables(content: Dict[str, Any]) -> str:
    """MinerU-like (and PP-Structure for Table 2): Markdown whose tables are raw HTML with rowspan/colspan;
    every heading, including (一)… sub-headings, as a level-1 ``#`` heading."""
    tables = {2: html_table(table2_grid(content), "paddle"),
              3: html_table(table3_grid(content, breaks={"商业企业": "商业<br>企业"}), "mineru"),
              4: html_table(table4_grid(content), "mineru")}
    return md_document(content, tables, lambda n, h: f"# {h}", sub_heading=lambda p: f"# {p}")


def md_fragmented_ocr(content: Dict[str, Any]) -> str:
    """OCR Markdown with Table 3 broken into three consecutive tables at page ends:

    1. the real header (one header row + two header rows as body rows) through （三）2, then the page
       footer ``— 3 —`` as a row with one non-empty cell;
    2. a generic header (列1 列2 数据1…数据7), the empty group column dropped (9 columns);
    3. the repeated header (Word "repeat header rows") as a *wrong, short* header row of 3 cells,
       the second header row as a body row, then （五）1 to 四、 with all 10 cells.
    Tables 2 and 4 as in md_pipe_empty_merges.
    """
    rows = expand(table3_grid(content), "empty")
    if not rows:
        return md_document(content, {2: marker_table(table2_grid(content)), 4: marker_table(table4_grid(content))}, _marker_heading)
    head, body = rows[:3], rows[3:]
    cut1 = next(i for i, r in enumerate(T3_ROWS) if r[0] == "refused_3")
    cut2 = next(i for i, r in enumerate(T3_ROWS) if r[0] == "not_processed_1")
    part1 = pipe_table(head + body[:cut1] + [["— 3 —"] + [""] * 9])
    generic = ["列1", "列2"] + [f"数据{i}" for i in range(1, 8)]
    part2 = pipe_table([generic] + [r[1:] for r in body[cut1:cut2]], pad=False)
    wrong_header = ["自然人", "法人或其他组织", "总计"]
    part3 = "\n".join([pipe_row(wrong_header), "| --- | --- | --- |", pipe_row(head[2])] + [pipe_row(r) for r in body[cut2:]])
    table3 = "\n\n".join([part1, part2, "— 4 —", part3])
    tables = {2: marker_table(table2_grid(content)), 3: table3, 4: marker_table(table4_grid(content))}
    return md_document(content, tables, _marker_heading)


def md_table4_three_tables(content: Dict[str, Any]) -> str:
    """Table 4 as three small tables, each under its own caption line, header 结果维持…总计."""
    cases = [cell(x) for x in t4_values(content)] if "table4" in content else []
    captions = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    parts = []
    for g, caption in enumerate(captions if cases else []):
        parts.append(caption)
        parts.append("")
        parts.append(pipe_table([T4_COLUMNS, cases[g * 5 : g * 5 + 5]]))
        parts.append("")
    tables = {2: marker_table(table2_grid(content)), 3: marker_table(table3_grid(content)), 4: "\n".join(parts).rstrip()}
    return md_document(content, tables, _marker_heading)


def md_table4_flat(content: Dict[str, Any]) -> str:
    """Table 4 as one row of 15 numbers: the header lost, the numbers become the pipe table's header row
    (marker writes a one-row table as row + delimiter), preceded by the header text as a paragraph."""
    cases = [cell(x) for x in t4_values(content)] if "table4" in content else []
    flat = "" if not cases else "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n\n" + pipe_table([cases])
    tables = {2: marker_table(table2_grid(content)), 3: marker_table(table3_grid(content)), 4: flat}
    return md_document(content, tables, _marker_heading)


def md_rows_without_labels(content: Dict[str, Any]) -> str:
    """Numeric rows whose labels were lost (OCR kept only the number columns); count and order
    match the template.  Table 2: 6 rows (3, 3, 1, 1, 1, 1 values, padded); Table 3: 25 rows of 7."""
    tables = {4: marker_table(table4_grid(content))}
    if "table2" in content:
        t2_rows = [["本年制发件数", "本年废止件数", "现行有效件数"]]
        for k in T2_KEYS:
            vals = [cell(x) for x in t2_values(content)[k]]
            t2_rows.append(vals + [""] * (3 - len(vals)))
        tables[2] = pipe_table(t2_rows)
    if "table3" in content:
        tables[3] = pipe_table([list(T3_COLUMNS)] + [[cell(x) for x in t3_values(content)[r]] for r, *_ in T3_ROWS])
    return md_document(content, tables, _marker_heading)


def md_table_cut_short(content: Dict[str, Any]) -> str:
    """Tables cut short (cropped OCR, or columns dropped as "all empty" as MinerU's pipeline model does):
    Table 3 keeps only 自然人 and 总计; Table 2's （一） keeps 本年制发件数 and 现行有效件数.
    Clean only when the dropped columns are all zero/blank in the content."""
    tables = {2: marker_table(table2_grid(content, columns=(0, 2))),
              3: marker_table(table3_grid(content, columns=(0, 6))),
              4: marker_table(table4_grid(content))}
    return md_document(content, tables, _marker_heading)


# OCR confusions seen in scanned Chinese text: shape-alike characters, stray Latin letters from margins,
# spaces inside headings, wrong enumeration punctuation.
DAMAGED_HEADINGS = {
    1: "一 、总体情况",
    2: "二、主动公开政府信息惰况",
    3: "三．收到和处理政府信息公开中请情况",
    4: "囗、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情祝",
    6: "l六、其他需要报告的事项",
}


def ocr_damaged_headings(content: Dict[str, Any]) -> str:
    """OCR text (no Markdown heading marks) with damaged section headings; tables as pipe tables."""
    tables = {2: marker_table(table2_grid(content)), 3: marker_table(table3_grid(content)), 4: marker_table(table4_grid(content))}
    return md_document(content, tables, lambda n, h: DAMAGED_HEADINGS[n], title_prefix="")


PRE2019_HEADINGS = [
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息情况",
    "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "六、政府信息公开工作存在的主要问题及改进情况",
    "七、其他需要报告的事项",
]


def pre2019_headings(content: Dict[str, Any]) -> str:
    """The pre-2019 outline (reports on 2008-2018): seven sections, 一、概述 … 七、其他需要报告的事项.
    The content is placed where such reports put it: Table 2 under 二, Table 3 under 三, the fee
    sentence (section 6 prose) under 四, Table 4 under 五, section 5 prose under 六; 七 says 无."""
    prose = content.get("prose", {})
    bodies = [
        "\n\n".join(paragraphs(prose.get(1, ""))),
        marker_table(table2_grid(content)),
        marker_table(table3_grid(content)),
        "\n\n".join(paragraphs(prose.get(6, ""))),
        marker_table(table4_grid(content)),
        "\n\n".join(paragraphs(prose.get(5, ""))),
        "无。",
    ]
    out = [content["title"], ""] if content.get("title") else []
    if content.get("preamble"):
        out += [content["preamble"], ""]
    for heading, body in zip(PRE2019_HEADINGS, bodies):
        out += [heading, "", body, ""]
    return "\n".join(out)


# --------------------------------------------------------------------------
# Word / WPS "Save as Web Page" HTML
# --------------------------------------------------------------------------

_P_STYLE = "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly"
_BODY_FONT = "font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\""
_CELL_FONT = "font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体;color:black;mso-font-kerning:0pt"
_NUM_FONT = "font-size:10.5pt;font-family:\"Times New Roman\",serif;mso-fareast-font-family:宋体;color:black"


def _word_runs(text: str, font: str) -> str:
    """Word splits runs at every change of script: digits/Latin in <span lang=EN-US>."""
    out = []
    for m in re.finditer(r"[0-9A-Za-z.%:/\-]+|[^0-9A-Za-z.%:/\-]+", text):
        piece = _html.escape(m.group(0), quote=False)
        out.append(f"<span lang=EN-US style='{font}'>{piece}</span>" if re.match(r"[0-9A-Za-z]", m.group(0)) else piece)
    return "".join(out)


def _word_p(text: str, style: str = _P_STYLE, font: str = _BODY_FONT, bold: bool = False, align: str = "") -> str:
    inner = f"<span style='{font}'>{_word_runs(text, font)}<span lang=EN-US><o:p></o:p></span></span>"
    if bold:
        inner = f"<b>{inner}</b>"
    a = f" align={align}" if align else ""
    return f"<p class=MsoNormal{a} style='{style}'>{inner}</p>"


def _word_list_heading(numeral: str, text: str) -> str:
    """An auto-numbered heading: the number lives in a downlevel-revealed <![if !supportLists]> block."""
    font = "font-size:16.0pt;font-family:黑体;mso-hansi-font-family:\"Times New Roman\""
    return (
        f"<p class=MsoListParagraph style='margin-left:32.0pt;text-indent:-32.0pt;mso-char-indent-count:0;"
        f"line-height:28.0pt;mso-line-height-rule:exactly;mso-list:l0 level1 lfo1'><![if !supportLists]>"
        f"<span style='{font}'><span style='mso-list:Ignore'>{numeral}<span style='font:7.0pt \"Times New Roman\"'>"
        f"&nbsp;&nbsp; </span></span></span><![endif]><span style='{font}'>{_html.escape(text)}<o:p></o:p></span></p>"
    )


def _word_cell_text(text: str, numeric: bool) -> str:
    if text == "":
        return f"<span lang=EN-US style='{_NUM_FONT}'><o:p>&nbsp;</o:p></span>"
    if numeric:
        if len(text) >= 3:  # Word splits runs at revision marks (rsid): 120 -> 1 + 20
            return (f"<span lang=EN-US style='{_NUM_FONT}'>{text[0]}</span><span lang=EN-US "
                    f"style='{_NUM_FONT}'>{text[1:]}<o:p></o:p></span>")
        return f"<span lang=EN-US style='{_NUM_FONT}'>{text}<o:p></o:p></span>"
    if "<br>" in text:  # a manual line break inside a label: <br> inside its own span
        a, b = text.split("<br>", 1)
        return f"<span style='{_CELL_FONT}'>{a}<span lang=EN-US><br></span>{b}<span lang=EN-US><o:p></o:p></span></span>"
    m = re.match(r"^(\d+)\.(.*)$", text)
    if m:  # 2.重复申请: number in an EN-US run, a spacerun between
        return (f"<span lang=EN-US style='{_NUM_FONT}'>{m.group(1)}.</span><span style='{_CELL_FONT}'>"
                f"<span style='mso-spacerun:yes'>&nbsp;</span>{_html.escape(m.group(2), quote=False)}<span lang=EN-US><o:p></o:p></span></span>")
    if len(text) > 8:  # a label split across runs (spell-check/rsid boundaries)
        k = len(text) // 2
        return (f"<span style='{_CELL_FONT}'>{_html.escape(text[:k], quote=False)}</span><span style='{_CELL_FONT}'>"
                f"{_html.escape(text[k:], quote=False)}<span lang=EN-US><o:p></o:p></span></span>")
    return f"<span style='{_CELL_FONT}'>{_html.escape(text, quote=False)}<span lang=EN-US><o:p></o:p></span></span>"


def word_table(grid: Grid, widths: Sequence[int]) -> str:
    """A Word table: MsoNormalTable, mso-border styles, mso-yfti-irow rows, cells holding MsoNormal
    paragraphs, and the <![if !supportMisalignedColumns]> row of empty width-only cells at the end."""
    if not grid:
        return ""
    by_row: List[List[str]] = [[] for _ in grid]
    for r, c, rs, cs, text in spans(grid):
        w = sum(widths[c : c + cs])
        attrs = f" width={w}" + (f" colspan={cs}" if cs > 1 else "") + (f" rowspan={rs}" if rs > 1 else "")
        style = (f"width:{w * 0.75:.1f}pt;border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;"
                 f"mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:20.0pt")
        numeric = bool(re.fullmatch(r"\d+(\.\d+)?", text))
        by_row[r].append(
            f"  <td{attrs} valign=center style='{style}'>\n  <p class=MsoNormal align=center style='text-align:center;"
            f"mso-pagination:widow-orphan'>{_word_cell_text(text, numeric)}</p>\n  </td>"
        )
    rows = []
    for i, cells in enumerate(by_row):
        flags = "mso-yfti-irow:%d;%s" % (i, "mso-yfti-firstrow:yes;" if i == 0 else ("mso-yfti-lastrow:yes;" if i == len(by_row) - 1 else ""))
        rows.append(f" <tr style='{flags}height:20.0pt'>\n" + "\n".join(cells) + "\n </tr>")
    misaligned = " <![if !supportMisalignedColumns]>\n <tr height=0>\n" + "\n".join(
        f"  <td width={w} style='border:none'></td>" for w in widths) + "\n </tr>\n <![endif]>"
    return (
        "<div align=center>\n\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=568\n"
        " style='width:426.1pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\n"
        " mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"
        + "\n".join(rows) + "\n" + misaligned + "\n</table>\n\n</div>"
    )


def word_html(content: Dict[str, Any]) -> bytes:
    """Word "Save as Web Page" (GB2312 declared, GBK bytes): o:/w: namespaces, XML islands in conditional
    comments, MsoNormal paragraphs, <o:p> fillers, spans around numbers, labels split over spans,
    an auto-numbered heading, a page break, and tables with mso- styles and merged cells."""
    title = _html.escape(content["title"])
    head = f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="{title}.files/filelist.xml">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>Administrator</o:Author>
  <o:Pages>6</o:Pages>
  <o:Company>Microsoft</o:Company>
  <o:Version>16.00</o:Version>
 </o:DocumentProperties>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:SpellingState>Clean</w:SpellingState>
  <w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing>
  <w:Compatibility>
   <w:SpaceForUL/>
   <w:UseFELayout/>
  </w:Compatibility>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;
	mso-font-alt:SimSun;
	mso-font-charset:134;}}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;
	mso-style-qformat:yes;
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:等线;}}
@page WordSection1
	{{size:595.3pt 841.9pt;
	margin:72.0pt 90.0pt 72.0pt 90.0pt;
	mso-footer-margin:49.6pt;}}
div.WordSection1
	{{page:WordSection1;}}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable
	{{mso-style-name:普通表格;
	mso-tstyle-rowband-size:0;}}
</style>
<![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>
"""
    body: List[str] = []
    if content.get("title"):
        body.append(_word_p(content["title"], style="text-align:center;line-height:28.0pt;mso-line-height-rule:exactly",
                            font="font-size:22.0pt;font-family:方正小标宋简体", align="center"))
    body.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    if content.get("preamble"):
        body.append(_word_p(content["preamble"]))
    prose = content.get("prose", {})
    widths2 = [170, 133, 133, 132]
    widths3 = [40, 70, 150] + [45] * 7
    widths4 = [38] * 15
    for n in range(1, 7):
        numeral, text = HEADINGS[n].split("、", 1)
        if n == 4:
            body.append("<span lang=EN-US style='font-size:16.0pt;font-family:仿宋_GB2312'><br clear=all "
                        "style='mso-special-character:line-break;page-break-before:always'>\n</span>")
            body.append(_word_list_heading(numeral + "、", text))
        else:
            body.append(_word_p(HEADINGS[n], font="font-size:16.0pt;font-family:黑体", bold=(n == 1)))
        for p in paragraphs(prose.get(n, "")):
            body.append(_word_p(p))
        if n == 2:
            body.append(word_table(table2_grid(content), widths2))
        if n == 3:
            body.append(word_table(table3_grid(content, breaks={"商业企业": "商业<br>企业"}), widths3))
        if n == 4:
            body.append(word_table(table4_grid(content), widths4))
    body.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    text = head + "\n\n".join(body) + "\n\n</div>\n\n</body>\n\n</html>\n"
    return text.replace("\n", "\r\n").encode("gbk")


# --------------------------------------------------------------------------
# Text scraped from a government site with the tags stripped
# --------------------------------------------------------------------------


def scraped_text(content: Dict[str, Any]) -> str:
    """The article body of a CMS page after tag stripping (``text_content()`` / ``get_text()`` of minified
    HTML): site chrome on the first lines, then the whole report on ONE line.  Paragraph indents (two
    U+3000) survive mid-line, headings run into the text before them, table cells run together without
    separators: Table 3 row 一 with 75|0|0|0|0|0|75 becomes ``…申请数量750000075``.  Table 2's cells
    are separated by single spaces (cells were on separate source lines), Tables 3 and 4 by nothing."""
    indent = "\u3000\u3000"
    published = content.get("published", "2025-01-20")
    chrome_top = [
        "首页 > 政务公开 > 政府信息公开年报",
        f"索引号：431100000/{published[:4]}-00012 分类：政府信息公开年报 发文日期：{published}",
        f"{content.get('title', '')}发布时间：{published} 10:30 浏览次数：1024 字号：[ 大 中 小 ]",
    ]
    parts: List[str] = []
    if content.get("preamble"):
        parts.append(indent + content["preamble"])
    prose = content.get("prose", {})
    for n in range(1, 7):
        parts.append(indent + HEADINGS[n])
        for p in paragraphs(prose.get(n, "")):
            parts.append(indent + p)
        if n == 2:
            parts.append(" ".join(c for r in expand(table2_grid(content)) for c in r if c))
        if n == 3:
            parts.append("".join(c for r in expand(table3_grid(content)) for c in r if c))
        if n == 4:
            parts.append("".join(c for r in expand(table4_grid(content)) for c in r if c))
    chrome_bottom = ["【打印本页】 【关闭窗口】", "主办：某某市人民政府办公室 网站标识码：4311000001 湘ICP备05002163号"]
    return "\n".join(chrome_top + ["".join(parts)] + chrome_bottom) + "\n"


# --------------------------------------------------------------------------
# A PDF with ruled tables, as Word prints them
# --------------------------------------------------------------------------


def _wrap(text: str, n: int) -> str:
    return "\n".join(text[i : i + n] for i in range(0, len(text), n)) if len(text) > n else text


def _vertical_chunks(text: str, rows: int) -> List[str]:
    """A label written down a narrow merged column: its characters spread over the rows it spans."""
    tokens = re.findall(r"[一二三四五六七八九十]、|（[一二三四五六七八九十]）|.", text)
    per = -(-len(tokens) // rows)
    return ["".join(tokens[i * per : (i + 1) * per]) for i in range(rows)]


def ruled_pdf(content: Dict[str, Any]) -> bytes:
    """A4 PDF (reportlab, CID font STSong-Light) with ruled tables like Word prints them: merged
    regions are real merges (no ruling inside), group labels in Table 3's narrow columns run down the
    column, long labels wrap, page footer ``— n —``, text pages have no ruling at all.
    Table 3 always breaks across a page boundary right after （四）1, inside the merged
    三、本年度办理结果 and （四）无法提供 regions, as Word prints it (the 淮安 PDF breaks at the same
    row): the label splits (（四）无 / 法提供), the continuation starts with an empty group cell, and
    each page's fragment is closed by its own ruling."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=13, firstLineIndent=24)
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=28, alignment=1, wordWrap="CJK")
    size = 8.5

    def boxed(grid: Grid, widths: Sequence[float], vertical: Sequence[int] = (), cuts: Sequence[int] = ()) -> List[Any]:
        """Tables for the row ranges between ``cuts``; merged regions crossing a cut are closed on both
        sides, labels in ``vertical`` columns (body rows) are spread over their rows."""
        if not grid:
            return [None] * (len(cuts) + 1)
        bounds = [0] + list(cuts) + [len(grid)]
        data = [["" for _ in widths] for _ in grid]
        regions = []
        for r, c, rs, cs, text in spans(grid):
            text = text.replace("<br>", "")
            if c in vertical and rs > 1 and r >= 3:
                for i, chunk in enumerate(_vertical_chunks(text, rs)):
                    data[r + i][c] = chunk
            else:
                room = max(1, int(sum(widths[c : c + cs]) // (size + 0.3)) - 1)
                data[r][c] = _wrap(text, room)
            regions.append((r, c, rs, cs))
        parts = []
        for lo, hi in zip(bounds, bounds[1:]):
            cmds: List[Tuple[Any, ...]] = [("FONT", (0, 0), (-1, -1), font, size), ("LEADING", (0, 0), (-1, -1), size + 2),
                                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                           ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
            for r, c, rs, cs in regions:
                top, bottom = max(r, lo), min(r + rs, hi) - 1
                if top > bottom:
                    continue
                box = ((c, top - lo), (c + cs - 1, bottom - lo))
                cmds.append(("BOX",) + box + (0.6, "black"))
                if box[0] != box[1] and not (c in vertical and rs > 1 and r >= 3):
                    cmds.append(("SPAN",) + box)
            table = Table([row for row in data[lo:hi]], colWidths=list(widths), splitByRow=1)
            table.setStyle(TableStyle(cmds))
            parts.append(table)
        return parts

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 11)
        canvas.drawCentredString(A4[0] / 2, 40, f"— {doc.page} —")
        canvas.restoreState()

    story: List[Any] = [Paragraph(_html.escape(content["title"]), title), Spacer(1, 12)] if content.get("title") else []
    if content.get("preamble"):
        story.append(Paragraph(_html.escape(content["preamble"]), body))
    prose = content.get("prose", {})
    width = A4[0] - 144
    avail = A4[1] - 144 - 12  # SimpleDocTemplate margins 72pt, frame padding 6pt
    t3_widths = [26, 56, 150] + [36] * 7
    for n in range(1, 7):
        if n == 3:
            story.append(PageBreak())
        heading = Paragraph(HEADINGS[n], head)
        texts = [Paragraph(_html.escape(p), body) for p in paragraphs(prose.get(n, ""))]
        story += [heading] + texts
        if n == 2:
            story += filter(None, boxed(table2_grid(content), [150, 100, 100, 100]))
        if n == 3 and "table3" in content:
            cut = 3 + next(i for i, r in enumerate(T3_ROWS) if r[0] == "unavailable_1") + 1
            first, second = boxed(table3_grid(content), t3_widths, vertical=(0, 1), cuts=[cut])
            used = sum(f.wrap(width, avail)[1] for f in [heading] + texts) + first.wrap(width, avail)[1]
            if avail - used - 6 > 0:  # push the first fragment to the bottom of the page
                story.append(Spacer(1, avail - used - 6))
            story += [first, PageBreak(), second]
        if n == 4:
            story += filter(None, boxed(table4_grid(content), [29] * 15))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=content.get("title", ""), author="disclosurelint layouts")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


# --------------------------------------------------------------------------

LAYOUTS: Dict[str, Tuple[Callable[[Dict[str, Any]], Any], str]] = {
    "md_pipe_empty_merges": (md_pipe_empty_merges, ".md"),
    "md_pipe_repeated_merges": (md_pipe_repeated_merges, ".md"),
    "md_html_tables": (md_html_tables, ".md"),
    "md_fragmented_ocr": (md_fragmented_ocr, ".md"),
    "md_table4_three_tables": (md_table4_three_tables, ".md"),
    "md_table4_flat": (md_table4_flat, ".md"),
    "md_rows_without_labels": (md_rows_without_labels, ".md"),
    "md_table_cut_short": (md_table_cut_short, ".md"),
    "word_html": (word_html, ".html"),
    "scraped_text": (scraped_text, ".txt"),
    "ocr_damaged_headings": (ocr_damaged_headings, ".txt"),
    "pre2019_headings": (pre2019_headings, ".txt"),
    "ruled_pdf": (ruled_pdf, ".pdf"),
}


#: The reporting year of each seed (rules.md): the scraped page's publication date follows it.
SEED_YEARS = {"000": 2024, "001": 2021, "002": 2024, "003": 2024, "004": 2023}


def seed_content(text: str, number: str, tables: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A seed report as content: its own preamble and prose, the tables transcribed in ``expected_tables``
    (``None``: the seed has no tables)."""
    preamble, bodies = split_seed(text)
    content: Dict[str, Any] = {
        "title": "",
        "preamble": preamble,
        "prose": {n: bodies.get(n, "") for n in (1, 5, 6)},
        "published": f"{SEED_YEARS[number] + 1}-01-20",
    }
    content.update(_tables(tables or {}))
    return content


def with_cell(content: Dict[str, Any], table: str, row: str, column: int, value: Any) -> Dict[str, Any]:
    """``content`` with one cell changed (``None``: left blank)."""
    changed = {**content, **_tables({k: v for k, v in content.items() if k.startswith("table")})}
    changed[table][row][column] = value
    return changed


def _tables(tables: Dict[str, Any]) -> Dict[str, Any]:
    """Copies of the tables, every row its own list (the transcriptions share ``ZERO7``)."""
    return {t: {row: list(values) for row, values in rows.items()} for t, rows in tables.items()}


def render(content: Dict[str, Any], layout: str) -> bytes:
    """The file of ``content`` in ``layout``, as bytes."""
    data = LAYOUTS[layout][0](content)
    return data if isinstance(data, bytes) else data.encode("utf-8")
