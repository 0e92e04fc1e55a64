"""The baseline on real reports (the seeds and the 淮安 report): written, then used, it leaves no
finding; a defect added afterwards is the only finding; a fixed one is listed as stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from conftest import HUAIAN_PDF, HUAIAN_TEXT, seed_text
from sarif_schema import validate_sarif

from disclosurelint.cli import main

REPORTS: Dict[str, str] = {
    "2021/平阳县.txt": "001",  # DL201
    "2024/城区.txt": "002",  # DL104 ×3, DL103, DL401
    "2022/某区.txt": "003",  # DL801
    "2023/南湖区.txt": "004",  # DL501 ×2, DL801
}
HUAIAN = "2024/淮安市.txt"  # DL801
TOTAL = 11
NEW_DEFECT = ("行政规范性文件 8 26 66", "行政规范性文件 8 26 -")  # 淮安: 现行有效件数 as a placeholder (DL202)
FIX = ("行政规范性文件 | 14 | 59 | |", "行政规范性文件 | 14 | 59 | 73 |")  # 平阳县: the blank cell filled in


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "年报 库"
    (root / ".git").mkdir(parents=True)
    for name, seed in REPORTS.items():
        write(root / name, seed_text(seed))
    write(root / HUAIAN, HUAIAN_TEXT.read_text(encoding="utf-8"))
    (root / "2024/淮安市.pdf").write_bytes(HUAIAN_PDF.read_bytes())  # no finding
    return root


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def lint(capsys: pytest.CaptureFixture, *args: object) -> Tuple[int, str, str]:
    code = main(["--no-plugins", "--no-cache", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def recorded(path: Path) -> List[Tuple[str, str, str]]:
    return [(e["path"], e["code"], e["fingerprint"]) for e in json.loads(path.read_text(encoding="utf-8"))["findings"]]


def test_written_then_used_it_leaves_no_finding(capsys, repo, tmp_path):
    baseline = tmp_path / "disclosurelint-baseline.json"
    code, out, err = lint(capsys, "--write-baseline", baseline, repo)
    assert (code, out, err) == (0, "", f"disclosurelint: recorded {TOTAL} findings of 5 files in {baseline}\n")
    text = baseline.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "schema": "disclosurelint-baseline/1",', '  "findings": ['] and lines[-2:] == ["  ]", "}"]
    entries = [json.loads(line.rstrip(",")) for line in lines[3:-2]]  # one finding per line
    assert len(entries) == TOTAL and list(entries[0]) == ["path", "code", "fingerprint", "message"]
    assert recorded(baseline) == sorted(recorded(baseline))
    assert {e["path"] for e in entries} == {*REPORTS, HUAIAN}  # relative to the repository root
    assert entries[0] == {
        "path": "2021/平阳县.txt", "code": "DL201", "fingerprint": entries[0]["fingerprint"],
        "message": "“行政规范性文件 / 现行有效件数”为空；没有数据应填写 0",
    }
    findings = json.loads(lint(capsys, "--format", "json", repo)[1])["files"]
    assert sorted((file["path"], f["code"], f["fingerprint"]) for file in findings for f in file["findings"]) == recorded(baseline)

    assert lint(capsys, "--baseline", baseline, repo) == (0, f"All checks passed! {TOTAL} baselined.\n", "")
    lint(capsys, "--write-baseline", tmp_path / "again.json", repo)
    assert (tmp_path / "again.json").read_bytes() == baseline.read_bytes()


def test_a_new_defect_is_the_only_finding_and_a_fixed_one_is_stale(capsys, repo, tmp_path):
    baseline = tmp_path / "baseline.json"
    lint(capsys, "--write-baseline", baseline, repo)
    (fixed,) = [e for e in json.loads(baseline.read_text(encoding="utf-8"))["findings"] if e["code"] == "DL201"]
    edit(repo / "2021/平阳县.txt", *FIX)
    edit(repo / HUAIAN, *NEW_DEFECT)
    moved = repo / "2023/南湖区.txt"
    moved.write_text("\n\n\n" + moved.read_text(encoding="utf-8"), encoding="utf-8")  # its DL501 lines move
    code, out, err = lint(capsys, "--baseline", baseline, repo)
    assert code == 1
    assert out.splitlines() == [
        "2024/淮安市.txt:65:14: DL202 [warning] “行政规范性文件 / 现行有效件数”填写的是“-”而不是数字；没有数据应填写 0",
        f"Found 1 problem (0 errors, 1 warning, 0 notes) in 1 file. {TOTAL - 1} baselined.",
    ]
    assert err.splitlines() == [
        "disclosurelint: 1 baseline entry no longer occurs (fixed, or its report was renamed or deleted); "
        "refresh the baseline with --write-baseline:",
        f"  2021/平阳县.txt: DL201 {fixed['fingerprint']} {fixed['message']}",
    ]
    document = json.loads(lint(capsys, "--format", "json", "--baseline", baseline, repo)[1])
    assert document["stale_baseline"] == [fixed]
    assert document["summary"]["problems"] == 1 and document["summary"]["baselined"] == TOTAL - 1


def test_runs_over_part_of_the_repository_and_removed_reports(capsys, repo, tmp_path):
    baseline = tmp_path / "baseline.json"
    lint(capsys, "--write-baseline", baseline, repo)
    edit(repo / "2021/平阳县.txt", *FIX)
    assert lint(capsys, "--baseline", baseline, repo / HUAIAN) == (0, "All checks passed! 1 baselined.\n", "")  # pre-commit
    assert lint(capsys, "--baseline", baseline, "--select", "DL801", repo)[2] == ""  # DL201 did not run: not judged
    (repo / "2022/某区.txt").rename(repo / "2022/某区（终稿）.txt")  # a rename is not followed
    code, out, err = lint(capsys, "--baseline", baseline, repo / HUAIAN)
    assert code == 0 and "2022/某区.txt: DL801" in err and "2021/平阳县.txt" not in err
    code, out, err = lint(capsys, "--baseline", baseline, repo)
    assert "2022/某区（终稿）.txt:407:1: DL801 [note]" in out and "2022/某区.txt: DL801" in err and "2021/平阳县.txt: DL201" in err


def test_sarif_leaves_baselined_findings_out_and_keeps_the_others_fingerprints(capsys, repo, tmp_path):
    def results(*args: object) -> List[dict]:
        doc = json.loads(lint(capsys, "--format", "sarif", *args, repo)[1])
        validate_sarif(doc)
        return doc["runs"][0]["results"]

    before = results()
    baseline = tmp_path / "baseline.json"
    lint(capsys, "--write-baseline", baseline, repo / "2023/南湖区.txt")
    after = results("--baseline", baseline)
    assert len(after) == len(before) - 3 and all("南湖区" not in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in after)
    assert after == [r for r in before if r in after]


def test_the_config_key_and_baselines_that_are_not_one(capsys, repo, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "disclosurelint.toml").write_text('baseline = "disclosurelint-baseline.json"\n', encoding="utf-8")
    code, _, err = lint(capsys, ".")
    assert code == 2 and "disclosurelint-baseline.json: cannot read the baseline" in err
    assert lint(capsys, "--write-baseline", "disclosurelint-baseline.json", ".")[0] == 0  # writing needs none
    assert lint(capsys, ".") == (0, f"All checks passed! {TOTAL} baselined.\n", "")
    for text, problem in [
        ("{", "not a baseline (invalid JSON"),
        ('{"findings": []}', 'not a baseline (expected {"schema": "disclosurelint-baseline/1"'),
        ('{"schema": "disclosurelint-baseline/1", "findings": [{"path": "a.txt", "cod": "DL201"}]}', "`findings[0]`: unknown key 'cod' (did you mean 'code'?)"),
        ('{"schema": "disclosurelint-baseline/1", "findings": [{"path": "a.txt", "code": "DL201"}]}', "`findings[0]`: `fingerprint` must be a string"),
    ]:
        (repo / "disclosurelint-baseline.json").write_text(text, encoding="utf-8")
        code, out, err = lint(capsys, ".")
        assert code == 2 and out == "" and problem in err, err
