"""DocxReader: zip checks, document order, merged cells, Word oddities."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from builders import SEED_001, TABLE3_HEAD, blocks, docx_bytes, expanded, merged_table3, table_values
from disclosurelint.model import Document, ReadError
from disclosurelint.readers import Limits
from disclosurelint.readers.docx import DocxReader

READER = DocxReader()


def read(data: bytes, limits: Limits = Limits()) -> Document:
    doc = READER.read(data, "report.docx", limits)
    assert isinstance(doc, Document), doc
    return doc


def fail(data: bytes, kind: str, limits: Limits = Limits()) -> ReadError:
    result = READER.read(data, "report.docx", limits)
    assert isinstance(result, ReadError), result
    assert result.kind == kind, result
    assert result.message and not result.message.isascii()
    return result


def rows(doc: Document):
    return [[(c.text, c.merged) for c in line.cells] for line in doc.lines if line.is_row]


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_cells_expand_to_the_same_grid_as_html():
    assert rows(read(docx_bytes([TABLE3_HEAD]))) == expanded(TABLE3_HEAD)


def test_cell_locations():
    doc = read(docx_bytes(["二、主动公开政府信息情况", [["信息内容", "本年制发件数"], ["规章", "3"]]]))
    line = doc.lines[2]
    assert line.text == "规章 | 3"
    assert line.location.grid == (1, 2, None)
    assert [c.location.grid for c in line.cells] == [(1, 2, 1), (1, 2, 2)]


def test_seed_001_round_trips_in_document_order():
    items = blocks(SEED_001.read_text(encoding="utf-8"))
    doc = read(docx_bytes(items))
    assert doc.format == "docx"
    expected = []
    for item in items:
        expected.extend([item] if isinstance(item, str) else item)
    assert [[c.text for c in line.cells] if line.is_row else line.text for line in doc.lines] == expected
    assert Counter(line.location.grid.table for line in doc.lines if line.is_row) == {1: 14, 2: 28, 3: 4}
    paragraphs = [line.location.paragraph for line in doc.lines if not line.is_row]
    assert paragraphs == list(range(1, len(paragraphs) + 1))


def test_grid_before_and_vmerge_without_origin():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for r, texts in enumerate([["a", "b", "c"], ["d", "e", "f"]]):
        for c, text in enumerate(texts):
            table.cell(r, c).text = text
    first = table.rows[0]._tr
    first.remove(first.tc_lst[0])  # the first row starts in grid column 2
    first.get_or_add_trPr().append(_element("w:gridBefore", val="1"))
    first.tc_lst[0].get_or_add_tcPr().append(_element("w:vMerge", val="continue"))  # nothing above: its own cell
    second = table.rows[1]._tr
    second.tc_lst[2].get_or_add_tcPr().append(_element("w:vMerge"))  # continue: merged with "c"
    assert rows(read(saved(document))) == [[("", False), ("b", False), ("c", False)], [("d", False), ("e", False), ("c", True)]]


def _element(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _run(text: str):
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    return run


def test_tracked_changes_hyperlinks_and_soft_breaks():
    document = docx.Document()
    p = document.add_paragraph("本年新收")
    inserted = OxmlElement("w:ins")
    inserted.append(_run("政府信息"))
    p._p.append(inserted)
    deleted = OxmlElement("w:del")
    deleted.append(_run("删掉的"))
    p._p.append(deleted)
    link = OxmlElement("w:hyperlink")
    link.append(_run("公开申请"))
    p._p.append(link)
    second = document.add_paragraph("第一行")
    second.runs[0].add_break()
    second.add_run("第二行")
    doc = read(saved(document))
    assert [(line.text, line.location.paragraph) for line in doc.lines] == [("本年新收政府信息公开申请", 1), ("第一行", 2), ("第二行", 2)]


def test_content_controls_and_layout_tables_are_looked_through():
    document = docx.Document()
    document.add_paragraph("标题")
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    p = OxmlElement("w:p")
    p.append(_run("控件里的段落"))
    content.append(p)
    sdt.append(content)
    document.element.body.insert(1, sdt)
    frame = document.add_table(rows=1, cols=1)  # a one-cell frame around the table
    frame.cell(0, 0).paragraphs[0].text = "框内文字"
    inner = frame.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "规章", "1"
    document.add_paragraph("结尾")
    doc = read(saved(document))
    assert [line.text for line in doc.lines] == ["标题", "控件里的段落", "框内文字", "规章 | 1", "结尾"]
    assert doc.lines[3].location.grid.table == 1


def test_empty_paragraphs_are_skipped_and_no_text_is_refused():
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    fail(saved(document), "no-text")
    document.add_paragraph("正文")
    assert [line.text for line in read(saved(document)).lines] == ["正文"]


def test_truncated_docx_is_corrupt():
    data = docx_bytes(["一、总体情况"])
    for cut in (len(data) // 2, len(data) - 30, 10):
        result = fail(data[:cut], "corrupt")
        assert "DOCX" in result.message and "重新" in result.message


def test_broken_document_xml_is_corrupt():
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["一、总体情况"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    fail(out.getvalue(), "corrupt")


@pytest.mark.parametrize("member,hint", [("xl/workbook.xml", "Excel"), ("readme.txt", "zip")])
def test_zip_that_is_not_a_word_document(member, hint):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(member, "<x/>")
    assert hint in fail(out.getvalue(), "unsupported").message


def test_zip_bomb_guard_uses_declared_sizes():
    data = docx_bytes(["一、总体情况"])
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert "超过上限" in fail(data, "too-large", Limits(max_uncompressed_size=total - 1)).message
    assert isinstance(read(data, Limits(max_uncompressed_size=total)), Document)


def test_real_bomb_member_is_refused_before_decompression():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (8 * 2**20))  # 8 MB that compresses to a few KB
    data = out.getvalue()
    assert len(data) < 100_000
    assert "MB" in fail(data, "too-large", Limits(max_uncompressed_size=2**20)).message


def test_old_doc_and_encrypted_office_files():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    assert ".doc" in fail(ole + "WordDocument".encode("utf-16-le"), "unsupported").message
    fail(ole + "EncryptedPackage".encode("utf-16-le"), "encrypted")


def test_empty_file():
    fail(b"", "empty")


def test_sniff():
    data = docx_bytes(["x"])
    assert READER.sniff(data[:512], "report.DOCX") == 2
    assert READER.sniff(b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml", "upload.bin") == 2
    assert READER.sniff(b"PK\x03\x04" + b"\x00" * 40, "archive.zip") == 0
    assert READER.sniff(b"\xd0\xcf\x11\xe0", "old.docx") == 1


def test_seed_001_as_docx_binds_the_same_tables_as_the_plain_seed():
    from disclosurelint.parse import parse_document, parse_text

    text = SEED_001.read_text(encoding="utf-8")
    plain = table_values(parse_text(text))
    assert sum(len(cells) for cells in plain.values()) == 200
    items = blocks(text)
    assert table_values(parse_document(read(docx_bytes(items)))) == plain
    table3 = next(i for i, item in enumerate(items) if not isinstance(item, str) and "申请人情况" in item[0])
    items[table3] = merged_table3(items[table3])
    report = parse_document(read(docx_bytes(items)))
    assert table_values(report) == plain
    cell = report.tables["table3"].cell("new", "total")
    assert cell.value == 122 and cell.location.grid.table == 2 and cell.location.grid.col == 10
