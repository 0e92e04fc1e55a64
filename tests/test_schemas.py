"""The JSON Schemas shipped in the package, and the JSON outputs validated against them: the seeds, the
淮安 PDF, an unreadable file and a finding of the example province plugin."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any, Dict, List

import jsonschema
import pytest

from conftest import HUAIAN_PDF, SEEDS
from test_plugin_example import main

SCHEMAS = ("check", "statistics", "extract")


def schema(name: str) -> Dict[str, Any]:
    return json.loads((resources.files("disclosurelint.schemas") / f"{name}.schema.json").read_text(encoding="utf-8"))


def validate(document: Any, name: str) -> None:
    validator = jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5])


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """The seeds, the 淮安 PDF, an unreadable PDF and a county report that breaks ZJ101, in the working directory."""
    monkeypatch.chdir(tmp_path)
    for path in [*SEEDS.values(), HUAIAN_PDF]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "scanned.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    county = SEEDS["001"].read_text(encoding="utf-8").replace("考核", "检查").replace("评议", "评价")
    (tmp_path / "county.txt").write_text(county, encoding="utf-8")
    return sorted(p.name for p in tmp_path.iterdir())


def output(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    main([*args, "--isolated"])  # the example plugin is given to the command line (see test_plugin_example)
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_schemas_are_shipped_and_valid(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))


def test_check_json_validates(inputs, capsys):
    document = output(capsys, "check", "--format", "json", "--no-cache", *inputs)
    validate(document, "check")
    found = {(f["path"], f["code"]) for file in document["files"] for f in file["findings"]}
    assert {("scanned.pdf", "DL001"), ("county.txt", "ZJ101"), (SEEDS["001"].name, "DL201")} <= found
    assert document["schema"] == "disclosurelint-check/1"


def test_check_json_with_suppressions_and_a_baseline_validates(inputs, capsys, tmp_path):
    text = SEEDS["004"].read_text(encoding="utf-8").split("\n")
    text[14] += "<!-- disclosurelint: ignore DL501 正文按受理口径统计 -->"
    (tmp_path / SEEDS["004"].name).write_text("\n".join(text), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    main(["check", "--no-cache", "--isolated", "--write-baseline", str(baseline), SEEDS["001"].name, "scanned.pdf"])
    (tmp_path / SEEDS["001"].name).write_text("fixed", encoding="utf-8")
    document = output(capsys, "check", "--format", "json", "--no-cache", "--baseline", str(baseline), *inputs)
    validate(document, "check")
    assert document["summary"]["suppressed"] == 2 and document["summary"]["baselined"] == 1
    assert [e["code"] for e in document["stale_baseline"]] == ["DL201"]
    assert all(f["fingerprint"] for file in document["files"] for f in file["findings"] + file["suppressed"])


def test_statistics_json_validates(inputs, capsys):
    statistics = output(capsys, "check", "--statistics", "--format", "json", "--no-cache", *inputs)
    validate(statistics, "statistics")
    counts = {s["code"]: s["count"] for s in statistics}
    assert counts["DL104"] == 3 and counts["ZJ101"] >= 1 and counts["DL001"] == 1
    assert [s["count"] for s in statistics] == sorted((s["count"] for s in statistics), reverse=True)


@pytest.mark.parametrize("compact", [False, True], ids=["full", "compact"])
def test_extract_json_validates(inputs, capsys, compact):
    document = output(capsys, "extract", *(["--compact"] if compact else []), *inputs)
    validate(document, "extract")
    reports = {r["path"]: r for r in document["reports"]}
    assert reports["scanned.pdf"]["error"]["kind"] and reports[HUAIAN_PDF.name]["tables"]["table3"]["present"]


def test_a_document_breaking_the_layout_does_not_validate(capsys):
    document = output(capsys, "extract", str(SEEDS["000"]))
    document["reports"][0]["tables"]["table2"]["rows"][0]["cells"][0]["kind"] = "zero"
    with pytest.raises(AssertionError, match="'zero' is not one of"):
        validate(document, "extract")
