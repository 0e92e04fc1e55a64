"""The SARIF of a reports repository, checked by the real consumer's rules.

A throw-away git repository holds text, Markdown, HTML, DOCX and PDF reports,
an unreadable file and a copied report (DL603, a related location), in
folders and files with Chinese names, spaces and ``% # [ ]``; its config, in
``reports/`` (not at the root), dates the PDF 2019, so that the PDF has a finding
(DL003, on a page).  A comment in the Markdown report and the suppressions
file next to the config accept two findings (suppressed results), and the
baseline holds the copied report's own findings (left out).  The CLI lints it from the repository root and from two
subfolders; Microsoft's SARIF Multitool validates each log with GitHub's
ingestion rules (GH1001-GH1007) on, every location must be a file of the
checkout as upload-sarif resolves it, and the three logs must be the same.

The Multitool test skips when the binary is not installed (see
``tests/multitool.py``) unless ``DISCLOSURELINT_REQUIRE_MULTITOOL=1``, which
``.ci/run`` sets.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import unquote

import multitool
import pytest
from builders import blocks, docx_bytes, html_bytes
from conftest import HUAIAN_PDF, seed_text
from sarif_schema import validate_sarif
from test_formats import places_run, sample_run

from disclosurelint.formats import FormatOptions, load_format

#: Every kind of input, at paths that need percent-encoding.
FILES = {
    "txt": "reports/2021/平阳县 2021年 年度报告.txt",
    "figures": "reports/2023/南湖区 2023.txt",
    "copy": "reports/2022/平阳县 2022年 年度报告.txt",
    "md": "reports/2021/100% 完成 #2 [草稿].md",
    "html": "reports/web pages/某县 2021 年报.html",
    "docx": "reports/web pages/某县 2021 年报.docx",
    "pdf": "reports/淮安市/淮安市人民政府 2024年度报告.pdf",
    "broken": "reports/损坏 文件.pdf",
}
#: Reasons of the findings a suppression accepts, and the baseline (the copied report's own findings).
ACCEPTED = {"md": "第六部分另见附件，已核实", "docx": "当年未统计现行有效件数"}
BASELINE = "reports/baseline.json"


@pytest.fixture(scope="module")
def reports_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports repo")
    contents = {
        "txt": seed_text("001").encode("utf-8"),
        "figures": seed_text("004").encode("utf-8"),
        "copy": seed_text("001").replace("2021", "2022").encode("utf-8"),
        "md": seed_text("002").encode("utf-8"),
        "html": html_bytes(blocks(seed_text("001"))),
        "docx": docx_bytes(blocks(seed_text("001"))),
        "pdf": HUAIAN_PDF.read_bytes(),
        "broken": bytes(random.Random(42).randrange(256) for _ in range(4096)),
    }
    for kind, name in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(contents[kind])
    (root / "reports" / "pyproject.toml").write_text(
        '[[tool.disclosurelint.overrides]]\npath = "淮安市/**"\nyear = 2019\n', encoding="utf-8"
    )
    md = root / FILES["md"]
    md.write_text(md.read_text(encoding="utf-8").replace("六、其他需要报告的事项", f"六、其他需要报告的事项<!-- disclosurelint: ignore DL103 {ACCEPTED['md']} -->"), encoding="utf-8")
    (root / "reports" / "disclosurelint-suppressions.toml").write_text(
        f'[[suppression]]\npath = "web pages/某县 2021 年报.docx"\ncode = "DL201"\nreason = "{ACCEPTED["docx"]}"\n', encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "reports"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)
    command = [sys.executable, "-m", "disclosurelint.cli", "--no-plugins", "--no-cache", "--write-baseline", BASELINE, FILES["copy"]]
    subprocess.run(command, cwd=root, check=True, capture_output=True)
    return root


#: Where the linter runs (relative to the repository root) and what it is given: the same files each time.
RUNS = {"root": (".", "."), "subfolder": ("reports", "."), "deeper": ("reports/web pages", "..")}


def lint_to_sarif(repo: Path, cwd: str, target: str, out: Path) -> Path:
    command = [
        sys.executable, "-m", "disclosurelint.cli", "--no-plugins", "--no-cache", "--exit-zero", "--format", "sarif", "-o", str(out),
        "--baseline", str(repo / BASELINE), target,
    ]
    subprocess.run(command, cwd=repo / cwd, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module", params=sorted(RUNS))
def sarif_log(request: pytest.FixtureRequest, reports_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``disclosurelint --format sarif`` run from the repository root or a subfolder."""
    cwd, target = RUNS[request.param]
    return lint_to_sarif(reports_repo, cwd, target, tmp_path_factory.mktemp("sarif") / "results.sarif")


