"""The filter stage: selection, per-file ignores, severities, DL001 always kept, selectors that name no rule."""

from __future__ import annotations

import textwrap
from pathlib import Path

from disclosurelint.config import Config, load_config
from disclosurelint.filter import DecisionEngine, unknown_selector_message
from disclosurelint.findings import Finding, Severity


def load(tmp_path: Path, text: str) -> DecisionEngine:
    path = tmp_path / "disclosurelint.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return DecisionEngine(load_config(path))


def finding(code: str, path: str = "r.txt", severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code=code, name="x", severity=severity, message="m", path=path)


# -- selection ----------------------------------------------------------------


def test_select_defaults_to_all_codes_including_plugins():
    decisions = DecisionEngine(Config())
    assert all(decisions.is_selected(c) for c in ("DL001", "DL301", "SH101", "ZJ9"))


def test_prefix_specificity(tmp_path):
    decisions = load(tmp_path, "select = ['DL']\nignore = ['DL3']\nextend-select = ['DL301']\n")
    assert decisions.is_selected("DL301")
    assert not decisions.is_selected("DL302")
    assert decisions.is_selected("DL201")
    assert not decisions.is_selected("SH101")


def test_ignore_wins_on_equal_specificity():
    assert not DecisionEngine(Config(select=["DL3"], ignore=["DL3"])).is_selected("DL301")
    assert not DecisionEngine(Config(ignore=["ALL"])).is_selected("DL301")
    assert DecisionEngine(Config(select=["DL301"], ignore=["ALL"])).is_selected("DL301")
    assert not DecisionEngine(Config(select=["DL301"], ignore=["ALL"])).is_selected("DL302")


def test_plugin_codes_selected_and_ignored_by_prefix():
    decisions = DecisionEngine(Config(ignore=["SH"], extend_select=["SH2"]))
    assert not decisions.is_selected("SH101")
    assert decisions.is_selected("SH201")
    assert decisions.is_selected("DL101")
    only_sh = DecisionEngine(Config(select=["SH"]))
    assert only_sh.is_selected("SH101") and not only_sh.is_selected("DL101")


def test_empty_select_selects_nothing_but_extend_select():
    decisions = DecisionEngine(Config(select=[], extend_select=["DL8"]))
    assert not decisions.is_selected("DL101")
    assert decisions.is_selected("DL801")


# -- per-file-ignores ---------------------------------------------------------


def test_per_file_ignores_globs_relative_to_config_root(tmp_path, monkeypatch):
    decisions = load(
        tmp_path,
        """
        [per-file-ignores]
        "archive/**" = ["DL6"]
        "**/draft-*.txt" = ["DL801", "DL7"]
        "*.pdf" = ["DL2"]
        "legacy" = ["ALL"]
        """,
    )
    root = tmp_path
    assert decisions.is_ignored_for("DL601", str(root / "archive" / "2019" / "a.txt"))
    assert not decisions.is_ignored_for("DL501", str(root / "archive" / "2019" / "a.txt"))
    # anchored at the root, not anywhere below it
    assert not decisions.is_ignored_for("DL601", str(root / "x" / "archive" / "a.txt"))
    assert decisions.is_ignored_for("DL801", str(root / "draft-1.txt"))
    assert decisions.is_ignored_for("DL702", str(root / "a" / "b" / "draft-1.txt"))
    assert not decisions.is_ignored_for("DL801", str(root / "a" / "final.txt"))
    assert decisions.is_ignored_for("DL201", str(root / "deep" / "r.pdf"))
    assert not decisions.is_ignored_for("DL301", str(root / "deep" / "r.pdf"))
    assert decisions.is_ignored_for("SH101", str(root / "x" / "legacy" / "r.txt"))
    # a relative path is relative to the working directory, then to the root
    monkeypatch.chdir(root / "..")
    assert decisions.is_ignored_for("DL601", f"{root.name}/archive/a.txt")
    monkeypatch.chdir(root)
    assert decisions.is_ignored_for("DL601", "archive/a.txt")


