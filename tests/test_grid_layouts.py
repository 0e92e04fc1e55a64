"""The seeds' own content in every table layout of converter, OCR, Word, scraped and PDF output.

For each seed and layout (``layouts.py``): every numeric cell against the
hand-transcribed tables (seed 001's blank cell, seed 002's absent tables);
the findings are the seed's own (rules.md) plus what the layout itself
shows; one blank cell adds exactly one DL201, one changed digit exactly the
identity findings it breaks; cells point at their place in the source file.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import expected_tables
import layouts
from conftest import SEEDS, builtin_config
from disclosurelint.api import Linter
from disclosurelint.model import CellKind, Report
from test_seed_findings import EXPECTED as SEED_FINDINGS

SEED_NUMBERS = ["000", "001", "003", "004"]
LAYOUTS = sorted(layouts.LAYOUTS)
#: What a layout adds to every seed's findings.
LAYOUT_FINDINGS: Dict[str, List[str]] = {
    "md_fragmented_ocr": ["DL801"],  # the page number line between two fragments of Table 3
    "md_table_cut_short": ["DL105", "DL105"],  # Table 2 lacks 本年废止件数, Table 3 the five 法人或其他组织 columns
    "ocr_damaged_headings": ["DL106"] * 5,  # five of the six headings are damaged (一 、 differs only by a space)
    # Worded as before 2019; fees stated under 四, not in 六 (七), which says only 无 (no real content).
    "pre2019_headings": ["DL106"] * 5 + ["DL103", "DL401"],
}
#: Columns each layout keeps of Table 2's （一） block and of Table 3.
KEPT = {"md_table_cut_short": {"table2": [0, 2], "table3": [0, 6]}}
IDENTITIES = {"DL301", "DL302", "DL303", "DL304", "DL305"}


@functools.lru_cache(maxsize=None)
def linter() -> Linter:
    return Linter(builtin_config())


@functools.lru_cache(maxsize=None)
def content(number: str) -> Dict[str, Any]:
    return layouts.seed_content(SEEDS[number].read_text(encoding="utf-8"), number, getattr(expected_tables, f"SEED_{number}", None))


def lint(tmp: Path, data: Dict[str, Any], layout: str, name: str = "report") -> Tuple[Report, List[Any]]:
    path = tmp / f"{name}{layouts.LAYOUTS[layout][1]}"
    path.write_bytes(layouts.render(data, layout))
    report = linter().parse(path)
    assert isinstance(report, Report), report
    return report, linter().check(report).result.findings


@functools.lru_cache(maxsize=None)
def clean(number: str, layout: str, tmp: Path) -> Tuple[Report, List[Any]]:
    return lint(tmp, content(number), layout, f"{number}-{layout}")


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("layouts")


def signature(findings: List[Any]) -> Counter:
    return Counter((f.code, tuple(sorted(f.context.items()))) for f in findings)


def expected_values(number: str, layout: str) -> Dict[str, Dict[str, List[object]]]:
    tables = getattr(expected_tables, f"SEED_{number}")
    kept = KEPT.get(layout, {})
    out = {}
    for table, rows in tables.items():
        out[table] = {}
        for row, values in rows.items():
            columns = kept.get(table) if len(values) > 1 else None
            out[table][row] = [values[i] for i in columns] if columns else list(values)
    return out


def table_values(report: Report) -> Dict[str, Dict[str, List[object]]]:
    return {t.id: {r.id: [c.value for c in r.cells.values()] for r in t.rows.values()} for t in report.tables.values()}


CASES = [(n, layout) for n in SEED_NUMBERS for layout in LAYOUTS]


@pytest.mark.parametrize("number,layout", CASES, ids=[f"{n}-{l}" for n, l in CASES])
def test_every_cell_matches_the_transcription(tmp, number, layout):
    report, _ = clean(number, layout, tmp)
    assert table_values(report) == expected_values(number, layout)
    for table in report.tables.values():
        assert table.present and all(row.present for row in table.rows.values())
        assert not table.unreadable_rows
    blanks = [(c.table, c.row, c.column) for t in report.tables.values() for c in t.cells() if c.kind is not CellKind.NUMBER]
    assert blanks == ([("table2", "normative_documents", "in_force")] if number == "001" else [])


@pytest.mark.parametrize("number,layout", CASES, ids=[f"{n}-{l}" for n, l in CASES])
def test_findings_are_the_seeds_own(tmp, number, layout):
    _, findings = clean(number, layout, tmp)
    assert sorted(f.code for f in findings) == sorted(SEED_FINDINGS[number] + LAYOUT_FINDINGS.get(layout, []))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_seed_002_tables_are_absent_not_zero(tmp, layout):
    report, findings = clean("002", layout, tmp)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    for table in report.tables.values():
        assert not table.present and not table.cells()
    expected = {
        "ocr_damaged_headings": SEED_FINDINGS["002"] + ["DL106"] * 5,
        "pre2019_headings": ["DL104"] * 3 + ["DL106"] * 5 + ["DL103", "DL401"],  # 七 of the old outline says 无。
        "scraped_text": ["DL104"] * 3 + ["DL401"],  # the page's footer follows the empty 六 on its line
    }.get(layout, SEED_FINDINGS["002"])
    assert sorted(f.code for f in findings) == sorted(expected)


def _blank_cell(layout: str) -> Tuple[str, str, int]:
    # Scraped text runs Table 3's cells together (a blank cannot be told from a missing digit); its Table 2
    # cells are space-separated, where a blank is seen at the end of a row.
    return ("table2", "regulations", 2) if layout == "scraped_text" else ("table3", "carried_over", 0)


DEFECT_CASES = [(n, layout) for n in ("000", "003", "004") for layout in LAYOUTS]


@pytest.mark.parametrize("number,layout", DEFECT_CASES, ids=[f"{n}-{l}" for n, l in DEFECT_CASES])
def test_one_blank_cell_is_exactly_one_dl201(tmp, number, layout):
    table, row, column = _blank_cell(layout)
    _, findings = lint(tmp, layouts.with_cell(content(number), table, row, column, None), layout, f"blank-{number}-{layout}")
    added = signature(findings) - signature(clean(number, layout, tmp)[1])
    assert [(code, dict(context)["row"], dict(context)["column"]) for code, context in added.elements()] == [
        ("DL201", row, linter().catalog.parse.default_template.table(table).row(row).columns[column].id)
    ]


@pytest.mark.parametrize("number,layout", DEFECT_CASES, ids=[f"{n}-{l}" for n, l in DEFECT_CASES])
def test_one_changed_digit_is_exactly_its_identity_findings(tmp, number, layout):
    data = content(number)
    value = data["table3"]["refused_1"][0] + 1
    _, findings = lint(tmp, layouts.with_cell(data, "table3", "refused_1", 0, value), layout, f"digit-{number}-{layout}")
    added = sorted(code for code, _ in (signature(findings) - signature(clean(number, layout, tmp)[1])).elements())
    if layout == "scraped_text":  # the row's own total no longer adds up: it cannot be split, and says so
        assert added == ["DL801"]
    elif layout in KEPT:  # the applicant total needs the columns the table lacks
        assert added == ["DL302"]
    else:
        assert added == ["DL302", "DL303"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_changed_table4_digit_is_dl305(tmp, layout):
    data = content("000")
    value = data["table4"]["cases"][11] + 1  # 复议后起诉 结果纠正
    _, findings = lint(tmp, layouts.with_cell(data, "table4", "cases", 11, value), layout, f"t4-{layout}")
    added = sorted(code for code, _ in (signature(findings) - signature(clean("000", layout, tmp)[1])).elements())
    assert added == (["DL801"] if layout == "scraped_text" else ["DL305"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_cells_point_at_their_place_in_the_source(tmp, layout):
    report, _ = clean("004", layout, tmp)
    path = Path(report.path)
    cells = [c for t in report.tables.values() for c in t.cells() if c.raw and not c.inferred]
    assert len(cells) == sum(len(v) for t in expected_values("004", layout).values() for v in t.values())
    if layout == "ruled_pdf":
        assert all(c.location.span is None and c.location.page and c.location.grid for c in cells)
        return
    source = path.read_bytes().decode("gbk" if layout == "word_html" else "utf-8").replace("\r\n", "\n").split("\n")
    for cell in cells:
        span = cell.location.span
        text = source[span.line - 1]
        if layout in ("md_html_tables", "word_html"):  # an HTML cell: its start tag
            assert text[span.column - 1 : span.end_column - 1].lower().startswith("<td"), (cell, text[span.column - 1 :][:40])
            assert cell.location.grid is not None
        else:
            assert text[span.column - 1 : span.end_column - 1] == cell.raw, (cell, text)
