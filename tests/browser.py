"""Headless Chromium for tests: Debian's ``chromium``, driven through its command line.

``load`` prints the DOM after Chromium parsed the page and ran its scripts
(``--dump-dom``), optionally taking a screenshot.  Where chromium is not
installed the test is skipped, unless ``DISCLOSURELINT_REQUIRE_BROWSER`` is
set (``.ci/run`` sets it): then it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional, Sequence, Tuple

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome")
#: Headless as root on a closed network: without the background-networking flags its connections are refused.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def chromium() -> str:
    """The browser's path; skips the test (fails it in CI) when there is none."""
    found = next(filter(None, map(shutil.which, NAMES)), None)
    if found is None:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("DISCLOSURELINT_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def load(url: str, screenshot: Optional[Path] = None, size: Tuple[int, int] = (1280, 1600), flags: Sequence[str] = ()) -> str:
    """The DOM of ``url`` once Chromium has loaded it, with a screenshot of the window when asked."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}", *flags, "--dump-dom"]
        if screenshot is not None:
            command.append(f"--screenshot={screenshot}")
        done = subprocess.run([*command, url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip(), done.stderr[-2000:]
    return done.stdout
