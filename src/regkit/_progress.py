"""A one-line progress bar on stderr, for long batch runs at a terminal.

Shown only when stderr is a terminal (never in a pipe, a log or CI), redrawn at
most ten times a second, and measured in input bytes, which are known before
the run ends, unlike the number of lines.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """`update(done_bytes, lines)` as work completes; `close()` at the end."""

    def __init__(self, total_bytes: int | None, stream: TextIO | None = None, *, force: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.total = total_bytes or None
        self.enabled = self.stream is not None and (force or self.stream.isatty())
        self.start = self.last = time.monotonic()
        self.shown = False

    def update(self, done_bytes: int, lines: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        rate = lines / max(now - self.start, 1e-9)
        if self.total:
            share = min(done_bytes / self.total, 1.0)
            filled = int(share * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} "
        else:
            bar = ""
        self.stream.write(f"\r{bar}{lines:,} histories, {rate:,.0f}/s ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
