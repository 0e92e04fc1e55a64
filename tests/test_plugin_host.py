"""The plugin host: third-party plugins loaded through (fake) entry points, validated, kept out on request.

Nothing is installed: :func:`install` replaces ``disclosurelint.plugins._entry_points``
so that the in-test plugins below are the only installed ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, List, Optional

import pytest

from conftest import SEEDS, codes
from disclosurelint import plugins
from disclosurelint.api import Linter
from disclosurelint.cli import main
from disclosurelint.config import Config
from disclosurelint.findings import Finding, Severity
from disclosurelint.hookspecs import hookimpl
from disclosurelint.model import Report
from disclosurelint.results import RunResult
from disclosurelint.rule import Rule, RuleContext


@dataclass(frozen=True)
class FakeDist:
    name: str
    version: str


@dataclass(frozen=True)
class FakeEntryPoint:
    """What ``importlib.metadata`` yields: ``load()`` returns the plugin, or raises ``plugin`` if it is an exception."""

    name: str
    plugin: Any
    dist: Optional[FakeDist] = None

    def load(self) -> Any:
        if isinstance(self.plugin, BaseException):
            raise self.plugin
        return self.plugin


def entry_point(name: str, plugin: Any, version: str = "1.0") -> FakeEntryPoint:
    return FakeEntryPoint(name, plugin, FakeDist(f"disclosurelint-{name}", version))


def install(monkeypatch: pytest.MonkeyPatch, *entry_points: FakeEntryPoint) -> None:
    """Make these the only installed plugins."""
    monkeypatch.setattr(plugins, "_entry_points", lambda: list(entry_points))


class PlatformSectionMissing(Rule):
    """The report does not describe the disclosure platform.

    ## Why
    An in-test rule standing for a province's local requirement.

    ## Fails
        （no 政府信息公开平台 anywhere）

    ## Passes
        六、政府信息公开平台建设 …
    """

    code = "SH101"
    name = "platform-section-missing"
    severity = Severity.WARNING
    summary = "The report does not describe the disclosure platform"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        phrase = ctx.settings.get("phrase", "政府信息公开平台")
        if not any(phrase in line.text for line in report.lines):
            yield self.finding(report, f"报告未提及“{phrase}”（设置：{sorted(ctx.settings)}）")


def rules_plugin(*classes: type) -> SimpleNamespace:
    return SimpleNamespace(disclosurelint_rules=hookimpl(lambda: list(classes)))


def rule_class(code: str, base: type = PlatformSectionMissing) -> type:
    return type(f"Rule_{code}", (base,), {"code": code})


def lint(paths: List[Path], config: Optional[Config] = None) -> RunResult:
    return Linter(config or Config()).run(paths)


# -- loading failures -----------------------------------------------------------


def test_plugin_that_fails_to_import_is_reported_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, entry_point("broken", ModuleNotFoundError("No module named 'disclosurelint_broken'")))
    run = lint([SEEDS["001"]])
    assert run.plugin_errors == [
        "plugin 'broken' (disclosurelint-broken 1.0) failed to load: "
        "ModuleNotFoundError: No module named 'disclosurelint_broken'"
    ]
    assert codes(run.findings) == ["DL201"]
    assert "broken" not in run.plugins


def test_cli_shows_the_load_failure_and_still_lints(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    install(monkeypatch, entry_point("broken", SyntaxError("invalid syntax (plugin.py, line 3)")))
    assert main(["--isolated", str(SEEDS["001"])]) == 1
    out = capsys.readouterr().out
    assert "warning: plugin 'broken' (disclosurelint-broken 1.0) failed to load: SyntaxError" in out
    assert "DL201" in out


def test_misspelled_hook_disables_the_whole_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    typo = SimpleNamespace(
        disclosurelint_rules=hookimpl(lambda: [PlatformSectionMissing]),
        disclosurelint_rulez=hookimpl(lambda: [rule_class("SH102")]),
    )
    install(monkeypatch, entry_point("typo", typo), entry_point("shanghai", rules_plugin(rule_class("SH201"))))
    catalog = Linter(Config()).catalog
    (error,) = catalog.errors
    assert error.startswith("plugin 'typo' was disabled:") and "disclosurelint_rulez" in error
    assert [r.code for r in catalog.rules if r.plugin != plugins.BUILTIN] == ["SH201"]
    assert "typo" not in catalog.plugins and catalog.plugins["shanghai"] == "1.0"


def test_plugin_failing_inside_a_hook_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> List[type]:
        raise RuntimeError("rules.yaml missing")

    install(monkeypatch, entry_point("shaky", SimpleNamespace(disclosurelint_rules=hookimpl(boom))))
    run = lint([SEEDS["000"]])
    assert run.plugin_errors == ["plugin 'shaky' failed in disclosurelint_rules: RuntimeError: rules.yaml missing"]
    assert run.findings == []


# -- rule validation ------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, problem",
    [
        (rule_class("DL999"), "rule DL999 uses the reserved prefix DL"),
        (rule_class("sh-1"), "has an invalid code 'sh-1'"),
        (object, "is not a disclosurelint.rule.Rule subclass"),
    ],
)
def test_invalid_rule_is_skipped_with_a_message(monkeypatch: pytest.MonkeyPatch, bad: type, problem: str) -> None:
    install(monkeypatch, entry_point("shanghai", rules_plugin(bad, PlatformSectionMissing)))
    catalog = Linter(Config()).catalog
    (error,) = catalog.errors
    assert error.startswith("plugin 'shanghai': ") and problem in error and error.endswith("; rule skipped")
    assert [r.code for r in catalog.rules if r.plugin == "shanghai"] == ["SH101"]


def test_duplicate_code_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    install(
        monkeypatch,
        entry_point("shanghai", rules_plugin(PlatformSectionMissing)),
        entry_point("copycat", rules_plugin(rule_class("SH101"), rule_class("CC101"))),
    )
    catalog = Linter(Config()).catalog
    (error,) = catalog.errors
    # plugins register in entry-point name order, so the first one by name keeps the code
    assert error == "plugin 'shanghai': rule code SH101 is already registered by 'copycat'; rule skipped"
    assert sorted((r.code, r.plugin) for r in catalog.rules if r.plugin != plugins.BUILTIN)[0] == ("CC101", "copycat")
    assert [r.code for r in catalog.rules].count("SH101") == 1


# -- keeping plugins out --------------------------------------------------------


@pytest.mark.parametrize(
    "argv, config_text, loaded",
    [
        ([], None, True),
        (["--disable-plugin", "shanghai"], None, False),
        (["--no-plugins"], None, False),
        ([], 'disable-plugins = ["shanghai"]\n', False),
        ([], "autoload-plugins = false\n", False),
    ],
    ids=["loaded", "--disable-plugin", "--no-plugins", "disable-plugins", "autoload-plugins"],
)
def test_plugin_kept_out(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: List[str],
    config_text: Optional[str],
    loaded: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    install(monkeypatch, entry_point("shanghai", rules_plugin(PlatformSectionMissing)))
    if config_text is not None:
        (tmp_path / "disclosurelint.toml").write_text(config_text, encoding="utf-8")
    else:
        argv = [*argv, "--isolated"]
    assert main(["rules", "--format", "json", *argv]) == 0
    listed = {r["code"] for r in json.loads(capsys.readouterr().out)}
    assert ("SH101" in listed) is loaded and "DL301" in listed
    report = tmp_path / "report.txt"
    report.write_text(SEEDS["000"].read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", str(report), *argv]) == int(loaded)  # SH101 fires on this seed


def test_disabling_one_plugin_keeps_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    install(
        monkeypatch,
        entry_point("shanghai", rules_plugin(PlatformSectionMissing)),
        entry_point("beijing", rules_plugin(rule_class("BJ101"))),
    )
    catalog = Linter(Config(disable_plugins=["shanghai"])).catalog
    assert [r.code for r in catalog.rules if r.plugin != plugins.BUILTIN] == ["BJ101"]
    assert set(catalog.plugins) == {plugins.BUILTIN, "beijing"}


# -- catalog, identities and settings --------------------------------------------


def test_plugin_rules_in_rules_and_rule(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    install(monkeypatch, entry_point("shanghai", rules_plugin(PlatformSectionMissing)))
    assert main(["rules", "--isolated"]) == 0
    (line,) = [l for l in capsys.readouterr().out.splitlines() if l.startswith("SH101")]
    assert "platform-section-missing" in line and "warning" in line and line.endswith("[shanghai]")
    assert main(["rules", "--isolated", "--format", "json"]) == 0
    (entry,) = [r for r in json.loads(capsys.readouterr().out) if r["code"] == "SH101"]
    assert entry["plugin"] == "shanghai" and entry["summary"] == PlatformSectionMissing.summary
    for query in ("SH101", "sh101", "platform-section-missing"):
        assert main(["rule", query, "--isolated"]) == 0
        doc = capsys.readouterr().out
        assert doc.startswith("# platform-section-missing (SH101)") and "Plugin: shanghai" in doc
        assert "## Fails" in doc and "## Passes" in doc


REVIEW_PACK = """\
pack: shanghai
prefix: SH
identities:
  - code: SH301
    name: reviews-closed
    severity: warning
    title: 行政复议应全部审结
    summary: "Table 4: no administrative review is pending at year end"
    table: table4
    each: row
    checks:
      - check: review_total == review_upheld + review_corrected + review_other
        message: "行政复议总计 {review_total} 件，已审结 {right} 件，尚有案件未审结"
        at: review_pending
    why: An in-test identity.
    fail: "行政复议：结果维持 0 | 结果纠正 0 | 其他结果 0 | 尚未审结 1 | 总计 1"
    pass: "行政复议：结果维持 1 | 结果纠正 0 | 其他结果 0 | 尚未审结 0 | 总计 1"
