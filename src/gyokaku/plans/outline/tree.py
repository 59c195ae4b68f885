"""Building the node tree (取組方策の体系) from headings, one heading at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gyokaku.plans.outline.errors import DiagnosticLog
from gyokaku.plans.outline.legend import Legend
from gyokaku.plans.outline.numbering import Code, Heading, format_code


@dataclass
class _Open:
    """A node whose children and description are still being read (the root has no node)."""

    node: dict[str, Any] | None
    key: str
    children: list[dict[str, Any]]
    paragraphs: list[str] = field(default_factory=list)
    last: Code | None = None  # the last child's code, to check numbering
    seen: dict[str, int] = field(default_factory=dict)  # child key segment -> line


def reads_like_sentence(title: str) -> bool:
    """Titles are short and unpunctuated; a sentence is prose even if it starts like a code."""
    return "。" in title or title[-1] in ".．!！?？" or len(title) > 60


class TreeBuilder:
    def __init__(self, legend: Legend, log: DiagnosticLog) -> None:
        self.depth_of = dict(legend.depth_of)
        self.levels = [dict(level) for level in legend.levels]
        self.has_legend = legend.present
        self.log = log
        self.root = _Open(None, "", [])
        self.stack: list[_Open | None] = []  # stack[d - 1] is the open node at depth d
        self.current: _Open | None = None  # where description paragraphs go
        self.opened: list[_Open] = []

    def choose(self, options: list[Heading], next_style: str | None) -> Heading | None:
        """The reading of a heading-like line that fits, or None when it is prose."""
        known = [h for h in options if h.code.style in self.depth_of]
        if not known:
            # A new style: its level follows the order in which styles first appear.
            return None if reads_like_sentence(options[0].title) else options[0]
        next_depth = None
        if next_style is not None:
            next_depth = self.depth_of.get(next_style, len(self.depth_of) + 1)
        best = max(known, key=lambda h: self._fit(h, next_depth))
        has_parent, _, expected, _ = self._fit(best, next_depth)
        # "5 年間で…。" under a known "1" style: a sentence that does not continue the
        # numbering is prose; a real heading that reads like one keeps its place.
        if reads_like_sentence(best.title) and not (has_parent and expected):
            return None
        return best

    def _fit(self, heading: Heading, next_depth: int | None) -> tuple[bool, bool, bool, int]:
        """Rank readings of an ambiguous code ("10": 10 or the 10th of 01 …): one with a
        parent, then one the next heading is a child of, then the expected number, then the
        deeper one."""
        depth = self.depth_of[heading.code.style]
        parent = self._parent(depth)
        expected = parent is not None and heading.code.ordinal == _next_ordinal(parent)
        return parent is not None, next_depth == depth + 1, expected, depth

    def _parent(self, depth: int) -> _Open | None:
        if depth == 1:
            return self.root
        return self.stack[depth - 2] if len(self.stack) >= depth - 1 else None

    def add(self, heading: Heading, line: int) -> None:
        code = heading.code
        if code.style not in self.depth_of:
            self._new_level(code, line)
        depth = self.depth_of[code.style]
        node: dict[str, Any] = {
            "key": "",
            "code": code.text,
            "level": depth,
            "title": heading.title,
            "description": "",
            "children": [],
        }
        opened = _Open(node, "", node["children"])
        parent = self._parent(depth)
        if parent is None:
            self.log.error(line, self._orphan_message(heading, depth))
        elif self._check_number(parent, code, line):
            opened.key = code.segment if parent is self.root else f"{parent.key}-{code.segment}"
            node["key"] = opened.key
            parent.children.append(node)
        kept = self.stack[: depth - 1]
        self.stack = [*kept, *([None] * (depth - 1 - len(kept))), opened]
        self.current = opened
        self.opened.append(opened)

    def add_paragraph(self, text: str) -> None:
        if self.current is not None:
            self.current.paragraphs.append(text)

    def finish(self) -> list[dict[str, Any]]:
        for opened in self.opened:
            if opened.node is not None:
                opened.node["description"] = "\n\n".join(opened.paragraphs)
        return self.root.children

    def _new_level(self, code: Code, line: int) -> None:
        depth = len(self.depth_of) + 1
        self.depth_of[code.style] = depth
        self.levels.append(
            {"depth": depth, "name": f"第{depth}階層", "description": "", "numbering": code.text}
        )
        if self.has_legend:
            self.log.warn(
                line, f"凡例にない番号の形式です: {code.text}（第{depth}階層として読みます）"
            )

    def _check_number(self, parent: _Open, code: Code, line: int) -> bool:
        """Duplicates are errors (keys must be unique); gaps are warnings (summaries skip)."""
        if code.segment in parent.seen:
            first = parent.seen[code.segment]
            self.log.error(
                line, f"番号が重複しています: {code.text}（{first} 行目と同じ上位項目の下）"
            )
            return False
        parent.seen[code.segment] = line
        expected, last = _next_ordinal(parent), parent.last
        if code.ordinal > expected:
            if last is None:
                first_code = format_code(code.style, 1)
                message = f"番号が飛んでいます: 最初の番号が {first_code} ではなく {code.text} です"
            else:
                message = f"番号が飛んでいます: {last.text} の次が {code.text}"
            self.log.warn(line, message)
        elif code.ordinal < expected and last is not None:
            self.log.warn(line, f"番号の順番が前後しています: {last.text} の次が {code.text}")
        parent.last = code
        return True

    def _orphan_message(self, heading: Heading, depth: int) -> str:
        title = heading.title if len(heading.title) <= 20 else heading.title[:20] + "…"
        level = self.levels[depth - 2]
        return (
            f"「{heading.code.text} {title}」の上位になる「{level['name']}」"
            f"（{level['numbering']} の形式）の見出しがありません"
        )


def _next_ordinal(parent: _Open) -> int:
    return parent.last.ordinal + 1 if parent.last else 1
