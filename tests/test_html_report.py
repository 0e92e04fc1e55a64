"""``--format html``: the review report, as lxml parses it and as headless Chromium renders it.

The run: seed 001 (DL201 blank cell), seed 002 (no tables), seed 004 (DL501
prose figures), the 淮安 PDF with a test rule's finding on a cell (page
locations), seed 001 as a DOCX (source table grid locations), a handmade report with DL302 identity failures and a missing row,
a hostile report (``<script>`` in a cell, the title, the prose and the file
name) and an unreadable file.  The same DOM checks run on both parses.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable, Set

import lxml.html
import pytest

import browser
import handmade
from builders import blocks, docx_bytes
from conftest import HUAIAN_PDF, SEEDS, builtin_config, write
from disclosurelint.api import Linter
from disclosurelint.cli import main
from disclosurelint.findings import Finding, Severity
from disclosurelint.formats import FormatOptions, load_format, write_output
from disclosurelint.formats.html import render, where
from disclosurelint.hookspecs import hookimpl
from disclosurelint.model import Report
from disclosurelint.results import FileResult, RunResult
from disclosurelint.rule import Rule, RuleContext
from disclosurelint.runner import run_files

XSS = "<script>alert(document.domain)</script>"
HOSTILE_NAME = "xss-<b>&amp;.md"
#: Report numbers (anchors ``rN``) in the run, in input order.
R001, R002, R004, RPDF, RDOCX, RIDENTITY, RHOSTILE, RBROKEN = range(1, 9)


class PdfCellCheck(Rule):
    """Test rule: a finding on Table 3 （七）总计 / 自然人 of a PDF (a page-located cell)."""

    code = "TS101"
    name = "pdf-cell"
    severity = Severity.WARNING

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        table = report.table("table3")
        if report.format == "pdf" and table is not None:
            cell = table.cell("total", "natural_person")
            yield self.finding_at(report, cell, f"（七）总计 自然人列应为 0（测试），实为 {cell.raw}")


PLUGIN = ("tests", SimpleNamespace(disclosurelint_rules=hookimpl(lambda: [PdfCellCheck])))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    folder = tmp_path_factory.mktemp("reports")
    identity = write(folder, "identity.md", handmade.report(t2={"penalties": None}, t3={"disclosed": [5, 1, 0, 0, 0, 0, 6]}))
    hostile = write(
        folder,
        HOSTILE_NAME,
        handmade.report(
            t3={"disclosed": [4, XSS, 0, 0, 0, 0, 5]},
            title=f"{XSS}某某县人民政府办公室2024年政府信息公开工作年度报告",
            prose={1: f"2024年，本机关共收到政府信息公开申请12件{XSS}。"},
        ),
    )
    docx = folder / "001.docx"
    docx.write_bytes(docx_bytes(blocks(SEEDS["001"].read_text(encoding="utf-8"))))
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00\x01garbage" * 300)
    paths = [SEEDS["001"], SEEDS["002"], SEEDS["004"], HUAIAN_PDF, docx, identity, hostile, broken]
    return run_files(Linter(builtin_config(), plugins=[PLUGIN]), [str(p) for p in paths], jobs=1, use_cache=False, models=True)


@pytest.fixture(scope="module")
def page(run: RunResult) -> str:
    return render(run, FormatOptions(tool_version="9.8.7"))


def cell_findings(run: RunResult) -> Set[str]:
    """The anchors of the cells the findings name by template ids, and the one DL501 names by labels."""
    anchors = {
        f"r{n}-{f.context['table']}-{f.context['row']}-{f.context['column']}"
        for n, file in enumerate(run.files, 1)
        for f in file.findings
        if {"table", "row", "column"} <= f.context.keys()
    }
    return anchors | {f"r{RHOSTILE}-table3-new-total"}  # DL501: 共收到…12件 against 一、本年新收 总计


def text(element: lxml.html.HtmlElement) -> str:
    return element.text_content()


def check_dom(tree: lxml.html.HtmlElement, run: RunResult) -> None:
    """What the page must show, on any parse of it."""
    ids = set(tree.xpath("//@id"))
    # Self-contained: one inline script, no external anything; every link is an anchor on the page.
    assert tree.xpath("//@src") == [] and tree.xpath("//link | //img | //iframe | //object | //embed") == []
    assert len(tree.xpath("//script")) == 1
    hrefs = tree.xpath("//a/@href")
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs)

    # The highlighted cells are exactly the findings' cells, each with its template place.
    flagged = tree.xpath("//td[contains(concat(' ', @class, ' '), ' flagged ')]")
    assert {td.get("id") for td in flagged} == cell_findings(run)
    for td in flagged:
        (report,) = td.xpath("ancestor::details/@id")
        assert td.get("id") == f"{report}-{td.get('data-table')}-{td.get('data-row')}-{td.get('data-column')}"
        refs = [a.get("href")[1:] for a in td.xpath("a[@class and contains(@class, 'ref')]")]
        pointing = [li.get("id") for li in tree.xpath(f"//li[@data-target='{td.get('id')}']")]
        assert refs and refs == pointing
    # Every finding is listed under its report; those on a cell, row, table or section link there.
    for n, file in enumerate(run.files, 1):
        items = tree.xpath(f"//details[@id='r{n}']//ol[@class='findings']/li")
        assert [li.get("data-code") for li in items] == [f.code for f in sorted(file.findings, key=Finding.sort_key)]
        assert all(li.get("data-target") in ids for li in items if li.get("data-target"))

    # 001: the blank cell, marked and flagged.
    blank = tree.get_element_by_id(f"r{R001}-table2-normative_documents-in_force")
    assert blank.get("data-kind") == "blank" and "空白" in text(blank)
    # 002: no tables; DL104 links to each table's place, DL103 and DL401 to section 六.
    absent = tree.xpath(f"//details[@id='r{R002}']//p[@class='absent']")
    assert [text(p) for p in absent] == ["报告中没有此表。"] * 3
    targets = {li.get("data-code") + ":" + li.get("data-target", "") for li in tree.xpath(f"//details[@id='r{R002}']//li[@data-code]")}
    assert targets == {f"DL104:r{R002}-table{t}" for t in (2, 3, 4)} | {f"DL103:r{R002}-s6", f"DL401:r{R002}-s6"}
    assert len(tree.get_element_by_id(f"r{R002}-s6").xpath("a")) == 2
    # 004: DL501 shows the prose sentence with the figure marked.
    marks = tree.xpath(f"//details[@id='r{R004}']//li[@data-code='DL501']//blockquote/mark")
    assert [text(m) for m in marks] == ["4", "2"]
    # The PDF: the test rule's finding on a page-located cell.
    (pdf_finding,) = tree.xpath(f"//details[@id='r{RPDF}']//li[@data-code='TS101']")
    assert "位置：第5页 第3个表格第27行第4列 · 表3 / （七）总计 / 自然人" in text(pdf_finding)
    assert pdf_finding.get("data-target") == f"r{RPDF}-table3-total-natural_person"
    # The DOCX: the blank cell found by its source table's grid.
    (docx_finding,) = tree.xpath(f"//details[@id='r{RDOCX}']//li[@data-code='DL201']")
    (finding,) = run.files[RDOCX - 1].findings
    assert f"位置：{where(finding.location.to_dict())} · 表2 / 行政规范性文件 / 现行有效件数" in text(docx_finding)
    assert "个表格第" in text(docx_finding) and docx_finding.get("data-target") == f"r{RDOCX}-table2-normative_documents-in_force"
    # The handmade report: the DL302 messages right under the total row, the missing row marked.
    notes = tree.get_element_by_id(f"r{RIDENTITY}-table3-total").getnext()
    assert notes.get("class") == "notes"
    assert "（七）总计 自然人列应为 8（各项之和），实为 7" in text(notes) and "（七）总计 总计列应为 10（各项之和），实为 9" in text(notes)
    missing = tree.get_element_by_id(f"r{RIDENTITY}-table2-penalties")
    assert missing.get("class") == "missing" and "缺少此行" in text(missing)
    assert tree.xpath("//li[@data-code='DL105']")[0].get("data-target") == f"r{RIDENTITY}-table2-penalties"
    # The hostile report: every text from it is text.
    hostile = tree.get_element_by_id(f"r{RHOSTILE}")
    assert HOSTILE_NAME in text(hostile.xpath("summary")[0])
    assert text(tree.get_element_by_id(f"r{RHOSTILE}-table3-disclosed-commercial")).startswith(XSS)
    assert XSS in text(hostile.xpath(".//li[@data-code='DL501']//blockquote")[0])
    assert XSS in text(hostile.xpath(".//li[@data-code='DL203']")[0])
    # The unreadable file: its DL001 under it, nothing else.
    broken = tree.get_element_by_id(f"r{RBROKEN}")
    assert [li.get("data-code") for li in broken.xpath(".//li")] == ["DL001"] and not broken.xpath(".//table")
    # The summary: reports ranked by findings, counts per code.
    ranking = tree.xpath("//table[contains(@class, 'ranking')]/tbody/tr")
    counts = [len(f.findings) for f in run.files]
    assert [int(text(tr[-1])) for tr in ranking] == sorted(counts, reverse=True)
    assert text(tree.xpath("//tr[@data-code='DL302']/td")[-1]) == "2"
    # Each rule by its Chinese title (a rule without one: empty, as TS101 has no summary either).
    assert [text(td) for td in tree.xpath("//tr[@data-code='DL302']/td")[:3]] == ["DL302", "办理结果总计不等于各项之和", "outcome-total"]
    assert [text(td) for td in tree.xpath("//tr[@data-code='TS101']/td")[:3]] == ["TS101", "", "pdf-cell"]


def test_page_as_lxml_parses_it(page: str, run: RunResult) -> None:
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    check_dom(lxml.html.fromstring(page), run)


def test_page_in_headless_chromium(page: str, run: RunResult, tmp_path: Path) -> None:
    """Chromium parses the page and runs its script (the CSP allows it): the report holding the
    fragment's target opens; the flagged cells are coloured, the others not."""
    (tmp_path / "review.html").write_text(page, encoding="utf-8")
    target = f"r{RIDENTITY}-table3-total-natural_person"
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<!DOCTYPE html><html><body><pre id="out"></pre>'
        f'<iframe id="page" src="review.html#{target}" width="1280" height="900"></iframe><script>'
        'document.getElementById("page").onload = function () {'
        "  var d = this.contentDocument, colours = {};"
        '  d.querySelectorAll("td.cell").forEach(function (td) { colours[td.id] = getComputedStyle(td).backgroundColor; });'
        '  document.getElementById("out").textContent = JSON.stringify({dom: d.documentElement.outerHTML, colours: colours});'
        "};</script></body></html>",
        encoding="utf-8",
    )
    dumped = lxml.html.fromstring(browser.load(probe.as_uri(), flags=["--allow-file-access-from-files"]))
    result = json.loads(dumped.get_element_by_id("out").text_content())
    tree = lxml.html.fromstring(result["dom"])
    check_dom(tree, run)
    assert [d.get("id") for d in tree.xpath("//details[@open]")] == [f"r{RIDENTITY}"]
    colours = result["colours"]
    flagged = cell_findings(run)
    plain = {c.get("id") for c in tree.xpath("//td[@data-kind='number']")} - flagged
    assert plain and {colours[c] for c in plain} == {"rgba(0, 0, 0, 0)"}
    assert all(colours[c] in ("rgb(253, 226, 225)", "rgb(255, 241, 204)") for c in flagged)


