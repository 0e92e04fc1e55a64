"""Each national rule on a small hand-written failing input and its passing twin."""

from __future__ import annotations

from typing import List

import pytest

from disclosurelint.api import lint_text
from disclosurelint.findings import Finding

from conftest import builtin_config
from handmade import DEFAULT_T4, default_table3, person_only, report


def lint(text: str, name: str = "report.md") -> List[Finding]:
    return lint_text(text, name, builtin_config()).findings


def only(findings: List[Finding], code: str) -> List[Finding]:
    return [f for f in findings if f.code == code]


def test_handmade_report_is_clean():
    assert lint(report()) == []


# -- structure ---------------------------------------------------------------


def test_dl002_not_an_annual_report():
    findings = lint("关于开展2024年度政务公开培训的通知\n各单位：现将有关事项通知如下。\n")
    assert [f.code for f in findings] == ["DL002"]


def test_dl002_quiet_on_a_report():
    assert not only(lint(report()), "DL002")


def test_dl101_missing_section():
    findings = lint(report(headings={5: None}))
    assert [f.code for f in findings] == ["DL101"]
    assert "五、存在的主要问题及改进情况" in findings[0].message


def test_dl102_misnumbered_and_duplicated():
    text = report(headings={4: "三、政府信息公开行政复议、行政诉讼情况"})
    findings = lint(text)
    assert [f.code for f in findings] == ["DL102"]
    assert "序号应为“四”" in findings[0].message
    duplicated = report() + "六、其他需要报告的事项\n无。\n"
    assert [f.code for f in lint(duplicated)] == ["DL102"]


def test_dl102_out_of_order():
    text = report().replace("五、存在的主要问题及改进情况\n存在的问题是政策解读形式较为单一。下一步将丰富解读形式。\n", "")
    text = text.replace("一、总体情况", "五、存在的主要问题及改进情况\n存在问题是解读形式单一。\n一、总体情况")
    assert "DL102" in [f.code for f in lint(text)]


def test_dl103_empty_prose_section():
    findings = lint(report(prose={5: ""}))
    assert [f.code for f in findings] == ["DL103"]
    assert findings[0].location.span is not None


def test_dl104_missing_table_with_prose_only():
    text = report(tables=(2, 4), prose={3: "本年度共收到申请3件，均已办结。"})
    findings = lint(text)
    assert [f.code for f in findings] == ["DL104"]
    assert "三、收到和处理政府信息公开申请情况" in findings[0].message


def test_dl105_missing_row_and_missing_block():
    findings = lint(report(t3={"refused_3": None}))
    assert [f.code for f in findings] == ["DL105"]
    assert "危及" in findings[0].message
    block = {f"not_processed_{i}": None for i in range(1, 6)}
    findings = lint(report(t3=block))
    assert [f.code for f in findings] == ["DL105"]
    assert "（五）不予处理" in findings[0].message and "5 行" in findings[0].message


def test_dl105_does_not_double_as_an_identity_failure():
    findings = lint(report(t3={"unavailable_1": None}))
    assert [f.code for f in findings] == ["DL105"]


def test_dl106_variant_heading_is_a_note():
    findings = lint(report(headings={5: "五、政府信息公开工作存在的主要问题及改进情况"}))
    assert [(f.code, f.severity.value) for f in findings] == [("DL106", "note")]


def test_headings_with_half_width_punctuation_are_standard():
    assert lint(report(headings={4: "四、政府信息公开行政复议、行政诉讼情况 "})) == []


# -- cells -------------------------------------------------------------------


def test_dl201_blank_cell_once():
    findings = lint(report(t2={"normative_documents": [3, None, 20]}))
    assert [f.code for f in findings] == ["DL201"]
    assert "本年废止件数" in findings[0].message
    assert findings[0].context["column"] == "repealed"


def test_dl201_short_row_gets_blank_cells_at_its_end():
    findings = lint(report(t2={"licensing": []}))
    assert [f.code for f in findings] == ["DL201"]


def test_dl202_placeholder_cell():
    findings = lint(report(t2={"regulations": ["/", "/", "/"]}))
    assert [f.code for f in findings] == ["DL202"] * 3
    assert "“/”" in findings[0].message


