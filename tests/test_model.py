"""The neutral model's contracts: one code grammar, truthful locations, identity set by parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosurelint import codes
from disclosurelint.api import Linter
from disclosurelint.checks.cells import BlankCell
from disclosurelint.config import load_config
from disclosurelint.formats import FormatOptions, load_format
from disclosurelint.model import Location, TextSpan, span_in
from disclosurelint.parse import parse_text
from disclosurelint.plugins import PluginHost, _register_rules
from disclosurelint.results import FileResult, RunResult
from disclosurelint.rule import Rule

from conftest import HUAIAN_PDF, builtin_config
from handmade import report


@pytest.mark.parametrize("code", ["DL301", "ZJ1001", "SHANG9999", "A1"])
def test_every_registrable_code_is_selectable(tmp_path: Path, code: str) -> None:
    class FourDigits(Rule):
        """Doc."""

        name = "four-digits"

    FourDigits.code = code
    host = PluginHost(autoload=False)
    assert [r.code for r in _register_rules(host, [("disclosurelint", FourDigits)])] == [code]
    (tmp_path / "disclosurelint.toml").write_text(f'select = ["{code}"]\nignore = ["{code}"]\n', encoding="utf-8")
    config = load_config(tmp_path / "disclosurelint.toml")
    assert config.select == [code] and config.ignore == [code]


@pytest.mark.parametrize("text", ["DL30011", "dl301", "301", "DL-301", "TOOLONG1"])
def test_codes_outside_the_grammar_are_refused_everywhere(text: str) -> None:
    assert not codes.is_code(text) and not codes.is_selector(text)


def test_pdf_findings_have_pages_never_file_lines() -> None:
    linter = Linter(builtin_config())
    report_ = linter.parse(HUAIAN_PDF)
    cell = report_.tables["table3"].cell("new", "total")
    assert cell.location.span is None and cell.location.page == 4 and cell.location.grid == (3, 4, 10)
    finding = BlankCell().finding_at(report_, cell, "示例")
    run = RunResult(files=[FileResult(str(HUAIAN_PDF), [finding])], rules=[BlankCell], root=HUAIAN_PDF.parent)
    options = FormatOptions()
    text = load_format("text")(run, options)
    assert "huaian-city-2024.pdf: 第4页，第3个表格第4行第10列，表3 / 一、本年新收政府信息公开申请数量 / 总计: DL201" in text
    assert ",line=" not in load_format("github")(run, options)


def test_identity_is_set_by_parsing_with_overrides() -> None:
    parsed = parse_text(report(), "r.md", overrides={"agency": "某某县交通运输局"})
    assert parsed.identity.agency == "某某县交通运输局" and parsed.identity.sources["agency"] == "override"
    assert parsed.identity.year == 2024 and parsed.identity.claims


def test_prose_regions_stop_at_table_text() -> None:
    text = report(headings={2: None}, prose={1: "2024年，本机关做好政务公开工作。\n第二十条第（一）项\n信息内容 | 本年制发件数"})
    parsed = parse_text(text, "r.md")
    prose = "\n".join(line.text for region in parsed.prose_regions() for line in region)
    assert "政务公开工作" in prose and "第二十条" not in prose and "规章" not in prose


def test_columns_count_utf16_code_units() -> None:
    assert span_in(3, "甲乙丙", 1, 2) == Location(TextSpan(3, 2, 3, 3))
    assert span_in(3, "𠀀乙丙", 1, 2) == Location(TextSpan(3, 3, 3, 4))  # an astral character is two units