def test_screenshot_of_one_report(tmp_path: Path, run: RunResult) -> None:
    """A run of one report opens it: the screenshot shows its tables with the flagged cells."""
    single = RunResult(files=[run.files[RIDENTITY - 1]], rules=run.rules, root=run.root)
    (tmp_path / "report.html").write_text(render(single, FormatOptions()), encoding="utf-8")
    shot = tmp_path / "report.png"
    tree = lxml.html.fromstring(browser.load((tmp_path / "report.html").as_uri(), screenshot=shot, size=(1280, 2400)))
    assert tree.xpath("//details[@open]/@id") == ["r1"]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_cli_writes_the_page_and_reuses_cached_models(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    report = write(tmp_path, "report.txt", SEEDS["001"].read_text(encoding="utf-8"))
    out = tmp_path / "review.html"
    args = [str(report), "--isolated", "--cache-dir", str(tmp_path / "cache"), "--format", "html", "-o", str(out)]
    assert main(args) == 1
    first = out.read_text(encoding="utf-8")
    assert main(args) == 1  # answered from the cache: same page, the model was cached with the findings
    assert out.read_text(encoding="utf-8") == first
    assert 'id="r1-table2-normative_documents-in_force" class="cell blank flagged sev-error"' in first
    assert capsys.readouterr().out == ""


def test_streams_and_registers(page: str, run: RunResult) -> None:
    assert load_format("html") is render and render.needs_model
    stream = io.StringIO()
    write_output(render, run, FormatOptions(tool_version="9.8.7"), stream)
    assert stream.getvalue() == page


def test_an_empty_run_and_a_run_without_models() -> None:
    empty = lxml.html.fromstring(render(RunResult(files=[], rules=[]), FormatOptions()))
    assert "共检查报告 0 份" in empty.text_content() and not empty.xpath("//details")
    finding = PdfCellCheck().finding("a.txt", "消息", None)
    bare = lxml.html.fromstring(render(RunResult(files=[FileResult("a.txt", [finding])], rules=[]), FormatOptions()))
    assert [li.get("data-code") for li in bare.xpath("//li[@data-code]")] == ["TS101"] and not bare.xpath("//table[@class='grid']")
    accepted = FileResult("a.txt", [], suppressed=[finding], baselined=[finding, finding])
    page = lxml.html.fromstring(render(RunResult(files=[accepted], rules=[]), FormatOptions()))
    assert "共发现问题 0 个" in page.text_content() and "另有 1 个问题经审核接受（已抑制）、2 个在基线中，未列出。" in page.text_content()


@pytest.mark.parametrize(
    "location, expected",
    [
        ({"line": 16, "column": 21, "end_line": 16, "end_column": 21}, "第16行第21字"),
        ({"page": 4}, "第4页"),
        ({"page": 3, "table": 1, "row": 4, "col": 2}, "第3页 第1个表格第4行第2列"),
        ({"paragraph": 12}, "第12段"),
        (None, ""),
    ],
)
def test_locations_in_chinese(location, expected) -> None:
    assert where(location) == expected
