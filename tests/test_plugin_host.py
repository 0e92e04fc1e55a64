"""The plugin host: plugins given to ``Linter(plugins=...)``/``main(plugins=...)`` and installed ones,
called through pluggy (order, wrappers), isolated, validated, configured and required.

Plugins are mostly given as objects (the public way for tests and embedding).
Entry-point loading is tested with a distribution "installed" in a folder put
on ``sys.path``: ``importlib.metadata`` finds it as it finds any other.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, List, Optional

import pytest

from conftest import SEEDS, codes
from disclosurelint import plugins
from disclosurelint.api import Linter
from disclosurelint.cli import main
from disclosurelint.config import Config, ConfigError
from disclosurelint.findings import Finding, Severity
from disclosurelint.hookspecs import hookimpl
from disclosurelint.model import Report
from disclosurelint.results import RunResult
from disclosurelint.rule import Rule, RuleContext
from disclosurelint.settings import Setting, choices, regexes, table_of


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


#: Plugin objects that installed distributions below point their entry points at.
SHANGHAI = rules_plugin(PlatformSectionMissing)
BEIJING = rules_plugin(rule_class("BJ101"))


def linter(*given: Any, **config: Any) -> Linter:
    """A linter with only the built-in plugin and ``given`` (name, plugin) pairs."""
    return Linter(Config(autoload_plugins=False, **config), plugins=given)


def lint(paths: List[Path], *given: Any, **config: Any) -> RunResult:
    return linter(*given, **config).run(paths)


def install(monkeypatch: pytest.MonkeyPatch, site: Path, name: str, target: str, module: Optional[str] = None) -> None:
    """Install ``disclosurelint-NAME 1.0`` into ``site`` (put on sys.path) with the entry point ``NAME = target``;
    ``module`` is the source of a module ``disclosurelint_NAME`` installed with it."""
    info = site / f"disclosurelint_{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: disclosurelint-{name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[disclosurelint]\n{name} = {target}\n", encoding="utf-8")
    if module is not None:
        (site / f"disclosurelint_{name}.py").write_text(textwrap.dedent(module), encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))


def ours(errors: List[str], *names: str) -> List[str]:
    """The problems of the plugins ``names`` (other installed plugins may be there too)."""
    return [e for e in errors if any(f"plugin {n!r}" in e for n in names)]


# -- loading failures -----------------------------------------------------------


def test_installed_plugin_that_fails_to_import_is_reported_and_the_run_goes_on(monkeypatch, tmp_path):
    install(monkeypatch, tmp_path, "broken", "disclosurelint_broken.plugin")
    run = Linter(Config()).run([SEEDS["001"]])
    assert ours(run.plugin_errors, "broken") == [
        "plugin 'broken' (disclosurelint-broken 1.0) failed to load: "
        "ModuleNotFoundError: No module named 'disclosurelint_broken'"
    ]
    assert "DL201" in codes(run.findings)
    assert "broken" not in run.plugins


def test_cli_shows_the_load_failure_and_still_lints(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    install(monkeypatch, tmp_path / "site", "broken", "disclosurelint_broken", module="def hooks(:\n")
    assert main(["--isolated", str(SEEDS["001"])]) == 1
    out = capsys.readouterr().out
    assert "warning: plugin 'broken' (disclosurelint-broken 1.0) failed to load: SyntaxError" in out
    assert "DL201" in out


def test_misspelled_hook_disables_the_whole_plugin():
    typo = SimpleNamespace(
        disclosurelint_rules=hookimpl(lambda: [PlatformSectionMissing]),
        disclosurelint_rulez=hookimpl(lambda: [rule_class("SH102")]),
    )
    catalog = linter(("typo", typo), ("shanghai", rules_plugin(rule_class("SH201")))).catalog
    (error,) = catalog.errors
    assert error.startswith("plugin 'typo' was disabled:") and "disclosurelint_rulez" in error
    assert [r.code for r in catalog.rules if r.plugin != plugins.BUILTIN] == ["SH201"]
    assert "typo" not in catalog.plugins and "shanghai" in catalog.plugins


def test_hook_with_arguments_not_in_the_spec_disables_the_plugin():
    wrong = SimpleNamespace(disclosurelint_configure=hookimpl(lambda cfg: None))
    (error,) = linter(("wrong", wrong)).catalog.errors
    assert error.startswith("plugin 'wrong' was disabled:") and "cfg" in error


def test_plugin_failing_inside_a_hook_is_reported():
    def boom() -> List[type]:
        raise RuntimeError("rules.yaml missing")

    run = lint([SEEDS["000"]], ("shaky", SimpleNamespace(disclosurelint_rules=hookimpl(boom))))
    assert run.plugin_errors == ["plugin 'shaky' failed in disclosurelint_rules: RuntimeError: rules.yaml missing"]
    assert run.findings == []


def test_hook_returning_the_wrong_type_is_reported():
    (error,) = linter(("odd", SimpleNamespace(disclosurelint_rules=hookimpl(lambda: PlatformSectionMissing)))).catalog.errors
    assert error == "plugin 'odd' failed in disclosurelint_rules: TypeError: returned type, expected a list"


def test_the_readers_hook_is_called_once():
    calls: List[int] = []

    def readers() -> List[Any]:
        calls.append(1)
        raise RuntimeError("no reader today")

    catalog = linter(("shaky", SimpleNamespace(disclosurelint_readers=hookimpl(readers)))).catalog
    assert calls == [1]
    assert catalog.errors == ["plugin 'shaky' failed in disclosurelint_readers: RuntimeError: no reader today"]
    assert [r.format for r in catalog.parse.readers] == ["text", "html", "docx", "pdf"]


# -- pluggy's call order and wrappers ----------------------------------------------


def test_tryfirst_and_trylast_are_honoured():
    """pluggy calls tryfirst implementations first and trylast ones last; a plugin reader comes before the
    built-in ones (which are trylast)."""
    called: List[str] = []

    def templates(name: str):
        return lambda: called.append(name) or []

    reader = SimpleNamespace(format="odt", suffixes=(".odt",))
    catalog = linter(
        ("late", SimpleNamespace(disclosurelint_templates=hookimpl(trylast=True)(templates("late")))),
        ("plain", SimpleNamespace(
            disclosurelint_templates=hookimpl(templates("plain")),
            disclosurelint_readers=hookimpl(lambda: [reader]),
        )),
        ("early", SimpleNamespace(disclosurelint_templates=hookimpl(tryfirst=True)(templates("early")))),
    ).catalog
    assert called == ["early", "plain", "late"]
    assert catalog.parse.readers[0] is reader


def test_a_wrapper_sees_and_changes_the_results():
    def without_dl106():
        results = yield
        return [[cls for cls in classes if cls.code != "DL106"] for classes in results] + [[rule_class("SH301")]]

    catalog = linter(("trim", SimpleNamespace(disclosurelint_rules=hookimpl(wrapper=True)(without_dl106)))).catalog
    assert catalog.errors == []
    owners = {r.code: r.plugin for r in catalog.rules}
    assert "DL106" not in owners and owners["DL101"] == plugins.BUILTIN and owners["SH301"] == "trim"


def test_an_old_style_hookwrapper_works():
    def add_rule():
        outcome = yield
        outcome.force_result(outcome.get_result() + [[rule_class("SH302")]])

    catalog = linter(("old", SimpleNamespace(disclosurelint_rules=hookimpl(hookwrapper=True)(add_rule)))).catalog
    assert {r.code: r.plugin for r in catalog.rules}["SH302"] == "old"


def _fails_before():
    raise RuntimeError("setup")
    yield  # pragma: no cover


def _fails_after():
    yield
    raise RuntimeError("teardown")


def _yields_twice():
    yield
    yield


@pytest.mark.parametrize(
    "wrapper, problem",
    [(_fails_before, "RuntimeError: setup"), (_fails_after, "RuntimeError: teardown"), (_yields_twice, "more than once")],
)
def test_a_failing_wrapper_leaves_the_results_alone(wrapper, problem):
    catalog = linter(("shaky", SimpleNamespace(disclosurelint_rules=hookimpl(wrapper=True)(wrapper)))).catalog
    (error,) = catalog.errors
    assert error.startswith("plugin 'shaky' failed in disclosurelint_rules: ") and problem in error
    assert len([r for r in catalog.rules if r.code.startswith("DL")]) == len(linter().catalog.rules)


# -- rule validation ------------------------------------------------------------


@pytest.mark.parametrize(
    "bad, problem",
    [
        (rule_class("DL999"), "rule DL999 uses the reserved prefix DL"),
        (rule_class("sh-1"), "has an invalid code 'sh-1'"),
        (object, "is not a disclosurelint.rule.Rule subclass"),
    ],
)
def test_invalid_rule_is_skipped_with_a_message(bad: type, problem: str) -> None:
    catalog = linter(("shanghai", rules_plugin(bad, PlatformSectionMissing))).catalog
    (error,) = catalog.errors
    assert error.startswith("plugin 'shanghai': ") and problem in error and error.endswith("; rule skipped")
    assert [r.code for r in catalog.rules if r.plugin == "shanghai"] == ["SH101"]


def test_duplicate_code_is_skipped() -> None:
    catalog = linter(
        ("copycat", rules_plugin(rule_class("SH101"), rule_class("CC101"))),
        ("shanghai", rules_plugin(PlatformSectionMissing)),
    ).catalog
    (error,) = catalog.errors
    # plugins are called in the order given, so the first one keeps the code
    assert error == "plugin 'shanghai': rule code SH101 is already registered by 'copycat'; rule skipped"
    assert sorted((r.code, r.plugin) for r in catalog.rules if r.plugin != plugins.BUILTIN)[0] == ("CC101", "copycat")
    assert [r.code for r in catalog.rules].count("SH101") == 1


# -- keeping installed plugins out ----------------------------------------------


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
def test_plugin_kept_out(monkeypatch, tmp_path, capsys, argv: List[str], config_text: Optional[str], loaded: bool) -> None:
    monkeypatch.chdir(tmp_path)
    install(monkeypatch, tmp_path / "site", "shanghai", f"{__name__}:SHANGHAI")
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


def test_disabling_one_plugin_keeps_the_others(monkeypatch, tmp_path) -> None:
    install(monkeypatch, tmp_path / "a", "shanghai", f"{__name__}:SHANGHAI")
    install(monkeypatch, tmp_path / "b", "beijing", f"{__name__}:BEIJING")
    catalog = Linter(Config(disable_plugins=["shanghai"])).catalog
    assert "BJ101" in [r.code for r in catalog.rules] and "SH101" not in [r.code for r in catalog.rules]
    assert "beijing" in catalog.plugins and "shanghai" not in catalog.plugins
    assert "SH101" not in [r.code for r in linter(("shanghai", SHANGHAI), disable_plugins=["shanghai"]).catalog.rules]


# -- catalog, identities and settings --------------------------------------------


SH = [("shanghai", SHANGHAI)]


def test_plugin_rules_in_rules_and_rule(capsys) -> None:
    assert main(["rules", "--isolated"], plugins=SH) == 0
    (line,) = [l for l in capsys.readouterr().out.splitlines() if l.startswith("SH101")]
    assert "platform-section-missing" in line and "warning" in line and line.endswith("[shanghai]")
    assert main(["rules", "--isolated", "--format", "json"], plugins=SH) == 0
    (entry,) = [r for r in json.loads(capsys.readouterr().out) if r["code"] == "SH101"]
    assert entry["plugin"] == "shanghai" and entry["summary"] == PlatformSectionMissing.summary
    for query in ("SH101", "sh101", "platform-section-missing"):
        assert main(["rule", query, "--isolated"], plugins=SH) == 0
        doc = capsys.readouterr().out
        assert doc.startswith("# platform-section-missing (SH101)") and "插件：shanghai" in doc
        assert "## Fails" in doc and "## Passes" in doc  # a rule without doc cases keeps its hand-written examples


REVIEW_PACK = """\
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


