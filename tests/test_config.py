"""Configuration: discovery, parsing, validation, CLI merge, fingerprint (filtering: test_filter.py)."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

from disclosurelint.config import (
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    Config,
    ConfigError,
    IdentityOverride,
    find_config,
    load_config,
    resolve_config,
)
from disclosurelint.filter import DecisionEngine
from disclosurelint.findings import Severity
from disclosurelint.readers import Limits


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> Config:
    return load_config(write(tmp_path / "disclosurelint.toml", text))


# -- discovery ----------------------------------------------------------------


def test_find_config_walks_up_from_nested_directory(tmp_path):
    config = write(tmp_path / "disclosurelint.toml", "")
    nested = tmp_path / "reports" / "2024" / "city"
    nested.mkdir(parents=True)
    assert find_config(nested) == config


def test_find_config_starts_from_a_files_parent(tmp_path):
    config = write(tmp_path / "sub" / "disclosurelint.toml", "")
    report = write(tmp_path / "sub" / "report.txt", "x")
    write(tmp_path / "disclosurelint.toml", "")
    assert find_config(report) == config


def test_find_config_skips_pyproject_without_table(tmp_path):
    outer = write(tmp_path / "pyproject.toml", "[tool.disclosurelint]\nselect = ['DL']\n")
    write(tmp_path / "inner" / "pyproject.toml", "[project]\nname = 'x'\n[tool.ruff]\n")
    assert find_config(tmp_path / "inner") == outer


def test_disclosurelint_toml_wins_over_pyproject_in_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.disclosurelint]\nselect = ['DL']\n")
    own = write(tmp_path / "disclosurelint.toml", "")
    assert find_config(tmp_path) == own


def test_nearer_pyproject_wins_over_farther_disclosurelint_toml(tmp_path):
    write(tmp_path / "disclosurelint.toml", "")
    near = write(tmp_path / "a" / "pyproject.toml", "[tool.disclosurelint]\n")
    assert find_config(tmp_path / "a") == near


def test_find_config_none_without_any_file(tmp_path):
    # tmp_path's ancestors hold no disclosurelint config in the test environment.
    assert find_config(tmp_path) is None


def test_load_none_gives_defaults_rooted_at_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(None)
    assert config.source is None
    assert config.root == Path.cwd()
    assert config.select is None
    assert config.include == DEFAULT_INCLUDE
    assert config.exclude == DEFAULT_EXCLUDE
    assert config.fail_on is Severity.WARNING
    assert config.cache and config.cache_dir == Path.cwd() / ".disclosurelint_cache"
    assert config.autoload_plugins and config.duplicate_threshold == 0.9
    assert config.limits == Limits()


def test_load_pyproject_table(tmp_path):
    path = write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "reports"

        [tool.disclosurelint]
        select = ["DL3"]
        fail-on = "error"

        [tool.disclosurelint.plugins.shanghai]
        strict = true
        """,
    )
    config = load_config(path)
    assert config.source == path and config.root == tmp_path
    assert config.select == ["DL3"]
    assert config.fail_on is Severity.ERROR
    assert config.plugin_settings("shanghai") == {"strict": True}
    assert config.plugin_settings("other") == {}


def test_explicit_pyproject_without_table_is_an_error(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"\[tool\.disclosurelint\]"):
        load_config(path)


def test_every_key_parsed(tmp_path):
    config = load(
        tmp_path,
        """
        select = ["DL", "SH1"]
        extend-select = ["DL301"]
        ignore = ["DL3", "ALL"]
        include = ["*.txt", "reports/**/*.pdf"]
        exclude = ["drafts"]
        extend-exclude = ["old/**"]
        fail-on = "note"
        format = "sarif"
        cache = false
        cache-dir = "var/cache"
        jobs = 4
        disable-plugins = ["shanghai"]
        autoload-plugins = false
        history = ["../archive", "history"]
        duplicate-threshold = 0.8

        [per-file-ignores]
        "archive/**" = ["DL6", "DL801"]

        [severity]
        DL6 = "note"
        DL601 = "ERROR"

        [plugins.shanghai]
        districts = ["黄浦区"]

        [limits]
        max-file-size = "20MB"
        max-uncompressed-size = 1000
        max-pdf-pages = 50
        max-html-depth = 100
        timeout = 5

        [[overrides]]
        path = "2023/*.txt"
        agency = "某某区人民政府"
        year = 2023
        kind = "government"
        """,
    )
    assert config.select == ["DL", "SH1"]
    assert config.extend_select == ["DL301"]
    assert config.ignore == ["DL3", "ALL"]
    assert config.include == ["*.txt", "reports/**/*.pdf"]
    assert config.exclude == ["drafts"]
    assert config.extend_exclude == ["old/**"]
    assert config.fail_on is Severity.NOTE
    assert config.format == "sarif"
    assert config.cache is False
    assert config.cache_dir == tmp_path / "var" / "cache"
    assert config.jobs == 4
    assert config.disable_plugins == ["shanghai"]
    assert config.autoload_plugins is False
    assert config.history == [tmp_path / "../archive", tmp_path / "history"]
    assert config.duplicate_threshold == 0.8
    assert config.per_file_ignores == {"archive/**": ["DL6", "DL801"]}
    assert config.severity == {"DL6": Severity.NOTE, "DL601": Severity.ERROR}
    assert config.plugins == {"shanghai": {"districts": ["黄浦区"]}}
    assert config.limits == Limits(
        max_file_size=20 * 1024 * 1024,
        max_uncompressed_size=1000,
        max_pdf_pages=50,
        max_html_depth=100,
        timeout=5.0,
    )
    assert config.overrides == [
        IdentityOverride(path="2023/*.txt", agency="某某区人民政府", year=2023, kind="government")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20MB", 20 * 1024**2),
        ("20 mb", 20 * 1024**2),
        ("512KiB", 512 * 1024),
        ("1.5G", int(1.5 * 1024**3)),
        ("300B", 300),
        ("4096", 4096),
    ],
)
def test_limit_sizes(tmp_path, text, expected):
    config = load(tmp_path, f'[limits]\nmax-file-size = "{text}"\n')
    assert config.limits.max_file_size == expected
    assert config.limits.max_pdf_pages == Limits().max_pdf_pages


