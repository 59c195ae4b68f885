"""What every report format is: a name, a file type and a function from the report's content
to bytes, told where to say how far it has come."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gyokaku.lib.progress_sink import ProgressSink

if TYPE_CHECKING:
    from gyokaku.reports.content import ReportContent


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
