"""PdfReader: the real report's text layer, page markers, broken and protected files."""

from __future__ import annotations

import io

import pypdf
import pytest

from builders import FIXTURES, table_values
from disclosurelint.model import Document, ReadError
from disclosurelint.readers import Limits
from disclosurelint.readers.pdf import PdfReader

READER = PdfReader()
REAL = FIXTURES / "real" / "huaian-city-2024.pdf"
REAL_TEXT = (FIXTURES / "real" / "huaian-city-2024.pdftext.txt").read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def real() -> Document:
    doc = READER.read(REAL.read_bytes(), str(REAL), Limits())
    assert isinstance(doc, Document), doc
    return doc


def fail(data: bytes, kind: str, limits: Limits = Limits()) -> ReadError:
    result = READER.read(data, "report.pdf", limits)
    assert isinstance(result, ReadError), result
    assert result.kind == kind, result
    assert result.message.startswith("PDF") and not result.message.isascii()
    return result


def written(writer: pypdf.PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_real_pdf_text_pages_are_the_pypdf_text_and_ruled_tables_are_grids(real):
    assert real.format == "pdf" and real.pages == 6
    # a PDF has no file lines: every line is located by its page only
    assert all(line.location.span is None and line.location.page for line in real.lines)
    pypdf_lines = [t for t in REAL_TEXT if t not in {f"- {p} -" for p in range(1, 7)}]
    for page in (1, 2, 6):  # no table on these pages: the pypdf text, line for line
        lines = [line.text for line in real.lines if line.location.page == page]
        assert lines and all(line in pypdf_lines for line in lines)
    rows = [line for line in real.lines if line.is_row]
    assert {line.location.page for line in rows} == {3, 4, 5}
    # Table 2 goes on with 2 columns on page 4 (a new grid); Table 3 breaks from page 4 to 5 (one grid)
    assert [(t, sorted({l.location.page for l in rows if l.location.grid.table == t})) for t in (1, 2, 3, 4)] == [
        (1, [3]), (2, [4]), (3, [4, 5]), (4, [5])
    ]
    table3 = [line for line in rows if line.location.grid.table == 3]
    assert [line.location.grid.row for line in table3] == list(range(1, len(table3) + 1))


def test_real_pdf_table_rows_keep_empty_and_merged_cells(real):
    rows = {line.cells[0].text: line for line in real.lines if line.is_row}
    new = rows["一、本年新收政府信息公开申请数量"]
    assert [c.text for c in new.cells[3:]] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert [c.merged for c in new.cells[:3]] == [False, True, True]
    assert new.location.page == 4 and new.location.span is None
    assert [c.text for c in rows["行政事业性收费"].cells] == ["行政事业性收费", "96171.6"]
    licensing = rows["行政许可"]  # the value spans the three value columns
    assert [(c.text, c.merged) for c in licensing.cells] == [("行政许可", False), ("447228", False), ("447228", True), ("447228", True)]
    continued = next(line for line in real.lines if line.is_row and line.location.page == 5)
    assert continued.cells[1].text == "法提供"  # （四）无 / 法提供: a label cut by the page break


def test_real_pdf_page_markers_removed_and_counted(real):
    assert real.metadata["page_markers"] == 6
    assert real.metadata["pages_without_text"] == []
    assert not any(line.text.strip() in {f"- {p} -" for p in range(1, 7)} for line in real.lines)
    assert [line.location.page for line in real.lines][0] == 1 and real.lines[-1].location.page == 6


@pytest.mark.parametrize("marker", ["- 5 -", "— 5 —", "－12－", "  -5-  ", "第 5 页", "第5页 共6页", "共 6 页 第 5 页"])
def test_page_marker_forms(marker, monkeypatch):
    monkeypatch.setattr(pypdf.PageObject, "extract_text", lambda self, *a, **k: f"正文\n{marker}\n5\n- 5 -正文")
    doc = READER.read(written(_blank_pages(1)), "x.pdf", Limits())
    assert [line.text for line in doc.lines] == ["正文", "5", "- 5 -正文"]
    assert doc.metadata["page_markers"] == 1
    assert [line.location.page for line in doc.lines] == [1, 1, 1]


def _blank_pages(n: int) -> pypdf.PdfWriter:
    writer = pypdf.PdfWriter()
    for _ in range(n):
        writer.add_blank_page(width=595, height=842)
    return writer


def test_image_only_pdf_has_no_text():
    assert "OCR" in fail(written(_blank_pages(2)), "no-text").message


def test_pages_without_text_are_listed():
    writer = pypdf.PdfWriter(clone_from=REAL)
    writer.insert_blank_page(width=595, height=842, index=2)
    doc = READER.read(written(writer), "x.pdf", Limits())
    assert doc.pages == 7 and doc.metadata["pages_without_text"] == [3]


def test_encrypted_pdf():
    writer = pypdf.PdfWriter(clone_from=REAL)
    writer.encrypt("secret")
    assert "加密" in fail(written(writer), "encrypted").message


def test_owner_password_only_pdf_is_read():
    writer = pypdf.PdfWriter(clone_from=REAL)
    writer.encrypt("", "owner", algorithm="AES-256")
    doc = READER.read(written(writer), "x.pdf", Limits())
    assert isinstance(doc, Document) and doc.pages == 6


@pytest.mark.parametrize("fraction", [0.5, 0.99, 0.01])
def test_truncated_pdf_is_corrupt(fraction):
    data = REAL.read_bytes()
    fail(data[: int(len(data) * fraction)], "corrupt")


def test_truncation_warnings_stay_quiet(capfd):
    data = REAL.read_bytes()
    READER.read(data[: len(data) // 2], "x.pdf", Limits())
    assert capfd.readouterr().err == ""


def test_not_a_pdf_and_empty():
    fail(b"%PDF-1.7\n garbage", "corrupt")
    assert READER.read(b"", "x.pdf", Limits()).kind == "empty"


def test_too_many_pages():
    assert "6 页" in fail(REAL.read_bytes(), "too-large", Limits(max_pdf_pages=5)).message


def test_timeout():
    fail(REAL.read_bytes(), "timeout", Limits(timeout=-1))


def test_sniff():
    assert READER.sniff(REAL.read_bytes()[:1024], "download") == 2
    assert READER.sniff(b"\r\n%PDF-1.4", "x") == 2
    assert READER.sniff(b"hello", "x.PDF") == 1
    assert READER.sniff(b"hello", "x.txt") == 0


def test_real_pdf_binds_the_same_tables_as_its_text(real):
    from disclosurelint.parse import parse_document, parse_text

    report = parse_document(real)
    assert table_values(report) == table_values(parse_text("\n".join(REAL_TEXT)))
    cell = report.tables["table3"].cell("new", "total")
    assert cell.value == 3119 and cell.location.page == 4


@pytest.mark.parametrize(
    "lines,title",
    [
        (["永州市人民政府办公室2024年政府信息公开工作年度报", "告", "本报告根据"], "永州市人民政府办公室2024年政府信息公开工作年度报告"),
        (["某某县2024年政府信息公开工作年", "度报告"], "某某县2024年政府信息公开工作年度报告"),
        (["淮安市人民政府", "2024 年政府信息公开工作年度报告"], None),  # two lines, each whole
    ],
)
def test_a_title_wrapped_over_two_lines_is_one(lines, title):
    from disclosurelint.readers.pdf import _join_title

    joined = _join_title(lines)
    assert (joined[0] == title) if title else joined == lines


def test_a_ruled_pdf_with_a_wrapped_title(tmp_path):
    import expected_tables
    import layouts
    from conftest import SEEDS
    from disclosurelint.parse import parse_document

    content = layouts.seed_content(SEEDS["000"].read_text(encoding="utf-8"), "000", expected_tables.SEED_000)
    content["title"] = "永州市人民政府办公室2024年政府信息公开工作年度报告"  # 18 pt: wraps before 告
    doc = READER.read(layouts.render(content, "ruled_pdf"), "r.pdf", Limits())
    assert doc.lines[0].text.strip() == content["title"]
    assert parse_document(doc).identity.title == content["title"]