def test_config_is_picklable_for_worker_processes(tmp_path):
    config = load(tmp_path, '[[overrides]]\npath = "a/**"\nyear = 2022\n')
    assert pickle.loads(pickle.dumps(config)) == config


# -- validation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("extend_select = ['DL']", "extend_select", "did you mean `extend-select`"),
        ("selct = ['DL']", "selct", "did you mean `select`"),
        ("colour = 'red'", "colour", "expected one of"),
        ("select = 'dl3'", "select", "upper-case"),
        ("select = ['DL30011']", "select", "invalid rule code"),
        ("select = ['3DL']", "select", "invalid rule code"),
        ("ignore = [1]", "ignore", "list of rule codes"),
        ("ignore = ['DL1', '']", "ignore", "list of rule codes"),
        ("fail-on = 'fatal'", "fail-on", '"error", "warning" or "note"'),
        ("fail-on = 3", "fail-on", "got 3"),
        ("[severity]\nDL301 = 'fatal'", "severity.DL301", "got 'fatal'"),
        ("[severity]\ndl301 = 'note'", "severity.dl301", "invalid rule code"),
        ("severity = 'note'", "severity", "CODE=LEVEL"),
        ("[per-file-ignores]\n'a/**' = ['x']", 'per-file-ignores."a/**"', "invalid rule code"),
        ("[per-file-ignores]\n'a/[b' = ['DL1']", 'per-file-ignores."a/[b"', "unclosed `[`"),
        ("per-file-ignores = ['DL1']", "per-file-ignores", "a table"),
        ("include = ['a**/b']", "include", "whole path component"),
        ("exclude = ['']", "exclude", "glob"),
        ("extend-exclude = 'x/[a'", "extend-exclude", "unclosed"),
        ("cache = 'yes'", "cache", "true or false"),
        ("cache-dir = 3", "cache-dir", "non-empty string"),
        ("jobs = 0", "jobs", "integer >= 1"),
        ("jobs = true", "jobs", "integer >= 1"),
        ("jobs = 1.5", "jobs", "integer >= 1"),
        ("format = ''", "format", "non-empty string"),
        ("plugins = ['shanghai']", "plugins", "a table"),
        ("[plugins]\nshanghai = 1", "plugins.shanghai", "plugin settings"),
        ("disable-plugins = [1]", "disable-plugins", "list of names"),
        ("autoload-plugins = 1", "autoload-plugins", "true or false"),
        ("history = [3]", "history", "list of folders"),
        ("duplicate-threshold = 1.5", "duplicate-threshold", "between 0 and 1"),
        ("duplicate-threshold = true", "duplicate-threshold", "between 0 and 1"),
        ("overrides = {path = 'x'}", "overrides", "array of tables"),
        ("[[overrides]]\nagency = 'x'", "overrides[0]", "missing `path`"),
        ("[[overrides]]\npath = 'x'", "overrides[0]", "sets nothing"),
        ("[[overrides]]\npath = 'x'\nyear = '2023'", "overrides[0].year", "report year"),
        ("[[overrides]]\npath = 'x'\nkind = 'city'", "overrides[0].kind", '"department"'),
        ("[[overrides]]\npath = 'x'\nagncy = 'y'", "overrides[0].agncy", "did you mean `agency`"),
        ("[limits]\nmax-file-size = '20XB'", "limits.max-file-size", "20MB"),
        ("[limits]\nmax-file-size = -1", "limits.max-file-size", "positive number of bytes"),
        ("[limits]\nmax-pdf-pages = 0", "limits.max-pdf-pages", "integer >= 1"),
        ("[limits]\ntimeout = 0", "limits.timeout", "seconds > 0"),
        ("[limits]\nmax_file_size = 1", "limits.max_file_size", "did you mean `max-file-size`"),
        ("limits = 5", "limits", "a table"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, text, key, expected):
    path = write(tmp_path / "disclosurelint.toml", text + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert f"`{key}`" in message
    assert expected in message


def test_pyproject_errors_name_the_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.disclosurelint]\njobs = 0\n")
    with pytest.raises(ConfigError, match=r"`tool\.disclosurelint\.jobs`"):
        load_config(path)


