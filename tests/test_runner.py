"""The runner: parallel runs equal sequential ones, input order, time limit, worker crashes, progress."""

from __future__ import annotations

import io
import os
import pickle
import shutil
import signal
import time
from pathlib import Path
from typing import List

import pytest

from disclosurelint import runner
from disclosurelint.api import Linter, Session
from disclosurelint.cli import main
from disclosurelint.config import Config
from disclosurelint.progress import Progress
from disclosurelint.readers import Limits
from disclosurelint.readers.text import TextReader

from conftest import imported_after

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
EXCERPTS = sorted((FIXTURES / "excerpts").glob("*.txt"))


def corpus(folder: Path, copies: int) -> List[str]:
    """Seeds and excerpts copied ``copies`` times: enough files for the worker pool."""
    paths = []
    for n in range(copies):
        for source in SEEDS + EXCERPTS:
            target = folder / f"{n:02d}-{source.name}"
            shutil.copyfile(source, target)
            paths.append(str(target))
    return paths


def findings(run) -> List[tuple]:
    return [(f.path, f.code, f.message, f.location) for r in run.files for f in r.findings]


def config_in(folder: Path, **kwargs) -> Config:
    return Config(root=folder, autoload_plugins=False, cache=False, **kwargs)


def test_parallel_run_equals_sequential_run_in_input_order(tmp_path: Path) -> None:
    paths = corpus(tmp_path, 3)[::-1]  # not sorted: the output must follow the input
    assert len(paths) >= runner.MIN_PARALLEL
    linter = Linter(config_in(tmp_path))
    sequential = runner.run_files(linter, paths, jobs=1)
    parallel = runner.run_files(linter, paths, jobs=2)
    assert [f.path for f in parallel.files] == paths
    assert findings(parallel) == findings(sequential)
    assert findings(sequential) == findings(linter.run(paths))


