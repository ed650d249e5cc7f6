"""What a build is doing, for people watching: stage timings and an optional live display.

The pipeline calls ``progress.stage(name)`` around each stage and ``progress.advance(done, total)``
inside long ones; the CLI shows them on a terminal (and stays quiet otherwise). Timings are never
written into the site.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Progress:
    """Records stage timings; subclasses display them."""

    timings: list[tuple[str, float]] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        self.started(name)
        try:
            yield self
        finally:
            elapsed = time.perf_counter() - start
            self.timings.append((name, elapsed))
            self.finished(name, elapsed)

    def started(self, name: str) -> None:
        pass

    def advance(self, done: int, total: int) -> None:
        pass

    def finished(self, name: str, elapsed: float) -> None:
        pass


class TerminalProgress(Progress):
    """A one-line display on stderr, shown only once a build has run for a moment."""

    def __init__(self, stream=None, delay: float = 1.0):
        super().__init__()
        self.stream = stream or sys.stderr
        self.delay = delay
        self.begin = time.perf_counter()
        self.current = ""
        self.last_draw = 0.0

    def _draw(self, text: str) -> None:
        now = time.perf_counter()
        if now - self.begin < self.delay or now - self.last_draw < 0.1:
            return
        self.last_draw = now
        self.stream.write("\r\033[K" + text)
        self.stream.flush()

    def started(self, name: str) -> None:
        self.current = name
        self._draw(f"{name}…")

    def advance(self, done: int, total: int) -> None:
        self._draw(f"{self.current}: {done}/{total}")

    def finished(self, name: str, elapsed: float) -> None:
        if time.perf_counter() - self.begin >= self.delay:
            self.stream.write(f"\r\033[K{name}: {elapsed:.1f} s\n")
            self.stream.flush()
