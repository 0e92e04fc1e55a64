"""Bad input of every kind: one finding with an actionable Chinese message, never a traceback.

Encoding policy (tested below): a UTF-8 file with a few invalid bytes (at most
one per thousand characters, e.g. a file cut mid-character or one stray byte)
is decoded with U+FFFD in their place and linted; DL801 reports the
replacement characters so that the editor fixes them.  More damage than that,
or bytes that are no text encoding we know, give DL001 kind ``decode``.
"""

from __future__ import annotations

import functools
import io
import json
import random
import re
import shutil
import zipfile
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import pytest

from builders import SEED_001, blocks, docx_bytes
from conftest import EXCERPTS, HUAIAN_PDF, SEEDS, builtin_config, codes, seed_text
from disclosurelint.api import Linter
from disclosurelint.cli import main
from disclosurelint.findings import Finding
from disclosurelint.model import Report
from disclosurelint.readers import Limits
from sarif_schema import validate_sarif

_CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_actionable(finding: Finding) -> None:
    """A Chinese message for a report editor, not a traceback."""
    message = finding.message
    assert len(_CJK.findall(message)) >= 6, message
    assert "Traceback" not in message and "\n" not in message


def read_error(linter: Linter, path: Path) -> Finding:
    """The one DL001 finding of ``path``."""
    [finding] = linter.lint_path(path).result.findings
    assert finding.code == "DL001", finding
    assert_actionable(finding)
    return finding


def seed_bytes(number: str) -> bytes:
    return SEEDS[number].read_bytes()


def random_bytes(n: int, low: int = 0, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(n))


