"""SARIF output: structure, and every document valid against the SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest
import sarif_om as om
from sarif_schema import validate_sarif
from test_formats import (
    DOCX_FILE,
    PLUGIN_ERROR,
    ROOT,
    RULES,
    TEXT_FILE,
    BlankCell,
    blank_cell,
    sample_run,
    total_mismatch,
)

from disclosurelint.findings import Finding, Severity
from disclosurelint.formats import FormatOptions
from disclosurelint.formats.sarif import INFORMATION_URI, SCHEMA_URI, make, render, serialize
from disclosurelint.model import GridPos, Location, TextSpan
from disclosurelint.results import FileResult, RunResult

TEXT_URI = "2024/%E6%B0%B8%E5%B7%9E%E5%B8%82%E6%94%BF%E5%BA%9C%E5%8A%9E.txt"
DOCX_URI = "2024/%E5%B9%B3%E9%98%B3%E5%8E%BF.docx"


def sarif(run: RunResult) -> Dict[str, Any]:
    """Render, parse and validate: every SARIF document of these tests goes through here."""
    doc = json.loads(render(run, FormatOptions(tool_version="9.8.7")))
    validate_sarif(doc)
    return doc


def results_of(run: RunResult) -> List[Dict[str, Any]]:
    return sarif(run)["runs"][0]["results"]


def fingerprint(finding: Finding) -> str:
    (result,) = results_of(RunResult(files=[FileResult(finding.path, [finding])], rules=RULES, root=ROOT))
    return result["partialFingerprints"]["disclosurelint/v1"]


# -- the schema itself --------------------------------------------------------------


def test_schema_checks_formats() -> None:
    validate_sarif({"version": "2.1.0", "runs": []})
    bad = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [
                    {
                        "message": {"text": "m"},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "报告 2024.txt"}}}],
                    }
                ],
            }
        ],
    }
    with pytest.raises(AssertionError, match="is not a 'uri-reference'"):
        validate_sarif(bad)


# -- log, run and tool --------------------------------------------------------------


def test_log_header_and_run_metadata() -> None:
    doc = sarif(sample_run())
    assert list(doc)[:2] == ["$schema", "version"]
    assert doc["$schema"] == SCHEMA_URI and doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///srv/reports/"}}
    assert run["columnKind"] == "unicodeCodePoints"
    assert [a["location"] for a in run["artifacts"]] == [
        {"uri": TEXT_URI, "uriBaseId": "%SRCROOT%"},
        {"uri": DOCX_URI, "uriBaseId": "%SRCROOT%"},
        {"uri": "broken.pdf", "uriBaseId": "%SRCROOT%"},
        {"uri": "clean.txt", "uriBaseId": "%SRCROOT%"},
    ]


def test_driver_lists_the_national_rules() -> None:
    driver = sarif(sample_run())["runs"][0]["tool"]["driver"]
    assert {k: driver[k] for k in ("name", "version", "semanticVersion", "informationUri")} == {
        "name": "disclosurelint",
        "version": "9.8.7",
        "semanticVersion": "9.8.7",
        "informationUri": INFORMATION_URI,
    }
    assert [r["id"] for r in driver["rules"]] == ["DL001", "DL106", "DL201", "DL301"]
    blank = driver["rules"][2]
    assert blank == {
        "id": "DL201",
        "name": "blank-cell",
        "shortDescription": {"text": "A numeric cell is empty"},
        "fullDescription": {"text": "A numeric cell of Table 2, 3 or 4 is empty."},
        "help": {"text": BlankCell.docs(), "markdown": BlankCell.docs()},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["table", "completeness"]},
    }
    assert driver["rules"][1]["defaultConfiguration"] == {"level": "note"}


def test_plugin_rules_go_under_extensions() -> None:
    doc = sarif(sample_run())
    (extension,) = doc["runs"][0]["tool"]["extensions"]
    assert extension["name"] == "shanghai" and extension["version"] == "1.2.0"
    assert [r["id"] for r in extension["rules"]] == ["SH101"]
    assert extension["rules"][0]["defaultConfiguration"] == {"level": "warning"}  # explicit default
    (result,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "SH101"]
    assert result["ruleIndex"] == 0
    assert result["rule"] == {"id": "SH101", "index": 0, "toolComponent": {"name": "shanghai", "index": 0}}


def test_invocation_reports_plugin_errors() -> None:
    (invocation,) = sarif(sample_run())["runs"][0]["invocations"]
    assert invocation == {
        "executionSuccessful": True,
        "toolExecutionNotifications": [{"message": {"text": PLUGIN_ERROR}, "level": "warning"}],
    }
    (quiet,) = sarif(RunResult(files=[], rules=RULES, root=ROOT))["runs"][0]["invocations"]
    assert quiet == {"executionSuccessful": True}


def test_clean_run_has_an_empty_results_array_and_all_rules_that_ran() -> None:
    run = sarif(RunResult(files=[FileResult("clean.txt")], rules=RULES, root=ROOT))["runs"][0]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == 4
    assert [r["id"] for r in run["tool"]["extensions"][0]["rules"]] == ["SH101"]


# -- results ---------------------------------------------------------------------------


def test_results_reference_their_rules_and_state_the_level() -> None:
    doc = sarif(sample_run())
    tool = doc["runs"][0]["tool"]
    results = doc["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("DL106", "note"),
        ("DL301", "error"),
        ("SH101", "warning"),
        ("DL201", "error"),
        ("DL001", "error"),
    ]
    for result in results:
        component = (
            tool["extensions"][result["rule"]["toolComponent"]["index"]] if "rule" in result else tool["driver"]
        )
        assert component["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_text_finding_has_a_region_and_a_logical_location() -> None:
    (_, mismatch, *_) = results_of(sample_run())
    assert mismatch["message"] == {"text": "（七）总计 自然人列应为 73（各项之和），实为 75"}
    assert mismatch["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": TEXT_URI, "uriBaseId": "%SRCROOT%", "index": 0},
                "region": {"startLine": 40, "startColumn": 9, "endLine": 40, "endColumn": 11},
            },
            "logicalLocations": [
                {"name": "自然人", "fullyQualifiedName": "表3/（七）总计/自然人", "kind": "element"}
            ],
        }
    ]


def test_docx_finding_has_no_region() -> None:
    (*_, blank, _) = results_of(sample_run())
    assert blank["locations"] == [
        {
            "physicalLocation": {"artifactLocation": {"uri": DOCX_URI, "uriBaseId": "%SRCROOT%", "index": 1}},
            "logicalLocations": [
                {
                    "name": "本年废止件数",
                    "fullyQualifiedName": "表2/行政规范性文件/本年废止件数",
                    "kind": "element",
                }
            ],
        }
    ]


def test_unreadable_file_finding_points_at_the_file_only() -> None:
    (*_, unreadable) = results_of(sample_run())
    assert unreadable["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "broken.pdf", "uriBaseId": "%SRCROOT%", "index": 2}}}
    ]


def test_uris_are_percent_encoded_and_absolute_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "年报 库"
    inside = BlankCell().finding(str(root / "2024" / "报告#1 (终稿).txt"), "空", Location(TextSpan(1)))
    outside = BlankCell().finding("/elsewhere/报告.txt", "空", Location(TextSpan(1)))
    run = RunResult(files=[FileResult(inside.path, [inside]), FileResult(outside.path, [outside])], rules=RULES, root=root)
    doc = sarif(run)
    assert doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.as_uri() + "/"
    assert "%E5%B9%B4%E6%8A%A5%20%E5%BA%93/" in root.as_uri() + "/"
    first, second = (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"])
    assert first == {
        "uri": "2024/%E6%8A%A5%E5%91%8A%231%20%28%E7%BB%88%E7%A8%BF%29.txt",
        "uriBaseId": "%SRCROOT%",
        "index": 0,
    }
    assert second == {"uri": "file:///elsewhere/%E6%8A%A5%E5%91%8A.txt", "index": 1}


def test_related_files_become_related_locations() -> None:
    finding = BlankCell().finding(TEXT_FILE, "上年结转与上年报告不一致", Location(TextSpan(7)))
    finding.related.append(("2023/永州市政府办.txt", Location(TextSpan(9, 2))))
    (result,) = results_of(RunResult(files=[FileResult(TEXT_FILE, [finding])], rules=RULES, root=ROOT))
    assert result["relatedLocations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "2023/%E6%B0%B8%E5%B7%9E%E5%B8%82%E6%94%BF%E5%BA%9C%E5%8A%9E.txt",
                    "uriBaseId": "%SRCROOT%",
                },
                "region": {"startLine": 9, "startColumn": 2, "endLine": 9},
            }
        }
    ]


def test_codes_missing_from_the_rules_are_described_from_findings() -> None:
    stray = Finding("SH999", "stray-check", Severity.NOTE, "说明", TEXT_FILE, plugin="shanghai")
    doc = sarif(RunResult(files=[FileResult(TEXT_FILE, [stray])], rules=[], root=ROOT))
    (extension,) = doc["runs"][0]["tool"]["extensions"]
    assert extension["rules"] == [
        {
            "id": "SH999",
            "name": "stray-check",
            "shortDescription": {"text": "stray-check"},
            "fullDescription": {"text": "stray-check"},
            "help": {"text": "stray-check", "markdown": "stray-check"},
            "defaultConfiguration": {"level": "note"},
        }
    ]
    assert doc["runs"][0]["tool"]["driver"]["rules"] == []


# -- fingerprints -------------------------------------------------------------------------


def test_fingerprint_survives_moved_lines() -> None:
    assert fingerprint(total_mismatch(line=40)) == fingerprint(total_mismatch(line=57))


def test_fingerprint_changes_with_the_cell() -> None:
    assert fingerprint(total_mismatch()) != fingerprint(total_mismatch(column_id="legal", column_label="法人"))


def test_fingerprint_keeps_digits_and_ignores_spacing() -> None:
    base = total_mismatch()
    other_value = total_mismatch()
    other_value.message = base.message.replace("75", "76")
    respaced = total_mismatch()
    respaced.message = base.message.replace(" ", "  ")
    assert fingerprint(base) != fingerprint(other_value)
    assert fingerprint(base) == fingerprint(respaced)


def test_identical_findings_get_numbered_fingerprints() -> None:
    first, second = blank_cell(), blank_cell()
    second.location = Location(grid=GridPos(2, 6, 3))  # same ids and message, other place
    run = RunResult(files=[FileResult(DOCX_FILE, [second, first])], rules=RULES, root=ROOT)
    prints = [r["partialFingerprints"]["disclosurelint/v1"] for r in results_of(run)]
    assert prints[0].endswith(":1") and prints[1].endswith(":2")
    assert prints[0].split(":")[0] == prints[1].split(":")[0]


# -- the serializer ---------------------------------------------------------------------


def test_serializer_keeps_explicit_defaults_only() -> None:
    message = om.Message(text="m")
    assert serialize(om.Result(message=message)) == {"message": {"text": "m"}}
    assert serialize(make(om.Result, message=message, level="warning", kind="fail")) == {
        "message": {"text": "m"},
        "kind": "fail",
        "level": "warning",
    }
    assert serialize(make(om.Run, tool=make(om.Tool, driver=make(om.ToolComponent, name="t")), results=[])) == {
        "tool": {"driver": {"name": "t"}},
        "results": [],
    }


def test_serializer_uses_final_property_names() -> None:
    suppression = make(om.Suppression, kind="external", state="accepted", justification="历史数据")
    assert serialize(suppression) == {"kind": "external", "justification": "历史数据", "status": "accepted"}
    log = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "t"}},
                "results": [{"message": {"text": "m"}, "suppressions": [serialize(suppression)]}],
            }
        ],
    }
    validate_sarif(log)
