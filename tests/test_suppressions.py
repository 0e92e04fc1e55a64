"""Suppressions with a reason, on real reports: inline comments in Markdown and HTML, the
suppressions file for any format, DL004 for the unused ones, and how every output shows them.

The reports are the seeds and the 淮安 report, copied into a throw-away repository
(``.git`` marks its root).  The DL004 rule cases (rules/cases/DL004.yaml) cover
the comment grammar on the clean base report.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import List, Tuple

import pytest
from builders import blocks, docx_bytes, html_bytes
from conftest import HUAIAN_PDF, HUAIAN_TEXT, seed_text
from sarif_schema import validate_sarif

from disclosurelint.cli import main

ACCEPTED = "正文按受理口径统计，已核实"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A reports repository: its root (``.git``) and its config."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "disclosurelint.toml").write_text("", encoding="utf-8")
    return tmp_path


def add(repo: Path, name: str, content: "str | bytes") -> Path:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def suppressions(repo: Path, text: str) -> None:
    add(repo, "disclosurelint-suppressions.toml", textwrap.dedent(text))


def lint(capsys: pytest.CaptureFixture, repo: Path, *args: str) -> Tuple[int, str, str]:
    targets = [a for a in args if not a.startswith("-")] or [str(repo)]
    options = [a for a in args if a.startswith("-")]
    code = main(["--no-plugins", "--no-cache", *options, *(str(repo / t) if not Path(t).is_absolute() else t for t in targets)])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture, repo: Path, *args: str) -> dict:
    code, out, _ = lint(capsys, repo, "--format=json", *args)
    return json.loads(out)


def sarif_results(capsys: pytest.CaptureFixture, repo: Path, *args: str) -> List[dict]:
    code, out, _ = lint(capsys, repo, "--format=sarif", *args)
    doc = json.loads(out)
    validate_sarif(doc)
    return doc["runs"][0]["results"]


def with_line(text: str, number: int, comment: str, before: bool = False) -> str:
    """``text`` with ``comment`` at the end of line ``number`` (or on its own line before it)."""
    lines = text.split("\n")
    lines[number - 1] = f"{comment}\n{lines[number - 1]}" if before else f"{lines[number - 1]}{comment}"
    return "\n".join(lines)


# -- inline comments -------------------------------------------------------------------------------


def test_a_markdown_comment_in_a_paragraph_suppresses_its_findings(capsys, repo):
    # seed 004, line 15: two figures of the prose contradict Table 3 (DL501 twice)
    add(repo, "2023/南湖区.md", with_line(seed_text("004"), 15, f"<!-- disclosurelint: ignore DL501 {ACCEPTED} -->"))
    code, out, _ = lint(capsys, repo)
    assert code == 0 and "DL501" not in out
    assert out.splitlines()[-1] == "Found 1 problem (0 errors, 0 warnings, 1 note) in 1 file. 2 suppressed."
    (file,) = as_json(capsys, repo)["files"]
    assert [f["code"] for f in file["findings"]] == ["DL801"]
    assert [(f["code"], f["location"]["line"], f["suppression"]) for f in file["suppressed"]] == [
        ("DL501", 15, {"kind": "inSource", "justification": ACCEPTED})
    ] * 2
    suppressed = [r for r in sarif_results(capsys, repo) if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        ("DL501", [{"kind": "inSource", "justification": ACCEPTED, "status": "accepted"}])
    ] * 2


def test_a_markdown_comment_on_a_table_row_suppresses_its_cell(capsys, repo):
    # seed 001, line 16: 行政规范性文件 / 现行有效件数 is blank (DL201, an error)
    report = with_line(seed_text("001"), 16, " <!-- disclosurelint: ignore DL201 当年未统计现行有效件数 -->")
    add(repo, "2021/平阳县.md", report)
    code, out, _ = lint(capsys, repo)
    assert (code, out) == (0, "All checks passed! 1 suppressed.\n")
    add(repo, "2021/平阳县.md", with_line(report, 15, " <!-- disclosurelint: ignore DL201 当年未统计 -->"))  # the row above
    code, out, _ = lint(capsys, repo)
    assert code == 0 and out.splitlines() == [
        "2021/平阳县.md:15:18: DL004 [note] 抑制注释“ignore DL201”没有抑制任何问题：所在的表格行或段落没有 DL201 问题；请删除或更新该注释",
        "Found 1 problem (0 errors, 0 warnings, 1 note) in 1 file. 1 suppressed.",
    ]


def test_a_disable_enable_range_in_markdown(capsys, repo):
    # seed 002, lines 9-11: sections 二, 三 and 四 have no table (DL104 three times)
    text = with_line(seed_text("002"), 9, "<!-- disclosurelint: disable DL104 表格以附件图片发布，另行核对 -->", before=True)
    text = with_line(text, 13, "<!-- disclosurelint: enable DL104 -->", before=True)
    add(repo, "2024/城区.md", text)
    file = as_json(capsys, repo)["files"][0]
    assert sorted(f["code"] for f in file["findings"]) == ["DL103", "DL401"]
    assert [(f["code"], f["location"]["line"]) for f in file["suppressed"]] == [("DL104", 10), ("DL104", 11), ("DL104", 12)]


def test_html_comments_on_a_row_and_before_a_paragraph(capsys, repo):
    page = html_bytes(blocks(seed_text("001"))).decode("utf-8")
    page = page.replace("<td>行政规范性文件</td>", "<td>行政规范性文件<!-- disclosurelint: ignore DL201 当年未统计 --></td>", 1)
    add(repo, "2021/平阳县.html", page)
    prose = html_bytes(blocks(seed_text("004"))).decode("utf-8")
    figure = next(line for line in prose.split("\n") if "累计收到受理公民依申请公开18件" in line)
    add(repo, "2023/南湖区.html", prose.replace(figure, f"<!-- disclosurelint: ignore DL501 {ACCEPTED} -->\n{figure}"))
    files = {Path(f["path"]).name: f for f in as_json(capsys, repo)["files"]}
    assert files["平阳县.html"]["findings"] == [] and [f["code"] for f in files["平阳县.html"]["suppressed"]] == ["DL201"]
    assert [f["code"] for f in files["南湖区.html"]["suppressed"]] == ["DL501", "DL501"]
    assert "DL501" not in [f["code"] for f in files["南湖区.html"]["findings"]]


def test_an_html_comment_covers_its_row_only(capsys, repo):
    page = html_bytes(blocks(seed_text("001"))).decode("utf-8")
    add(repo, "a.html", page.replace("<td>规章</td>", "<td>规章<!-- disclosurelint: ignore DL201 当年未统计 --></td>", 1))
    (file,) = as_json(capsys, repo)["files"]
    assert sorted(f["code"] for f in file["findings"]) == ["DL004", "DL201"] and file["suppressed"] == []


def test_suppressed_errors_do_not_fail_the_run_and_comments_survive_cache_and_workers(capsys, repo, tmp_path_factory):
    report = with_line(seed_text("001"), 16, " <!-- disclosurelint: ignore DL201 当年未统计 -->")
    for n in range(30):  # enough files for worker processes
        add(repo, f"reports/{n:02}.md", report)
    cache = tmp_path_factory.mktemp("cache")
    for _ in range(2):  # linted, then answered from the cache
        code = main(["--no-plugins", "-j", "2", "--cache-dir", str(cache), str(repo)])
        out, _ = capsys.readouterr()
        assert (code, out) == (0, "All checks passed! 30 suppressed.\n")
    assert any(cache.rglob("*"))


# -- the suppressions file -------------------------------------------------------------------------


def test_the_suppressions_file_covers_docx_pdf_text_and_cross_report_findings(capsys, repo):
    add(repo, "2021/平阳县.docx", docx_bytes(blocks(seed_text("001"))))
    add(repo, "2024/淮安市.pdf", HUAIAN_PDF.read_bytes())
    add(repo, "2024/城区.txt", seed_text("002"))
    add(repo, "2021/平阳县.txt", seed_text("001"))
    add(repo, "2022/平阳县.txt", seed_text("001").replace("2021", "2022"))  # copied: DL603
    (repo / "disclosurelint.toml").write_text('[[overrides]]\npath = "2024/淮安市.pdf"\nyear = 2019\n', encoding="utf-8")
    before = {(f["path"], f["code"]): f for file in as_json(capsys, repo)["files"] for f in file["findings"]}
    pdf = before["2024/淮安市.pdf", "DL003"]  # a 2019 report in the 2021 layout, on a page
    suppressions(repo, f"""\
        [[suppression]]
        path = "2021/平阳县.docx"
        code = "DL201"
        table = "表2"
        row = "行政规范性文件"
        column = "in_force"
        reason = "当年未统计现行有效件数"

        [[suppression]]
        path = "2024/淮安市.pdf"
        code = "DL003"
        fingerprint = "{pdf["fingerprint"]}"
        reason = "按 2019 年格式发布，经核实无误"

        [[suppression]]
        path = "2024/城区.txt"
        code = "DL401"
        reason = "信息处理费情况在附件中说明"

        [[suppression]]
        path = "2022/平阳县.txt"
        code = "DL603"
        reason = "两年工作内容相同，已核实"
    """)
    files = {f["path"]: f for f in as_json(capsys, repo)["files"]}
    assert {(p, f["code"], f["suppression"]["kind"]) for p, file in files.items() for f in file["suppressed"]} == {
        ("2021/平阳县.docx", "DL201", "external"),
        ("2024/淮安市.pdf", "DL003", "external"),
        ("2024/城区.txt", "DL401", "external"),
        ("2022/平阳县.txt", "DL603", "external"),
    }
    assert [f["fingerprint"] for f in files["2024/淮安市.pdf"]["suppressed"]] == [pdf["fingerprint"]]
    remaining = {(p, f["code"]) for p, file in files.items() for f in file["findings"]}
    assert remaining == {(p, c) for p, c in before if (p, c) not in {
        ("2021/平阳县.docx", "DL201"), ("2024/淮安市.pdf", "DL003"), ("2024/城区.txt", "DL401"), ("2022/平阳县.txt", "DL603")
    }}
    results = sarif_results(capsys, repo)
    accepted = {r["suppressions"][0]["justification"] for r in results if "suppressions" in r}
    assert accepted == {"当年未统计现行有效件数", "按 2019 年格式发布，经核实无误", "信息处理费情况在附件中说明", "两年工作内容相同，已核实"}


def test_unused_entries_are_reported_on_their_report_unless_it_was_not_linted(capsys, repo):
    add(repo, "huaian.txt", HUAIAN_TEXT.read_text(encoding="utf-8"))
    add(repo, "001.txt", seed_text("001"))
    suppressions(repo, """\
        [[suppression]]
        path = "huaian.txt"
        code = "DL201"
        reason = "已核实"
    """)
    code, out, _ = lint(capsys, repo, "huaian.txt")
    assert code == 0 and "huaian.txt: DL004 [note] disclosurelint-suppressions.toml 第 1 条抑制（DL201）没有抑制任何问题" in out
    code, out, _ = lint(capsys, repo, "001.txt")  # pre-commit passes only the staged files
    assert code == 1 and "DL004" not in out
    code, out, _ = lint(capsys, repo, "--select=DL801", "huaian.txt")  # DL201 did not run: not judged
    assert "DL004" not in out


def test_a_linter_keeps_no_suppression_state_between_runs(repo):
    from disclosurelint.api import Linter
    from disclosurelint.config import load_config

    report = add(repo, "001.txt", seed_text("001"))
    suppressions(repo, '[[suppression]]\npath = "001.txt"\ncode = "DL201"\nreason = "已核实"\n')
    linter = Linter(load_config(repo / "disclosurelint.toml").merge_cli(autoload_plugins=False))
    (first,) = linter.run([str(report)]).files
    assert first.findings == [] and [f.code for f in first.suppressed] == ["DL201"]
    report.write_text(seed_text("001").replace("行政规范性文件 | 14 | 59 | |", "行政规范性文件 | 14 | 59 | 73 |"), encoding="utf-8")
    (second,) = linter.run([str(report)]).files
    assert [(f.code, f.context["kind"]) for f in second.findings] == [("DL004", "unused")] and second.suppressed == []


def test_an_unreadable_report_does_not_judge_its_entries(capsys, repo):
    add(repo, "scan.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4)
    suppressions(repo, '[[suppression]]\npath = "scan.pdf"\ncode = "DL201"\nreason = "已核实"\n')
    code, out, _ = lint(capsys, repo)
    assert code == 1 and "DL001" in out and "DL004" not in out


def test_an_entry_for_a_missing_file_is_a_warning(capsys, repo):
    add(repo, "001.txt", seed_text("001"))
    suppressions(repo, '[[suppression]]\npath = "2019/改名前.txt"\ncode = "DL201"\nreason = "已核实"\n')
    code, out, err = lint(capsys, repo)
    assert code == 1 and "`suppression[0].path`: no such file: 2019/改名前.txt" in out


@pytest.mark.parametrize(
    "entry, problem",
    [
        ('path = "a.txt"\ncode = "DL201"\n', "`suppression[0]`: missing `reason` (why the finding is accepted)"),
        ('path = "a.txt"\ncode = "DL201"\nreason = "x"\ncolum = "in_force"\n', "`suppression[0].colum`: unknown key (did you mean `column`?)"),
        ('path = "a.txt"\ncode = "DL209"\nreason = "x"\n', "`suppression[0].code`: no rule 'DL209' (did you mean 'DL20"),
        ('path = "a.txt"\ncode = "DL001"\nreason = "x"\n', "DL001 cannot be suppressed"),
        ('path = "a.txt"\ncode = "DL201"\nreason = "x"\nfingerprint = "abc"\n', "expected a fingerprint"),
        ('path = "../a.txt"\ncode = "DL201"\nreason = "x"\n', "expected a report path relative to the folder of this file"),
        ('code = "DL201"\nreason = "x"\n', "missing `path`"),
    ],
)
def test_a_bad_suppressions_file_is_a_configuration_error(capsys, repo, entry, problem):
    add(repo, "a.txt", seed_text("001"))
    suppressions(repo, "[[suppression]]\n" + entry)
    code, out, err = lint(capsys, repo)
    assert code == 2 and out == "" and problem in err and "disclosurelint-suppressions.toml" in err


def test_the_suppressions_key_names_the_file(capsys, repo):
    add(repo, "reports/001.txt", seed_text("001"))
    add(repo, "review/accepted.toml", '[[suppression]]\npath = "../reports/001.txt"\ncode = "DL201"\nreason = "已核实"\n')
    (repo / "disclosurelint.toml").write_text('suppressions = "review/accepted.toml"\n', encoding="utf-8")
    code, _, err = lint(capsys, repo)
    assert code == 2 and "relative to the folder of this file" in err
    add(repo, "review/accepted.toml", '[[suppression]]\npath = "001.txt"\ncode = "DL201"\nreason = "已核实"\n')
    (repo / "disclosurelint.toml").write_text('suppressions = "reports/accepted.toml"\n', encoding="utf-8")
    (repo / "review/accepted.toml").rename(repo / "reports/accepted.toml")
    assert lint(capsys, repo)[:2] == (0, "All checks passed! 1 suppressed.\n")
    (repo / "disclosurelint.toml").write_text('suppressions = "missing.toml"\n', encoding="utf-8")
    code, _, err = lint(capsys, repo)
    assert code == 2 and "`suppressions`: no such file" in err


def test_a_comment_on_a_gfm_table_row(capsys, repo):
    from disclosurelint.testing import build_report

    report = build_report(table2={"normative_documents": [3, None, 20]})
    report = report.replace("| 本年制发件数 | 本年废止件数 | 现行有效件数 |\n", "| 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n")
    add(repo, "gfm.md", report.replace("| 行政规范性文件 | 3 |  | 20 |", "| 行政规范性文件 | 3 |  | 20 | <!-- disclosurelint: ignore DL201 原表留空 -->"))
    assert lint(capsys, repo)[:2] == (0, "All checks passed! 1 suppressed.\n")