"""


def test_yaml_identity_from_a_plugin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pack = tmp_path / "shanghai.yaml"
    pack.write_text(REVIEW_PACK, encoding="utf-8")
    install(monkeypatch, entry_point("shanghai", SimpleNamespace(disclosurelint_rule_packs=hookimpl(lambda: [pack]))))
    run = lint([SEEDS["000"], SEEDS["001"]])
    assert run.plugin_errors == []
    clean, broken = run.files
    assert clean.findings == []
    (finding,) = [f for f in broken.findings if f.code == "SH301"]
    assert finding.plugin == "shanghai" and finding.severity is Severity.WARNING
    assert finding.message == "行政复议总计 1 件，已审结 0 件，尚有案件未审结"
    assert finding.context["column"] == "review_pending" and finding.location is not None
    rule = next(r for r in Linter(Config()).catalog.rules if r.code == "SH301")
    assert "review_total == review_upheld + review_corrected + review_other" in type(rule).docs()


def test_malformed_yaml_pack_is_skipped_with_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(REVIEW_PACK.replace("review_total ==", "review_total ="), encoding="utf-8")
    install(monkeypatch, entry_point("shanghai", SimpleNamespace(disclosurelint_rule_packs=hookimpl(lambda: [pack]))))
    run = lint([SEEDS["001"]])
    (error,) = run.plugin_errors
    assert error.startswith("plugin 'shanghai': rule pack skipped:") and "identities[0]" in error
    assert codes(run.findings) == ["DL201"]


def test_plugin_settings_reach_the_rule_and_configure(monkeypatch: pytest.MonkeyPatch) -> None:
    configured: List[Config] = []
    plugin = SimpleNamespace(
        disclosurelint_rules=hookimpl(lambda: [PlatformSectionMissing]),
        disclosurelint_configure=hookimpl(lambda config: configured.append(config)),
    )
    install(monkeypatch, entry_point("shanghai", plugin))
    config = Config(plugins={"shanghai": {"phrase": "工作机制保障"}, "beijing": {"secret": 1}})
    (finding,) = lint([SEEDS["000"]], config).findings
    assert finding.code == "SH101"
    assert finding.message == "报告未提及“工作机制保障”（设置：['phrase']）"  # only its own table
    assert configured == [config]


def test_plugin_settings_from_a_config_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install(monkeypatch, entry_point("shanghai", rules_plugin(PlatformSectionMissing)))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.disclosurelint]\nselect = ["SH"]\n\n[tool.disclosurelint.plugins.shanghai]\nphrase = "工作机制保障"\n',
        encoding="utf-8",
    )
    report = tmp_path / "report.txt"
    report.write_text(SEEDS["000"].read_text(encoding="utf-8"), encoding="utf-8")
    assert main([str(report), "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert finding["code"] == "SH101" and "“工作机制保障”" in finding["message"]