def test_the_log_is_the_same_wherever_the_linter_runs(reports_repo: Path, tmp_path: Path) -> None:
    def essentials(path: Path) -> List[Any]:
        results = load(path)["runs"][0]["results"]
        return sorted(
            (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["partialFingerprints"]["primaryLocationLineHash"], r["message"]["text"])
            for r in results
        )

    logs = [essentials(lint_to_sarif(reports_repo, cwd, target, tmp_path / f"{name}.sarif")) for name, (cwd, target) in RUNS.items()]
    assert logs[0] and logs[0] == logs[1] == logs[2]


def load(path: Path) -> Dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_log_covers_every_kind_of_input(sarif_log: Path) -> None:
    doc = load(sarif_log)
    validate_sarif(doc)
    results = doc["runs"][0]["results"]
    by_file: Dict[str, List[Dict[str, Any]]] = {}
    for result in results:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        by_file.setdefault(unquote(uri), []).append(result)
    assert set(FILES.values()) <= set(by_file)
    at_file_start = {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
    (unreadable,) = by_file[FILES["broken"]]
    (pdf,) = by_file[FILES["pdf"]]
    assert unreadable["ruleId"] == "DL001" and pdf["ruleId"] == "DL003" and re.search(r"（第3页(，第\d+个表格第\d+行第\d+列)?）$", pdf["message"]["text"])
    for result in [unreadable, pdf, *by_file[FILES["docx"]]]:
        assert result["locations"][0]["physicalLocation"]["region"] == at_file_start
    assert all(re.search(r"（第\d+个表格第\d+行第\d+列，表\d / .+）$", r["message"]["text"]) for r in by_file[FILES["docx"]])
    (copied,) = [r for r in results if r["ruleId"] == "DL603"]
    assert "[reports/2021/平阳县 2021年 年度报告.txt](1)" in copied["message"]["text"]
    for found in by_file.values():
        prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in found]
        assert len(set(prints)) == len(prints)


def test_suppressed_findings_are_suppressed_results_and_baselined_ones_are_left_out(sarif_log: Path, reports_repo: Path) -> None:
    results = load(sarif_log)["runs"][0]["results"]
    suppressed = {(unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]), r["ruleId"]): r["suppressions"] for r in results if "suppressions" in r}
    assert suppressed == {
        (FILES["md"], "DL103"): [{"kind": "inSource", "status": "accepted", "justification": ACCEPTED["md"]}],
        (FILES["docx"], "DL201"): [{"kind": "external", "status": "accepted", "justification": ACCEPTED["docx"]}],
    }
    baselined = json.loads((reports_repo / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["code"]) for e in baselined] == [(FILES["copy"], "DL201")]
    copied = [r for r in results if unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == FILES["copy"]]
    assert [r["ruleId"] for r in copied] == ["DL603"]


def test_every_location_is_a_file_of_the_checkout(sarif_log: Path, reports_repo: Path) -> None:
    assert multitool.check_paths(load(sarif_log), reports_repo) == []


@pytest.fixture(scope="module")
def multitool_exe() -> Path:
    exe = multitool.find_multitool()
    if exe is None:
        message = f"SARIF Multitool not installed at {multitool.EXE} (npm ci --prefix .ci/node)"
        if os.environ.get("DISCLOSURELINT_REQUIRE_MULTITOOL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    assert multitool.version(exe) == multitool.VERSION
    return exe


def test_github_rules_are_on(multitool_exe: Path, tmp_path: Path) -> None:
    canary = tmp_path / "canary.sarif"
    canary.write_text(json.dumps(multitool.canary()), encoding="utf-8")
    fired = {p.rule for p in multitool.errors(multitool.validate(canary, multitool_exe))}
    assert set(multitool.GH_RULES) <= fired


def test_the_multitool_finds_no_error(multitool_exe: Path, sarif_log: Path) -> None:
    problems = multitool.validate(sarif_log, multitool_exe)
    assert [p for p in problems if p.level != "note"] == []  # no error, no warning


def test_the_multitool_accepts_plugin_rules_and_every_kind_of_place(multitool_exe: Path, tmp_path: Path) -> None:
    """The format's own sample runs: plugin rules under ``tool.extensions``, a result on each kind of place."""
    runs = [load_format("sarif")(run, FormatOptions()) for run in (sample_run(), places_run())]
    log = {**json.loads(runs[0]), "runs": [json.loads(r)["runs"][0] for r in runs]}
    validate_sarif(log)
    path = tmp_path / "samples.sarif"
    path.write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    problems = [p for p in multitool.validate(path, multitool_exe) if p.level != "note"]
    # GitHub needs ruleId even where the result's 'rule' names the plugin's rule: a size warning only.
    assert problems and all(p.rule == "SARIF2004" and "uses the 'rule' property" in p.message for p in problems)
