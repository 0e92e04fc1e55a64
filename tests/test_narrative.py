"""DL501 narrative-table-mismatch: numerals, figure finding, scope and the real reports.

The true positives and the false-alarm traps are rule cases (YAML):
rules/cases/DL501.yaml and tests/rule_cases/DL501.yaml, edits of the clean base
report, whose Table 3 总计 column has new 10, carried_over 1, 予以公开 5, 部分公开 2,
本机关不掌握 2, （七）总计 9, carried forward 2; Table 4 复议 1/0/0/1/2, direct
lawsuits 1/0/0/0/1, after review 0; Table 2 行政规范性文件 3/1/20.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import pytest

from disclosurelint.api import Linter
from disclosurelint.checks.narrative import NarrativeTableMismatch, find_figures
from disclosurelint.numerals import TextStream, parse_chinese_numeral, parse_integer
from disclosurelint.model import Line, Location, TextSpan
from disclosurelint.packs import builtin_sources, check_pack, load_packs
from disclosurelint.templates import builtin_templates

from conftest import EXCERPTS, HUAIAN_PDF, HUAIAN_TEXT, SEEDS, builtin_config

TEMPLATES = builtin_templates()
BUILTIN = load_packs(builtin_sources("narrative"), TEMPLATES)


@pytest.fixture(scope="module")
def dl501() -> Linter:
    linter = Linter(builtin_config())
    linter.rules = [NarrativeTableMismatch()]
    return linter


# -- numerals ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [("十二", 12), ("两", 2), ("十", 10), ("一百零五", 105), ("三十一", 31), ("二〇二二", 2022), ("一万二千", 12000), ("零", 0)],
)
def test_chinese_numerals(text, value):
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["一二十", "两两", "", "十x"])
def test_not_chinese_numerals(text):
    assert parse_chinese_numeral(text) is None


def test_arabic_numbers_with_spaces_and_separators():
    assert parse_integer("3 119") == 3119
    assert parse_integer("3,119") == 3119
    assert parse_integer("３１") == 31


def test_stream_joins_wrapped_lines_and_keeps_numbers_apart():
    first = "政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，尚"
    lines = [Line(first, Location(TextSpan(1, 1))), Line("未审结 37 件，72 64", Location(TextSpan(2, 1)))]
    stream = TextStream.from_lines(lines)
    assert stream.text.endswith("尚未审结37件,72、64\n")
    assert stream.location(stream.text.index("37")) == Location(TextSpan(2, 5))


def test_stream_spans_are_file_columns_or_none():
    text = Line("共收到申请 18 件", Location(TextSpan(3, 1, 3, 11)))
    html = Line("共收到申请 18 件", Location(TextSpan(9)))  # an HTML element's source line: no columns
    for line, expected in ((text, TextSpan(3, 7, 3, 9)), (html, TextSpan(9))):
        stream = TextStream.from_lines([line])
        start = stream.text.index("18")
        assert stream.location(start, start + 2).span == expected
        assert stream.location(start).span == expected._replace(end_line=None, end_column=None)


# -- the seeds and the real report ----------------------------------------------


def test_the_finding_spans_the_figure(dl501):
    findings = dl501.run([SEEDS["004"]]).files[0].findings
    assert [f.location.span for f in findings] == [TextSpan(15, 95, 15, 96), TextSpan(15, 116, 15, 117)]  # "4", "2"


@pytest.mark.parametrize("path", [SEEDS["000"], SEEDS["001"], SEEDS["002"], SEEDS["003"], HUAIAN_TEXT, HUAIAN_PDF, *EXCERPTS], ids=lambda p: Path(p).name)
def test_clean_reports_give_no_dl501(dl501, path):
    assert dl501.run([path]).files[0].findings == []


def test_seed_000_comparable_figures_are_found(dl501):
    report_ = dl501.parse(SEEDS["000"])
    figures = [f for region in report_.prose_regions() for f in find_figures(TextStream.from_lines(region), BUILTIN.narrative, 2024)]
    found = {(f.pattern.id, f.head, f.value) for f in figures}
    assert {("received", None, 75), ("carried_forward", None, 2), ("review", None, 4), ("litigation", None, 2)} <= found
    assert not any(f.pattern.id == "handled" for f in figures)  # 按时办结66件 is qualified


def test_huaian_review_and_litigation_figures_compared(dl501):
    report_ = dl501.parse(HUAIAN_TEXT)
    figures = [f for region in report_.prose_regions() for f in find_figures(TextStream.from_lines(region), BUILTIN.narrative, 2024)]
    found = {(f.pattern.id, f.head, f.value) for f in figures}
    assert {("review", None, 351), ("pending", "review", 37), ("litigation", None, 46), ("upheld", "litigation", 25)} <= found
    assert not any(f.pattern.id.startswith("normative") for f in figures)  # 政策性文件 11 件


# -- true positives ------------------------------------------------------------


def test_province_pack_extends_a_pattern(dl501):
    extra = {"narrative": [{"extend": "received", "keywords": ["登记"]}]}
    patterns = BUILTIN.add(check_pack(extra, "province.yaml", TEMPLATES)).narrative
    stream = TextStream.from_lines([Line("登记政府信息公开申请12件。", Location(TextSpan(1, 1)))])
    assert [f.value for f in find_figures(stream, patterns, 2024)] == [12]
    assert find_figures(stream, BUILTIN.narrative, 2024) == []


# -- false-alarm traps -----------------------------------------------------------


def figure_values(text: str, year: Optional[int] = 2024) -> List[int]:
    stream = TextStream.from_lines([Line(t, Location(TextSpan(i + 1, 1))) for i, t in enumerate(text.split("\n"))])
    return [f.value for f in find_figures(stream, BUILTIN.narrative, year)]


def test_percentages_and_ordinals_are_not_figures():
    assert figure_values("收到政府信息公开申请占比35%。受理政府信息公开申请第3件。") == []


def test_unknown_year_still_reads_figures():
    assert figure_values("收到政府信息公开申请12件。", year=None) == [12]


# -- scope: a government's own report speaks for its area ------------------------

COUNTY_GOVERNMENT = "某某县人民政府2024年政府信息公开工作年度报告"
DISTRICT_GOVERNMENT = "某某区人民政府2024年政府信息公开工作年度报告"
COUNTY_DEPARTMENT = "某某县教育局2024年政府信息公开工作年度报告"


def test_own_scope_of_governments_only():
    from disclosurelint.checks.narrative import own_scope
    from disclosurelint.parse import parse_text

    def scope(title: str) -> Optional[str]:
        return own_scope(parse_text(f"{title}\n一、总体情况\n").identity)

    assert scope(COUNTY_GOVERNMENT) == "全县"
    assert scope(DISTRICT_GOVERNMENT) == "全区"
    assert scope("淮安市人民政府2024年政府信息公开工作年度报告") == "全市"
    assert scope("五常市背荫河镇人民政府2022年政府信息公开工作年度报告") == "全镇"
    assert scope(COUNTY_DEPARTMENT) is None
    assert scope("某某县人民政府办公室2024年政府信息公开工作年度报告") is None


# -- combined groups and split groups ------------------------------------------------

# After the Shanghai government office's 2019 report: 予以公开及部分公开258件，占33.9%；
# 不予公开35件 …  The hand-made table has （一）5 + （二）2 = 7, （三）0 + （四）2 = 2.
