"""The example province plugin (plugins/disclosurelint-example-province) inside a normal run.

The plugin need not be installed: its module is imported from the plugin's
``src`` and given to the command line as ``main(argv, plugins=[("zhejiang",
module)])``, under the name its entry point gives it.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, List, Sequence

import pytest

from conftest import SEEDS
from disclosurelint import cli
from sarif_schema import validate_sarif

PLUGIN_SRC = Path(__file__).resolve().parents[1] / "plugins" / "disclosurelint-example-province" / "src"


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The seeds in a fresh folder (the working directory) and ``county-regulations.txt``: seed 001
    with a county 规章 row that breaks ZJ301."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in SEEDS.values():
        shutil.copy(path, folder / path.name)
    broken = SEEDS["001"].read_text(encoding="utf-8").replace("规章 | 0 | 0 | 0 |", "规章 | 1 | 0 | 3 |")
    (folder / "county-regulations.txt").write_text(broken, encoding="utf-8")
    return folder


def main(argv: Sequence[str]) -> int:
    """The command line with the example plugin from the plugin's sources."""
    sys.path.insert(0, str(PLUGIN_SRC))
    try:
        plugin = importlib.import_module("disclosurelint_zhejiang.plugin")
    finally:
        sys.path.remove(str(PLUGIN_SRC))
    return cli.main(argv, plugins=[("zhejiang", plugin)])


def sarif(argv: List[str], capsys: pytest.CaptureFixture[str]) -> Dict[str, Any]:
    assert main(["check", "--format", "sarif", *argv]) == 1
    log = json.loads(capsys.readouterr().out)
    validate_sarif(log)
    return log


def test_sarif_lists_plugin_rules_under_extensions(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (run,) = sarif(["--isolated", str(reports)], capsys)["runs"]
    (extension,) = run["tool"]["extensions"]
    assert extension["name"] == "zhejiang" and extension["version"] == "0.1.0"
    assert [r["id"] for r in extension["rules"]] == ["ZJ101", "ZJ301"]
    assert all(r["id"].startswith("DL") for r in run["tool"]["driver"]["rules"])
    assert "notifications" not in json.dumps(run["invocations"])

    found = sorted(
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1], r["ruleId"])
        for r in run["results"]
        if r["ruleId"].startswith("ZJ")
    )
    assert found == [
        (SEEDS["002"].name, "ZJ101"),  # 汕尾市城区人民政府: none of 考核/评议/责任追究
        (SEEDS["003"].name, "ZJ101"),  # 尖山区: no 责任追究
        ("county-regulations.txt", "ZJ301"),
        ("county-regulations.txt", "ZJ301"),
    ]
    for result in run["results"]:
        if result["ruleId"].startswith("ZJ"):
            component = result["rule"]["toolComponent"]
            assert component == {"name": "zhejiang", "index": 0}
            assert extension["rules"][result["rule"]["index"]]["id"] == result["ruleId"]


def test_text_output_and_exit_code(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--isolated", "--select", "ZJ", str(reports / SEEDS["003"].name)]) == 1
    out = capsys.readouterr().out
    assert "ZJ101" in out and "报告未说明责任追究结果情况" in out
    assert main(["--isolated", "--select", "ZJ", str(reports / SEEDS["001"].name)]) == 0


def test_settings_from_pyproject(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``report-kinds`` adds departments: seed 000 (永州市人民政府办公室) only mentions 考核."""
    (reports / "pyproject.toml").write_text(
        '[tool.disclosurelint]\nselect = ["ZJ1"]\n\n'
        '[tool.disclosurelint.plugins.zhejiang]\nreport-kinds = ["government", "department"]\n',
        encoding="utf-8",
    )
    (run,) = sarif([str(reports)], capsys)["runs"]
    flagged = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["message"]["text"] for r in run["results"]
    }
    assert set(flagged) == {SEEDS["000"].name, SEEDS["002"].name, SEEDS["003"].name}
    assert flagged[SEEDS["000"].name].startswith("报告未说明社会评议、责任追究结果情况")


def test_rule_docs_from_the_plugin(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "ZJ101", "--isolated"]) == 0
    doc = capsys.readouterr().out
    assert doc.startswith("# assessment-results-missing (ZJ101)\n\n严重程度：warning\n插件：zhejiang\n\n未说明工作考核、社会评议和责任追究结果\n")
    assert "第五十条第（四）项" in doc and "## 为什么" in doc and "## 设置" in doc
    assert "## 错误示例（Fails）\n\n县政府的报告只提到了考核：" in doc and "## 正确示例（Passes）" in doc
