"""What every report format is: a name, a file type and a function from the report's content
to bytes, told where to say how far it has come."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from gyokaku.reports.content import ReportContent


class ProgressSink(Protocol):
    """Where a renderer reports progress: gyokaku.jobs.registry.Progress, or Quiet."""

    def step(self, text: str, *, total: int | None = None) -> None: ...

    def advance(self, done: int, total: int | None = None) -> None: ...


class Quiet:
    """Progress nobody watches (the command line, tests)."""

    def step(self, text: str, *, total: int | None = None) -> None:
        pass

    def advance(self, done: int, total: int | None = None) -> None:
        pass


@dataclass(frozen=True)
class Format:
    code: str  # pdf, html, xlsx: the --format value and the stored file's extension
    label: str
    purpose: str  # what a person picks it for
    content_type: str
    render: Callable[[ReportContent, ProgressSink], bytes]

    @property
    def extension(self) -> str:
        return self.code
