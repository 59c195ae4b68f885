"""The legend (凡例): one line per level, ``code name description``, mapping styles to depths.

Read before the tree because summaries print it last (the seed does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gyokaku.plans.outline.errors import DiagnosticLog
from gyokaku.plans.outline.normalize import Line, section_name
from gyokaku.plans.outline.numbering import LABEL, Code, CodeReader


@dataclass
class Legend:
    levels: list[dict[str, Any]] = field(default_factory=list)
    depth_of: dict[str, int] = field(default_factory=dict)  # style -> depth
    labels: tuple[str, ...] = ()  # labelled styles the legend taught (視点1)
    consumed: set[int] = field(default_factory=set)  # indices of the legend's own lines

    @property
    def present(self) -> bool:
        return bool(self.levels)


def scan_legend(lines: list[Line], reader: CodeReader, log: DiagnosticLog) -> Legend:
    legend = Legend()
    start = next(
        (i for i, line in enumerate(lines) if line.kind == "text" and _is_heading(line)), None
    )
    if start is None:
        return legend
    legend.consumed.add(start)
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.kind != "text":
            if line.kind == "blank" and legend.levels:
                break  # entries stand together; a blank line after them ends the legend
            continue
        entry = _entry(line.text, reader)
        if entry is None or entry[0].style in legend.depth_of:
            break
        _add(legend, *entry)
        legend.consumed.add(i)
    if not legend.levels:
        log.warn(lines[start].no, "凡例に階層の行がありません（例: 「1<TAB>柱<TAB>説明」）")
    return legend


def _is_heading(line: Line) -> bool:
    return section_name(line.text) == "legend"


def _entry(text: str, reader: CodeReader) -> tuple[Code, str, str] | None:
    """``1<TAB>柱<TAB>説明`` or, without tabs, ``1 柱 説明`` (then the name has no space)."""
    if "\t" in text:
        parts = [part.strip() for part in text.split("\t") if part.strip()]
    else:
        parts = text.split(maxsplit=2)
    if len(parts) < 2:
        return None
    code = reader.read_code(parts[0])
    if code is None:
        return None
    return code, parts[1], "\t".join(parts[2:])


def _add(legend: Legend, code: Code, name: str, description: str) -> None:
    depth = len(legend.levels) + 1
    legend.depth_of[code.style] = depth
    legend.levels.append(
        {"depth": depth, "name": name, "description": description, "numbering": code.text}
    )
    if code.style.startswith(LABEL):
        label = code.style.partition(":")[2].removesuffix("【】")
        if label not in legend.labels:
            legend.labels += (label,)
