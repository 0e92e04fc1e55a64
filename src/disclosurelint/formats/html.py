"""HTML format: a review report in one self-contained file, for reviewers (政务公开办).

One page, no network and no external assets (inline CSS, a few lines of
inline script, a Content-Security-Policy that forbids anything else):

* 检查概况: files and findings by severity, 按规则 (findings per code), and
  按报告 (every report ranked by its findings, linked to its part);
* per report, a ``<details id="rN">``: identity, 问题 (every finding, with its
  place: line, or page/表格/行/列, and the template's 表/行/列), 章节 (the
  template's six sections as the report wrote them, missing ones marked) and
  Tables 2, 3 and 4 drawn from the template's rows and columns with the
  report's values: blank (空白), placeholder (占位符) and invalid cells
  marked, every cell with a finding highlighted and the messages of its row
  right under it; a prose finding (DL501) shows its sentence with the figure
  marked.

Anchors: ``rN`` report, ``rN-fK`` finding, ``rN-sM`` section, ``rN-TABLE``
table, ``rN-TABLE-ROW`` row, ``rN-TABLE-ROW-COLUMN`` cell (template ids).  A
finding links to its cell (row, table or section) and the cell back to its
findings; cells carry ``data-table``, ``data-row``, ``data-column`` and
``data-kind``, flagged ones the class ``flagged``.  Every text from a report
is escaped.  The format needs each report's review model
(:mod:`disclosurelint.review`): ``needs_model = True``.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from ..findings import Finding, Severity
from ..results import FileResult, RunResult
from . import FormatOptions, display_path, ordered_files, summarize

SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTE: "提示"}
FORMAT_LABELS = {"text": "文本", "markdown": "Markdown", "html": "网页", "docx": "Word 文档", "pdf": "PDF"}
KIND_LABELS = {"government": "政府", "department": "部门"}
CELL_TAGS = {"blank": "空白", "placeholder": "占位符", "invalid": "无效"}

_STYLE = """
body{font:14px/1.6 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0 auto;max-width:1280px;padding:0 16px 48px;color:#222}
h1{font-size:22px;margin:20px 0 4px}h2{font-size:18px;margin:24px 0 8px;border-bottom:2px solid #ccc}
h3{font-size:15px;margin:18px 0 6px}h4{font-size:14px;margin:14px 0 4px}
.meta,.place,.muted{color:#666;font-size:12px}
table{border-collapse:collapse;margin:4px 0}th,td{border:1px solid #bbb;padding:2px 6px;vertical-align:middle}
.stats th{background:#f2f2f2}.stats td.n{text-align:right}
.grid th{background:#f5f5f5;font-weight:normal;text-align:left}.grid thead th,.grid th.block{text-align:center;font-weight:bold}
.grid td.cell{text-align:right;min-width:3.5em;white-space:nowrap}
.tag{display:inline-block;font-size:11px;padding:0 4px;border-radius:3px;margin-left:2px;background:#eee;color:#555}
td.blank{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px)}
td.placeholder .tag,td.invalid .tag{background:#e8def8;color:#4a148c}
tr.missing th,tr.missing td{background:#f0f0f0;color:#999;font-style:italic}
.sev-error{--c:#c62828;--bg:#fde2e1}.sev-warning{--c:#a15c00;--bg:#fff1cc}.sev-note{--c:#1565c0;--bg:#e3f0fd}
.flagged{background:var(--bg)!important;outline:2px solid var(--c);outline-offset:-2px}
.badge{display:inline-block;color:#fff;background:var(--c);border-radius:3px;padding:0 5px;font-size:12px}
a.ref{font-size:11px;color:var(--c,#1565c0);margin-left:3px;text-decoration:none;font-weight:bold}
tr.notes td{background:#fffdf5;font-size:12px;text-align:left;white-space:normal}
tr.notes ul,ul.notes{margin:0;padding-left:18px}
ol.findings li{margin:4px 0;padding:2px 6px;border-left:4px solid var(--c)}
blockquote.excerpt{margin:4px 0;padding:4px 8px;background:#f7f7f7;border-left:3px solid #bbb}
mark{background:#ffd54f;padding:0 1px}
details.report{border:1px solid #ccc;border-radius:4px;margin:8px 0;padding:0 10px}
details.report>summary{cursor:pointer;padding:6px 0;font-weight:bold}
.counts span{margin-left:8px;font-weight:normal}
ol.outline li.missing{color:#c62828}
.absent{color:#c62828}
:target{scroll-margin-top:40px;box-shadow:0 0 0 3px #1565c0}
"""

#: Opens the ``<details>`` holding the element a link points at; expands or collapses every report.
_SCRIPT = (
    'function show(){var t=document.getElementById(decodeURIComponent(location.hash.slice(1)));'
    'for(var e=t;e;e=e.parentElement)if(e.tagName==="DETAILS")e.open=true;return t}'
    'addEventListener("hashchange",function(){var t=show();if(t)t.scrollIntoView()});show();'
    'document.querySelectorAll("button[data-open]").forEach(function(b){b.onclick=function(){'
    'document.querySelectorAll("details.report").forEach(function(d){d.open=b.dataset.open==="1"})}})'
)


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


_POLICY = f"default-src 'none'; style-src {_hash(_STYLE)}; script-src {_hash(_SCRIPT)}"


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def where(location: Optional[Mapping[str, int]]) -> str:
    """A location (``Location.to_dict()``) in Chinese: ``第16行第21字``, ``第4页 第2个表格第5行第3列``."""
    if not location:
        return ""
    parts = []
    if "page" in location:
        parts.append(f"第{location['page']}页")
    if "line" in location:
        parts.append(f"第{location['line']}行" + (f"第{location['column']}字" if "column" in location else ""))
    if "table" in location:
        parts.append(
            f"第{location['table']}个表格"
            + (f"第{location['row']}行" if "row" in location else "")
            + (f"第{location['col']}列" if "col" in location else "")
        )
    elif "paragraph" in location and "line" not in location:
        parts.append(f"第{location['paragraph']}段")
    return " ".join(parts)


@dataclass
class _Report:
    """One file of the run as the page shows it: its findings numbered and tied to their anchors."""

    number: int
    path: str
    file: FileResult
    findings: List[Finding]
    #: Finding position -> the anchor of its cell, row, table or section (absent: none).
    targets: Dict[int, str] = field(default_factory=dict)
    #: Anchor -> positions of the findings there.
    at: Dict[str, List[int]] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return f"r{self.number}"

    @property
    def model(self) -> Optional[Dict[str, Any]]:
        return self.file.model

    def counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)

    def finding_anchor(self, index: int) -> str:
        return f"{self.anchor}-f{index + 1}"

    def excerpt(self, finding: Finding) -> Optional[Dict[str, Any]]:
        location = finding.location.to_dict() if finding.location else None
        for item in (self.model or {}).get("excerpts", ()):
            if (item["code"], item["message"], item["location"]) == (finding.code, finding.message, location):
                return item
        return None


def _reports(run: RunResult) -> List[_Report]:
    reports = []
    for number, (file, findings) in enumerate(ordered_files(run), 1):
        report = _Report(number, display_path(run, file.path), file, findings)
        for index, finding in enumerate(findings):
            target = _target(report, finding)
            if target is not None:
                report.targets[index] = target
                report.at.setdefault(target, []).append(index)
        reports.append(report)
    return reports


def _target(report: _Report, finding: Finding) -> Optional[str]:
    """The anchor of what a finding is about: its cell, row or table (by template ids, else by the
    template labels it names), else its section; None for a finding about the whole report."""
    model, context = report.model, finding.context
    if model is None:
        return None
    tables = model["tables"]
    table_id = context.get("table") or next((t for t, v in tables.items() if v["short_title"] == context.get("table_label")), None)
    if table_id in tables:
        target = _table_target(f"{report.anchor}-{table_id}", tables[table_id], context)
        if target is not None:
            return target
    if "section" in context:
        return f"{report.anchor}-s{context['section']}"
    location = finding.location.to_dict() if finding.location else None
    for section in model["sections"]:
        if location and section["location"] == location:
            return f"{report.anchor}-s{section['number']}"
    return None


def _table_target(anchor: str, table: Mapping[str, Any], context: Mapping[str, str]) -> Optional[str]:
    wants_row, wants_column = "row" in context or "row_label" in context, "column" in context or "column_label" in context
    if not wants_row:
        return None if wants_column else anchor
    rows = table["rows"]
    row = next((r for r in rows if r["id"] == context.get("row")), None) or next(
        (r for r in rows if r["label"] == context.get("row_label")), None
    )
    if row is None:
        return None
    if not wants_column:
        return f"{anchor}-{row['id']}"
    labels = {c["id"]: c["label"] for c in table["columns"]}
    column = context.get("column") or next((c for c in row["columns"] if labels[c] == context.get("column_label")), None)
    return f"{anchor}-{row['id']}-{column}" if column in row["columns"] else None


class _HtmlFormat:
    """The HTML format: callable like every format, streams one report at a time."""

    needs_model = True

    def __call__(self, run: RunResult, options: FormatOptions) -> str:
        return "".join(self.chunks(run, options))

    def chunks(self, run: RunResult, options: FormatOptions) -> Iterator[str]:
        reports = _reports(run)
        yield _head(run, options)
        yield _summary(run, reports)
        yield '<h2 id="reports">各报告检查结果</h2>\n<p><button data-open="1">全部展开</button> <button data-open="0">全部收起</button></p>\n'
        for report in reports:
            yield _report(report, run, open_=len(reports) == 1)
        yield f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"


render = _HtmlFormat()


# -- page head and run summary ---------------------------------------------------


def _head(run: RunResult, options: FormatOptions) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="disclosurelint {_e(options.tool_version)}">\n'
        "<title>政府信息公开工作年度报告检查结果</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
        "<h1>政府信息公开工作年度报告检查结果</h1>\n"
        f'<p class="meta">disclosurelint {_e(options.tool_version)} · 路径相对于 {_e(run.root)}</p>\n'
    )


def _summary(run: RunResult, reports: Sequence[_Report]) -> str:
    summary = summarize(run)
    by = summary.by_severity
    out = [
        '<h2 id="summary">检查概况</h2>\n<p class="totals">',
        f"共检查报告 {summary.files} 份，其中 {summary.files_with_problems} 份有问题；",
        f"共发现问题 {summary.problems} 个：" + "、".join(f"{SEVERITY_LABELS[s]} {by[s]} 个" for s in Severity) + "。",
        f"另有 {summary.suppressed} 个问题经审核接受（已抑制）、{summary.baselined} 个在基线中，未列出。"
        if summary.suppressed or summary.baselined
        else "",
        "</p>\n",
    ]
    for title, items in (("插件或规则包加载问题", run.plugin_errors), ("内部错误（规则运行出错）", run.internal_errors)):
        if items:
            out.append(f"<h3>{title}</h3>\n<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>\n")
    if summary.codes:
        severities: Dict[str, set] = {}
        for f in run.findings:
            severities.setdefault(f.code, set()).add(f.severity)
        titles = _titles(run)
        out.append(
            '<h3>按规则</h3>\n<table class="stats"><thead><tr><th>代码</th><th>规则</th><th>名称</th><th>严重程度</th><th>数量</th></tr></thead><tbody>\n'
        )
        for code, name, count in summary.codes:
            levels = "、".join(SEVERITY_LABELS[s] for s in Severity if s in severities[code])
            out.append(
                f'<tr data-code="{_e(code)}"><td>{_e(code)}</td><td>{_e(titles.get(code, ""))}</td><td>{_e(name)}</td>'
                f'<td>{levels}</td><td class="n">{count}</td></tr>\n'
            )
        out.append("</tbody></table>\n")
    ranked = sorted(reports, key=lambda r: (-len(r.findings), *(-r.counts()[s] for s in Severity), r.number))
    out.append(
        '<h3>按报告（问题从多到少）</h3>\n<table class="stats ranking"><thead><tr><th>名次</th><th>报告文件</th><th>机关</th><th>年度</th>'
        + "".join(f"<th>{SEVERITY_LABELS[s]}</th>" for s in Severity)
        + "<th>合计</th></tr></thead><tbody>\n"
    )
    for rank, report in enumerate(ranked, 1):
        identity = (report.model or {}).get("identity") or {}
        counts = report.counts()
        out.append(
            f'<tr><td class="n">{rank}</td><td><a href="#{report.anchor}">{_e(report.path)}</a></td>'
            f"<td>{_e(identity.get('agency') or '')}</td><td>{_e(identity.get('year') or '')}</td>"
            + "".join(f'<td class="n">{counts[s]}</td>' for s in Severity)
            + f'<td class="n">{len(report.findings)}</td></tr>\n'
        )
    out.append("</tbody></table>\n")
    return "".join(out)


def _titles(run: RunResult) -> Dict[str, str]:
    """Code -> the rule's Chinese title (its summary when it has none), for the rules that ran."""
    return {r.code: r.title or r.summary for r in run.rules}


# -- one report ---------------------------------------------------------------------


def _report(report: _Report, run: RunResult, open_: bool) -> str:
    counts = report.counts()
    badges = "".join(f'<span class="sev-{s.value}">{SEVERITY_LABELS[s]} {counts[s]}</span>' for s in Severity)
    identity = (report.model or {}).get("identity") or {}
    title = " ".join(str(x) for x in (identity.get("agency"), f"{identity['year']}年" if identity.get("year") else None) if x)
    out = [
        f'<details class="report" id="{report.anchor}" data-path="{_e(report.path)}"{" open" if open_ else ""}>\n',
        f"<summary>{report.number}. {_e(report.path)}"
        + (f' <span class="muted">{_e(title)}</span>' if title else "")
        + f' <span class="counts">{badges}</span></summary>\n',
    ]
    if report.model is not None:
        out.append(_identity(report.model))
    out.append(_findings(report, run))
    if report.model is not None:
        out.append(_outline(report))
        for table_id, table in report.model["tables"].items():
            out.append(_table(report, table_id, table))
    out.append("</details>\n")
    return "".join(out)


def _identity(model: Mapping[str, Any]) -> str:
    identity = model["identity"]
    period = identity.get("period")
    rows = [
        ("机关", identity.get("agency")),
        ("年度", identity.get("year")),
        ("统计期限", f"{period[0]} 至 {period[1]}" if period else None),
        ("发布日期", identity.get("published")),
        ("类型", KIND_LABELS.get(identity.get("kind") or "")),
        ("文件格式", FORMAT_LABELS.get(model["format"], model["format"])),
        ("模板", model.get("template")),
    ]
    return '<p class="meta identity">' + " · ".join(f"{k}：{_e(v)}" for k, v in rows if v) + "</p>\n"


def _place(finding: Finding) -> str:
    described = where(finding.location.to_dict()) if finding.location else ""
    return " · ".join(p for p in (described, finding.where()) if p)


def _excerpt_html(excerpt: Mapping[str, Any]) -> str:
    text, mark = excerpt["text"], excerpt.get("mark")
    if not mark:
        return f'<blockquote class="excerpt">{_e(text)}</blockquote>'
    a, b = mark
    return f'<blockquote class="excerpt">{_e(text[:a])}<mark>{_e(text[a:b])}</mark>{_e(text[b:])}</blockquote>'


def _findings(report: _Report, run: RunResult) -> str:
    if not report.findings:
        return "<p>未发现问题。</p>\n"
    out = [f"<h3>问题（{len(report.findings)}）</h3>\n<ol class=\"findings\">\n"]
    for index, finding in enumerate(report.findings):
        target = report.targets.get(index)
        place = _place(finding)
        link = f' · <a href="#{_e(target)}">查看所在位置</a>' if target else ""
        excerpt = report.excerpt(finding)
        related = "".join(
            f'<div class="place">相关文件：{_e(display_path(run, path))}{" " + _e(where(loc.to_dict())) if loc else ""}</div>'
            for path, loc in finding.related
        )
        out.append(
            f'<li id="{report.finding_anchor(index)}" class="finding sev-{finding.severity.value}" data-code="{_e(finding.code)}"'
            + (f' data-target="{_e(target)}"' if target else "")
            + f'><span class="badge">{SEVERITY_LABELS[finding.severity]}</span> <b>{_e(finding.code)}</b> '
            f'<span class="muted">{_e(finding.name)}</span> {_e(finding.message)}'
            + (f'<div class="place">位置：{_e(place)}{link}</div>' if place or link else "")
            + (_excerpt_html(excerpt) if excerpt else "")
            + related
            + "</li>\n"
        )
    out.append("</ol>\n")
    return "".join(out)


def _refs(report: _Report, anchor: str) -> str:
    """Links from a cell, row, table or section to its findings."""
    return "".join(
        f'<a class="ref sev-{report.findings[i].severity.value}" href="#{report.finding_anchor(i)}" '
        f'title="{_e(report.findings[i].message)}">[{i + 1}]</a>'
        for i in report.at.get(anchor, ())
    )


def _notes(report: _Report, anchors: Sequence[str]) -> str:
    """The findings at ``anchors`` as a list: message and a link to the finding."""
    items = [
        f'<li class="sev-{report.findings[i].severity.value}"><a class="ref" href="#{report.finding_anchor(i)}">[{i + 1}]</a> '
        f'<span class="badge">{SEVERITY_LABELS[report.findings[i].severity]}</span> {_e(report.findings[i].code)} '
        f"{_e(report.findings[i].message)}</li>"
        for anchor in anchors
        for i in report.at.get(anchor, ())
    ]
    return '<ul class="notes">' + "".join(items) + "</ul>" if items else ""


def _outline(report: _Report) -> str:
    model = report.model or {}
    out = ['<h3>章节</h3>\n<ol class="outline">\n']
    for spec in model["outline"]:
        anchor = f"{report.anchor}-s{spec['number']}"
        found = [s for s in model["sections"] if s["number"] == spec["number"]]
        if not found:
            out.append(f'<li id="{anchor}" class="missing">{_e(spec["heading"])} <span class="tag">缺失</span>{_refs(report, anchor)}</li>\n')
            continue
        written = "；".join(
            _e(s["heading"])
            + ("" if s["standard_wording"] else ' <span class="tag">非标准表述</span>')
            + f' <span class="place">{_e(where(s["location"]))}</span>'
            for s in found
        )
        standard = "" if all(s["heading"] == spec["heading"] for s in found) else f' <span class="muted">（标准：{_e(spec["heading"])}）</span>'
        out.append(f'<li id="{anchor}">{written}{standard}{_refs(report, anchor)}</li>\n')
    out.append("</ol>\n")
    return "".join(out)


# -- tables drawn from the template ----------------------------------------------------


def _table(report: _Report, table_id: str, table: Mapping[str, Any]) -> str:
    anchor = f"{report.anchor}-{table_id}"
    place = where(table.get("location"))
    out = [
        f'<section class="table" data-table="{_e(table_id)}">\n<h4 id="{_e(anchor)}">{_e(table["short_title"])}　{_e(table["title"])}'
        + (f' <span class="place">{_e(place)}</span>' if place else "")
        + f"{_refs(report, anchor)}</h4>\n"
    ]
    if not table["present"]:
        out.append('<p class="absent">报告中没有此表。</p>\n' + _notes(report, [anchor]) + "</section>\n")
        return "".join(out)
    out.append(_notes(report, [anchor]))
    out.append(_grid(report, table_id, table))
    if table.get("unknown_rows"):
        out.append(
            '<p class="muted">模板中没有的行：</p><ul class="notes">'
            + "".join(f"<li>{_e(r['text'])} <span class=\"place\">{_e(where(r['location']))}</span></li>" for r in table["unknown_rows"])
            + "</ul>\n"
        )
    out.append("</section>\n")
    return "".join(out)


def _header(columns: Sequence[Tuple[str, str]], labels: int, width: int) -> str:
    """Header rows for ``columns`` (id, label); ``组 项`` labels give two rows, groups merged."""
    pad = width - len(columns)
    if not any(" " in label for _, label in columns):
        cells = "".join(
            f'<th scope="col"{_span("colspan", 1 + (pad if i == len(columns) - 1 else 0))}>{_e(label)}</th>' for i, (_, label) in enumerate(columns)
        )
        return f'<tr><th{_span("colspan", labels)}></th>{cells}</tr>\n'
    parts = [label.rsplit(" ", 1) if " " in label else ["", label] for _, label in columns]
    top: List[List[Any]] = []
    for group, leaf in parts:
        if top and group and top[-1][0] == group:
            top[-1][1] += 1
        else:
            top.append([group, 1, leaf])
    first = "".join(
        f'<th scope="colgroup"{_span("colspan", n)}>{_e(group)}</th>' if group else f'<th scope="col" rowspan="2">{_e(leaf)}</th>'
        for group, n, leaf in top
    )
    second = "".join(f'<th scope="col">{_e(leaf)}</th>' for group, leaf in parts if group)
    return f'<tr><th rowspan="2"{_span("colspan", labels)}></th>{first}</tr>\n<tr>{second}</tr>\n'


def _span(name: str, n: int) -> str:
    return f' {name}="{n}"' if n > 1 else ""


def _grid(report: _Report, table_id: str, table: Mapping[str, Any]) -> str:
    labels = {c["id"]: c["label"] for c in table["columns"]}
    rows = table["rows"]
    width = max(len(r["columns"]) for r in rows)
    grouped = any(r["group"] for r in rows)
    label_columns = 2 if grouped else 1
    out = [f'<table class="grid" data-table="{_e(table_id)}"><tbody>\n']
    block: Optional[str] = None
    header: Optional[List[str]] = None
    for index, row in enumerate(rows):
        if row["block"] != block:
            block = row["block"]
            if block:
                out.append(f'<tr><th class="block" colspan="{label_columns + width}">{_e(block)}</th></tr>\n')
                header = None
        if row["columns"] != header:
            header = row["columns"]
            out.append(_header([(c, labels[c]) for c in header], label_columns, width))
        out.append(_row(report, table_id, row, rows, index, grouped, width))
    out.append("</tbody></table>\n")
    return "".join(out)


def _row(report: _Report, table_id: str, row: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], index: int, grouped: bool, width: int) -> str:
    anchor = f"{report.anchor}-{table_id}-{row['id']}"
    label = _e(row["label"]) + ("" if row["present"] else ' <span class="tag">缺少此行</span>') + _refs(report, anchor)
    if row["label_text"] and row["label_text"] != row["label"]:
        label = f'<span title="报告原文：{_e(row["label_text"])}">{label}</span>'
    heads = ""
    if grouped and row["group"]:
        if index == 0 or rows[index - 1]["group"] != row["group"]:
            size = 1
            while index + size < len(rows) and rows[index + size]["group"] == row["group"]:
                size += 1
            heads = f'<th scope="rowgroup"{_span("rowspan", size)}>{_e(row["group"])}</th>'
        heads += f'<th scope="row">{label}</th>'
    else:
        heads = f'<th scope="row"{_span("colspan", 2 if grouped else 1)}>{label}</th>'
    cells = {c["column"]: c for c in row["cells"]}
    tds = []
    for i, column in enumerate(row["columns"]):
        colspan = 1 + (width - len(row["columns"]) if i == len(row["columns"]) - 1 else 0)
        tds.append(_cell(report, f"{anchor}-{column}", table_id, row, column, cells.get(column) if row["present"] else None, colspan))
    css = ' class="missing"' if not row["present"] else ""
    out = f'<tr id="{_e(anchor)}"{css} data-row="{_e(row["id"])}">{heads}{"".join(tds)}</tr>\n'
    notes = _notes(report, [anchor] + [f"{anchor}-{c}" for c in row["columns"]])
    if notes:
        out += f'<tr class="notes"><td colspan="{(2 if grouped else 1) + width}">{notes}</td></tr>\n'
    return out


def _cell(report: _Report, anchor: str, table_id: str, row: Mapping[str, Any], column: str, cell: Optional[Mapping[str, Any]], colspan: int) -> str:
    kind = cell["kind"] if cell else "missing"
    classes = ["cell", kind]
    found = report.at.get(anchor, ())
    if found:
        worst = max((report.findings[i].severity for i in found), key=lambda s: s.rank)
        classes += ["flagged", f"sev-{worst.value}"]
    text = _e(cell["raw"]) if cell and cell["raw"] else ""
    if kind in CELL_TAGS:
        text += f'<span class="tag">{CELL_TAGS[kind]}</span>'
    elif kind == "missing":
        text = "—"
    place = where(cell["location"]) if cell and found else ""
    tooltip = "\n".join([report.findings[i].message for i in found] + ([f"原文位置：{place}"] if place else []))
    return (
        f'<td id="{_e(anchor)}" class="{" ".join(classes)}"{_span("colspan", colspan)} data-table="{_e(table_id)}" '
        f'data-row="{_e(row["id"])}" data-column="{_e(column)}" data-kind="{kind}"'
        + (f' title="{_e(tooltip)}"' if tooltip else "")
        + f">{text}{_refs(report, anchor)}</td>"
    )