def test_pyproject_table_must_be_a_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool]\ndisclosurelint = 1\n")
    with pytest.raises(ConfigError, match="tool.disclosurelint"):
        load_config(path)


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path / "disclosurelint.toml", "select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML") as info:
        load_config(path)
    assert str(path) in str(info.value)


def test_invalid_toml_in_discovered_pyproject_is_reported(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.disclosurelint\n")
    with pytest.raises(ConfigError, match="pyproject.toml: invalid TOML"):
        find_config(tmp_path)


def test_non_utf8_config(tmp_path):
    path = tmp_path / "disclosurelint.toml"
    path.write_bytes("format = '文本'\n".encode("gbk"))
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "nope.toml")


# -- per-file-ignores, include/exclude, overrides -----------------------------


def test_include_and_exclude(tmp_path):
    config = load(
        tmp_path, "include = ['*.txt', 'pdfs/**/*.pdf']\nextend-exclude = ['drafts/2024']\n"
    )
    assert config.matches_include(tmp_path / "a" / "r.txt")
    assert config.matches_include(tmp_path / "pdfs" / "x" / "r.pdf")
    assert not config.matches_include(tmp_path / "other" / "r.pdf")
    assert not config.matches_include(tmp_path / "r.docx")
    assert config.is_excluded(tmp_path / ".git")
    assert config.is_excluded(tmp_path / "sub" / "node_modules" / "x.txt")
    assert config.is_excluded(tmp_path / "drafts" / "2024" / "r.txt")
    assert not config.is_excluded(tmp_path / "x" / "drafts" / "2024" / "r.txt")
    assert not config.is_excluded(tmp_path / "reports" / "r.txt")


def test_exclude_replaces_defaults(tmp_path):
    config = load(tmp_path, "exclude = ['tmp']\n")
    assert config.is_excluded(tmp_path / "tmp" / "a.txt")
    assert not config.is_excluded(tmp_path / "build" / "a.txt")


def test_root_itself_is_not_excluded_by_its_own_name(tmp_path):
    root = tmp_path / "build"
    config = load(root, "")
    assert not config.is_excluded(root / "reports" / "a.txt")


def test_identity_overrides_merge_later_wins(tmp_path):
    config = load(
        tmp_path,
        """
        [[overrides]]
        path = "shanghai/**"
        agency = "上海市人民政府"
        kind = "government"

        [[overrides]]
        path = "shanghai/2023"
        year = 2023

        [[overrides]]
        path = "shanghai/2023/dept-*.txt"
        agency = "上海市某局"
        kind = "department"
        """,
    )
    assert config.identity_override(tmp_path / "shanghai" / "2022" / "a.txt") == {
        "agency": "上海市人民政府",
        "kind": "government",
    }
    assert config.identity_override(tmp_path / "shanghai" / "2023" / "a.txt") == {
        "agency": "上海市人民政府",
        "kind": "government",
        "year": 2023,
    }
    assert config.identity_override(tmp_path / "shanghai" / "2023" / "dept-x.txt") == {
        "agency": "上海市某局",
        "kind": "department",
        "year": 2023,
    }
    assert config.identity_override(tmp_path / "beijing" / "a.txt") == {}


# -- command line -------------------------------------------------------------


def test_merge_cli_precedence(tmp_path):
    config = load(
        tmp_path,
        """
        select = ["DL"]
        extend-select = ["SH1"]
        ignore = ["DL3"]
        extend-exclude = ["old"]
        fail-on = "error"
        jobs = 2
        [severity]
        DL6 = "note"
        DL7 = "note"
        """,
    )
    merged = config.merge_cli(
        ignore=["DL8"],
        extend_select=["ZJ"],
        fail_on="note",
        severity=["DL7=error", "DL801=warning"],
        extend_exclude=["tmp"],
        jobs=None,
        format="json",
    )
    assert merged.select == ["DL"]
    assert merged.extend_select == ["SH1", "ZJ"]
    assert merged.ignore == ["DL8"]
    assert DecisionEngine(merged).is_selected("DL301") and not DecisionEngine(merged).is_selected("DL801")
    assert merged.fail_on is Severity.NOTE
    assert merged.jobs == 2
    assert merged.format == "json"
    assert merged.severity == {
        "DL6": Severity.NOTE,
        "DL7": Severity.ERROR,
        "DL801": Severity.WARNING,
    }
    assert merged.extend_exclude == ["old", "tmp"]
    assert merged.source == config.source and merged.root == config.root
    # the original is untouched
    assert config.ignore == ["DL3"] and config.fail_on is Severity.ERROR


