"""Ending a run from outside, with real processes: Ctrl-C with worker processes, and a closed output pipe."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import pytest

from conftest import SEEDS
from disclosurelint.extract import COLUMNS

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")

#: The command line, with text reports named ``*slow*`` taking a minute to read (in every process).
SLOW_CLI = """
import os, sys, time
from disclosurelint.readers.text import TextReader
original = TextReader.read
def read(self, data, path, limits):
    if "slow" in os.path.basename(path):
        open(os.path.join(os.environ["STARTED"], str(os.getpid())), "w").close()
        time.sleep(60)
    return original(self, data, path, limits)
TextReader.read = read
from disclosurelint.cli import main
sys.exit(main(sys.argv[1:]))
"""


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting for its parent does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


@pytest.mark.parametrize(
    "to_group,command",
    [(True, ["--no-cache"]), (False, ["--no-cache"]), (True, ["extract", "--format", "csv"])],
    ids=["terminal-ctrl-c", "sigint-to-parent", "extract"],
)
def test_ctrl_c_ends_a_run_with_workers_promptly(tmp_path: Path, to_group: bool, command: List[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(40):
        shutil.copyfile(SEEDS["000"], folder / f"slow-{n:02}.txt")
    started = tmp_path / "started"
    started.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CLI, *command, str(folder), "--isolated", "--no-plugins", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "STARTED": str(started)},
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 60
        while len(os.listdir(started)) < 2 and time.monotonic() < deadline:  # both workers busy with a slow file
            time.sleep(0.05)
        workers: List[int] = [int(name) for name in os.listdir(started)]
        assert len(workers) == 2 and process.pid not in workers
        sent = time.monotonic()
        if to_group:
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
        elapsed = time.monotonic() - sent
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert err.decode().splitlines()[-1] == "disclosurelint: interrupted" and b"Traceback" not in err
    assert elapsed < 10 and out.decode("utf-8-sig") == ("" if command[0] != "extract" else ",".join(COLUMNS) + "\n")
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


@pytest.mark.parametrize("command", [["--no-cache"], ["extract"]], ids=["check", "extract"])
def test_a_closed_output_pipe_ends_the_run_quietly(tmp_path: Path, command: List[str]) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(60):
        shutil.copyfile(SEEDS["002"], folder / f"{n:02}.txt")  # six findings, 18 KB of model each: more than a pipe buffer
    command = [sys.executable, "-m", "disclosurelint.cli", *command, str(folder), "--isolated", "--no-plugins", "--format", "json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(100)  # `| head -c 100`
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert first.startswith(b"{") and err == b""