def test_cli_jobs_give_the_same_output(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus(tmp_path, 3)
    outputs = []
    for jobs in ("1", "2"):
        code = main(["check", str(tmp_path), "--isolated", "--no-cache", "--jobs", jobs, "--format", "json"])
        outputs.append((code, capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1


def test_cli_rejects_zero_jobs(capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(SEEDS[0]), "--isolated", "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_outcome_sent_back_by_a_worker_is_small_and_holds_no_report(tmp_path: Path) -> None:
    linter = Linter(config_in(tmp_path))
    blob = pickle.dumps(runner.run_one(linter, SEEDS[4]))
    assert b"Report" not in blob and b"Document" not in blob
    assert len(blob) < 4096


@pytest.fixture
def slow_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files named ``*slow*`` take 30 s to read (in this process and in forked workers)."""
    original = TextReader.read

    def read(self, data, path, limits):
        if "slow" in os.path.basename(path):
            time.sleep(30)
        return original(self, data, path, limits)

    monkeypatch.setattr(TextReader, "read", read)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="time limit needs SIGALRM")
@pytest.mark.parametrize("jobs", [1, 2])
def test_file_over_the_time_limit_gives_dl001_timeout_and_the_run_goes_on(tmp_path: Path, slow_reader: None, jobs: int) -> None:
    paths = corpus(tmp_path, 3)
    slow = tmp_path / "slow.txt"
    shutil.copyfile(SEEDS[0], slow)
    paths.insert(5, str(slow))
    linter = Linter(config_in(tmp_path, limits=Limits(timeout=0.5)))
    run = runner.run_files(linter, paths, jobs=jobs)
    [result] = [r for r in run.files if r.path == str(slow)]
    [finding] = result.findings
    assert (finding.code, finding.context["kind"]) == ("DL001", "timeout")
    assert "0.5 秒" in finding.message and "timeout" in finding.message
    others = [r for r in run.files if r.path != str(slow)]
    assert len(others) == len(paths) - 1 and not any(f.code == "DL001" for r in others for f in r.findings)


def test_time_limit_leaves_an_armed_timer_of_the_caller_alone() -> None:
    if not hasattr(signal, "setitimer"):
        pytest.skip("no SIGALRM")
    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with runner.time_limit(0.01):
            time.sleep(0.05)  # no FileTimeout: the caller's timer wins
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 50
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_worker_killed_by_a_file_gives_dl001_crash_for_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    original = TextReader.read

    def read(self, data, path, limits):
        if "crash" in os.path.basename(path) and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # what a segfault in a C parser looks like
        return original(self, data, path, limits)

    monkeypatch.setattr(TextReader, "read", read)
    paths = corpus(tmp_path, 3)
    crash = tmp_path / "crash.txt"
    shutil.copyfile(SEEDS[1], crash)
    paths.insert(7, str(crash))
    linter = Linter(config_in(tmp_path))
    run = runner.run_files(linter, paths, jobs=2)
    assert [r.path for r in run.files] == paths
    [finding] = next(r for r in run.files if r.path == str(crash)).findings
    assert (finding.code, finding.context["kind"]) == ("DL001", "crash")
    assert "另存" in finding.message
    expected = findings(runner.run_files(linter, [p for p in paths if p != str(crash)], jobs=1))
    assert [f for f in findings(run) if f[0] != str(crash)] == expected


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_for_long_runs() -> None:
    assert not Progress(500, stream=io.StringIO()).enabled
    assert not Progress(10, stream=_Terminal()).enabled
    terminal = _Terminal()
    bar = Progress(500, stream=terminal, interval=0)
    assert bar.enabled
    for _ in range(499):
        bar.advance()
    bar.advance(cached=1)
    assert "\r[" in terminal.getvalue() and "500/500 files" in terminal.getvalue() and "1 cached" in terminal.getvalue()
    bar.close()
    assert terminal.getvalue().endswith("\r")


def test_progress_bar_is_throttled() -> None:
    terminal = _Terminal()
    bar = Progress(1000, stream=terminal, interval=3600)
    for _ in range(999):
        bar.advance()
    assert terminal.getvalue().count("\r") == 1  # the first update only
    bar.advance()
    assert "1000/1000" in terminal.getvalue()  # the last one always


def test_cli_progress_goes_to_stderr_and_never_into_the_output(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus(tmp_path, 1)
    main(["check", str(tmp_path), "--isolated", "--no-cache", "--jobs", "1", "--format", "json", "--progress"])
    captured = capsys.readouterr()
    assert "files" in captured.err and "\r" not in captured.out
    main(["check", str(tmp_path), "--isolated", "--no-cache", "--jobs", "1", "--format", "json"])
    assert capsys.readouterr().err == ""


HEAVY = ("lxml", "docx", "pypdf", "charset_normalizer", "datasketch", "numpy", "scipy")


@pytest.fixture(scope="module")
def imported_by_one_text_report() -> List[str]:
    return imported_after(f"from disclosurelint.api import lint_paths; lint_paths([{str(SEEDS[0])!r}])", HEAVY)


@pytest.mark.parametrize("module", HEAVY)
def test_linting_one_text_report_does_not_import_heavy_libraries(imported_by_one_text_report: List[str], module: str) -> None:
    assert module not in imported_by_one_text_report


def test_a_few_big_files_are_linted_in_parallel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfs = []
    for n in range(3):
        target = tmp_path / f"{n}.pdf"
        shutil.copyfile(FIXTURES / "real" / "huaian-city-2024.pdf", target)
        pdfs.append(str(target))
    monkeypatch.setattr(runner, "MIN_PARALLEL_BYTES", sum(os.path.getsize(p) for p in pdfs))
    pools = []
    original = runner._parallel
    monkeypatch.setattr(runner, "_parallel", lambda *args: pools.append(1) or original(*args))
    linter = Linter(config_in(tmp_path))
    run = runner.run_files(linter, pdfs, jobs=2)
    assert pools == [1] and findings(run) == findings(linter.run(pdfs))
    assert runner.run_files(linter, pdfs[:1] + [str(SEEDS[0])], jobs=2) and pools == [1]


def path_of(linter: Linter, subject, history: bool) -> str:
    """A work for :func:`runner.process_files`: the file's path, or its reading error's kind."""
    return subject.path if subject else f"{subject.path}: {subject.kind}"


def test_process_files_gives_each_result_in_input_order_from_workers(tmp_path: Path) -> None:
    paths = corpus(tmp_path, 3)[::-1]
    broken = tmp_path / "empty.txt"
    broken.write_bytes(b"")
    paths.insert(3, str(broken))
    session = Session.of(Linter(config_in(tmp_path)))
    assert list(runner.process_files(session, paths, path_of, jobs=2)) == [
        f"{p}: empty" if p == str(broken) else p for p in paths
    ]


def test_workers_run_only_a_few_chunks_ahead_of_the_oldest_unfinished_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow first file holds back the others' results; the workers wait for it rather than
    filling the parent's memory with results that cannot go out yet."""
    started = tmp_path / "started"
    started.mkdir()
    original = TextReader.read

    def read(self, data, path, limits):
        (started / os.path.basename(path)).touch()
        if "slow" in os.path.basename(path):
            time.sleep(2)
        return original(self, data, path, limits)

    monkeypatch.setattr(TextReader, "read", read)
    monkeypatch.setattr(runner, "MAX_CHUNK", 2)
    folder = tmp_path / "reports"
    folder.mkdir()
    paths = corpus(folder, 5)
    shutil.copyfile(SEEDS[0], folder / "slow.txt")
    paths.insert(0, str(folder / "slow.txt"))
    results = runner.process_files(Session.of(Linter(config_in(tmp_path))), paths, path_of, jobs=2)
    assert next(results) == paths[0]
    window = runner.AHEAD * 2 * runner.IN_FLIGHT_PER_WORKER * 2  # chunks ahead × files per chunk
    assert len(os.listdir(started)) <= window < len(paths) // 2
    assert list(results) == paths[1:]


def test_closing_the_results_early_stops_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "MIN_PARALLEL", 1)
    stopped = []
    original = runner._stop_workers
    monkeypatch.setattr(runner, "_stop_workers", lambda pool: stopped.append(1) or original(pool))
    results = runner.process_files(Session.of(Linter(config_in(tmp_path))), corpus(tmp_path, 3), path_of, jobs=2)
    next(results)
    results.close()
    assert stopped == [1]