def test_dl203_invalid_numbers():
    findings = lint(report(t2={"licensing": ["12.5"], "penalties": ["-1"], "enforcement": ["三"]}))
    assert [f.code for f in findings] == ["DL203"] * 3


def test_fee_amount_may_be_decimal():
    assert lint(report(t2={"fees": ["2181.669177"]})) == []


def test_placeholder_in_identity_cell_is_reported_once():
    values = default_table3()
    values["refused_1"] = ["-", 0, 0, 0, 0, 0, 0]
    findings = lint(report(t3=values))
    assert [f.code for f in findings] == ["DL202"]


# -- identities --------------------------------------------------------------


def test_dl301_application_balance():
    findings = lint(report(t3={"carried_forward": person_only(3)}))
    assert sorted(f.code for f in findings) == ["DL301", "DL301"]  # 自然人 and 总计 columns
    message = next(f.message for f in findings if f.context["column"] == "natural_person")
    assert "自然人列" in message and "= 9" in message and "= 10" in message


def test_dl302_outcome_total_names_expected_and_found():
    findings = lint(report(t3={"total": [8, 2, 0, 0, 0, 0, 10], "carried_forward": [1, 0, 0, 0, 0, 0, 1]}))
    dl302 = only(findings, "DL302")
    assert len(dl302) == 2
    natural = next(f for f in dl302 if f.context["column"] == "natural_person")
    assert natural.message == "（七）总计 自然人列应为 7（各项之和），实为 8"
    assert natural.context["row"] == "total"


def test_dl303_applicant_total():
    findings = lint(report(t3={"disclosed": [4, 1, 0, 0, 0, 0, 6], "total": [7, 2, 0, 0, 0, 0, 10], "carried_forward": [2, 0, 0, 0, 0, 0, 1]}))
    dl303 = only(findings, "DL303")
    assert {f.context["row"] for f in dl303} == {"disclosed", "total", "carried_forward"}


def test_dl304_review_total():
    values = list(DEFAULT_T4)
    values[4] = 3
    findings = lint(report(t4=values))
    assert [f.code for f in findings] == ["DL304"]
    assert "应为 2" in findings[0].message and "实为 3" in findings[0].message


@pytest.mark.parametrize("index", [9, 14])
def test_dl305_litigation_totals(index):
    values = list(DEFAULT_T4)
    values[index] += 1
    findings = lint(report(t4=values))
    assert [f.code for f in findings] == ["DL305"]


# -- fees --------------------------------------------------------------------


def test_dl401_fee_statement_missing():
    findings = lint(report(prose={6: "本年度无其他需要报告的事项。"}))
    assert [f.code for f in findings] == ["DL401"]


@pytest.mark.parametrize(
    "wording",
    ["本年度未收取政府信息公开处理费。", "全年收取信息处理费 3940 元。", "本机关本年度未产生信息公开处理费用。", "2023年，本机关无因依申请公开收取信息处理费情况。"],
)
def test_dl401_accepts_real_wordings(wording):
    assert not only(lint(report(prose={6: wording})), "DL401")


def test_dl402_fee_notices_unexplained():
    values = default_table3()
    values.update(other_handling_2=person_only(1), total=[8, 2, 0, 0, 0, 0, 10], carried_forward=person_only(1))
    findings = lint(report(t3=values))
    assert [f.code for f in findings] == ["DL402"]
    explained = report(t3=values, prose={6: "本年度发出收费通知1件，申请人逾期未缴纳，未实际收取信息处理费。"})
    assert lint(explained) == []


# -- artifacts -------------------------------------------------------------------


def test_dl801_artifacts_one_finding_per_kind():
    text = report(prose={5: "[bookmark: _GoBack]存在问题是解读形式单一。\n- 3 -\n附件：图解.jpg\n图解.jpg\n报告(1).doc"})
    findings = only(lint(text), "DL801")
    assert sorted(f.context["artifact"] for f in findings) == ["attachment", "bookmark", "page-marker"]
    attachment = next(f for f in findings if f.context["artifact"] == "attachment")
    assert "3 处" in attachment.message and "报告(1).doc" in attachment.message


def test_dl801_quiet_on_prose_mentioning_files():
    assert lint(report(prose={5: "下一步将按《政务公开工作要点.doc》要求完善。"})) == []
