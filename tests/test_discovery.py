"""Which config each file uses, which files a run lints, and the root that output paths are relative to."""

from __future__ import annotations

import json
import os
import posixpath
import shutil
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from conftest import SEEDS, write
from disclosurelint.api import Session, lint_paths
from disclosurelint.cli import main
from disclosurelint.config import Config, ConfigResolver

PROJECT = Path(__file__).resolve().parents[1]
SEED_001 = SEEDS["001"].read_text(encoding="utf-8")  # one DL201


def check(capsys, *args: str) -> Tuple[int, dict, str]:
    """``disclosurelint check --format json`` (installed plugins and the cache left out)."""
    code = main(["check", "--no-plugins", "--no-cache", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def shown(document: dict, path: str) -> str:
    """A path of the JSON output (as the engine received it) relative to the output's root."""
    return os.path.relpath(path, document["root"]) if os.path.isabs(path) else posixpath.normpath(path)


def paths(document: dict) -> List[str]:
    return [shown(document, file["path"]) for file in document["files"]]


def found(document: dict) -> Set[Tuple[str, str]]:
    return {(shown(document, file["path"]), f["code"]) for file in document["files"] for f in file["findings"]}


# -- each file's nearest config -----------------------------------------------


@pytest.fixture
def two_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``a/`` selecting everything and ``b/`` ignoring DL201, each with seed 001; the working directory."""
    write(tmp_path / "a", "disclosurelint.toml", 'select = ["ALL"]\n')
    write(tmp_path / "b", "disclosurelint.toml", 'ignore = ["DL201"]\n')
    write(tmp_path / "a", "r.txt", SEED_001)
    write(tmp_path / "b", "r.txt", SEED_001)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_each_file_uses_its_nearest_config_in_any_order(two_folders, capsys):
    """Review 2.1.2: the findings no longer depend on which path comes first."""
    _, first, _ = check(capsys, "a", "b")
    _, second, _ = check(capsys, "b", "a")
    assert found(first) == found(second) == {("a/r.txt", "DL201")}
    _, files, _ = check(capsys, "b/r.txt", "a/r.txt")
    assert found(files) == {("a/r.txt", "DL201")}


def test_config_fixes_one_config_and_isolated_none(two_folders, capsys):
    _, fixed, _ = check(capsys, "--config", "b/disclosurelint.toml", "a", "b")
    assert found(fixed) == set()
    _, isolated, _ = check(capsys, "--isolated", "a", "b")
    assert found(isolated) == {("a/r.txt", "DL201"), ("b/r.txt", "DL201")}


def test_files_without_a_config_of_their_own_use_the_run_config(tmp_path, monkeypatch, capsys):
    write(tmp_path / "project", "disclosurelint.toml", 'ignore = ["DL201"]\n')
    outside = write(tmp_path / "elsewhere", "r.txt", SEED_001)
    monkeypatch.chdir(tmp_path / "project")
    assert found(check(capsys, str(outside))[1]) == set()


def test_the_command_line_applies_on_top_of_every_config(two_folders, capsys):
    _, document, _ = check(capsys, "--ignore", "DL2", "a", "b")
    assert found(document) == set()
    _, document, _ = check(capsys, "--severity", "DL201=note", "a", "b")
    assert [f["severity"] for file in document["files"] for f in file["findings"]] == ["note"]


def test_a_nested_config_decides_the_walk_below_it(two_folders, capsys):
    write(two_folders / "a", "disclosurelint.toml", 'extend-exclude = ["drafts"]\n')
    write(two_folders / "a" / "drafts", "x.txt", SEED_001)
    write(two_folders / "b" / "drafts", "x.txt", SEED_001)
    assert sorted(paths(check(capsys, ".")[1])) == ["a/r.txt", "b/drafts/x.txt", "b/r.txt"]


def test_configs_share_the_plugins_and_each_is_checked_before_linting(two_folders, capsys):
    session = Session(ConfigResolver.from_command_line(cli={"autoload_plugins": False}))
    first, second = (session.linters[session.index_for(p)] for p in ("a/r.txt", "b/r.txt"))
    assert first is not second and first.catalog is second.catalog
    assert session.index_for("a/other.txt") == session.index_for("a/r.txt")
    write(two_folders / "b", "disclosurelint.toml", 'select = ["DL9"]\n')
    code, err = main(["--no-plugins", "a", "b"]), capsys.readouterr()
    assert code == 2 and f"{two_folders / 'b' / 'disclosurelint.toml'}: `select`: 'DL9' matches no rule" in err.err
    assert err.out == ""  # nothing was linted


def test_workers_lint_each_file_with_its_config(two_folders, capsys):
    for folder in ("a", "b"):
        for n in range(15):
            shutil.copyfile(SEEDS["001"], two_folders / folder / f"{n:02}.txt")
    _, one, _ = check(capsys, "--jobs", "1", "a", "b")
    _, two, _ = check(capsys, "--jobs", "2", "a", "b")
    assert one == two and {path.split("/")[0] for path, _ in found(two)} == {"a"} and len(found(two)) == 16


# -- which files ----------------------------------------------------------------


REPOSITORY_DOCUMENTS = ["README.md", "readme.TXT", "ReadMe", "CHANGELOG.md", "License.txt", "LICENSE", "CONTRIBUTING.md"]


def test_default_excludes_leave_out_a_repositorys_own_documents(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name in REPOSITORY_DOCUMENTS:
        write(tmp_path, name, "# 说明\n")
    write(tmp_path / "docs", "guide.md", "# 说明\n")
    write(tmp_path / "reports", "r.txt", SEED_001)
    write(tmp_path / "reports", "readme-2024-report.txt", SEED_001)  # a report, not a README
    assert paths(check(capsys, ".")[1]) == ["reports/r.txt", "reports/readme-2024-report.txt"]


def test_force_exclude_applies_to_files_named_on_the_command_line(tmp_path, monkeypatch, capsys):
    """What pre-commit does: it names every changed file, README.md included."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "README.md", "# 说明\n")
    write(tmp_path / "docs", "guide.md", "# 说明\n")
    write(tmp_path / "drafts", "d.txt", SEED_001)
    write(tmp_path / "reports", "r.txt", SEED_001)
    named = ["README.md", "docs/guide.md", "drafts/d.txt", "reports/r.txt", "--extend-exclude", "drafts"]
    assert paths(check(capsys, *named)[1]) == ["README.md", "docs/guide.md", "drafts/d.txt", "reports/r.txt"]
    code, document, _ = check(capsys, "--force-exclude", *named)
    assert code == 1 and paths(document) == ["reports/r.txt"]
    write(tmp_path, "disclosurelint.toml", "force-exclude = true\n")
    assert paths(check(capsys, "README.md", "reports/r.txt")[1]) == ["reports/r.txt"]


def test_the_pre_commit_hook_forces_the_excludes():
    hook = (PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "entry: disclosurelint --force-exclude" in hook


def test_extensions_match_in_any_case(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name in ("A.TXT", "b.Md", "c.PDF", "d.DocX", "e.HTM", "f.csv"):
        write(tmp_path, name, SEED_001)
    assert paths(check(capsys, ".")[1]) == ["A.TXT", "b.Md", "c.PDF", "d.DocX", "e.HTM"]
    assert paths(check(capsys, "--include", "*.TXT", ".")[1]) == ["A.TXT"]
    assert Config(root=tmp_path, include=["*.PDF"]).matches_include(tmp_path / "x.pdf")


def test_a_missing_path_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "r.txt", SEED_001)
    assert main(["--no-plugins", "r.txt", "missing.txt"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "disclosurelint: error: no such file or directory: missing.txt\n"
    with pytest.raises(FileNotFoundError):
        lint_paths(["missing.txt"])


def test_no_files_found_is_a_warning(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "notes.csv", "a,b\n")
    code, document, err = check(capsys, ".")
    assert code == 0 and document["files"] == []
    assert err == "disclosurelint: warning: no report files found under the given paths\n"


def test_an_unreadable_file_cannot_be_selected_away(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    for flags in (["--select", "DL3"], ["--ignore", "DL0"], ["--ignore", "ALL", "--select", "DL201"]):
        code, document, _ = check(capsys, *flags, "junk.pdf")
        assert code == 1 and found(document) == {("junk.pdf", "DL001")}, flags


# -- the repository root ---------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git checkout (``.git`` only: no git binary is run) with ``reports/2024/r.txt``, and a config elsewhere."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / "reports" / "2024", "r.txt", SEED_001)
    write(tmp_path / "elsewhere", "dl.toml", 'extend-select = ["DL2"]\n')
    return repo


@pytest.mark.parametrize(
    "cwd, args",
    [
        (".", ["reports"]),
        ("reports", ["2024"]),
        ("reports/2024", ["r.txt"]),
        ("..", ["repo/reports", "--config", "elsewhere/dl.toml"]),
        ("reports", [".", "--config", "../../elsewhere/dl.toml"]),
    ],
    ids=["at-the-root", "in-a-subfolder", "in-the-folder", "config-elsewhere", "subfolder-config-elsewhere"],
)
def test_output_paths_are_relative_to_the_git_toplevel_wherever_the_tool_runs(repo, monkeypatch, capsys, cwd, args):
    monkeypatch.chdir(repo / cwd)
    _, document, _ = check(capsys, *args)
    assert document["root"] == str(repo) and found(document) == {("reports/2024/r.txt", "DL201")}
    main(["check", "--no-plugins", "--no-cache", "--format", "sarif", *args])
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    (result,) = run["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/2024/r.txt"
    main(["check", "--no-plugins", "--no-cache", *args])
    assert capsys.readouterr().out.startswith("reports/2024/r.txt:16:21: DL201")


def test_a_git_file_marks_a_worktree_root(repo, monkeypatch, capsys):
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n", encoding="utf-8")
    monkeypatch.chdir(repo / "reports")
    assert check(capsys, "2024")[1]["root"] == str(repo)


def test_the_root_can_be_named(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo)
    _, document, _ = check(capsys, "--repository-root", "reports", "reports")
    assert document["root"] == str(repo / "reports") and found(document) == {("2024/r.txt", "DL201")}
    write(repo, "disclosurelint.toml", 'repository-root = "reports/2024"\n')
    monkeypatch.chdir(repo / "reports")
    assert found(check(capsys, ".")[1]) == {("r.txt", "DL201")}


def test_the_api_result_carries_the_root(repo, monkeypatch):
    monkeypatch.chdir(repo / "reports")
    run = lint_paths(["2024"])
    assert run.root == repo and [f.path for f in run.files] == [str(repo / "reports" / "2024" / "r.txt")]
    monkeypatch.chdir(repo)
    assert [f.path for f in lint_paths(["reports/2024"]).files] == ["reports/2024/r.txt"]  # the root is the cwd


def test_without_git_the_root_is_the_config_folder(tmp_path, monkeypatch, capsys):
    write(tmp_path / "reports", "disclosurelint.toml", "")
    write(tmp_path / "reports", "r.txt", SEED_001)
    monkeypatch.chdir(tmp_path)
    assert check(capsys, "reports")[1]["root"] == str(tmp_path / "reports")
    assert check(capsys, "--isolated", "reports")[1]["root"] == str(tmp_path)
