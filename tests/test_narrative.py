"""DL501 narrative-table-mismatch: seeds, true positives, and many false-alarm traps.

The hand-made report (tests/handmade.py) has: Table 3 总计 column new 10,
carried_over 1, 予以公开 5, 部分公开 2, 本机关不掌握 2, （七）总计 9, carried
forward 2; Table 4 复议 1/0/0/1/2, direct lawsuits 1/0/0/0/1, after review 0;
Table 2 行政规范性文件 3/1/20.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import pytest

from disclosurelint.api import Linter
from disclosurelint.checks.narrative import NarrativeTableMismatch, find_figures
from disclosurelint.findings import Finding
from disclosurelint.numerals import TextStream, parse_chinese_numeral, parse_integer
from disclosurelint.model import Line, Location, TextSpan
from disclosurelint.packs import builtin_sources, check_pack, load_packs
from disclosurelint.templates import builtin_templates

from conftest import EXCERPTS, HUAIAN_PDF, HUAIAN_TEXT, SEEDS, builtin_config
from handmade import report

TEMPLATES = builtin_templates()
BUILTIN = load_packs(builtin_sources("narrative"), TEMPLATES)


@pytest.fixture(scope="module")
def dl501() -> Linter:
    linter = Linter(builtin_config())
    linter.rules = [NarrativeTableMismatch()]
    return linter


def findings_of(linter: Linter, text: str) -> List[Finding]:
    return list(NarrativeTableMismatch().check(_parse(linter, text), linter.context))


def _parse(linter: Linter, text: str):
    from disclosurelint.parse import parse_text

    return parse_text(text, "report.md", linter.catalog.parse)


def prose(linter: Linter, section1: str, **changes) -> List[Finding]:
    return findings_of(linter, report(prose={1: section1}, **changes))


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


# -- the seeds and the real report ----------------------------------------------


def test_seed_004_contradicted_figures(dl501):
    findings = dl501.run([SEEDS["004"]]).files[0].findings
    assert [(f.location.span.line, f.location.span.column) for f in findings] == [(15, 95), (15, 116)]
    held, unavailable = findings
    assert "本机关不掌握相关政府信息4件" in held.message and "为 4" in held.message and "为 6" in held.message
    assert held.context == {"table_label": "表3", "row_label": "（四）1.本机关不掌握相关政府信息", "column_label": "总计"}
    assert "无法提供2件" in unavailable.message and "为 6" in unavailable.message
    assert unavailable.context["row_label"] == "（四）无法提供"
    assert all(f.code == "DL501" and f.name == "narrative-table-mismatch" for f in findings)


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


def test_received_contradicts(dl501):
    (finding,) = prose(dl501, "2024年，本机关共收到政府信息公开申请12件。")
    assert "12" in finding.message and "为 10" in finding.message
    assert finding.location.span.line == 4


def test_received_may_include_carried_over(dl501):
    assert prose(dl501, "2024年，本机关共收到政府信息公开申请11件。") == []  # 10 new + 1 carried over


@pytest.mark.parametrize("phrase", ["收到政府信息公开申请十二件", "受理政府信息公开申请 12 件", "收到 12 件政府信息公开申请"])
def test_received_numeral_forms(dl501, phrase):
    assert len(prose(dl501, f"本年度{phrase}。")) == 1


def test_pdf_spaces_around_digits(dl501):
    assert prose(dl501, "本年度受理政府信息公开申请 10 件，答复 9 件。") == []
    assert len(prose(dl501, "本年度受理政府信息公开申请 10 件，答复 8 件。")) == 1


def test_handled_and_carried_forward(dl501):
    assert prose(dl501, "收到政府信息公开申请10件，已办结9件，结转下年度继续办理2件。") == []
    found = prose(dl501, "收到政府信息公开申请10件，已办结9件，结转下年度继续办理3件。")
    assert len(found) == 1 and "结转下年度继续办理3件" in found[0].message


def test_bare_number_before_comma(dl501):
    assert len(prose(dl501, "共受理政府信息公开申请10件,已办结8,无超期。")) == 1


def test_outcomes_named_and_grouped(dl501):
    assert prose(dl501, "收到政府信息公开申请10件，其中予以公开5件，部分公开2件，本机关不掌握相关政府信息2件，无法提供2件。") == []
    found = prose(dl501, "收到政府信息公开申请10件，其中予以公开6件，部分公开2件，无法提供两件。")
    assert ["予以公开6件"] == [f.message.split("“")[1].split("”")[0] for f in found]


def test_number_before_keyword(dl501):
    assert len(prose(dl501, "全年收到政府信息公开申请10件，3件结转下年度办理。")) == 1


def test_review_and_litigation(dl501):
    assert prose(dl501, "因政府信息公开申请引发行政复议2件，其中维持1件，尚未审结1件；行政诉讼1件，维持1件。") == []
    found = prose(dl501, "因政府信息公开申请引发行政复议3件，维持2件；行政诉讼2件。")
    assert sorted(f.context["row_label"] for f in found) == ["行政复议", "行政复议", "行政诉讼"]


def test_normative_documents(dl501):
    assert prose(dl501, "全年制发行政规范性文件3件、废止1件。") == []
    found = prose(dl501, "全年制发行政规范性文件5件、废止2件。")
    assert [f.context["column_label"] for f in found] == ["本年制发件数", "本年废止件数"]


def test_intro_and_sections_5_6_are_read(dl501):
    text = report(prose={6: "本年度收到政府信息公开申请15件，未收取信息处理费。"})
    assert len(findings_of(dl501, text)) == 1


def test_province_pack_extends_a_pattern(dl501):
    extra = {"narrative": [{"extend": "received", "keywords": ["登记"]}]}
    patterns = BUILTIN.add(check_pack(extra, "province.yaml", TEMPLATES)).narrative
    stream = TextStream.from_lines([Line("登记政府信息公开申请12件。", Location(TextSpan(1, 1)))])
    assert [f.value for f in find_figures(stream, patterns, 2024)] == [12]
    assert find_figures(stream, BUILTIN.narrative, 2024) == []


# -- false-alarm traps -----------------------------------------------------------


TRAPS = [
    "本年度依申请公开办结率为100%。",
    "2023年收到政府信息公开申请30件。",
    "与上年相比，收到政府信息公开申请增加5件。",
    "收到政府信息公开申请同比增长20件。",
    "上一年度共收到政府信息公开申请30件。",
    "回应网民留言1678件，发布政策解读148条。",
    "收到群众网上留言办理数量70条，已全部办结70条。",
    "全县64家单位共收到政府信息公开申请64件。",
    "各乡镇共收到政府信息公开申请30件。",
    "全区各级行政机关共收到依申请公开67宗，办理67宗。",
    "全市共受理政府信息公开申请3119件，答复3050件。",
    "某某镇收到政府信息公开申请5件。",
    "收到政府信息公开申请10件，按时办结6件，逾期办结3件。",
    "收到政府信息公开申请10件，其中网上受理7件，当面受理3件。",
    "政府信息公开申请10件中，通过信函收到4件。",
    "全年新增公开规章1件、政策性文件11件。",
    "向社会公开规范性文件14件，征求规范性文件意见52次。",
    "高效办成一件事，受理政府信息公开申请的窗口一个。",
    "主动公开政府信息5500余条，约3000件申请材料已归档。",
    "2021年以来共收到政府信息公开申请120件。",
    "本年度未收到政府信息公开申请。",
    "依申请公开答复时限平均为5个工作日，受理政府信息公开申请须登记编号第3件。",
    "申请人收到答复后申请行政复议的，由复议机关办理，全年办理行政复议案件120件。",
    "收到政府信息公开申请10件，结转下年度资金30万元。",
    "全年收到行政许可申请1200件，政府信息公开申请10件。",
    "本年度办结行政审批事项300件，依申请公开工作平稳。",
    "收到各类申请12件。",
    "依申请公开工作中，收到群众来信来访12件。",
]


@pytest.mark.parametrize("text", TRAPS)
def test_false_alarm_traps(dl501, text):
    assert prose(dl501, text) == []


def test_figures_in_table_sections_are_not_read(dl501):
    text = report().replace("三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n本年度收到政府信息公开申请99件。\n")
    assert findings_of(dl501, text) == []


def test_missing_table_is_never_compared(dl501):
    assert prose(dl501, "本年度收到政府信息公开申请99件。", tables=(2, 4)) == []


def test_non_number_cell_is_never_compared(dl501):
    assert prose(dl501, "本年度收到政府信息公开申请99件。", t3={"new": [8, 2, 0, 0, 0, 0, "/"]}) == []


def test_other_year_report_skips_this_years_figures(dl501):
    text = report(prose={1: "2024年收到政府信息公开申请99件。"}).replace("2024年政府信息", "2025年政府信息").replace("2024年1月1日起至2024年", "2025年1月1日起至2025年")
    assert findings_of(dl501, text) == []


def test_no_sections_no_figures(dl501):
    assert findings_of(dl501, "本年度收到政府信息公开申请99件。\n") == []


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


@pytest.mark.parametrize(
    "sentence",
    ["2024年，全县共受理政府信息公开申请12件。", "全县共受理政府信息公开申请 12 件，答复9件。", "2024年，全县共收到政府信息公开申请12件，办结9件。"],
)
def test_government_own_scope_figure_is_compared(dl501, sentence):
    (finding,) = prose(dl501, sentence, title=COUNTY_GOVERNMENT)
    assert "12" in finding.message and "为 10" in finding.message


def test_government_own_scope_figure_that_agrees(dl501):
    assert prose(dl501, "2024年，全县共受理政府信息公开申请10件，答复9件，结转下年度2件。", title=COUNTY_GOVERNMENT) == []


SCOPE_TRAPS = [
    (COUNTY_DEPARTMENT, "2024年，全县共受理政府信息公开申请3115件。"),
    ("某某县人民政府办公室2024年政府信息公开工作年度报告", "2024年，全县共受理政府信息公开申请3115件。"),
    (DISTRICT_GOVERNMENT, "2024年，全市共受理政府信息公开申请3115件。"),
    (COUNTY_GOVERNMENT, "全县64家单位共收到政府信息公开申请64件。"),
    (COUNTY_GOVERNMENT, "全县各级行政机关共收到政府信息公开申请64件。"),
    (COUNTY_GOVERNMENT, "全县各乡镇共收到政府信息公开申请30件。"),
    (COUNTY_GOVERNMENT, "全省共受理政府信息公开申请30000件。"),
]


@pytest.mark.parametrize("title, sentence", SCOPE_TRAPS)
def test_scope_traps(dl501, title, sentence):
    assert prose(dl501, sentence, title=title) == []


# -- combined groups and split groups ------------------------------------------------

# After the Shanghai government office's 2019 report: 予以公开及部分公开258件，占33.9%；
# 不予公开35件 …  The hand-made table has （一）5 + （二）2 = 7, （三）0 + （四）2 = 2.
COMBINED_RIGHT = [
    "受理政府信息公开申请10件，予以公开及部分公开7件，占70%；无法提供2件。",
    "收到政府信息公开申请10件，其中予以公开和部分公开7件，不予公开和无法提供2件。",
    "收到政府信息公开申请10件，其中全部或部分公开7件。",
    "收到政府信息公开申请10件，其中予以公开（含部分公开）7件。",
    "收到政府信息公开申请10件，其中7件予以公开或部分公开。",
]


@pytest.mark.parametrize("sentence", COMBINED_RIGHT)
def test_combined_group_that_agrees(dl501, sentence):
    assert prose(dl501, sentence) == []


@pytest.mark.parametrize(
    "sentence, snippet, expected",
    [
        ("受理政府信息公开申请10件，予以公开及部分公开8件，占80%。", "予以公开及部分公开8件", "为 7"),
        ("收到政府信息公开申请10件，其中不予公开和无法提供3件。", "不予公开和无法提供3件", "为 2"),
        ("收到政府信息公开申请10件，其中予以公开（含部分公开）9件。", "予以公开(含部分公开)9件", "为 7"),
    ],
)
def test_combined_group_that_contradicts(dl501, sentence, snippet, expected):
    (finding,) = prose(dl501, sentence)
    assert snippet in finding.message and expected in finding.message
    assert "（一）予以公开" in finding.context["row_label"] or "（三）不予公开" in finding.context["row_label"]


@pytest.mark.parametrize(
    "sentence",
    [
        "收到政府信息公开申请10件，其中不予公开、无法提供和不予处理共3件。",
        "收到政府信息公开申请10件，予以公开和部分公开分别为5件、2件。",
        "收到政府信息公开申请10件，部分公开、不予公开各2件。",
        "收到和办结政府信息公开申请各10件。",
    ],
)
def test_joined_keywords_without_a_combined_pattern_are_not_compared(dl501, sentence):
    assert prose(dl501, sentence) == []


def test_group_split_into_its_rows(dl501):
    right = "收到政府信息公开申请10件，其中无法提供2件，其中本机关不掌握相关政府信息2件。"
    assert prose(dl501, right) == []
    wrong = "收到政府信息公开申请10件，其中无法提供3件，其中本机关不掌握相关政府信息2件，没有现成信息需要另行制作1件。"
    found = prose(dl501, wrong)
    assert sorted(f.context["row_label"] for f in found) == ["（四）2.没有现成信息需要另行制作", "（四）无法提供"]


def test_rule_docs_examples_fail_and_pass(dl501):
    docs = NarrativeTableMismatch.docs()
    fails = docs.split("## Fails")[1].split("## Passes")[0].strip().splitlines()
    passes = docs.split("## Passes")[1].strip().splitlines()
    assert fails[0].strip() == passes[0].strip() == COUNTY_GOVERNMENT
    assert len(prose(dl501, fails[1].strip(), title=COUNTY_GOVERNMENT)) == 2
    assert prose(dl501, passes[1].strip(), title=COUNTY_GOVERNMENT) == []
