"""The findings each real report must give (rules.md), and no more."""

from __future__ import annotations

import pytest

from disclosurelint.api import lint_paths

from conftest import HUAIAN_PDF, HUAIAN_TEXT, SEEDS, builtin_config, codes

EXPECTED = {
    "000": [],
    "001": ["DL201"],
    "002": ["DL103", "DL104", "DL104", "DL104", "DL401"],
    "003": ["DL801"],
    "004": ["DL501", "DL501", "DL801"],
}


@pytest.fixture(scope="module")
def run():
    return lint_paths([SEEDS[n] for n in sorted(SEEDS)] + [HUAIAN_TEXT, HUAIAN_PDF], builtin_config())


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_seed_gives_exactly_its_findings(run, number):
    result = next(f for f in run.files if f.path == str(SEEDS[number]))
    assert codes(result.findings) == EXPECTED[number]


def test_seed_001_blank_cell_points_at_the_cell(run):
    finding = next(f for r in run.files for f in r.findings if f.code == "DL201")
    assert (finding.location.span.line, finding.location.span.column) == (16, 21)
    assert finding.context == {
        "table": "table2",
        "table_label": "表2",
        "row": "normative_documents",
        "row_label": "行政规范性文件",
        "column": "in_force",
        "column_label": "现行有效件数",
    }


def test_seed_004_attachment_names_reported_once(run):
    result = next(f for f in run.files if f.path == str(SEEDS["004"]))
    (artifact,) = [f for f in result.findings if f.code == "DL801"]
    assert "图解.jpg" in artifact.message and artifact.location.span.line == 624


@pytest.mark.parametrize("path", [HUAIAN_TEXT, HUAIAN_PDF], ids=["text", "pdf"])
def test_huaian_identities_all_hold(run, path):
    result = next(f for f in run.files if f.path == str(path))
    assert not [f for f in result.findings if f.code.startswith(("DL2", "DL3"))]
    assert not [f for f in result.findings if f.code.startswith(("DL1", "DL4"))]


def test_page_markers_reported_in_pdf_text_but_not_in_the_pdf(run):
    text = next(f for f in run.files if f.path == str(HUAIAN_TEXT))
    pdf = next(f for f in run.files if f.path == str(HUAIAN_PDF))
    assert [f.context.get("artifact") for f in text.findings if f.code == "DL801"] == ["page-marker"]
    assert not [f for f in pdf.findings if f.code == "DL801"]
