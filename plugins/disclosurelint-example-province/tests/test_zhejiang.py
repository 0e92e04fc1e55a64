"""ZJ101 and ZJ301 through the installed entry point, as a user runs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest

from disclosurelint.api import Linter, lint_text
from disclosurelint.cli import main
from disclosurelint.config import Config, ConfigError, IdentityOverride
from disclosurelint.findings import Finding

ACCOUNTABILITY = "开展政府信息公开社会评议，群众满意度较高；全年未发生政府信息公开工作责任追究情况。"
REGULATIONS = "规章 | 0 | 0 | 0 |"


def findings(text: str, **settings: Any) -> List[Finding]:
    config = Config(plugins={"zhejiang": settings} if settings else {})
    return lint_text(text, "county-2024.txt", config).findings


def zj(found: List[Finding]) -> List[str]:
    return sorted(f.code for f in found if f.code.startswith("ZJ"))


def test_entry_point_registers_both_rules() -> None:
    catalog = Linter(Config()).catalog
    assert catalog.errors == []
    assert catalog.plugins["zhejiang"] == "0.1.0"
    assert {r.code: r.plugin for r in catalog.rules if r.code.startswith("ZJ")} == {
        "ZJ101": "zhejiang",
        "ZJ301": "zhejiang",
    }


def test_clean_county_report_has_no_findings(county_text: str) -> None:
    assert findings(county_text) == []


def test_zj301_flags_each_nonzero_regulations_cell(county_text: str) -> None:
    found = [f for f in findings(county_text.replace(REGULATIONS, "规章 | 2 | 0 | 5 |")) if f.code == "ZJ301"]
    assert [f.message for f in found] == [
        "表二“规章”行“本年制发件数”为 2：县级人民政府及其部门、乡镇无权制定规章（《立法法》第九十三条），应填 0；如填的是上级政府的规章，请改为本机关数据",
        "表二“规章”行“现行有效件数”为 5：县级人民政府及其部门、乡镇无权制定规章（《立法法》第九十三条），应填 0；如填的是上级政府的规章，请改为本机关数据",
    ]
    line = county_text.splitlines().index(REGULATIONS) + 1
    assert {f.location.span.line for f in found if f.location} == {line}
    assert all(f.context["row"] == "regulations" for f in found)


def test_zj101_names_the_missing_topic(county_text: str) -> None:
    (found,) = [f for f in findings(county_text.replace(ACCOUNTABILITY, "")) if f.code == "ZJ101"]
    assert found.message.startswith("报告未说明社会评议、责任追究结果情况：《政府信息公开条例》第五十条第（四）项")
    assert found.location is not None and found.location.span.line == 3  # 一、总体情况


def test_zj101_reads_words_broken_over_lines(county_text: str) -> None:
    assert zj(findings(county_text.replace("责任追究", "责任\n追究"))) == []


def test_zj101_skips_departments_unless_configured(county_text: str) -> None:
    text = county_text.replace(ACCOUNTABILITY, "")
    department = [IdentityOverride(path="county-2024.txt", kind="department")]
    assert zj(lint_text(text, "county-2024.txt", Config(overrides=department)).findings) == []
    config = Config(overrides=department, plugins={"zhejiang": {"report-kinds": ["government", "department"]}})
    assert zj(lint_text(text, "county-2024.txt", config).findings) == ["ZJ101"]


def test_zj101_topics_are_configurable(county_text: str) -> None:
    topics = {"工作考核": ["考核"], "整改落实": ["整改"]}
    (found,) = [f for f in findings(county_text, **{"assessment-topics": topics}) if f.code == "ZJ101"]
    assert found.message.startswith("报告未说明整改落实结果情况")


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
    assert main(["rule", "ZJ301", "--isolated"]) == 0
    doc = capsys.readouterr().out
    assert "Plugin: zhejiang" in doc and "第九十三条" in doc and "regulations == 0" in doc
