"""Output formats: text, json, github, and the format registry.

The sample run here (``sample_run``) is shared with ``test_sarif.py``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import List, Type

import pytest

from disclosurelint.findings import Finding, Severity
from disclosurelint.formats import (
    BUILTIN_FORMATS,
    FormatOptions,
    display_path,
    load_format,
    place,
    unpinned_place,
    write_output,
)
from disclosurelint.formats import github as github_format
from disclosurelint.model import GridPos, Location, TextSpan, span_in
from disclosurelint.results import FileResult, RunResult
from disclosurelint.rule import Rule

ROOT = Path("/srv/reports")
OPTIONS = FormatOptions(tool_version="9.8.7")

TEXT_FILE = "2024/永州市政府办.txt"
DOCX_FILE = "2024/平阳县.docx"
PDF_FILE = "broken.pdf"
#: Findings carry paths as the engine found them (here absolute); formats show them relative to the root.
TEXT_PATH, DOCX_PATH, PDF_PATH = (str(ROOT / name) for name in (TEXT_FILE, DOCX_FILE, PDF_FILE))
PLUGIN_ERROR = "plugin 'broken' failed to load: ModuleNotFoundError: No module named 'broken_rules'"


class UnreadableInput(Rule):
    """The file cannot be read, decoded or parsed."""

    code = "DL001"
    name = "unreadable-input"
    severity = Severity.ERROR
    summary = "The file cannot be read"


class NonstandardHeading(Rule):
    """A heading is recognised but worded differently from the standard."""

    code = "DL106"
    name = "nonstandard-heading"
    severity = Severity.NOTE
    summary = "Heading worded differently from the standard"


class BlankCell(Rule):
    """A numeric cell of Table 2, 3 or 4 is empty.

    0 must be written as 0: an empty cell cannot be told from a forgotten one.

    Failing: ``| 行政规范性文件 | 3 | | 12 |``; passing: ``| 行政规范性文件 | 3 | 0 | 12 |``.
    """

    code = "DL201"
    name = "blank-cell"
    severity = Severity.ERROR
    summary = "A numeric cell is empty"
    tags = ["table", "completeness"]


class ApplicationBalance(Rule):
    """Table 3, each column: 一 + 二 = （七）总计 + 四."""

    code = "DL301"
    name = "application-balance"
    severity = Severity.ERROR
    summary = "Applications received and carried over equal those handled and carried forward"
    tags = ["arithmetic"]


class ShanghaiFeeWording(Rule):
    """Shanghai pack: section 六 names the fee regulation of the municipality."""

    code = "SH101"
    name = "fee-regulation-named"
    severity = Severity.WARNING
    summary = "Section 六 does not name the municipal fee regulation"
    plugin = "shanghai"


RULES: List[Type[Rule]] = [ApplicationBalance, BlankCell, NonstandardHeading, UnreadableInput, ShanghaiFeeWording]


def total_mismatch(line: int = 40, column_id: str = "natural", column_label: str = "自然人") -> Finding:
    """DL301 in a text report: a line, and the cell's logical place."""
    return ApplicationBalance().finding(
        TEXT_PATH,
        "（七）总计 自然人列应为 73（各项之和），实为 75",
        Location(TextSpan(line, 9, end_column=11)),
        table="table3",
        table_label="表3",
        row="total",
        row_label="（七）总计",
        column=column_id,
        column_label=column_label,
    )


def blank_cell() -> Finding:
    """DL201 in a DOCX report: no line, the source table grid and the logical place."""
    return BlankCell().finding(
        DOCX_PATH,
        "行政规范性文件 本年废止件数为空（0 也应填写 0）",
        Location(grid=GridPos(2, 5, 3)),
        table="table2",
        table_label="表2",
        row="normative",
        row_label="行政规范性文件",
        column="abolished",
        column_label="本年废止件数",
    )


def sample_run() -> RunResult:
    """A text report, a DOCX report with a plugin finding, an unreadable PDF, a clean file."""
    heading = NonstandardHeading().finding(
        TEXT_PATH, "标题“二、主动公开政府信息情况”与标准写法不同", Location(TextSpan(3, 1))
    )
    plugin = ShanghaiFeeWording().finding(DOCX_PATH, "第六部分未写明收费依据", Location(paragraph=12))
    unreadable = UnreadableInput().finding(PDF_PATH, "文件无法读取：PDF 已加密")
    return RunResult(
        files=[
            FileResult(TEXT_PATH, [total_mismatch(), heading]),
            FileResult(DOCX_PATH, [blank_cell(), plugin]),
            FileResult(PDF_PATH, [unreadable]),
            FileResult(str(ROOT / "clean.txt")),
        ],
        rules=RULES,
        plugin_errors=[PLUGIN_ERROR],
        root=ROOT,
        plugins={"shanghai": "1.2.0"},
    )