def zip_bytes(members: Dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@functools.lru_cache(maxsize=None)
def docx_001() -> bytes:
    return docx_bytes(blocks(SEED_001.read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=None)
def pdf_bytes(build: Callable) -> bytes:
    from pypdf import PdfWriter

    writer = build(PdfWriter)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(writer_class):
    writer = writer_class(clone_from=str(HUAIAN_PDF))
    writer.encrypt("secret", algorithm="AES-128")
    return writer


def image_only_pdf(writer_class):
    writer = writer_class()
    for _ in range(3):
        writer.add_blank_page(595, 842)
    return writer


_LAUGHS = "".join(
    f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(2, 10)
)
BILLION_LAUGHS_DTD = f'<!DOCTYPE lolz [<!ENTITY lol1 "lol">{_LAUGHS}]>'


def billion_laughs_docx() -> bytes:
    """The seed 001 DOCX with an entity-expansion bomb in word/document.xml."""
    source = zipfile.ZipFile(io.BytesIO(docx_001()))
    members = {}
    for name in source.namelist():
        data = source.read(name)
        if name == "word/document.xml":
            text = data.decode("utf-8")
            end = text.index("?>") + 2
            text = text[:end] + BILLION_LAUGHS_DTD + text[end:]
            data = text.replace("<w:t>", "<w:t>&lol9;", 1).encode("utf-8")
        members[name] = data
    return zip_bytes(members)


# name, bytes, expected DL001 kind, a phrase the message must hold
UNREADABLE: List[Tuple[str, Callable[[], bytes], str, str]] = [
    ("empty.txt", lambda: b"", "empty", "空"),
    ("blank.txt", lambda: b" \n\t\r\n  \n", "empty", "空白"),
    ("empty.docx", lambda: b"", "empty", "空"),
    ("junk.txt", lambda: random_bytes(5000), "binary", "二进制"),
    ("junk-no-nul.txt", lambda: random_bytes(5000, low=1), "decode", "编码"),
    ("nul.txt", lambda: b"\x00" * 100, "binary", "NUL"),
    ("junk.html", lambda: b"<html><body>" + random_bytes(3000, low=1), "decode", "编码"),
    ("half.docx", lambda: docx_001()[: len(docx_001()) // 2], "corrupt", "损坏"),
    ("head.docx", lambda: docx_001()[:100], "corrupt", "损坏"),
    ("archive.docx", lambda: zip_bytes({"readme.txt": b"hello"}), "unsupported", "zip"),
    ("sheet.docx", lambda: zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "unsupported", "Excel"),
    ("laughs.docx", billion_laughs_docx, "corrupt", "损坏"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random_bytes(4000), "unsupported", ".docx"),
    ("old-named.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random_bytes(4000), "unsupported", "另存为 .docx"),
    (
        "locked.docx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random_bytes(2000) + "EncryptedPackage".encode("utf-16-le"),
        "encrypted",
        "密码",
    ),
    ("locked.pdf", lambda: pdf_bytes(encrypted_pdf), "encrypted", "密码"),
    ("scan.pdf", lambda: pdf_bytes(image_only_pdf), "no-text", "OCR"),
    ("half.pdf", lambda: HUAIAN_PDF.read_bytes()[: HUAIAN_PDF.stat().st_size // 3], "corrupt", "损坏"),
    ("head.pdf", lambda: HUAIAN_PDF.read_bytes()[:200], "corrupt", "损坏"),
    ("junk.pdf", lambda: b"%PDF-1.7\n" + random_bytes(3000), "corrupt", "PDF"),
    ("script.html", lambda: b"<html><body><script>document.write('report')</script></body></html>", "no-text", "脚本"),
]


@pytest.mark.parametrize("name,build,kind,phrase", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_unreadable_file_gives_one_dl001(tmp_path: Path, linter: Linter, name: str, build: Callable[[], bytes], kind: str, phrase: str) -> None:
    path = tmp_path / name
    path.write_bytes(build())
    finding = read_error(linter, path)
    assert finding.context["kind"] == kind
    assert phrase in finding.message
    assert finding.path == str(path)


def test_missing_file_is_an_io_error(tmp_path: Path, linter: Linter) -> None:
    missing = read_error(linter, tmp_path / "gone.txt")
    assert missing.context["kind"] == "io" and "文件不存在" in missing.message
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    assert read_error(linter, tmp_path / "link.txt").context["kind"] == "io"


def test_full_width_whitespace_only_file_is_empty(tmp_path: Path, linter: Linter) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes("\ufeff\u3000\u3000\n \n\u3000\n".encode("utf-8"))
    assert read_error(linter, path).context["kind"] == "empty"


def test_empty_file_message_tells_what_to_do(tmp_path: Path, linter: Linter) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "请" in read_error(linter, path).message


# -- limits ------------------------------------------------------------------------


def limited(**limits: object) -> Linter:
    return Linter(builtin_config(limits=Limits(**limits)))


def test_file_over_max_file_size(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    shutil.copyfile(SEEDS["000"], path)
    finding = read_error(limited(max_file_size=1024), path)
    assert finding.context["kind"] == "too-large" and "max-file-size" in finding.message


def test_zip_bomb_over_max_uncompressed_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (4 * 2**20)}))
    assert path.stat().st_size < 2**16
    finding = read_error(limited(max_uncompressed_size=2**20), path)
    assert finding.context["kind"] == "too-large" and "压缩炸弹" in finding.message


def test_pdf_over_max_pdf_pages(tmp_path: Path) -> None:
    finding = read_error(limited(max_pdf_pages=1), HUAIAN_PDF)
    assert finding.context["kind"] == "too-large" and "页" in finding.message


def test_html_entity_bomb_is_not_expanded(tmp_path: Path, linter: Linter) -> None:
    path = tmp_path / "laughs.html"
    page = f'<?xml version="1.0"?>{BILLION_LAUGHS_DTD}<html><body><p>一、总体情况</p><p>&lol9;</p></body></html>'
    path.write_text(page, encoding="utf-8")
    report = linter.parse(path)
    assert isinstance(report, Report)
    assert sum(len(line.text) for line in report.lines) < 1000
    assert not any(f.code == "DL001" for f in linter.check(report).result.findings)


def test_ten_thousand_nested_divs_do_not_break_the_reader(tmp_path: Path, linter: Linter) -> None:
    path = tmp_path / "deep.html"
    path.write_bytes(b"<html><body>" + b"<div>" * 10_000 + "一、总体情况".encode() + b"</div>" * 10_000 + b"</body></html>")
    assert read_error(linter, path).context["kind"] in ("too-large", "no-text")


def test_deep_nesting_is_reported_not_silently_dropped(tmp_path: Path, linter: Linter) -> None:
    path = tmp_path / "deep.html"
    nest = b"<div>" * 300 + b"x" + b"</div>" * 300
    path.write_bytes("<html><body><p>一、总体情况</p>".encode() + nest + "<p>二、主动公开政府信息情况</p></body></html>".encode())
    result = linter.lint_path(path).result
    assert [(f.code, f.context.get("kind")) for f in result.findings if f.code == "DL001"] == [("DL001", "too-large")]


# -- encodings ------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_give_the_findings_of_the_utf8_file(tmp_path: Path, linter: Linter, encoding: str) -> None:
    path = tmp_path / f"001-{encoding}.txt"
    path.write_bytes(seed_text("001").encode(encoding))
    assert codes(linter.lint_path(path).result.findings) == ["DL201"]


def test_a_few_invalid_utf8_bytes_are_replaced_and_reported_as_dl801(tmp_path: Path, linter: Linter) -> None:
    data = seed_bytes("000")
    cut = data.index("。".encode()) + len("。".encode())  # inside the first prose paragraph
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    [finding] = linter.lint_path(path).result.findings
    assert finding.code == "DL801" and "\ufffd" in finding.message
    assert finding.location.span.line == seed_text("000")[: len(data[:cut].decode())].count("\n") + 1


def test_a_file_cut_mid_character_is_linted(tmp_path: Path, linter: Linter) -> None:
    data = seed_bytes("001")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-2] if data[-2] >= 0x80 else data + "报".encode()[:2])
    result = linter.lint_path(path).result
    assert "DL001" not in codes(result.findings) and "DL201" in codes(result.findings)


def test_mixed_encodings_give_dl001_decode(tmp_path: Path, linter: Linter) -> None:
    text = seed_text("000")
    middle = len(text) // 2
    path = tmp_path / "mixed.txt"
    path.write_bytes(text[:middle].encode("utf-8") + text[middle:].encode("gbk"))
    finding = read_error(linter, path)
    assert finding.context["kind"] == "decode" and "UTF-8" in finding.message


# -- damaged reports -------------------------------------------------------------


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[p.stem for p in EXCERPTS])
def test_report_cut_off_mid_way_gives_structure_findings(linter: Linter, excerpt: Path) -> None:
    found = codes(linter.lint_path(excerpt).result.findings)
    assert "DL001" not in found
    assert set(found) & {"DL101", "DL104", "DL105", "DL201"}


def test_report_cut_off_mid_table(tmp_path: Path, linter: Linter) -> None:
    lines = seed_text("001").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("5.属于三类内部事务信息"))
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(lines[: cut + 1]) + "\n6.属于四类过程性信息 | 8 | 0", encoding="utf-8")
    found = linter.lint_path(path).result.findings
    assert {"DL101", "DL105", "DL201"} <= set(codes(found))
    assert not any(f.code == "DL001" for f in found)
    [blank] = [f for f in found if f.code == "DL201" and "6.属于四类过程性信息" in f.message][:1] or [None]
    assert blank is not None and blank.location.span.line == cut + 2


def edit_seed_001(tmp_path: Path, old: str, new: str) -> Path:
    text = seed_text("001")
    assert old in text
    path = tmp_path / "edited.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_row_with_a_missing_cell_gives_dl201_at_its_end(tmp_path: Path, linter: Linter) -> None:
    path = edit_seed_001(tmp_path, "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 |")
    found = linter.lint_path(path).result.findings
    assert codes(found) == ["DL201", "DL201"]
    assert any("2.重复申请 / 总计" in f.message for f in found)


def test_row_with_an_extra_cell_is_read_without_false_alarms(tmp_path: Path, linter: Linter) -> None:
    path = edit_seed_001(tmp_path, "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
    assert codes(linter.lint_path(path).result.findings) == ["DL201"]


def test_table_with_a_whole_column_missing(tmp_path: Path, linter: Linter) -> None:
    rows = [line for line in seed_text("001").split("\n")]
    start = rows.index("三、收到和处理政府信息公开申请情况")
    end = rows.index("四、政府信息公开行政复议、行政诉讼情况")
    for i in range(start + 4, end):  # drop the last number (总计) of every Table 3 row
        cells = rows[i].split(" | ")
        numbers = [n for n, c in enumerate(cells) if c.strip().isdigit()]
        if numbers:
            del cells[numbers[-1]]
            rows[i] = " | ".join(cells)
    path = tmp_path / "narrow.txt"
    path.write_text("\n".join(rows), encoding="utf-8")
    found = linter.lint_path(path).result.findings
    assert "DL001" not in codes(found)
    assert sum(1 for f in found if f.code == "DL201" and "总计" in f.message) >= 20


@pytest.mark.parametrize(
    "old,new",
    [
        ("二、上年结转政府信息公开申请数量", "二、上年结转政府信恳公开申淸数量"),
        ("1.本机关不掌握相关政府信息", "1.本机关不掌捤相关政府信息"),
    ],
)
def test_labels_with_light_ocr_damage_still_bind(tmp_path: Path, linter: Linter, old: str, new: str) -> None:
    path = edit_seed_001(tmp_path, old, new)
    assert codes(linter.lint_path(path).result.findings) == ["DL201"]


def test_labels_with_heavy_ocr_damage_give_dl105_naming_the_row(tmp_path: Path, linter: Linter) -> None:
    path = edit_seed_001(tmp_path, "6.属于四类过程性信息", "6.属于四类过程牲信恳")
    found = linter.lint_path(path).result.findings
    assert codes(found) == ["DL105", "DL201"]
    assert "6.属于四类过程性信息" in next(f for f in found if f.code == "DL105").message


def test_html_without_tables_gives_dl104(tmp_path: Path, linter: Linter) -> None:
    prose = [line for line in seed_text("000").split("\n") if line.strip() and "|" not in line and "\t" not in line]
    path = tmp_path / "prose.html"
    path.write_text("<html><body>" + "".join(f"<p>{line}</p>" for line in prose) + "</body></html>", encoding="utf-8")
    found = linter.lint_path(path).result.findings
    assert codes(found).count("DL104") == 3 and "DL001" not in codes(found)


# -- the run goes on -------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Every unreadable kind above next to the five seeds."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, build, _, _ in UNREADABLE:
        (folder / name).write_bytes(build())
    for number, seed in SEEDS.items():
        shutil.copyfile(seed, folder / seed.name)
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_run_over_bad_and_good_files_goes_on_and_sarif_validates(mixed_folder: Path, capsys: pytest.CaptureFixture, jobs: str) -> None:
    code = main(["check", str(mixed_folder), "--isolated", "--no-plugins", "--no-cache", "--jobs", jobs, "--format", "sarif"])
    out = capsys.readouterr().out
    assert code == 1
    sarif = json.loads(out)
    validate_sarif(sarif)
    results = sarif["runs"][0]["results"]
    dl001 = [r for r in results if r["ruleId"] == "DL001"]
    assert len(dl001) == sum(1 for u in UNREADABLE if u[0].endswith((".txt", ".html", ".docx", ".pdf")))
    seed_codes = sorted(r["ruleId"] for r in results if "_" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert seed_codes.count("DL104") == 3 and "DL201" in seed_codes and "DL801" in seed_codes


def test_json_output_lists_every_file_in_a_bad_run(mixed_folder: Path, capsys: pytest.CaptureFixture) -> None:
    main(["check", str(mixed_folder), "--isolated", "--no-plugins", "--no-cache", "--format", "json"])
    paths = {Path(f["path"]).name for f in json.loads(capsys.readouterr().out)["files"]}
    linted = {p.name for p in mixed_folder.iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf")}
    assert linted <= paths
