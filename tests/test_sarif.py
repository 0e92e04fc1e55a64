"""SARIF output: structure, and every document valid against the SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest
import sarif_om as om
from conftest import builtin_config
from sarif_schema import validate_sarif
from test_formats import (
    PLUGIN_ERROR,
    ROOT,
    RULES,
    TEXT_PATH,
    BlankCell,
    blank_cell,
    many_blank_cells,
    sample_run,
    total_mismatch,
)

from disclosurelint.api import Linter
from disclosurelint.findings import Finding, Severity
from disclosurelint.formats import FormatOptions
from disclosurelint.formats import sarif as sarif_format
from disclosurelint.formats.sarif import INFORMATION_URI, SCHEMA_URI, make, render, serialize
from disclosurelint.model import GridPos, Location, TextSpan
from disclosurelint.results import FileResult, RunResult

TEXT_URI = "2024/%E6%B0%B8%E5%B7%9E%E5%B8%82%E6%94%BF%E5%BA%9C%E5%8A%9E.txt"
DOCX_URI = "2024/%E5%B9%B3%E9%98%B3%E5%8E%BF.docx"


def sarif(run: RunResult, **options: object) -> Dict[str, Any]:
    """Render, parse and validate: every SARIF document of these tests goes through here."""
    doc = json.loads(render(run, FormatOptions(tool_version="9.8.7", **options)))  # type: ignore[arg-type]
    validate_sarif(doc)
    return doc


def results_of(run: RunResult) -> List[Dict[str, Any]]:
    return sarif(run)["runs"][0]["results"]


def fingerprints(*findings: Finding, root: Path = ROOT) -> List[str]:
    """``primaryLocationLineHash`` of each finding, all in one run."""
    files: Dict[str, List[Finding]] = {}
    for finding in findings:
        files.setdefault(finding.path, []).append(finding)
    run = RunResult(files=[FileResult(p, f) for p, f in files.items()], rules=RULES, root=root)
    return [r["partialFingerprints"]["primaryLocationLineHash"] for r in results_of(run)]


def fingerprint(finding: Finding) -> str:
    (value,) = fingerprints(finding)
    return value


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
    assert run["columnKind"] == "utf16CodeUnits"
    assert all(a["roles"] == ["analysisTarget"] for a in run["artifacts"])
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


def test_rule_descriptors_speak_the_runs_language() -> None:
    """The run is zh-CN: a rule's Chinese title is its shortDescription, the title over the
    English lead its fullDescription, its docs (Chinese first, then English) its help."""
    (rule,) = [type(r) for r in Linter(builtin_config()).catalog.rules if r.code == "DL302"]
    (descriptor,) = sarif(RunResult(files=[], rules=[rule], root=ROOT))["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["shortDescription"] == {"text": "办理结果总计不等于各项之和"}
    assert descriptor["fullDescription"] == {"text": "办理结果总计不等于各项之和\nTable 3, each column: （七）总计 = sum of all outcome rows"}
    assert descriptor["help"] == {"text": rule.docs(), "markdown": rule.docs()}
    assert descriptor["help"]["markdown"].index("## 为什么") < descriptor["help"]["markdown"].index("## Why")


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


def test_docx_finding_points_at_the_file_start_and_names_its_place() -> None:
    (*_, blank, _) = results_of(sample_run())
    assert blank["message"]["text"] == (
        "行政规范性文件 本年废止件数为空（0 也应填写 0）（第2个表格第5行第3列，表2 / 行政规范性文件 / 本年废止件数）"
    )
    assert blank["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": DOCX_URI, "uriBaseId": "%SRCROOT%", "index": 1},
                "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
            },
            "logicalLocations": [
                {
                    "name": "本年废止件数",
                    "fullyQualifiedName": "表2/行政规范性文件/本年废止件数",
                    "kind": "element",
                }
            ],
        }
    ]


def test_unreadable_file_finding_points_at_the_file_start() -> None:
    (*_, unreadable) = results_of(sample_run())
    assert unreadable["message"] == {"text": "文件无法读取：PDF 已加密"}
    assert unreadable["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "broken.pdf", "uriBaseId": "%SRCROOT%", "index": 2},
                "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
            }
        }
    ]


def test_every_region_has_an_end() -> None:
    point = BlankCell().finding(TEXT_PATH, "点", Location(TextSpan(7, 4)))
    line = BlankCell().finding(TEXT_PATH, "行", Location(TextSpan(9), GridPos(1, 2, 3)))
    two_lines = BlankCell().finding(TEXT_PATH, "两行", Location(TextSpan(11, 3, 12, 5)))
    run = RunResult(files=[FileResult(TEXT_PATH, [point, line, two_lines])], rules=RULES, root=ROOT)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results_of(run)]
    assert regions == [
        {"startLine": 7, "startColumn": 4, "endLine": 7, "endColumn": 4},  # a point: empty, not the rest of the line
        {"startLine": 9, "startColumn": 1, "endLine": 9, "endColumn": 1},
        {"startLine": 11, "startColumn": 3, "endLine": 12, "endColumn": 5},
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


def test_related_files_are_related_locations_linked_from_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    (root / "reports").mkdir(parents=True)
    monkeypatch.chdir(root / "reports")  # the engine's paths are relative to the working directory
    finding = BlankCell().finding(
        "2024/永州市.txt", "正文与上一份报告 2023/永州市 [终稿].txt 的相似度约为 95%", Location(TextSpan(7, 1, 7, 3))
    )
    finding.related += [("2023/永州市 [终稿].txt", Location(TextSpan(9, 2, 9, 6))), ("/elsewhere/2022.docx", None)]
    (result,) = results_of(RunResult(files=[FileResult(finding.path, [finding])], rules=RULES, root=root))
    assert result["message"]["text"] == (
        "正文与上一份报告 [reports/2023/永州市 \\[终稿\\].txt](1) 的相似度约为 95%（[/elsewhere/2022.docx](2)）"
    )
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "reports/2023/%E6%B0%B8%E5%B7%9E%E5%B8%82%20%5B%E7%BB%88%E7%A8%BF%5D.txt",
                    "uriBaseId": "%SRCROOT%",
                },
                "region": {"startLine": 9, "startColumn": 2, "endLine": 9, "endColumn": 6},
            },
            "message": {"text": "reports/2023/永州市 [终稿].txt"},
        },
        {
            "id": 2,
            "physicalLocation": {
                "artifactLocation": {"uri": "file:///elsewhere/2022.docx"},
                "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
            },
            "message": {"text": "/elsewhere/2022.docx"},
        },
    ]


def test_codes_missing_from_the_rules_are_described_from_findings() -> None:
    stray = Finding("SH999", "stray-check", Severity.NOTE, "说明", TEXT_PATH, plugin="shanghai")
    doc = sarif(RunResult(files=[FileResult(TEXT_PATH, [stray])], rules=[], root=ROOT))
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


def test_fingerprint_is_github_s_line_hash_for_every_result() -> None:
    for result in results_of(sample_run()):
        (key,) = result["partialFingerprints"]
        assert key == "primaryLocationLineHash"
        digest, number = result["partialFingerprints"][key].split(":")
        assert len(digest) == 16 and int(digest, 16) >= 0 and number == "1"


def test_fingerprint_survives_moved_lines_and_other_cells_changing() -> None:
    moved = total_mismatch(line=57)
    moved.message = moved.message.replace("73", "74")  # another cell of the column changed
    assert fingerprint(total_mismatch(line=40)) == fingerprint(moved)


def test_fingerprint_changes_with_the_cell_and_the_code() -> None:
    base = total_mismatch()
    other_cell = total_mismatch(column_id="legal", column_label="法人")
    blank = BlankCell().finding(base.path, base.message, base.location, **base.context)
    assert len({fingerprint(base), fingerprint(other_cell), fingerprint(blank)}) == 3


def test_fingerprint_uses_labels_where_a_rule_gives_no_ids() -> None:
    def carryover(column: str) -> Finding:
        return BlankCell().finding(TEXT_PATH, "上年结转与上年报告不一致", None, table_label="表3", column_label=column)

    first, second = fingerprints(carryover("自然人"), carryover("法人"))
    assert first.split(":")[0] != second.split(":")[0] and first.endswith(":1") and second.endswith(":1")


def test_fingerprint_of_a_finding_without_context_is_its_message_normalised() -> None:
    def heading(message: str, line: int) -> Finding:
        return BlankCell().finding(TEXT_PATH, message, Location(TextSpan(line, 1, line, 9)))

    assert fingerprint(heading("标题“五、存在问题”", 3)) == fingerprint(heading("标题“五、存在问题”  ", 30))
    assert fingerprint(heading("标题“五、存在问题”", 3)) != fingerprint(heading("标题“六、其他事项”", 3))


def test_fingerprint_follows_an_explicit_key() -> None:
    def figure(key: str, message: str) -> Finding:
        return BlankCell().finding(TEXT_PATH, message, Location(TextSpan(5, 1, 5, 3)), key=key, table="table3")

    assert fingerprint(figure("收到申请", "18 ≠ 20")) == fingerprint(figure("收到申请", "19 ≠ 20"))
    assert fingerprint(figure("收到申请", "18 ≠ 20")) != fingerprint(figure("办结", "18 ≠ 20"))


def test_identical_findings_are_numbered_within_their_file() -> None:
    first, second = blank_cell(), blank_cell()
    second.location = Location(grid=GridPos(2, 6, 3))  # same ids, other place
    elsewhere = blank_cell()
    elsewhere.path = TEXT_PATH
    prints = fingerprints(second, first, elsewhere)
    assert [p.split(":")[1] for p in prints] == ["1", "2", "1"]
    assert len({p.split(":")[0] for p in prints}) == 1


def test_fingerprint_is_the_same_from_the_root_and_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    (root / "reports").mkdir(parents=True)

    def duplicate(path: str, other: str) -> Finding:
        finding = BlankCell().finding(path, "相似度约为 95%", Location(TextSpan(1, 1, 1, 3)))
        finding.related.append((other, None))
        return finding

    monkeypatch.chdir(root)
    from_root = fingerprints(duplicate("reports/b.txt", "reports/a.txt"), root=root)
    monkeypatch.chdir(root / "reports")
    assert fingerprints(duplicate("b.txt", "a.txt"), root=root) == from_root
    assert fingerprints(duplicate("b.txt", "c.txt"), root=root) != from_root


# -- GitHub's limits ----------------------------------------------------------------------------


def test_results_are_capped_at_github_s_limit_most_severe_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_format, "MAX_RESULTS", 3)
    monkeypatch.setattr(sarif_format, "SHOWN_RESULTS", 2)
    run = many_blank_cells(4, Severity.NOTE)
    run.files[0].findings[1].severity = Severity.ERROR
    run.files[0].findings[3].severity = Severity.WARNING
    warned: List[str] = []
    doc = sarif(run, warn=warned.append)
    results = doc["runs"][0]["results"]
    assert [(r["message"]["text"], r["level"]) for r in results] == [
        ("第 0 格为空", "note"),
        ("第 1 格为空", "error"),
        ("第 3 格为空", "warning"),
    ]
    assert warned == [
        "4 results exceed GitHub code scanning's limit of 3 per run: only the 3 most severe are written; "
        "--format json lists them all",
        "GitHub code scanning shows 2 results per run, the most severe first (4 found)",
    ]
    notifications = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notifications] == warned


def test_no_warning_below_the_limits() -> None:
    warned: List[str] = []
    sarif(many_blank_cells(20), warn=warned.append)
    assert warned == []


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
