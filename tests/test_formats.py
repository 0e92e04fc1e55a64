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
from disclosurelint.formats import BUILTIN_FORMATS, FormatOptions, display_path, load_format, write_output
from disclosurelint.model import GridPos, Location, TextSpan
from disclosurelint.results import FileResult, RunResult
from disclosurelint.rule import Rule

ROOT = Path("/srv/reports")
OPTIONS = FormatOptions(tool_version="9.8.7")

TEXT_FILE = "2024/永州市政府办.txt"
DOCX_FILE = "2024/平阳县.docx"
PDF_FILE = "broken.pdf"
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
        TEXT_FILE,
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
        DOCX_FILE,
        "行政规范性文件 本年废止件数为空（0 也应填写 0）",
        Location(grid=GridPos(2, 5, 3)),
        table="table2",
        table_label="表2",
        row="normative",
        row_label="行政规范性文件",
        column="abolished",
        column_label="本年废止件数",
    )


def sample_run(root: Path = ROOT) -> RunResult:
    """A text report, a DOCX report with a plugin finding, an unreadable PDF, a clean file."""
    heading = NonstandardHeading().finding(
        TEXT_FILE, "标题“二、主动公开政府信息情况”与标准写法不同", Location(TextSpan(3, 1))
    )
    plugin = ShanghaiFeeWording().finding(DOCX_FILE, "第六部分未写明收费依据", Location(paragraph=12))
    pdf = str(root / PDF_FILE)  # absolute paths are shown relative to the root
    unreadable = UnreadableInput().finding(pdf, "文件无法读取：PDF 已加密")
    return RunResult(
        files=[
            FileResult(TEXT_FILE, [total_mismatch(), heading]),
            FileResult(DOCX_FILE, [blank_cell(), plugin]),
            FileResult(pdf, [unreadable]),
            FileResult("clean.txt"),
        ],
        rules=RULES,
        plugin_errors=[PLUGIN_ERROR],
        root=root,
        plugins={"shanghai": "1.2.0"},
    )


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


def test_display_path() -> None:
    run = RunResult(files=[], rules=[], root=ROOT)
    assert display_path(run, "/srv/reports/2024/a.txt") == "2024/a.txt"
    assert display_path(run, "./2024/../b.txt") == "b.txt"
    assert display_path(run, "/elsewhere/c.txt") == "/elsewhere/c.txt"


# -- text ---------------------------------------------------------------------------


def test_text_output() -> None:
    assert render("text", sample_run()) == (
        f"warning: {PLUGIN_ERROR}\n"
        "2024/永州市政府办.txt:3:1: DL106 [note] 标题“二、主动公开政府信息情况”与标准写法不同\n"
        "2024/永州市政府办.txt:40:9: DL301 [error] （七）总计 自然人列应为 73（各项之和），实为 75\n"
        "2024/平阳县.docx: paragraph 12: SH101 [warning] 第六部分未写明收费依据\n"
        "2024/平阳县.docx: table 2 row 5 col 3, 表2 / 行政规范性文件 / 本年废止件数: "
        "DL201 [error] 行政规范性文件 本年废止件数为空（0 也应填写 0）\n"
        "broken.pdf: DL001 [error] 文件无法读取：PDF 已加密\n"
        "Found 5 problems (3 errors, 1 warning, 1 note) in 3 files.\n"
    )


def test_text_clean_run() -> None:
    run = RunResult(files=[FileResult("clean.txt")], rules=RULES, root=ROOT)
    assert render("text", run) == "All checks passed!\n"


def test_text_summary_is_singular_for_one() -> None:
    run = RunResult(files=[FileResult(DOCX_FILE, [blank_cell()])], rules=RULES, root=ROOT)
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
    assert "永州市" in text and text.startswith('{\n  "version": "9.8.7",')
    doc = json.loads(text)
    assert doc["version"] == "9.8.7"
    assert doc["root"] == str(ROOT)
    assert [f["path"] for f in doc["files"]] == [TEXT_FILE, DOCX_FILE, str(ROOT / PDF_FILE), "clean.txt"]
    assert [[x["code"] for x in f["findings"]] for f in doc["files"]] == [
        ["DL106", "DL301"],
        ["SH101", "DL201"],
        ["DL001"],
        [],
    ]
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
    }
    assert doc["plugin_errors"] == [PLUGIN_ERROR]


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
        "第六部分未写明收费依据（paragraph 12）\n"
        "::error file=2024/平阳县.docx,title=DL201 blank-cell::"
        "行政规范性文件 本年废止件数为空（0 也应填写 0）（table 2 row 5 col 3, 表2 / 行政规范性文件 / 本年废止件数）\n"
        "::error file=broken.pdf,title=DL001 unreadable-input::文件无法读取：PDF 已加密\n"
    )


def test_github_escapes_properties_and_data() -> None:
    finding = BlankCell().finding("a,b:c%.txt", "第一行 100%\r\n第二行: a,b", Location(TextSpan(2)))
    run = RunResult(files=[FileResult("a,b:c%.txt", [finding])], rules=RULES, root=ROOT)
    assert render("github", run) == (
        "::error file=a%2Cb%3Ac%25.txt,line=2,title=DL201 blank-cell::第一行 100%25%0D%0A第二行: a,b\n"
    )


def test_github_clean_run_prints_nothing() -> None:
    assert render("github", RunResult(files=[FileResult("clean.txt")], rules=RULES, root=ROOT)) == ""


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