def test_yaml_identity_from_a_plugin(tmp_path: Path) -> None:
    pack = tmp_path / "shanghai.yaml"
    pack.write_text(REVIEW_PACK, encoding="utf-8")
    given = ("shanghai", SimpleNamespace(disclosurelint_rule_packs=hookimpl(lambda: [pack])))
    run = lint([SEEDS["000"], SEEDS["001"]], given)
    assert run.plugin_errors == []
    clean, broken = run.files
    assert clean.findings == []
    (finding,) = [f for f in broken.findings if f.code == "SH301"]
    assert finding.plugin == "shanghai" and finding.severity is Severity.WARNING
    assert finding.message == "行政复议总计 1 件，已审结 0 件，尚有案件未审结"
    assert finding.context["column"] == "review_pending" and finding.location is not None
    rule = next(r for r in linter(given).catalog.rules if r.code == "SH301")
    assert "review_total == review_upheld + review_corrected + review_other" in type(rule).docs()


def test_malformed_yaml_pack_is_skipped_with_a_message(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(REVIEW_PACK.replace("review_total ==", "review_total ="), encoding="utf-8")
    run = lint([SEEDS["001"]], ("shanghai", SimpleNamespace(disclosurelint_rule_packs=hookimpl(lambda: [pack]))))
    (error,) = run.plugin_errors
    assert error.startswith("plugin 'shanghai': rule pack skipped:") and "identities[0]" in error
    assert codes(run.findings) == ["DL201"]


def test_plugin_settings_reach_the_rule_and_configure() -> None:
    configured: List[Config] = []
    plugin = SimpleNamespace(
        disclosurelint_rules=hookimpl(lambda: [PlatformSectionMissing]),
        disclosurelint_configure=hookimpl(lambda config: configured.append(config)),
    )
    config = Config(autoload_plugins=False, plugins={"shanghai": {"phrase": "工作机制保障"}, "beijing": {"secret": 1}})
    (finding,) = Linter(config, plugins=[("shanghai", plugin)]).run([SEEDS["000"]]).findings
    assert finding.code == "SH101"
    assert finding.message == "报告未提及“工作机制保障”（设置：['phrase']）"  # only its own table
    assert configured == [config]


def test_plugin_settings_from_a_config_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.disclosurelint]\nselect = ["SH"]\n\n[tool.disclosurelint.plugins.shanghai]\nphrase = "工作机制保障"\n',
        encoding="utf-8",
    )
    report = tmp_path / "report.txt"
    report.write_text(SEEDS["000"].read_text(encoding="utf-8"), encoding="utf-8")
    assert main([str(report), "--format", "json"], plugins=SH) == 1
    (finding,) = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert finding["code"] == "SH101" and "“工作机制保障”" in finding["message"]


