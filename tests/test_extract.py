"""``disclosurelint extract``: the model as JSON, tidy rows (CSV, JSON Lines) compared cell by cell with it,
file selection, configs, workers, time limit and crash isolation shared with ``check``, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import shutil
import signal
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from conftest import HUAIAN_PDF, HUAIAN_TEXT, SEEDS, write
from disclosurelint.cli import main
from disclosurelint.extract import COLUMNS, LOCATION_KEYS, ExtractOptions, report_to_dict, write_extract
from disclosurelint.model import GridPos, Location, TextSpan
from disclosurelint.readers.text import TextReader
from expected_tables import HUAIAN_2024

REPORTS = [*SEEDS.values(), HUAIAN_PDF, HUAIAN_TEXT]


def extract(capsys: pytest.CaptureFixture[str], *args: str) -> Tuple[int, str, str]:
    code = main(["extract", "--no-plugins", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def unreadable(tmp_path: Path) -> Path:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip archive")
    return path


def expected_rows(document: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The tidy rows as the JSON model says they should be: one per cell, one for a file without cells."""
    rows = []
    for report in document["reports"]:
        identity, error = report.get("identity") or {}, report["error"] or {}
        base = dict.fromkeys(COLUMNS)
        base.update(path=report["path"], agency=identity.get("agency"), year=identity.get("year"),
                    template=report.get("template"), error=error.get("kind"), error_message=error.get("message"))
        cells = [(t, row, cell) for t, table in (report.get("tables") or {}).items() for row in table["rows"] for cell in row["cells"]]
        for table_id, row, cell in cells:
            located = {f"loc_{key}": value for key, value in cell["location"].items()}
            rows.append({**base, "table_id": table_id, "row_id": row["id"], "row_label": row["label"],
                         "column_id": cell["column"], "column_label": cell["column_label"], "raw": cell["raw"],
                         "value": cell["value"], "kind": cell["kind"], "inferred": cell["inferred"], **located})
        if not cells:
            rows.append(base)
    return rows


def as_csv_text(row: Dict[str, Any]) -> Dict[str, str]:
    return {k: "" if v is None else ("true" if v else "false") if isinstance(v, bool) else str(v) for k, v in row.items()}


def test_csv_and_jsonl_are_the_json_model_cell_by_cell(capsys, unreadable, tmp_path):
    paths = [str(p) for p in REPORTS] + [str(unreadable)]
    code, out, _ = extract(capsys, "--format", "json", *paths)
    assert code == 1
    expected = expected_rows(json.loads(out))
    # every cell of the five readable reports with tables (200 each), seed 002 and the broken file once each
    assert len(expected) == 6 * 200 + 2
    assert sum(1 for row in expected if row["kind"] == "number") == 6 * 200 - 1  # seed 001's blank cell

    assert extract(capsys, "--format", "csv", "-o", str(tmp_path / "cells.csv"), *paths)[0] == 1
    with open(tmp_path / "cells.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        from_csv = list(reader)
    assert from_csv == [as_csv_text(row) for row in expected]

    code, out, _ = extract(capsys, "--format", "jsonl", *paths)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and all(list(record) == list(COLUMNS) for record in records)
    assert records == expected


def test_the_csv_of_the_huaian_pdf_gives_the_hand_transcribed_tables(capsys):
    code, out, _ = extract(capsys, "--format", "csv", str(HUAIAN_PDF))
    assert code == 0 and out.startswith("\ufeffpath,agency,year,")
    tables: Dict[str, Dict[str, List[Any]]] = {}
    for row in csv.DictReader(io.StringIO(out.lstrip("\ufeff"))):
        assert (row["agency"], row["year"], row["template"]) == ("淮安市人民政府", "2024", "2021")
        assert row["loc_page"] and not row["loc_line"]  # a PDF has pages, no file lines
        value = Decimal(row["value"]) if "." in row["value"] or row["column_id"] == "amount" else int(row["value"])
        tables.setdefault(row["table_id"], {}).setdefault(row["row_id"], []).append(value)
    assert tables == HUAIAN_2024


def test_csv_byte_order_mark_is_on_by_default_and_can_be_left_out(capsys):
    assert extract(capsys, "--format", "csv", str(SEEDS["000"]))[1].startswith("\ufeffpath,")
    assert extract(capsys, "--format", "csv", "--no-bom", str(SEEDS["000"]))[1].startswith("path,")
    assert extract(capsys, "--format", "jsonl", str(SEEDS["000"]))[1].startswith('{"path"')


def test_location_columns_are_every_key_of_a_location():
    everything = Location(TextSpan(1, 2, 3, 4), GridPos(5, 6, 7), page=8, paragraph=9)
    assert sorted(LOCATION_KEYS) == sorted(everything.to_dict())
    assert [c for c in COLUMNS if c.startswith("loc_")] == [f"loc_{k}" for k in LOCATION_KEYS]


def test_tables_and_compact_json(capsys):
    code, out, _ = extract(capsys, "--tables", "3,表4", "--compact", str(SEEDS["001"]), str(HUAIAN_PDF))
    document = json.loads(out)
    assert code == 0 and [list(r["tables"]) for r in document["reports"]] == [["table3", "table4"]] * 2
    assert all("text" not in s and s["heading"] for r in document["reports"] for s in r["sections"])
    assert [line.startswith('    {"path":') for line in out.splitlines()[5:7]] == [True, True]  # a report per line
    code, out, _ = extract(capsys, "--tables", "table2", "--format", "csv", str(SEEDS["001"]))
    assert {row["table_id"] for row in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))} == {"table2"}


