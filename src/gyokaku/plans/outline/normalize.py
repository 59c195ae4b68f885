"""Cleaning text taken from PDFs: lines, page numbers, running headers, full-width forms."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# One character for one character, so positions found in the translated text are valid in
# the original: codes are read on the translation, titles are cut from the original.
FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        "（": "(",
        "）": ")",
        "．": ".",
        "：": ":",
        "／": "/",
        "－": "-",
    }
)

# A line ending with one of these ends its sentence; other lines may be wrapped mid-sentence.
TERMINATORS = frozenset("。．.！？!?」』）)】〕")
# Marks used to decorate a label line (◇◇体系◇◇) rather than to say something.
DECORATIONS = frozenset("◇◆■□●○◎★☆◉※＊*=＝～〜~―─━-")
# Section headings that are not part of the numbered tree (本文以外の見出し).
BACKGROUND_NAMES = frozenset(
    {
        "策定の趣旨・背景",
        "策定の趣旨及び背景",
        "策定の趣旨",
        "策定の背景",
        "趣旨・背景",
        "計画策定の趣旨",
        "プラン策定の趣旨",
        "背景",
        "はじめに",
    }
)
LEGEND_NAMES = frozenset({"凡例"})

_DASHES = "-‐―—–ー─〜~"
_N = "[1-9][0-9]{0,3}"  # page numbers do not start with 0; "01" alone is a stray code
_PAGE_NUMBER = (
    re.compile(rf"^(?:[{_DASHES}]+\s*{_N}\s*[{_DASHES}]+|{_N})$"),  # 3, - 3 -, — 3 —
    re.compile(rf"^{_N}\s*/\s*{_N}$"),  # 3/12
    re.compile(rf"^[pP]\.?\s*{_N}$"),  # P.3
    re.compile(rf"^{_N}\s*(?:ページ|頁)$"),  # 3ページ
)
_SECTION_TRIM = re.compile(r"^[\s■□◆◇●○◎・【［\[<＜〈《]+|[\s】］\]>＞〉》:：]+$")


def to_halfwidth(text: str) -> str:
    return text.translate(FULLWIDTH)


def ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in TERMINATORS


def is_page_number(text: str) -> bool:
    flat = to_halfwidth(text)
    return any(p.match(flat) for p in _PAGE_NUMBER)


def is_decoration(text: str) -> bool:
    """◇◇行財政改革プラン取組方策の体系◇◇: a label framed by the same kind of mark."""
    return len(text) >= 2 and text[0] in DECORATIONS and text[-1] in DECORATIONS


def section_name(text: str) -> str | None:
    """'background' or 'legend' when the line is that section's heading (【凡例】, ■はじめに)."""
    core = _SECTION_TRIM.sub("", text)
    if core in LEGEND_NAMES:
        return "legend"
    if core in BACKGROUND_NAMES:
        return "background"
    return None


Kind = Literal["text", "blank", "break"]


@dataclass
class Line:
    no: int  # 1-based line number in the input
    text: str  # stripped of indentation and trailing space
    kind: Kind


def clean_lines(text: str, heading_style: Callable[[str], str | None]) -> list[Line]:
    """Split into lines, mark page breaks (page numbers, form feeds, running headers), and
    collapse each run of blank lines and breaks into one ``blank`` or one ``break``."""
    lines = _split(text)
    _mark_running_lines(lines, heading_style)
    return _collapse(lines)


def _split(text: str) -> list[Line]:
    if text.startswith("\ufeff"):
        text = text[1:]
    out: list[Line] = []
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        parts = raw.split("\f")
        for i, part in enumerate(parts):
            if i:  # a form feed is a page break even in the middle of a line
                out.append(Line(no, "", "break"))
            stripped = part.strip()
            if not stripped:
                if len(parts) == 1:
                    out.append(Line(no, "", "blank"))
            elif is_page_number(stripped):
                out.append(Line(no, stripped, "break"))
            else:
                out.append(Line(no, stripped, "text"))
    return out


def _mark_running_lines(lines: list[Line], heading_style: Callable[[str], str | None]) -> None:
    """A running header or footer sits next to a page break; one that does so twice with the
    same text is page furniture, not content. Finished sentences never are, and neither is the
    first line (the title, which a running header often repeats). A header of several lines
    (the title, then the chapter) is found a line at a time: once the line at the break is
    furniture, the line after it sits next to the break in turn.

    A repeated line that reads as a heading (a chapter 「第2章 取組方策」 on every page) is
    furniture too when it comes three times or more (two identical headings under different
    parents may both sit at a page break), but for its first occurrence when its numbering
    style is a level of the outline (other headings of that style appear): then that one is
    the heading."""
    first_text = next((i for i, line in enumerate(lines) if line.kind == "text"), -1)
    first_seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        if line.kind == "text":
            first_seen.setdefault(line.text, i)
    changed = True
    repeated: set[str] = set()
    while changed:
        changed = False
        near = [i for i in _next_to_break(lines) if i != first_text]
        counts = Counter(lines[i].text for i in near)
        for i in near:
            text = lines[i].text
            if counts[text] < (3 if heading_style(text) else 2):
                continue
            if len(text) <= 60 and not ends_sentence(text):
                lines[i].kind = "break"
                repeated.add(text)
                changed = True
    body_styles = {
        style
        for line in lines
        if line.kind == "text" and (style := heading_style(line.text)) is not None
    }
    for text in repeated:
        style = heading_style(text)
        if style is not None and style in body_styles:
            lines[first_seen[text]].kind = "text"


def _next_to_break(lines: list[Line]) -> list[int]:
    """Indices of text lines whose nearest non-blank neighbour (either side) is a break."""
    flags = [False] * len(lines)
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        previous: Kind = "blank"
        for i in order:
            kind = lines[i].kind
            if kind == "text":
                flags[i] = flags[i] or previous == "break"
            if kind != "blank":
                previous = kind
    return [i for i, flag in enumerate(flags) if flag]


def _collapse(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if line.kind == "text":
            out.append(line)
        elif out and out[-1].kind != "text":
            if line.kind == "break":
                out[-1] = Line(out[-1].no, "", "break")
        else:
            out.append(Line(line.no, "", line.kind))
    return out
