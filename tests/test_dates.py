"""DL701 year-mismatch, DL702 late-publication, DL003 template-mismatch."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from disclosurelint.api import Linter
from disclosurelint.checks.dates import RULES, LatePublication, TemplateMismatch, YearMismatch
from disclosurelint.findings import Finding
from disclosurelint.parse import parse_text

from conftest import EXCERPTS, HUAIAN_PDF, HUAIAN_TEXT, SEEDS, builtin_config
from handmade import report


@pytest.fixture(scope="module")
def linter() -> Linter:
    linter = Linter(builtin_config())
    linter.rules = [cls() for cls in RULES]
    return linter


def lint(linter: Linter, text: str) -> List[Finding]:
    return linter.check(parse_text(text, "report.md", linter.catalog.parse)).result.findings


def codes(findings: List[Finding]) -> List[str]:
    return sorted(f.code for f in findings)


@pytest.mark.parametrize("path", [*SEEDS.values(), HUAIAN_TEXT, HUAIAN_PDF, *EXCERPTS], ids=lambda p: Path(p).name)
def test_real_reports_are_clean(linter, path):
    assert linter.run([path]).files[0].findings == []


def test_handmade_report_is_clean(linter):
    assert lint(linter, report()) == []


# -- DL701 ------------------------------------------------------------------------


def test_dl701_title_and_period_disagree(linter):
    text = report().replace("统计期限自2024年1月1日起至2024年12月31日", "统计期限自2023年1月1日起至2023年12月31日")
    (finding,) = lint(linter, text)
    assert finding.code == "DL701" and finding.location.span.line == 2
    assert "2023" in finding.message and "2024" in finding.message and "统计期限" in finding.message


def test_dl701_body_lead_disagrees(linter):
    (finding,) = lint(linter, report(prose={1: "2023年，本机关认真贯彻《条例》，政务公开工作有序推进。"}))
    assert finding.code == "DL701" and "一、总体情况" in finding.message


def test_dl701_since_a_year_is_not_a_claim(linter):
    assert lint(linter, report(prose={1: "2021年以来，本机关持续推进政务公开。"})) == []


def test_dl701_one_finding_per_disagreeing_statement(linter):
    text = report(prose={1: "2023年，本机关认真贯彻《条例》。"}).replace("至2024年12月31日", "至2023年12月31日").replace("自2024年1月1日", "自2023年1月1日")
    assert codes(lint(linter, text)) == ["DL701", "DL701"]


# -- DL702 ------------------------------------------------------------------------


def with_header(text: str, header: str) -> str:
    return f"{header}\n{text}"


def test_dl702_department_after_january(linter):
    (finding,) = lint(linter, with_header(report(), "发布日期：2025-02-05"))
    assert finding.code == "DL702" and finding.location.span.line == 1
    assert "2025-02-05" in finding.message and "2025-01-31" in finding.message


def test_dl702_department_on_time(linter):
    assert lint(linter, with_header(report(), "发布日期：2025-01-31")) == []


def test_dl702_government_has_until_march(linter):
    government = report(title="某某县人民政府2024年政府信息公开工作年度报告")
    assert lint(linter, with_header(government, "发布日期：2025-03-31")) == []
    (finding,) = lint(linter, with_header(government, "发布日期：2025-04-01"))
    assert "3月31日" in finding.message


def test_dl702_signature_date(linter):
    text = report(prose={6: "本年度未收取信息处理费。\n某某县人民政府办公室\n2025年2月10日"})
    (finding,) = lint(linter, text)
    assert finding.code == "DL702" and "落款" in finding.message


def test_dl702_needs_a_year(linter):
    text = with_header(report(title="政府信息公开工作年度报告", prose={1: "本机关认真贯彻《条例》。"}), "发布日期：2025-06-01").replace("统计期限自2024年1月1日起至2024年12月31日止", "统计期限为一个自然年")
    assert codes(lint(linter, text)) == []


def test_dl702_a_date_inside_the_reporting_year_is_not_publication(linter):
    assert lint(linter, with_header(report(), "日期：2024-06-01")) == []


def test_dl702_seeds_on_time(linter):
    for seed in ("001", "004"):
        assert not [f for f in linter.run([SEEDS[seed]]).files[0].findings if f.code == "DL702"]


# -- DL003 ------------------------------------------------------------------------


EXCERPT_2019 = next(p for p in EXCERPTS if p.name == "excerpt-029.txt")


def test_dl003_2019_layout_for_a_later_year(linter):
    text = EXCERPT_2019.read_text(encoding="utf-8").replace("2020年", "2022年").replace("2020", "2022")
    found = [f for f in lint(linter, text) if f.code == "DL003"]
    assert len(found) == 1 and "2022" in found[0].message and "2021年版格式" in found[0].message
    assert found[0].location is not None


def test_dl003_2021_layout_for_2020(linter):
    text = report().replace("2024", "2020")
    (finding,) = lint(linter, text)
    assert finding.code == "DL003" and "2019年版格式" in finding.message


def test_dl003_right_layouts(linter):
    assert not [f for f in linter.run([EXCERPT_2019]).files[0].findings if f.code == "DL003"]
    assert lint(linter, report()) == []


def test_rule_metadata():
    for cls in (YearMismatch, LatePublication, TemplateMismatch):
        assert cls.summary and "## Fails" in cls.docs() and "## Passes" in cls.docs()
    assert (YearMismatch.code, LatePublication.code, TemplateMismatch.code) == ("DL701", "DL702", "DL003")