def places_run() -> RunResult:
    """One finding for each kind of place a finding can have, in files with Chinese names and spaces."""
    html, pdf = str(ROOT / "2024/某县 年报.html"), str(ROOT / "淮安市/淮安市 2024.pdf")
    labels = dict(table="table3", table_label="表3", row="new", row_label="一、本年新收政府信息公开申请数量")
    findings = [
        total_mismatch(),  # a span with an end in a text file
        ApplicationBalance().finding(TEXT_PATH, "正文所述收到申请为 18，但表3为 20", Location(TextSpan(12, 5))),  # a point
        BlankCell().finding(TEXT_PATH, "“𠮷 / 总计”为空", span_in(60, "𠮷𠮷 12 |", 3, 5), **labels),  # UTF-16 columns
        BlankCell().finding(html, "“总计”为空", Location(TextSpan(31), GridPos(1, 4, 8)), column="total", column_label="总计", **labels),
        blank_cell(),  # a DOCX grid cell
        ShanghaiFeeWording().finding(DOCX_PATH, "第六部分未写明收费依据", Location(paragraph=12)),
        BlankCell().finding(pdf, "“自然人”为空", Location(page=4), column="natural", column_label="自然人", **labels),
        UnreadableInput().finding(PDF_PATH, "文件无法读取：PDF 已加密"),  # the whole file
    ]
    files: dict = {}
    for finding in findings:
        files.setdefault(finding.path, []).append(finding)
    return RunResult(files=[FileResult(p, f) for p, f in files.items()], rules=RULES, root=ROOT)


def render(name: str, run: RunResult, **options: object) -> str:
    return load_format(name)(run, FormatOptions(tool_version=OPTIONS.tool_version, **options))  # type: ignore[arg-type]


# -- registry ---------------------------------------------------------------------


def test_builtin_formats_resolve_to_render_functions() -> None:
    import importlib

    for name, target in BUILTIN_FORMATS.items():
        module, _, function = target.partition(":")
        formatter = load_format(name)
        assert formatter is getattr(importlib.import_module(module), function) and callable(formatter)


