"""ZJ101 and ZJ301 through the installed entry point, as a user runs them.

The rule cases are data in disclosurelint's case format: the doc cases ship
with the plugin (``cases/ZJ101.yaml``, ``cases:`` of ZJ301 in ``county.yaml``),
more cases are in ``tests/rule_cases/``.  ``disclosurelint.testing.case_tests``
turns them into tests: one per case, and one that every ZJ rule has failing and
passing cases and its Chinese docs (a title, 为什么) and that the clean base
report gives no finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest

from disclosurelint.api import Linter, lint_text
from disclosurelint.cli import main
from disclosurelint.config import Config, ConfigError, IdentityOverride
from disclosurelint.findings import Finding
from disclosurelint.testing import case_tests

# The rule cases: the plugin's doc cases and tests/rule_cases, with the installed plugin loaded ({}: default settings).
test_rule_case, test_rules_have_cases = case_tests(Path(__file__).parent / "rule_cases", plugin="zhejiang", settings={})


def findings(text: str, **settings: Any) -> List[Finding]:
    config = Config(plugins={"zhejiang": settings} if settings else {})
    return lint_text(text, "county-2024.txt", config).findings


def test_entry_point_registers_both_rules() -> None:
    catalog = Linter(Config()).catalog
    assert catalog.errors == []
    assert catalog.plugins["zhejiang"] == "0.1.0"
    assert {r.code: r.plugin for r in catalog.rules if r.code.startswith("ZJ")} == {
        "ZJ101": "zhejiang",
        "ZJ301": "zhejiang",
    }


@pytest.mark.parametrize(
    "settings, key",
    [
        ({"assessment-topics": ["考核"]}, "assessment-topics"),
        ({"assessment-topics": {"工作考核": ["考核("]}}, "invalid regular expression"),
        ({"report-kinds": ["county"]}, "report-kinds"),
    ],
)
def test_bad_settings_are_a_configuration_error(county_text: str, settings: Dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        findings(county_text, **settings)
    assert "`plugins.zhejiang." in str(info.value) and key in str(info.value)


def test_bad_settings_in_a_config_file_exit_two(county_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "disclosurelint.toml").write_text('[plugins.zhejiang]\nreport-kind = ["government"]\n', encoding="utf-8")
    report = tmp_path / "county-2024.txt"
    report.write_text(county_text, encoding="utf-8")
    assert main([str(report)]) == 2
    err = capsys.readouterr().err
    assert "`plugins.zhejiang.report-kind`: unknown key (did you mean `report-kinds`?)" in err


def test_cli_settings_from_config_file(county_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "disclosurelint.toml").write_text(
        '[plugins.zhejiang]\nassessment-topics = { "公众参与" = ["公众参与"] }\n', encoding="utf-8"
    )
    report = tmp_path / "county-2024.txt"
    report.write_text(county_text, encoding="utf-8")
    assert main([str(report), "--select", "ZJ", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "ZJ101" in out and "报告未说明公众参与结果情况" in out


def test_cli_lists_and_explains_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--isolated"]) == 0
    listing = capsys.readouterr().out
    assert "ZJ101   assessment-results-missing" in listing and "[zhejiang]" in listing
    assert "县级及以下行政机关的规章数应为 0  [zhejiang]" in listing
    assert main(["rule", "ZJ301", "--isolated"]) == 0
    doc = capsys.readouterr().out
    assert "插件：zhejiang" in doc and "第九十三条" in doc and "regulations == 0" in doc
    assert doc.index("## 为什么") < doc.index("## 错误示例（Fails）") < doc.index("## Why")