def test_glob_star_stays_in_one_component():
    ignores = {"reports/*.txt": ["DL1"], "20?3/[!x]*": ["DL2"]}
    decisions = DecisionEngine(Config(root=Path("/r"), per_file_ignores=ignores))
    assert decisions.is_ignored_for("DL101", "/r/reports/a.txt")
    assert not decisions.is_ignored_for("DL101", "/r/reports/sub/a.txt")
    assert decisions.is_ignored_for("DL201", "/r/2023/a.txt")
    assert not decisions.is_ignored_for("DL201", "/r/2023/xa.txt")


def test_outside_the_root_only_the_file_name_is_matched():
    decisions = DecisionEngine(Config(root=Path("/r"), per_file_ignores={"legacy": ["DL1"], "*.pdf": ["DL2"]}))
    assert not decisions.is_ignored_for("DL101", "/elsewhere/legacy/a.txt")
    assert decisions.is_ignored_for("DL201", "/elsewhere/legacy/a.pdf")


# -- severity -----------------------------------------------------------------


def test_severity_most_specific_prefix_wins(tmp_path):
    decisions = load(tmp_path, "[severity]\nALL = 'note'\nDL3 = 'warning'\nDL301 = 'error'\nSH = 'error'\n")
    assert decisions.severity_for("DL301", Severity.NOTE) is Severity.ERROR
    assert decisions.severity_for("DL302", Severity.ERROR) is Severity.WARNING
    assert decisions.severity_for("DL101", Severity.ERROR) is Severity.NOTE
    assert decisions.severity_for("SH101", Severity.NOTE) is Severity.ERROR


def test_severity_default_when_unconfigured():
    assert DecisionEngine(Config()).severity_for("DL301", Severity.ERROR) is Severity.ERROR
    decisions = DecisionEngine(Config(severity={"DL3": Severity.NOTE}))
    assert decisions.severity_for("DL201", Severity.WARNING) is Severity.WARNING


# -- applying -----------------------------------------------------------------


def test_apply_drops_keeps_and_sets_severity():
    decisions = DecisionEngine(Config(ignore=["DL2"], severity={"DL3": Severity.NOTE}, per_file_ignores={"old.txt": ["DL4"]}))
    kept = decisions.apply([finding("DL201"), finding("DL301"), finding("DL401", "old.txt"), finding("DL401", "new.txt")])
    assert [(f.code, f.path, f.severity) for f in kept] == [
        ("DL301", "r.txt", Severity.NOTE),
        ("DL401", "new.txt", Severity.ERROR),
    ]


def test_an_unreadable_file_is_never_filtered_away():
    for config in (Config(select=["DL3"]), Config(ignore=["ALL"]), Config(per_file_ignores={"*": ["DL"]})):
        assert [f.code for f in DecisionEngine(config).apply([finding("DL001"), finding("DL201")])] == ["DL001"]


# -- selectors that name no rule ----------------------------------------------


KNOWN = ["DL001", "DL201", "DL301", "ZJ101"]


def test_unknown_selectors_name_their_file_and_key(tmp_path):
    decisions = load(
        tmp_path,
        """
        select = ["DL", "DL9"]
        ignore = ["ALL", "ZJ2"]
        [per-file-ignores]
        "a/**" = ["DL3", "XX"]
        [severity]
        DL801 = "note"
        """,
    )
    where = str(tmp_path / "disclosurelint.toml")
    assert list(decisions.unknown_selectors(KNOWN)) == [
        (where, "select", "DL9"),
        (where, "ignore", "ZJ2"),
        (where, 'per-file-ignores."a/**"', "XX"),
        (where, "severity.DL801", "DL801"),
    ]


def test_unknown_selectors_from_the_command_line_name_the_flag(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.disclosurelint]\nextend-select = ["ZJ9"]\n', encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml").merge_cli(extend_select=["DL7"], severity=["DL6=note"])
    assert list(DecisionEngine(config).unknown_selectors(KNOWN)) == [
        (str(tmp_path / "pyproject.toml"), "tool.disclosurelint.extend-select", "ZJ9"),
        ("command line", "--extend-select", "DL7"),
        ("command line", "--severity", "DL6"),
    ]


def test_unknown_selector_message_suggests_a_code():
    message = unknown_selector_message("pyproject.toml", "select", "DL302", KNOWN)
    assert message == "pyproject.toml: `select`: 'DL302' matches no rule (did you mean 'DL301'?)"
    assert "see `disclosurelint rules`" in unknown_selector_message("x", "ignore", "QQ", KNOWN)
