"""The pre-commit hook (.pre-commit-hooks.yaml): through ``pre-commit try-repo``, and
through each configuration docs/github-actions.md shows.

pre-commit builds the hook's virtualenv, which needs the package index.
``try-repo`` builds it from this checkout (committed files plus uncommitted
changes to tracked files), once, on a clean and a broken report together; the
documented configurations fetch the last commit of this checkout (where the
docs name the GitHub repository) and run as a user would: ``pre-commit
autoupdate``, ``pre-commit install``, ``git commit``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

from conftest import SEEDS

PROJECT = Path(__file__).resolve().parents[1]

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e .[test])")
if shutil.which("git") is None or not (PROJECT / ".git").exists():
    pytest.skip("pre-commit try-repo needs git and a git checkout of the project", allow_module_level=True)

CLEAN, BROKEN = "reports/clean.txt", "reports/broken.txt"
#: Building the hook environment installs the project and its dependencies from the index.
TIMEOUT = 900


@pytest.fixture(scope="module")
def hook_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo PROJECT disclosurelint`` on seed 000 (clean) and seed 001 (one DL201)."""
    repo = tmp_path_factory.mktemp("reports-repo")
    (repo / "reports").mkdir()
    shutil.copy(SEEDS["000"], repo / CLEAN)
    shutil.copy(SEEDS["001"], repo / BROKEN)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}  # e.g. when run from a git hook
    env.update(PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")), NO_COLOR="1")
    for args in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(args, cwd=repo, env=env, check=True)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT), "disclosurelint", "--color", "never"]
    return subprocess.run(
        [*command, "--verbose", "--files", CLEAN, BROKEN],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def finding_lines(run: subprocess.CompletedProcess[str], path: str) -> List[str]:
    return [line for line in run.stdout.splitlines() if line.startswith(path)]


def test_hook_fails_on_the_broken_report(hook_run: subprocess.CompletedProcess[str]) -> None:
    assert hook_run.returncode == 1, hook_run.stdout + hook_run.stderr
    assert "disclosurelint" in hook_run.stdout and "Failed" in hook_run.stdout
    (line,) = finding_lines(hook_run, BROKEN)
    assert "DL201" in line and "行政规范性文件" in line


def test_hook_passes_the_clean_report(hook_run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in hook_run.stdout + hook_run.stderr
    assert finding_lines(hook_run, CLEAN) == []
    assert len(finding_lines(hook_run, "reports/")) == 1  # the broken report's DL201 only


# -- the configurations docs/github-actions.md shows ------------------------------------------

DOCS = PROJECT / "docs" / "github-actions.md"
#: Where the documented configs fetch disclosurelint from; the tests fetch this checkout instead.
UPSTREAM = "https://github.com/disclosurelint/disclosurelint"


def documented_configs() -> List[str]:
    """The ``.pre-commit-config.yaml`` examples of the docs, as written."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    return [block for block in blocks if block.startswith("repos:")]


def test_the_docs_promise_no_release_that_does_not_exist() -> None:
    configs = documented_configs()
    assert len(configs) == 3
    assert all("rev: ''" in c for c in configs if "repo: local" not in c)  # no tag exists yet
    assert not re.search(r"rev: v\d|@v0\.|pip install disclosurelint\b", DOCS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.parametrize("index", [0, 1, 2], ids=["hook", "hook-with-plugin", "local"])
def test_documented_config_stops_a_commit_with_findings(index: int, pre_commit_home: Path, tmp_path: Path) -> None:
    """Create the config, ``pre-commit autoupdate``, ``pre-commit install``, ``git commit``: as the docs say."""
    config = documented_configs()[index]
    repo = tmp_path / "年报 仓库"
    (repo / "reports").mkdir(parents=True)
    shutil.copy(SEEDS["001"], repo / BROKEN)
    shutil.copy(SEEDS["003"], repo / "reports/南湖区 2023.txt")
    (repo / ".pre-commit-config.yaml").write_text(config.replace(UPSTREAM, PROJECT.as_uri()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        PRE_COMMIT_HOME=str(pre_commit_home), NO_COLOR="1", PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid",
    )

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT)

    run("git", "init", "-q")
    pre_commit = (sys.executable, "-m", "pre_commit")
    if "rev: ''" in config:
        assert run(*pre_commit, "autoupdate").returncode == 0
        assert re.search(r"rev: '[0-9a-f]{40}'", (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert run(*pre_commit, "install").returncode == 0
    run("git", "add", "-A")
    commit = run("git", "commit", "-q", "-m", "年报")
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "reports/broken.txt:16:21: DL201 [error]" in output and "Traceback" not in output
    if index < 2:  # the local hook runs this environment, with whatever plugins it has
        assert ("ZJ101" in output) == (index == 1)
