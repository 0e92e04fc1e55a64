"""Extraction of the real reports: every numeric cell against hand-transcribed values."""

from __future__ import annotations

from typing import Dict, List

import pytest

from disclosurelint.model import CellKind, Report

from conftest import HUAIAN_PDF, HUAIAN_TEXT, SEEDS
from expected_tables import HUAIAN_2024, SEED_000, SEED_001, SEED_003, SEED_004

CASES = [
    (SEEDS["000"], SEED_000),
    (SEEDS["001"], SEED_001),
    (SEEDS["003"], SEED_003),
    (SEEDS["004"], SEED_004),
    (HUAIAN_TEXT, HUAIAN_2024),
    (HUAIAN_PDF, HUAIAN_2024),
]


def table_values(report: Report) -> Dict[str, Dict[str, List[object]]]:
    return {
        table.id: {row.id: [c.value for c in row.cells.values()] for row in table.rows.values()}
        for table in report.tables.values()
    }


@pytest.mark.parametrize("path,expected", CASES, ids=[p.name for p, _ in CASES])
def test_every_cell_matches_the_transcription(linter, path, expected):
    report = linter.parse(path)
    assert isinstance(report, Report), report
    assert report.template == "2021"
    assert table_values(report) == expected
    for table in report.tables.values():
        assert table.present and all(row.present for row in table.rows.values())


@pytest.mark.parametrize("path,expected", CASES, ids=[p.name for p, _ in CASES])
def test_cells_keep_their_location(linter, path, expected):
    report = linter.parse(path)
    for cell in (c for t in report.tables.values() for c in t.cells()):
        loc = cell.location
        if path.suffix == ".pdf":  # a PDF has pages, no file lines
            assert loc.page is not None and loc.span is None
            continue
        assert loc.span is not None and 1 <= loc.span.line <= len(report.lines)
        if not cell.inferred and cell.raw:
            text = report.lines[loc.span.line - 1].text
            assert text[loc.span.column - 1 : loc.span.end_column - 1] == cell.raw


def test_seed_001_blank_cell_is_blank_not_zero(linter):
    report = linter.parse(SEEDS["001"])
    cell = report.tables["table2"].cell("normative_documents", "in_force")
    assert cell.kind is CellKind.BLANK and cell.value is None
    assert cell.location.span.line == 16
    others = [c for t in report.tables.values() for c in t.cells() if c is not cell]
    assert all(c.kind is CellKind.NUMBER for c in others)


def test_seed_002_tables_are_absent_not_zero(linter):
    report = linter.parse(SEEDS["002"])
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.template is None
    for table in report.tables.values():
        assert not table.present
        assert all(not row.present and not row.cells for row in table.rows.values())
    assert report.section(6).text == ""


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_six_standard_sections_in_order(linter, number):
    report = linter.parse(SEEDS[number])
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert all(s.standard_wording for s in report.sections)
    assert report.section(1).heading == "一、总体情况"


def test_fee_amount_is_a_decimal(linter):
    report = linter.parse(HUAIAN_TEXT)
    cell = report.tables["table2"].cell("fees", "amount")
    assert str(cell.value) == "96171.6" and cell.raw == "96171.6"


def test_pdf_reports_page_of_each_cell(linter):
    report = linter.parse(HUAIAN_PDF)
    table3 = report.tables["table3"]
    assert table3.cell("new", "total").location.page == 4
    assert table3.cell("unavailable_2", "total").location.page == 5