# -- declared settings (the disclosurelint_settings hook) --------------------------


class Topics(Rule):
    """Reads its declared settings."""

    code = "SH201"
    name = "topics"
    summary = "An in-test rule with declared settings"
    seen: List[dict] = []

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        Topics.seen.append(ctx.settings)
        return ()


DECLARING = (
    "shanghai",
    SimpleNamespace(
        disclosurelint_rules=hookimpl(lambda: [Topics]),
        disclosurelint_settings=hookimpl(
            lambda: {
                "report-kinds": Setting(choices("government", "department"), ["government"], "whose reports are checked"),
                "topics": Setting(table_of(regexes), {"考核": ["考核"]}, "topic -> regular expressions"),
            }
        ),
    ),
)


def test_declared_settings_are_converted_with_defaults() -> None:
    Topics.seen.clear()
    config = Config(autoload_plugins=False, plugins={"shanghai": {"report-kinds": ["department"]}})
    Linter(config, plugins=[DECLARING]).run([SEEDS["000"]])
    (settings,) = Topics.seen
    assert settings["report-kinds"] == ["department"]
    assert [p.pattern for p in settings["topics"]["考核"]] == ["考核"]  # the default, compiled


def toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize(
    "table, message",
    [
        ({"report-kinds": ["county"]}, '`tool.disclosurelint.plugins.shanghai.report-kinds`: expected a list of "government", "department"'),
        ({"report-kind": ["government"]}, "`tool.disclosurelint.plugins.shanghai.report-kind`: unknown key (did you mean `report-kinds`?)"),
        ({"topics": {"考核": ["考核("]}}, '`tool.disclosurelint.plugins.shanghai.topics."考核"`: invalid regular expression'),
    ],
)
def test_bad_declared_settings_are_a_configuration_error_before_linting(tmp_path, capsys, table, message) -> None:
    lines = "\n".join(f"{k} = {toml_value(v)}" for k, v in table.items())
    (tmp_path / "pyproject.toml").write_text(f"[tool.disclosurelint.plugins.shanghai]\n{lines}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Linter(Config(autoload_plugins=False, plugins={"shanghai": table}), plugins=[DECLARING])
    assert message.replace("tool.disclosurelint.", "") in str(info.value)
    report = tmp_path / "report.txt"
    report.write_text(SEEDS["000"].read_text(encoding="utf-8"), encoding="utf-8")
    assert main([str(report), "--no-plugins"], plugins=[DECLARING]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"disclosurelint: configuration error: {tmp_path / 'pyproject.toml'}: ") and message in err


def test_settings_for_an_unknown_plugin() -> None:
    with pytest.raises(ConfigError, match=r"`plugins.shangai`: unknown plugin \(did you mean `shanghai`\?\)"):
        linter(DECLARING, plugins={"shangai": {}})
    assert linter(DECLARING, plugins={"beijing": {}}).warnings == []  # autoloading is off: it may be installed
    complete = Linter(Config(plugins={"zz-absent": {"x": 1}}), plugins=[DECLARING])
    assert complete.warnings == ["configuration: `plugins.zz-absent`: settings for plugin 'zz-absent', which is not installed"]
    assert linter(DECLARING, plugins={"shanghai": {}}, disable_plugins=["shanghai"]).warnings == []


# -- require-plugins and strict -------------------------------------------------------


def test_require_plugins(monkeypatch, tmp_path, capsys) -> None:
    assert linter(("shanghai", SHANGHAI), require_plugins=["shanghai"]).config.require_plugins == ["shanghai"]
    with pytest.raises(ConfigError, match=r"`require-plugins`: required plugin 'zhejiang' is disabled"):
        linter(require_plugins=["zhejiang"])
    with pytest.raises(ConfigError, match=r"required plugin 'nowhere' is not installed"):
        Linter(Config(require_plugins=["nowhere"]))
    with pytest.raises(ConfigError, match=r"required plugin 'shaky' did not load cleanly: plugin 'shaky' failed in"):
        linter(("shaky", SimpleNamespace(disclosurelint_rules=hookimpl(lambda: 1 / 0))), require_plugins=["shaky"])
    install(monkeypatch, tmp_path / "site", "broken", "disclosurelint_broken.plugin")
    assert main(["--isolated", "--require-plugins", "broken", str(SEEDS["000"])]) == 2
    err = capsys.readouterr().err
    assert "command line: `--require-plugins`: required plugin 'broken' did not load cleanly" in err
    assert "ModuleNotFoundError" in err


def test_strict_makes_plugin_problems_errors(monkeypatch, tmp_path, capsys) -> None:
    install(monkeypatch, tmp_path / "site", "broken", "disclosurelint_broken.plugin")
    monkeypatch.chdir(tmp_path)
    assert main(["--isolated", str(SEEDS["000"])]) == 0  # a warning only
    capsys.readouterr()
    assert main(["--isolated", "--strict", str(SEEDS["000"])]) == 2
    err = capsys.readouterr().err
    assert "`--strict`: plugins or rule packs did not load cleanly" in err and "plugin 'broken'" in err
    (tmp_path / "disclosurelint.toml").write_text("strict = true\n", encoding="utf-8")
    assert main([str(SEEDS["000"])]) == 2
    assert "disclosurelint.toml: `strict`" in capsys.readouterr().err


# -- selectors of plugin codes ---------------------------------------------------------


def test_plugin_prefixes_are_known_once_plugins_load(monkeypatch, tmp_path, capsys) -> None:
    assert linter(("shanghai", SHANGHAI), select=["SH"]).rules
    with pytest.raises(ConfigError, match=r"`select`: 'SH' matches no rule"):
        Linter(Config(select=["SH"]))
    assert main(["--isolated", "--extend-select", "SH1", str(SEEDS["000"])], plugins=SH) == 1
    capsys.readouterr()
    assert main(["--isolated", "--extend-select", "SH1", str(SEEDS["000"])]) == 2
    assert "command line: `--extend-select`: 'SH1' matches no rule" in capsys.readouterr().err
    # with a plugin left out, an unknown plugin prefix may be its own: a warning
    warned = linter(ignore=["SH"])
    assert warned.warnings == ["configuration: `ignore`: 'SH' matches no rule (see `disclosurelint rules`); a plugin that is not loaded may provide it"]
    with pytest.raises(ConfigError, match=r"'DL999' matches no rule"):
        linter(ignore=["DL999"])  # the national rules are always loaded


# -- a crashing rule --------------------------------------------------------------------


class Crashes(Rule):
    """Raises on every report."""

    code = "SH901"
    name = "crashes"
    summary = "An in-test rule that raises"

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        raise ValueError("[tool.disclosurelint.plugins.shanghai] phrase: boom")


class CrashesAcross(Rule):
    """Raises when comparing reports."""

    code = "SH902"
    name = "crashes-across"
    summary = "An in-test run-scope rule that raises"
    scope = "run"

    def check_run(self, summaries: List[Any], history: List[Any], ctx: RuleContext) -> Iterable[Finding]:
        raise KeyError("agency")


CRASHES = [("shanghai", rules_plugin(Crashes))]


def test_a_crashing_rule_is_reported_under_its_own_code() -> None:
    run = lint([SEEDS["000"], SEEDS["001"]], *CRASHES)
    crashes = [f for f in run.findings if f.code == "SH901"]
    assert len(crashes) == 2 and "DL001" not in codes(run.findings)
    assert all(f.context["kind"] == "internal-error" and f.severity is Severity.ERROR and f.plugin == "shanghai" for f in crashes)
    assert crashes[0].message == "规则 SH901（插件 shanghai）检查时出错：ValueError: [tool.disclosurelint.plugins.shanghai] phrase: boom"
    (summary,) = run.internal_errors
    assert summary.startswith("rule SH901 (plugin 'shanghai') failed on 2 file(s), first ")
    assert "DL201" in codes(run.findings)  # the other rules ran


def test_a_crashing_rule_is_ignorable() -> None:
    for config in ({"ignore": ["SH901"]}, {"per_file_ignores": {"*.txt": ["SH9"]}}):
        run = lint([SEEDS["000"]], *CRASHES, **config)
        assert run.findings == [] and run.internal_errors == []


def test_a_crashing_run_scope_rule_is_reported_once() -> None:
    run = lint([SEEDS["000"], SEEDS["001"]], ("shanghai", rules_plugin(CrashesAcross)))
    message = "rule SH902 (plugin 'shanghai') failed across reports: KeyError: 'agency'"
    assert run.internal_errors == [message] and run.plugin_errors == [message]


def test_cli_exits_two_on_a_crashing_rule_with_sarif_attribution(tmp_path, capsys) -> None:
    out = tmp_path / "out.sarif"
    assert main(["--isolated", "--format", "sarif", "-o", str(out), str(SEEDS["000"])], plugins=CRASHES) == 2
    assert "disclosurelint: internal error: rule SH901 (plugin 'shanghai') failed on 1 file(s)" in capsys.readouterr().err
    (result,) = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert result["ruleId"] == "SH901" and result["rule"]["toolComponent"]["name"] == "shanghai"
    assert main(["--isolated", "--ignore", "SH901", str(SEEDS["000"])], plugins=CRASHES) == 0