@pytest.mark.parametrize(
    "args,message",
    [
        (["--tables", "table5"], "unknown table 'table5' (tables: table2, table3, table4)"),
        (["--compact", "--format", "csv"], "`--compact` applies to `--format json` only"),
        (["--isolated", "no-such-folder"], "no such file or directory: no-such-folder"),
    ],
)
def test_usage_errors_exit_two(capsys, args, message):
    code, out, err = extract(capsys, *args, str(SEEDS["000"]))
    assert code == 2 and message in err and out == ""


def test_an_unreadable_file_exits_one_and_its_row_says_why(capsys, unreadable):
    code, out, err = extract(capsys, "--format", "csv", str(SEEDS["000"]), str(unreadable))
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    broken = [row for row in rows if row["error"]]
    assert code == 1 and len(broken) == 1 and broken[0]["path"].endswith("broken.docx")
    assert broken[0]["error"] == "corrupt" and "DOCX" in broken[0]["error_message"] and broken[0]["kind"] == ""
    assert "1 of 2 files could not be read" in err
    assert extract(capsys, str(SEEDS["000"]))[0] == 0


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "text"])
def test_each_report_is_written_before_the_next_is_read(linter, fmt):
    models = [report_to_dict(linter.parse(SEEDS[n])) for n in ("000", "001")]
    stream = io.StringIO()
    seen = []

    def produce():
        for model in models:
            seen.append(stream.getvalue())
            yield model

    assert write_extract(produce(), stream, ExtractOptions(format=fmt), Path.cwd()) == 0
    first = os.path.relpath(SEEDS["000"]).replace(os.sep, "/")
    assert first not in seen[0] and first in seen[1]


# -- the engine shared with check ------------------------------------------------


def test_files_and_configs_are_those_of_check(tmp_path, monkeypatch, capsys):
    """The same walk (each folder's include/exclude), each file's nearest config (here its overrides)."""
    write(tmp_path / "a", "disclosurelint.toml", 'extend-exclude = ["drafts"]\n')
    write(tmp_path / "b", "disclosurelint.toml", '[[overrides]]\npath = "**"\nagency = "B县人民政府"\n')
    for folder in ("a", "a/drafts", "b"):
        shutil.copyfile(SEEDS["001"], write(tmp_path / folder, "r.txt", ""))
    write(tmp_path, "notes.csv", "a,b\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-plugins", "--no-cache", "--format", "json", "."]) == 1
    checked = [posixpath.normpath(file["path"]) for file in json.loads(capsys.readouterr().out)["files"]]
    code, out, _ = extract(capsys, "--format", "jsonl", "--tables", "table2", ".")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and list(dict.fromkeys(r["path"] for r in rows)) == checked == ["a/r.txt", "b/r.txt"]
    assert {(r["path"], r["agency"]) for r in rows} == {("a/r.txt", "平阳县"), ("b/r.txt", "B县人民政府")}


def test_workers_give_the_same_output(tmp_path, capsys):
    for n in range(6):
        for number, seed in SEEDS.items():
            shutil.copyfile(seed, tmp_path / f"{n}-{number}.txt")
    outputs = [extract(capsys, "--isolated", "--format", "csv", "--jobs", jobs, str(tmp_path)) for jobs in ("1", "2")]
    assert outputs[0] == outputs[1] and outputs[0][0] == 0
    assert len(outputs[0][1].splitlines()) == 1 + 6 * (4 * 200 + 1)


@pytest.mark.skipif(not hasattr(signal, "setitimer") or os.name != "posix", reason="SIGALRM and fork")
def test_time_limit_and_crash_isolation(tmp_path, monkeypatch, capsys):
    parent = os.getpid()
    original = TextReader.read

    def read(self, data, path, limits):
        name = os.path.basename(path)
        if "slow" in name:
            time.sleep(30)
        if "crash" in name and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, data, path, limits)

    monkeypatch.setattr(TextReader, "read", read)
    write(tmp_path, "disclosurelint.toml", "[limits]\ntimeout = 0.5\n")
    for n in range(30):
        shutil.copyfile(SEEDS["000"], tmp_path / f"{n:02}.txt")
    for name in ("05-slow.txt", "07-crash.txt"):
        shutil.copyfile(SEEDS["000"], tmp_path / name)
    monkeypatch.chdir(tmp_path)
    code, out, err = extract(capsys, "--format", "jsonl", "--tables", "table2", "--jobs", "2", ".")
    errors = {r["path"]: r["error"] for r in map(json.loads, out.splitlines()) if r["error"]}
    assert code == 1, err
    assert errors == {"05-slow.txt": "timeout", "07-crash.txt": "crash"}
    assert len({r["path"] for r in map(json.loads, out.splitlines())}) == 32 and "2 of 32 files" in err
