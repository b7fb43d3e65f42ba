"""Progress on a terminal: one self-overwriting line on stderr, and nothing at all when stderr is not a TTY (so
pipes, CI logs and captured output stay clean)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`update(done)` redraws `label: done/total` at most every `interval` seconds; `close()` clears the line."""

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None, interval: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_tty(self.stream)
        self.label = label
        self.total = total
        self.interval = interval
        self.done = 0
        self._last = 0.0
        self._width = 0

    def update(self, done: int | None = None, note: str = "") -> None:
        self.done = self.done + 1 if done is None else done
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self.interval and (self.total is None or self.done < self.total):
            return
        self._last = now
        count = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
        line = f"{self.label}: {count}" + (f" {note}" if note else "")
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
