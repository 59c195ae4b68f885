"""What a report format is: a ``lib.formats.Format`` with what a person picks it for and a
function from the report's content to bytes, told where to say how far it has come."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gyokaku.lib.formats import Format
from gyokaku.lib.progress_sink import ProgressSink

if TYPE_CHECKING:
    from gyokaku.reports.parts import ReportContent


@dataclass(frozen=True)
class ReportFileFormat(Format):
    # code: pdf, html, xlsx — the --format value, the stored ReportFile.format and the extension
    purpose: str  # what a person picks it for (gettext_noop: translated where shown)
    render: Callable[[ReportContent, ProgressSink], bytes] = field(compare=False)
