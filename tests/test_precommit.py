"""The pre-commit hook (.pre-commit-hooks.yaml) through ``pre-commit try-repo``.

pre-commit builds the hook's virtualenv from this checkout (committed files plus
uncommitted changes to tracked files), which needs the package index.  That
build is slow, so the module runs the hook once, on a clean and a broken report
together, and the tests read that one run.
"""

from __future__ import annotations

import os
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
