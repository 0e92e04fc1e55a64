"""A one-line progress bar on stderr for long runs (no dependency).

Shown only when the stream is a terminal and the run is long enough to need
it; redrawn in place with ``\\r`` at most every ``interval`` seconds and
erased when the run ends, so the output of the run itself is never mixed
with it.
"""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO

#: Runs with fewer files finish before a bar would help.
MIN_FILES = 50
_WIDTH = 24


class Progress:
    """Counts finished files and redraws the bar, throttled."""

    def __init__(
        self,
        total: int,
        stream: Optional[TextIO] = None,
        enabled: Optional[bool] = None,
        interval: float = 0.1,
    ) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = total > MIN_FILES and _is_tty(self.stream)
        self.enabled = enabled and total > 0
        self.interval = interval
        self.done = 0
        self.cached = 0
        self._start = time.monotonic()
        self._drawn = float("-inf")
        self._width = 0

    def advance(self, files: int = 1, cached: int = 0) -> None:
        self.done += files
        self.cached += cached
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= self.interval or self.done >= self.total:
            self._drawn = now
            self._draw(self.line(now))

    def line(self, now: Optional[float] = None) -> str:
        """The bar as text, e.g. ``[######    ] 1200/2000 files  60%  850/s  (300 cached)``."""
        elapsed = (now if now is not None else time.monotonic()) - self._start
        share = self.done / self.total if self.total else 1.0
        filled = int(share * _WIDTH)
        rate = f"  {self.done / elapsed:.0f}/s" if elapsed > 0 else ""
        cached = f"  ({self.cached} cached)" if self.cached else ""
        return f"[{'#' * filled}{' ' * (_WIDTH - filled)}] {self.done}/{self.total} files {share:4.0%}{rate}{cached}"

    def close(self) -> None:
        """Erase the bar."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _draw(self, text: str) -> None:
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
