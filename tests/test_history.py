"""DL601 carryover-mismatch and DL602 stock-roll-forward: the year summary they keep of a report.

The rule cases (runs over consecutive reports, history folders) are YAML:
rules/cases/DL601.yaml, DL602.yaml and tests/rule_cases/ (run by test_rule_cases.py).
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from typing import List

import pytest

from disclosurelint.checks.history import CarryoverMismatch, StockRollForward, YearSummary, summarize_year
from disclosurelint.findings import Finding
from disclosurelint.cases import FAILS_HEADING

from conftest import SEEDS, builtin_config, findings_of, write

ZEROS = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
CARRIED_2 = "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |"


def run(paths: List[Path], **config: object) -> List[Finding]:
    return findings_of(paths, ("DL601", "DL602"), **config)


def seed_001_for(year: int, carried_over: str = ZEROS, carried_forward: str = ZEROS) -> str:
    """Seed 001 (平阳县, 2021) moved to ``year`` with the two carry rows of Table 3 replaced."""
    text = SEEDS["001"].read_text(encoding="utf-8")
    shift = year - 2021
    text = text.replace("2022", str(2022 + shift)).replace("2021", str(2021 + shift))
    text = text.replace(f"二、上年结转政府信息公开申请数量 {ZEROS}", f"二、上年结转政府信息公开申请数量 {carried_over}")
    return text.replace(f"四、结转下年度继续办理 {ZEROS}", f"四、结转下年度继续办理 {carried_forward}")


def test_summary_is_small_and_picklable():
    from disclosurelint.api import Linter

    linter = Linter(builtin_config())
    summary = summarize_year(linter.parse(SEEDS["000"]), linter.context)
    assert isinstance(summary, YearSummary)
    assert (summary.agency, summary.year, summary.in_force, summary.issued) == ("永州市政府办", 2024, 120, 14)
    assert dict((c, v) for c, v, _ in summary.carried_over)["total"] == 0
    assert len(pickle.dumps(summary)) < 2000


def test_report_without_identity_is_not_summarised():
    from disclosurelint.api import Linter

    linter = Linter(builtin_config())
    parsed = linter.parse(SEEDS["000"])
    parsed.identity.agency = None
    assert summarize_year(parsed, linter.context) is None


@pytest.mark.parametrize("cls", [CarryoverMismatch, StockRollForward])
def test_rule_metadata(cls):
    assert cls.scope == "run" and cls.summary and FAILS_HEADING in cls.docs()
    assert "heuristic" in StockRollForward.docs()


# -- history supplied by the engine ------------------------------------------------


def test_history_files_follow_include_and_exclude(tmp_path):
    archive = tmp_path / "archive"
    write(archive / "drafts", "pingyang-2021.txt", seed_001_for(2021, carried_forward=CARRIED_2))
    write(archive, "pingyang-2021.csv", seed_001_for(2021, carried_forward=CARRIED_2))
    new = write(tmp_path / "reports", "pingyang-2022.txt", seed_001_for(2022))
    assert run([new], history=[archive], extend_exclude=["drafts"]) == []
    write(archive, "PINGYANG-2021.TXT", seed_001_for(2021, carried_forward=CARRIED_2))
    assert {f.code for f in run([new], history=[archive], extend_exclude=["drafts"])} == {"DL601"}


def test_a_missing_history_folder_is_a_configuration_error(tmp_path, capsys):
    from disclosurelint.cli import main

    write(tmp_path, "disclosurelint.toml", 'history = ["archive"]\n')
    report = write(tmp_path, "r.txt", seed_001_for(2022))
    assert main(["--no-plugins", str(report)]) == 2
    assert f"{tmp_path / 'disclosurelint.toml'}: `history`: no such file or directory: {tmp_path / 'archive'}" in capsys.readouterr().err


def test_history_reports_go_through_the_runner_cache_and_time_limit(tmp_path, monkeypatch):
    from disclosurelint import runner
    from disclosurelint.api import Linter
    from disclosurelint.readers import Limits
    from disclosurelint.readers.text import TextReader

    archive = tmp_path / "archive"
    write(archive, "pingyang-2021.txt", seed_001_for(2021, carried_forward=CARRIED_2))
    write(archive, "slow-2020.txt", seed_001_for(2020))
    new = write(tmp_path / "reports", "pingyang-2022.txt", seed_001_for(2022))
    original = TextReader.read

    def read(self, data, path, limits):
        if "slow" in path:
            time.sleep(30)
        return original(self, data, path, limits)

    monkeypatch.setattr(TextReader, "read", read)
    config = builtin_config(history=[archive], root=tmp_path, limits=Limits(timeout=0.5))
    config.cache_dir = tmp_path / "cache"
    linter = Linter(config)
    cold = runner.run_files(linter, [str(new)], jobs=1, use_cache=True)
    (carry, *_) = [f for f in cold.findings if f.code == "DL601"]
    assert "pingyang-2021.txt" in carry.message and [r.path for r in cold.files] == [str(new)]

    parsed = []
    parse = Linter.parse
    monkeypatch.setattr(Linter, "parse", lambda self, path: parsed.append(os.path.basename(path)) or parse(self, path))
    warm = runner.run_files(Linter(config), [str(new)], jobs=1, use_cache=True)
    assert [f.message for f in warm.findings] == [f.message for f in cold.findings]
    assert parsed == ["slow-2020.txt"]  # timed out, so never cached: the others come from the cache


def test_history_with_lint_text(tmp_path):
    from disclosurelint.api import lint_text

    write(tmp_path / "archive", "pingyang-2021.txt", seed_001_for(2021, carried_forward=CARRIED_2))
    result = lint_text(seed_001_for(2022), "2022.txt", builtin_config(history=[tmp_path / "archive"]))
    assert all("pingyang-2021.txt" in f.message for f in result.findings if f.code == "DL601")
    assert "DL601" in {f.code for f in result.findings}


def test_each_config_reads_its_own_history(tmp_path, monkeypatch, capsys):
    from disclosurelint.cli import main

    write(tmp_path / "archive", "pingyang-2021.txt", seed_001_for(2021, carried_forward=CARRIED_2))
    write(tmp_path / "a", "disclosurelint.toml", 'history = ["../archive"]\n')
    write(tmp_path / "a", "pingyang-2022.txt", seed_001_for(2022))
    write(tmp_path / "b", "disclosurelint.toml", "")
    write(tmp_path / "b", "pingyang-2022.txt", seed_001_for(2022))
    monkeypatch.chdir(tmp_path)
    main(["--no-plugins", "--no-cache", "--select", "DL6", "a", "b"])
    assert {line.split(":")[0] for line in capsys.readouterr().out.splitlines() if "DL601" in line} == {"a/pingyang-2022.txt"}


def test_no_rule_reads_files():
    """The cross-report rules get history from the engine: they import nothing of reading and parsing."""
    from conftest import imported_after

    script = "import disclosurelint.checks.history, disclosurelint.checks.duplicates"
    assert imported_after(script, ["disclosurelint.parse", "disclosurelint.readers.text", "disclosurelint.api"]) == []
