"""How long work says how far it has come, whoever listens: a background job's row
(gyokaku.jobs.registry.Progress), a command's stderr, or nobody."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class ProgressSink(Protocol):
    def step(self, text: str, *, total: int | None = None) -> None:
        """A new stage of the work; ``total`` is its size when known."""

    def advance(self, done: int, total: int | None = None) -> None:
        """``done`` of the stage's units are done; cheap enough to call for every row."""


class NoProgress:
    def step(self, text: str, *, total: int | None = None) -> None:
        pass

    def advance(self, done: int, total: int | None = None) -> None:
        pass


NO_PROGRESS = NoProgress()


class TextProgress:
    """Progress as lines of text for a command's stderr: each step, then each further quarter
    of a step whose size is known (a 10,000-row file prints a handful of lines, not 10,000)."""

    def __init__(self, write: Callable[[str], None], *, quiet: bool = False) -> None:
        self.write = write
        self.quiet = quiet
        self.text = ""
        self.total: int | None = None
        self.shown = 0  # quarters shown of the current step

    def step(self, text: str, *, total: int | None = None) -> None:
        self.text, self.total, self.shown = text, total, 0
        if not self.quiet:
            self.write(f"{text}…")

    def advance(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        if self.quiet or not self.total:
            return
        quarter = min(4, done * 4 // self.total)
        if quarter > self.shown:
            self.shown = quarter
            self.write(f"  {self.text}: {min(done, self.total):,} / {self.total:,}")
