"""The command line: exit codes, output formats, configuration, rule docs, extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosurelint.cli import main
from disclosurelint.cases import FAILS_HEADING, PASSES_HEADING

from conftest import HUAIAN_PDF, SEEDS, write
from sarif_schema import validate_sarif


def run(capsys, *args: str):
    code = main(["--no-plugins", *args] if args and args[0] not in ("rules", "rule", "extract") else [*args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_report_exits_zero(capsys):
    code, out, _ = run(capsys, str(SEEDS["000"]))
    assert code == 0 and "All checks passed" in out


def test_findings_exit_one_with_ruff_like_lines(capsys):
    code, out, _ = run(capsys, str(SEEDS["001"]))
    assert code == 1
    assert f"{SEEDS['001']}:16:21: DL201" in out.replace(str(Path.cwd()) + "/", "") or ":16:21: DL201" in out


def test_exit_zero_and_fail_on(capsys):
    assert run(capsys, "--exit-zero", str(SEEDS["001"]))[0] == 0
    # seed 003 has only a note: it fails on note, passes on warning
    assert run(capsys, str(SEEDS["003"]))[0] == 0
    assert run(capsys, "--fail-on", "note", str(SEEDS["003"]))[0] == 1


def test_select_and_ignore(capsys):
    code, out, _ = run(capsys, "--ignore", "DL1,DL4", str(SEEDS["002"]))
    assert code == 0 and "DL10" not in out
    code, out, _ = run(capsys, "--select", "DL401", str(SEEDS["002"]))
    assert code == 1 and "DL401" in out and "DL104" not in out


def test_severity_override(capsys):
    code, out, _ = run(capsys, "--severity", "DL201=note", str(SEEDS["001"]))
    assert code == 0 and "[note]" in out


def test_directory_walk_and_statistics(capsys, tmp_path):
    for number in ("000", "001", "002"):
        (tmp_path / SEEDS[number].name).write_bytes(SEEDS[number].read_bytes())
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    code, out, _ = run(capsys, "--statistics", str(tmp_path))
    assert code == 1
    assert "DL104" in out and "notes.csv" not in out


def test_json_and_sarif_formats(capsys, tmp_path):
    code, out, _ = run(capsys, "--format", "json", str(SEEDS["001"]), str(HUAIAN_PDF))
    document = json.loads(out)
    assert [f["code"] for file in document["files"] for f in file["findings"]] == ["DL201"]
    target = tmp_path / "out.sarif"
    code, out, _ = run(capsys, "--format", "sarif", "-o", str(target), *map(str, SEEDS.values()))
    sarif = json.loads(target.read_text(encoding="utf-8"))
    validate_sarif(sarif)
    results = sarif["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == sorted(
        ["DL201", "DL104", "DL104", "DL104", "DL103", "DL401", "DL801", "DL501", "DL501", "DL801"]
    )
    assert all("level" in r for r in results)


def test_github_format(capsys):
    code, out, _ = run(capsys, "--format", "github", str(SEEDS["001"]))
    assert out.startswith("::error file=") and "DL201" in out


def test_unknown_format_is_a_usage_error(capsys):
    code, _, err = run(capsys, "--format", "xml", str(SEEDS["000"]))
    assert code == 2 and "xml" in err


def test_bad_config_exits_two(capsys, tmp_path):
    (tmp_path / "disclosurelint.toml").write_text('selct = ["DL1"]\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_bytes(SEEDS["000"].read_bytes())
    code, _, err = run(capsys, str(report))
    assert code == 2 and "selct" in err and "select" in err


def test_config_file_is_discovered(capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.disclosurelint]\nignore = ["DL201"]\n', encoding="utf-8")
    sub = tmp_path / "reports" / "2021"
    sub.mkdir(parents=True)
    (sub / "r.txt").write_bytes(SEEDS["001"].read_bytes())
    assert run(capsys, str(sub / "r.txt"))[0] == 0


def test_unreadable_file_does_not_stop_the_others(capsys, tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    code, out, err = run(capsys, str(junk), str(SEEDS["001"]))
    assert code == 1 and "Traceback" not in out + err
    assert "DL001" in out and "DL201" in out


def test_linting_never_writes_into_the_report(capsys, tmp_path):
    report = tmp_path / "r.txt"
    report.write_bytes(SEEDS["001"].read_bytes())
    before = report.stat().st_mtime_ns, report.read_bytes()
    run(capsys, str(report))
    assert (report.stat().st_mtime_ns, report.read_bytes()) == before


def test_rules_catalog_and_rule_docs(capsys):
    code, out, _ = run(capsys, "rules", "--no-plugins")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert {"DL001", "DL201", "DL301", "DL305", "DL501", "DL603", "DL801"} <= set(listed)
    (dl302,) = [line.split() for line in out.splitlines() if line.startswith("DL302")]
    assert dl302 == ["DL302", "outcome-total", "error", "办理结果总计不等于各项之和"]  # the Chinese title
    code, out, _ = run(capsys, "rule", "DL302", "--no-plugins")
    assert code == 0 and out.startswith("# outcome-total (DL302)\n\n严重程度：error\n\n办理结果总计不等于各项之和\n")
    headings = ["## 为什么", FAILS_HEADING, PASSES_HEADING, "## Why"]
    assert [line for line in out.splitlines() if line in headings] == headings  # Chinese first, English kept
    code, out, _ = run(capsys, "rule", "blank-cell", "--no-plugins")
    assert code == 0 and "DL201" in out
    code, _, err = run(capsys, "rule", "DL999", "--no-plugins")
    assert code == 2 and "DL999" in err


def test_rules_json_and_markdown_add_the_chinese_title(capsys):
    """Machines keep their keys and columns: the title is a new key and the last column."""
    code, out, _ = run(capsys, "rules", "--format", "json", "--no-plugins")
    (entry,) = [r for r in json.loads(out) if r["code"] == "DL402"]
    assert list(entry) == ["code", "name", "severity", "title", "summary", "docs", "tags", "plugin"]
    assert entry["title"] == "表3（六）2 不为 0，第六部分却称未收费" and entry["summary"].startswith("Table 3 row （六）2 is above 0")
    code, out, _ = run(capsys, "rules", "--format", "markdown", "--no-plugins")
    header, rule, *rows = out.splitlines()
    assert header == "| code | name | severity | checks | 说明 |" and rule == "|---|---|---|---|---|"
    assert "| DL302 | outcome-total | error | Table 3, each column: （七）总计 = sum of all outcome rows | 办理结果总计不等于各项之和 |" in rows


@pytest.mark.parametrize("code", ["DL101", "DL103", "DL201", "DL301", "DL401", "DL402", "DL501", "DL601", "DL603", "DL702", "DL801"])
def test_every_rule_documents_why_with_examples(capsys, code):
    status, out, _ = run(capsys, "rule", code, "--no-plugins")
    assert status == 0
    assert "## 为什么" in out and FAILS_HEADING in out and PASSES_HEADING in out and "## Why" in out


def test_extract_json_is_stable_and_complete(capsys):
    code, out, _ = run(capsys, "extract", str(SEEDS["001"]), str(HUAIAN_PDF), "--no-plugins")
    document = json.loads(out)
    assert document["schema"] == "disclosurelint-extract/1"
    first, pdf = document["reports"]
    assert first["template"] == "2021" and first["error"] is None
    cell = next(c for r in first["tables"]["table2"]["rows"] for c in r["cells"] if c["column"] == "in_force" and r["id"] == "normative_documents")
    assert cell == {"row": "normative_documents", "column": "in_force", "column_label": "现行有效件数", "raw": "", "kind": "blank", "value": None,
                    "inferred": False, "location": {"line": 16, "column": 21, "end_line": 16, "end_column": 21}}
    fee = next(c for r in pdf["tables"]["table2"]["rows"] for c in r["cells"] if r["id"] == "fees")
    assert fee["value"] == "96171.6" and fee["location"]["page"] == 4
    assert first["identity"]["year"] == 2021


def test_extract_reports_reading_errors(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _ = run(capsys, "extract", str(empty), "--no-plugins")
    report = json.loads(out)["reports"][0]
    assert report["error"]["kind"] == "empty"


def test_include_and_exclude_globs_when_walking(capsys, tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "a.txt").write_bytes(SEEDS["001"].read_bytes())
    (tmp_path / "b.md").write_bytes(SEEDS["000"].read_bytes())
    (tmp_path / "drafts" / "c.md").write_bytes(SEEDS["002"].read_bytes())
    code, out, _ = run(capsys, "--include", "*.md", "--format", "json", str(tmp_path))
    paths = sorted(Path(f["path"]).name for f in json.loads(out)["files"])
    assert paths == ["b.md", "c.md"]
    code, out, _ = run(capsys, "--include", "*.md", "--extend-exclude", "drafts", "--format", "json", str(tmp_path))
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["b.md"]


# -- what ruff users reach for ---------------------------------------------------


def test_quiet_prints_only_the_findings_and_silent_nothing(capsys, tmp_path):
    code, out, err = run(capsys, "-q", "--no-cache", str(SEEDS["001"]), str(SEEDS["003"]))
    assert code == 1 and out.count("\n") == 2 and "DL201" in out and "DL801" in out and "Found" not in out
    code, out, _ = run(capsys, "-q", "--statistics", "--no-cache", str(SEEDS["001"]))
    assert out == "1  DL201  blank-cell\n"
    for silent in ("-qq", "-s", "--silent"):
        assert run(capsys, silent, "--no-cache", str(SEEDS["001"])) == (1, "", "")
    assert run(capsys, "-s", "--no-cache", "-o", str(tmp_path / "out.txt"), str(SEEDS["001"]))[:2] == (1, "")
    assert "DL201" in (tmp_path / "out.txt").read_text(encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, "-q", str(empty)) == (0, "", "")  # not even the "no report files" warning


def test_verbose_tells_configs_files_cache_and_timings_on_stderr(capsys, tmp_path, monkeypatch):
    write(tmp_path / "a", "disclosurelint.toml", 'ignore = ["DL8"]\n')
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "r.txt").write_bytes(SEEDS["001"].read_bytes())
    monkeypatch.chdir(tmp_path)
    quiet_out = run(capsys, "--no-cache", ".")[1]
    code, out, err = run(capsys, "-v", ".")
    assert code == 1 and out == quiet_out
    lines = err.splitlines()
    assert lines[0].startswith("disclosurelint: 2 report files found in ")
    assert set(lines[1:3]) == {"disclosurelint: config a/disclosurelint.toml: 1 files", "disclosurelint: config defaults: 1 files"}
    assert lines[3:5] == ["disclosurelint: ./a/r.txt: linted", "disclosurelint: ./b/r.txt: linted"]
    assert lines[5].startswith("disclosurelint: 2 files done in ") and "(0 from the cache; up to " in lines[5]
    err = run(capsys, "-v", ".")[2]
    assert "./a/r.txt: from the cache" in err and "(2 from the cache;" in err


def test_show_files_lists_each_file_with_its_config_without_linting(capsys, tmp_path, monkeypatch):
    write(tmp_path / "a", "disclosurelint.toml", 'extend-exclude = ["drafts"]\n')
    for folder in ("a", "a/drafts", "b"):
        write(tmp_path / folder, "r.txt", SEEDS["001"].read_text(encoding="utf-8"))
    write(tmp_path, "notes.csv", "a,b\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--show-files", "--format", "nonsense", ".")
    assert (code, out, err) == (0, "./a/r.txt  (a/disclosurelint.toml)\n./b/r.txt  (defaults)\n", "")
    assert run(capsys, "extract", "--show-files", ".") == (code, out, err)


def test_show_settings_of_the_first_file(capsys, tmp_path, monkeypatch):
    write(tmp_path, "pyproject.toml", '[tool.disclosurelint]\nignore = ["DL6"]\n[tool.disclosurelint.per-file-ignores]\n"2019/**" = ["DL003", "DL8"]\n')
    write(tmp_path / "2019", "r.txt", SEEDS["001"].read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--show-settings", "--severity", "DL106=warning", ".")
    lines = out.splitlines()
    assert code == 0 and lines[:2] == ["Resolved settings for: ./2019/r.txt", f"Settings path: {tmp_path / 'pyproject.toml'}"]
    assert 'ignore = ["DL6"]' in lines and 'severity = {"DL106": "warning"}' in lines
    assert 'per-file-ignores = {"2019/**": ["DL003", "DL8"]}' in lines and 'per-file-ignored = ["DL003", "DL801"]' in lines
    rules = json.loads(next(line for line in lines if line.startswith("rules = ")).split(" = ", 1)[1])
    assert "DL001" in rules and "DL201" in rules and not {"DL003", "DL601", "DL801"} & set(rules)


def test_rule_all_prints_every_rules_docs(capsys):
    code, out, _ = run(capsys, "rule", "--all", "--no-plugins")
    listed = run(capsys, "rules", "--no-plugins")[1]
    codes = [line.split()[0] for line in listed.splitlines()]
    assert code == 0 and [line.split("(")[-1].rstrip(")") for line in out.splitlines() if line.startswith("# ")] == codes
    assert out.count(FAILS_HEADING) == len(codes)
    assert run(capsys, "rule", "--no-plugins")[0] == 2
    assert run(capsys, "rule", "DL201", "--all", "--no-plugins")[0] == 2