def test_merge_cli_select_starts_over(tmp_path):
    config = load(tmp_path, "select = ['DL']\nextend-select = ['SH']\n")
    merged = config.merge_cli(select="DL1,DL2")
    assert merged.select == ["DL1", "DL2"]
    assert merged.extend_select == []
    assert not DecisionEngine(merged).is_selected("SH101")
    assert config.merge_cli(select=["DL1"], extend_select=["ZJ"]).extend_select == ["ZJ"]


def test_merge_cli_paths_relative_to_cwd(tmp_path, monkeypatch):
    config = load(tmp_path, "cache-dir = 'c'\n")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert config.merge_cli(cache_dir="here").cache_dir == work / "here"
    assert config.merge_cli().cache_dir == tmp_path / "c"


def test_merge_cli_validates_with_flag_name():
    with pytest.raises(ConfigError, match=r"command line: `--fail-on`"):
        Config().merge_cli(fail_on="fatal")
    with pytest.raises(ConfigError, match=r"`--severity`.*CODE=LEVEL"):
        Config().merge_cli(severity=["DL301"])
    with pytest.raises(ConfigError, match=r"`--select`.*invalid rule code"):
        Config().merge_cli(select=["dl-3"])
    with pytest.raises(TypeError, match="per_file_ignores"):
        Config().merge_cli(per_file_ignores={"*": ["DL1"]})


def test_resolve_config(tmp_path, monkeypatch):
    write(tmp_path / "disclosurelint.toml", "select = ['DL3']\n")
    other = write(tmp_path / "other.toml", "select = ['DL1']\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert resolve_config(tmp_path / "sub").select == ["DL3"]
    assert resolve_config(tmp_path / "sub", config_file=other).select == ["DL1"]
    isolated = resolve_config(tmp_path / "sub", isolated=True)
    assert isolated.select is None and isolated.source is None and isolated.root == tmp_path / "sub"
    with pytest.raises(ConfigError, match="--isolated"):
        resolve_config(tmp_path, config_file=other, isolated=True)
    with pytest.raises(ConfigError, match="missing.toml"):
        resolve_config(tmp_path, config_file=tmp_path / "missing.toml")


# -- fingerprint --------------------------------------------------------------


BASE = """
select = ["DL"]
ignore = ["DL3"]
fail-on = "warning"
severity = { DL6 = "note" }
"""


def test_fingerprint_stable_for_equal_settings(tmp_path):
    first = load(tmp_path, BASE)
    second = load(tmp_path, BASE)
    assert first.fingerprint() == second.fingerprint()
    assert len(first.fingerprint()) == 64
    # settings that do not change findings leave it alone
    irrelevant = [
        {"fail_on": "error"},
        {"jobs": 8},
        {"format": "json"},
        {"cache": False},
        {"include": ["*.pdf"]},
        {"extend_exclude": ["x"]},
    ]
    for cli in irrelevant:
        assert first.merge_cli(**cli).fingerprint() == first.fingerprint(), cli
    # order of codes does not matter
    reordered = Config(select=["DL2", "DL1"]).fingerprint()
    assert Config(select=["DL1", "DL2"]).fingerprint() == reordered


@pytest.mark.parametrize(
    "extra",
    [
        "extend-select = ['DL301']\n",
        "duplicate-threshold = 0.5\n",
        "history = ['old']\n",
        "autoload-plugins = false\n",
        "disable-plugins = ['shanghai']\n",
        "[per-file-ignores]\n'a/**' = ['DL1']\n",
        "[plugins.shanghai]\nstrict = true\n",
        "[limits]\nmax-pdf-pages = 10\n",
        "[[overrides]]\npath = 'a'\nyear = 2020\n",
    ],
)
def test_fingerprint_changes_with_relevant_settings(tmp_path, extra):
    base = load(tmp_path, BASE).fingerprint()
    assert load(tmp_path, BASE + extra).fingerprint() != base


def test_fingerprint_changes_with_cli_selection_and_severity(tmp_path):
    config = load(tmp_path, BASE)
    assert config.merge_cli(ignore=["DL8"]).fingerprint() != config.fingerprint()
    assert config.merge_cli(severity={"DL6": "error"}).fingerprint() != config.fingerprint()