def test_formats_are_imported_lazily() -> None:
    code = (
        "import sys, disclosurelint.formats as f\n"
        "assert 'sarif_om' not in sys.modules and 'disclosurelint.formats.sarif' not in sys.modules\n"
        "f.load_format('sarif')\n"
        "assert 'sarif_om' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plugin_formats_as_callable_or_string() -> None:
    def custom(run: RunResult, options: FormatOptions) -> str:
        return "custom"

    plugins = {"custom": custom, "text-alias": "disclosurelint.formats.text:render", "json": custom}
    assert load_format("custom", plugins) is custom
    assert load_format("text-alias", plugins) is load_format("text")
    assert load_format("json", plugins) is load_format("json")  # built-in names win


def test_unknown_format_names_the_available_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown output format 'xml' \(available: custom, github, html, json, sarif, text\)"):
        load_format("xml", {"custom": lambda run, options: ""})


def test_display_path_is_relative_to_the_root_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "年报 库"
    (root / "reports").mkdir(parents=True)
    run = RunResult(files=[], rules=[], root=root)
    assert display_path(run, str(root / "reports/2024/a.txt")) == "reports/2024/a.txt"
    monkeypatch.chdir(root)
    assert display_path(run, "./reports/2024/../b.txt") == "reports/b.txt"
    monkeypatch.chdir(root / "reports")
    assert display_path(run, "2024/a.txt") == "reports/2024/a.txt"
    assert display_path(run, "/elsewhere/c.txt") == "/elsewhere/c.txt"
    (tmp_path / "link").symlink_to(root)
    assert display_path(run, str(tmp_path / "link/reports/a.txt")) == "reports/a.txt"


# -- text ---------------------------------------------------------------------------


def test_text_output() -> None:
    assert render("text", sample_run()) == (
        f"warning: {PLUGIN_ERROR}\n"
        "2024/永州市政府办.txt:3:1: DL106 [note] 标题“二、主动公开政府信息情况”与标准写法不同\n"
        "2024/永州市政府办.txt:40:9: DL301 [error] （七）总计 自然人列应为 73（各项之和），实为 75\n"
        "2024/平阳县.docx: 第12段: SH101 [warning] 第六部分未写明收费依据\n"
        "2024/平阳县.docx: 第2个表格第5行第3列，表2 / 行政规范性文件 / 本年废止件数: "
        "DL201 [error] 行政规范性文件 本年废止件数为空（0 也应填写 0）\n"
        "broken.pdf: DL001 [error] 文件无法读取：PDF 已加密\n"
        "Found 5 problems (3 errors, 1 warning, 1 note) in 3 files.\n"
    )


def test_text_clean_run() -> None:
    run = RunResult(files=[FileResult(str(ROOT / "clean.txt"))], rules=RULES, root=ROOT)
    assert render("text", run) == "All checks passed!\n"


def test_text_summary_is_singular_for_one() -> None:
    run = RunResult(files=[FileResult(DOCX_PATH, [blank_cell()])], rules=RULES, root=ROOT)
    assert render("text", run).splitlines()[-1] == "Found 1 problem (1 error, 0 warnings, 0 notes) in 1 file."


def test_text_statistics() -> None:
    run = sample_run()
    run.files[1].findings.append(blank_cell())
    assert render("text", run, show_statistics=True) == (
        f"warning: {PLUGIN_ERROR}\n"
        "2  DL201  blank-cell\n"
        "1  DL001  unreadable-input\n"
        "1  DL106  nonstandard-heading\n"
        "1  DL301  application-balance\n"
        "1  SH101  fee-regulation-named\n"
        "Found 6 problems (4 errors, 1 warning, 1 note) in 3 files.\n"
    )


def test_text_color_only_when_asked() -> None:
    plain = render("text", sample_run())
    colored = render("text", sample_run(), color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1m\x1b[31mDL301\x1b[0m" in colored
    assert "\x1b[1m\x1b[36mDL106\x1b[0m" in colored
    assert colored.startswith("\x1b[1m\x1b[33mwarning:\x1b[0m ")


# -- json ---------------------------------------------------------------------------


def test_json_output() -> None:
    text = render("json", sample_run())
    assert "永州市" in text and text.startswith('{\n  "schema": "disclosurelint-check/1",\n  "version": "9.8.7",')
    doc = json.loads(text)
    assert doc["version"] == "9.8.7"
    assert doc["root"] == str(ROOT)
    assert [f["path"] for f in doc["files"]] == [TEXT_FILE, DOCX_FILE, PDF_FILE, "clean.txt"]
    assert [[x["code"] for x in f["findings"]] for f in doc["files"]] == [
        ["DL106", "DL301"],
        ["SH101", "DL201"],
        ["DL001"],
        [],
    ]
    sarif = json.loads(render("sarif", sample_run()))["runs"][0]["results"]  # the same findings in the same order
    prints = [f.pop("fingerprint") for file in doc["files"] for f in file["findings"]]
    assert prints == [r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif]
    assert all(file["suppressed"] == [] for file in doc["files"])
    assert doc["files"][1]["findings"][1] == {
        "code": "DL201",
        "name": "blank-cell",
        "severity": "error",
        "message": "行政规范性文件 本年废止件数为空（0 也应填写 0）",
        "path": DOCX_FILE,
        "location": {"table": 2, "row": 5, "col": 3},
        "context": {
            "table": "table2",
            "table_label": "表2",
            "row": "normative",
            "row_label": "行政规范性文件",
            "column": "abolished",
            "column_label": "本年废止件数",
        },
        "related": [],
        "plugin": "disclosurelint",
    }
    assert doc["files"][2]["findings"][0]["location"] is None
    assert doc["summary"] == {
        "files": 4,
        "files_with_problems": 3,
        "problems": 5,
        "errors": 3,
        "warnings": 1,
        "notes": 1,
        "codes": {"DL001": 1, "DL106": 1, "DL201": 1, "DL301": 1, "SH101": 1},
        "suppressed": 0,
        "baselined": 0,
    }
    assert doc["plugin_errors"] == [PLUGIN_ERROR] and doc["stale_baseline"] == []


def test_json_is_deterministic() -> None:
    run = sample_run()
    shuffled = sample_run()
    for f in shuffled.files:
        f.findings.reverse()
    assert render("json", run) == render("json", shuffled)


# -- github -------------------------------------------------------------------------


def test_github_output() -> None:
    assert render("github", sample_run()) == (
        f"::warning title=disclosurelint::{PLUGIN_ERROR}\n"
        "::notice file=2024/永州市政府办.txt,line=3,col=1,title=DL106 nonstandard-heading::"
        "标题“二、主动公开政府信息情况”与标准写法不同\n"
        "::error file=2024/永州市政府办.txt,line=40,col=9,endColumn=11,title=DL301 application-balance::"
        "（七）总计 自然人列应为 73（各项之和），实为 75\n"
        "::warning file=2024/平阳县.docx,title=SH101 fee-regulation-named::"
        "第六部分未写明收费依据（第12段）\n"
        "::error file=2024/平阳县.docx,title=DL201 blank-cell::"
        "行政规范性文件 本年废止件数为空（0 也应填写 0）（第2个表格第5行第3列，表2 / 行政规范性文件 / 本年废止件数）\n"
        "::error file=broken.pdf,title=DL001 unreadable-input::文件无法读取：PDF 已加密\n"
    )


def test_github_escapes_properties_and_data() -> None:
    finding = BlankCell().finding(str(ROOT / "a,b:c%.txt"), "第一行 100%\r\n第二行: a,b", Location(TextSpan(2)))
    run = RunResult(files=[FileResult(finding.path, [finding])], rules=RULES, root=ROOT)
    assert render("github", run) == (
        "::error file=a%2Cb%3Ac%25.txt,line=2,title=DL201 blank-cell::第一行 100%25%0D%0A第二行: a,b\n"
    )


def test_github_clean_run_prints_nothing() -> None:
    assert render("github", RunResult(files=[FileResult(str(ROOT / "clean.txt"))], rules=RULES, root=ROOT)) == ""


def test_json_written_file_by_file_is_the_whole_document():
    """The file-at-a-time serialisation is the whole document, one finding per line."""
    import glob as _glob

    from disclosurelint.api import lint_paths
    from disclosurelint.formats import json as json_format

    from conftest import builtin_config

    run = lint_paths(sorted(_glob.glob(str(Path(__file__).parent / "fixtures" / "seeds" / "*.txt"))), builtin_config())
    options = FormatOptions()
    text = json_format.render(run, options)
    assert json.loads(text) == json.loads(json.dumps(json_format.document(run, options), ensure_ascii=False))
    finding_lines = [line for line in text.splitlines() if line.startswith('        {"code": ')]
    assert len(finding_lines) == len(run.findings) > 0
    stream = io.StringIO()
    write_output(json_format.render, run, options, stream)
    assert stream.getvalue() == text


# -- every format, the same places ----------------------------------------------------


def test_text_github_json_and_sarif_agree_on_every_place() -> None:
    from urllib.parse import unquote

    run = places_run()
    text, github = render("text", run).splitlines(), render("github", run).splitlines()
    findings_json = [f for file in json.loads(render("json", run))["files"] for f in file["findings"]]
    results = json.loads(render("sarif", run))["runs"][0]["results"]
    assert len(findings_json) == len(results) == len(run.findings) == 8
    for finding in run.findings:
        shown = display_path(run, finding.path)
        assert not shown.startswith("/")
        span = finding.location.span if finding.location else None
        words = unpinned_place(finding)
        (line,) = [t for t in text if t.endswith(" " + finding.message)]
        (annotation,) = [g for g in github if f"::{finding.message}" in g]
        (data,) = [f for f in findings_json if f["message"] == finding.message]
        (result,) = [r for r in results if r["message"]["text"].startswith(finding.message)]
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        assert data["path"] == unquote(physical["artifactLocation"]["uri"]) == shown
        assert f"file={shown}," in annotation
        if span is not None:
            column = span.column or 1
            prefix = f"{shown}:{span.line}:{column}:"
            assert f",line={span.line}," in annotation
            assert (data["location"]["line"], data["location"].get("column", 1)) == (span.line, column)
            assert (region["startLine"], region["startColumn"]) == (span.line, column)
            assert region["endColumn"] == data["location"].get("end_column", column)
        else:
            prefix = f"{shown}:"
            assert ",line=" not in annotation and "line" not in (data["location"] or {})
            assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
        assert line.startswith(prefix + (f" {words}:" if words else "") + f" {finding.code} ")
        suffix = f"（{words}）" if words else ""
        assert annotation.endswith(f"::{finding.message}{suffix}")
        assert result["message"]["text"] == finding.message + suffix
    assert sum(bool(unpinned_place(f)) for f in run.findings) == 4  # HTML, DOCX grid and paragraph, PDF


def test_places_in_words() -> None:
    by_message = {f.message: place(f) for f in places_run().findings}
    assert by_message["“自然人”为空"] == "第4页，表3 / 一、本年新收政府信息公开申请数量 / 自然人"
    assert by_message["第六部分未写明收费依据"] == "第12段"
    assert by_message["“总计”为空"] == "第1个表格第4行第8列，表3 / 一、本年新收政府信息公开申请数量 / 总计"
    assert by_message["文件无法读取：PDF 已加密"] == ""
    (astral,) = [f for f in places_run().findings if "𠮷" in f.message]
    assert astral.location.span == TextSpan(60, 6, 60, 8)  # "12" after two astral characters (four UTF-16 units)


# -- github: annotation limits and the step summary ------------------------------------------


def many_blank_cells(n: int, severity: Severity = Severity.ERROR) -> RunResult:
    findings = []
    for i in range(n):
        finding = BlankCell().finding(TEXT_PATH, f"第 {i} 格为空", Location(TextSpan(i + 1, 1, i + 1, 3)), column=str(i))
        finding.severity = severity
        findings.append(finding)
    return RunResult(files=[FileResult(TEXT_PATH, findings)], rules=RULES, root=ROOT)


def test_github_warns_when_annotations_exceed_what_a_step_shows() -> None:
    warned: List[str] = []
    render("github", many_blank_cells(10), warn=warned.append)
    assert warned == []
    run = many_blank_cells(12)
    run.files[0].findings.append(blank_cell())
    render("github", run, warn=warned.append)
    assert warned == [
        "GitHub shows 10 annotations of each severity per step: 3 of 13 will not be shown; "
        "all of them are in the step summary"
    ]


def test_step_summary_lists_every_finding() -> None:
    summary = github_format.step_summary(sample_run())
    assert summary.splitlines() == [
        "### disclosurelint：5 个问题（3 个错误、1 个警告、1 个提示），涉及 3 个文件",
        "",
        "> 插件未能加载：plugin 'broken' failed to load: ModuleNotFoundError: No module named 'broken_rules'",
        "",
        "| 文件 | 位置 | 规则 | 级别 | 说明 |",
        "|---|---|---|---|---|",
        "| 2024/永州市政府办.txt | 3:1 | DL106 nonstandard-heading | 提示 | 标题“二、主动公开政府信息情况”与标准写法不同 |",
        "| 2024/永州市政府办.txt | 40:9 | DL301 application-balance | 错误 | （七）总计 自然人列应为 73（各项之和），实为 75 |",
        "| 2024/平阳县.docx | 第12段 | SH101 fee-regulation-named | 警告 | 第六部分未写明收费依据 |",
        "| 2024/平阳县.docx | 第2个表格第5行第3列，表2 / 行政规范性文件 / 本年废止件数 | DL201 blank-cell | 错误 "
        "| 行政规范性文件 本年废止件数为空（0 也应填写 0） |",
        "| broken.pdf |  | DL001 unreadable-input | 错误 | 文件无法读取：PDF 已加密 |",
    ]
    clean = RunResult(files=[FileResult(str(ROOT / "clean.txt"))], rules=RULES, root=ROOT)
    assert github_format.step_summary(clean) == "### disclosurelint：未发现问题（1 个文件）\n"


def test_step_summary_escapes_cells_and_stops_below_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    finding = BlankCell().finding(TEXT_PATH, "a | b\n<c>", Location(TextSpan(1)))
    run = RunResult(files=[FileResult(TEXT_PATH, [finding])], rules=RULES, root=ROOT)
    assert "| a \\| b &lt;c&gt; |" in github_format.step_summary(run)
    monkeypatch.setattr(github_format, "SUMMARY_LIMIT", 1024 + 600)
    summary = github_format.step_summary(many_blank_cells(40))
    assert len(summary.encode("utf-8")) < 1024 + 600
    rows = [line for line in summary.splitlines() if line.startswith("| 2024/")]
    assert 0 < len(rows) < 40
    assert summary.endswith(f"另有 {40 - len(rows)} 个问题未列出（GitHub 步骤摘要最多 1 MiB），完整结果见 `--format json` 或 SARIF。\n")


def test_cli_appends_the_step_summary_for_the_github_format_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from disclosurelint.cli import main

    from conftest import SEEDS

    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    args = ["--isolated", "--no-plugins", "--no-cache", str(SEEDS["001"])]
    assert main(["--format", "text", *args]) == 1
    assert summary.read_text(encoding="utf-8") == "earlier step\n"
    assert main(["--format", "github", *args]) == 1
    out = capsys.readouterr().out
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n### disclosurelint：1 个问题（1 个错误、0 个警告、0 个提示），涉及 1 个文件\n")
    assert "| DL201 blank-cell | 错误 |" in written and "::error file=" in out
