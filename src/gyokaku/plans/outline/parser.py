"""parse_outline: outline text as municipalities publish it -> a ``gyokaku-plan/1`` dict.

Pure Python (no Django), so ``gyokaku plan parse`` touches no database. See
docs/plan-outline.md for the rules this follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gyokaku.lib.text import text_problem
from gyokaku.plans.outline.errors import Diagnostic, DiagnosticLog
from gyokaku.plans.outline.front import (
    Paragraph,
    document_eras,
    guess_municipality,
    is_front_line,
    read_front_matter,
)
from gyokaku.plans.outline.legend import Legend, scan_legend
from gyokaku.plans.outline.normalize import (
    Line,
    clean_lines,
    ends_sentence,
    is_decoration,
    section_name,
)
from gyokaku.plans.outline.numbering import KNOWN_LABELS, CodeReader, Heading
from gyokaku.plans.outline.tree import TreeBuilder

FORMAT = "gyokaku-plan/1"

Mode = Literal["preamble", "node", "background", "legend"]


@dataclass
class ParseResult:
    plan: dict[str, Any]
    warnings: list[Diagnostic]


def parse_outline(text: str, *, slug: str | None = None) -> ParseResult:
    """Read an outline; raise OutlineError (with every error found) when it cannot be read."""
    if not isinstance(text, str):
        raise TypeError(f"parse_outline() needs str, not {type(text).__name__}")
    log = DiagnosticLog()
    _check_characters(text, log)
    base = CodeReader()
    lines = clean_lines(text, lambda s: _style(base, s))
    legend = scan_legend(lines, base, log)
    reader = CodeReader(KNOWN_LABELS + legend.labels) if legend.labels else base
    walker = _Walker(reader, legend, log)
    walker.run(lines)
    nodes = walker.tree.finish()
    if not nodes and not log.errors:
        first = next((line.no for line in lines if line.kind == "text"), 1)
        log.error(first, "番号の付いた見出し（例: 「1 人材の確保」「① 窓口の改善」）がありません")
    front = read_front_matter(walker.preamble, log, eras=document_eras(text))
    log.raise_if_errors()
    plan: dict[str, Any] = {
        "format": FORMAT,
        "municipality": {"code": None, "name": guess_municipality(front.title)},
        "slug": slug,
        "title": front.title,
        "period": {"start_fy": front.start_fy, "end_fy": front.end_fy},
        "parent_plan": front.parent_plan,
        "lead": front.lead,
        "background": "\n\n".join(walker.background),
        "levels": walker.tree.levels,
        "nodes": nodes,
    }
    return ParseResult(plan, log.sorted_warnings())


def _style(reader: CodeReader, text: str) -> str | None:
    """The numbering style of ``text`` read as a heading (its first reading), else None."""
    headings = reader.read_heading(text)
    return headings[0].code.style if headings else None


def _check_characters(text: str, log: DiagnosticLog) -> None:
    """Control characters are errors at their line (lib.text), but for the form feed, a page
    break in text taken from PDFs (normalize.clean_lines reads it as one)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for no, line in enumerate(lines, 1):
        if problem := text_problem(line.replace("\f", " "), multiline=True):
            log.error(no, problem)


class _Walker:
    """Feeds cleaned lines to the tree, the front matter or the background section."""

    def __init__(self, reader: CodeReader, legend: Legend, log: DiagnosticLog) -> None:
        self.reader = reader
        self.legend = legend
        self.log = log
        self.tree = TreeBuilder(legend, log)
        self.mode: Mode = "preamble"
        self.para = Paragraph(0)
        self.preamble: list[Paragraph] = []
        self.background: list[str] = []

    def run(self, lines: list[Line]) -> None:
        headings = [
            self.reader.read_heading(line.text)
            if line.kind == "text" and i not in self.legend.consumed
            else []
            for i, line in enumerate(lines)
        ]
        # The style of the next heading-like line, to settle an ambiguous code by lookahead.
        next_style: list[str | None] = [None] * len(lines)
        upcoming: str | None = None
        for i in range(len(lines) - 1, -1, -1):
            next_style[i] = upcoming
            if headings[i]:
                upcoming = headings[i][0].code.style
        for i, line in enumerate(lines):
            self._feed(i, line, headings[i], next_style[i])
        self._flush()

    def _feed(self, i: int, line: Line, options: list[Heading], next_style: str | None) -> None:
        if line.kind == "blank":
            self._flush()
        elif line.kind == "break":
            # A paragraph cut by a page break mid-sentence continues on the next page.
            cut = self.para.lines and not ends_sentence(self.para.lines[-1])
            if not (cut and self.mode in ("node", "background")):
                self._flush()
        elif i in self.legend.consumed:
            self._enter("legend")
        elif section := section_name(line.text):
            self._enter("legend" if section == "legend" else "background")
        elif (chosen := self.tree.choose(options, next_style) if options else None) is not None:
            self._enter("node")
            self.tree.add(chosen, line.no)
        elif is_decoration(line.text):  # after headings: "- 1 柱-" is a bulleted heading
            self._flush()
        else:
            if not self.para.lines:
                self.para = Paragraph(line.no)
            self.para.lines.append(line.text)

    def _enter(self, mode: Mode) -> None:
        self._flush()
        self.mode = mode

    def _flush(self) -> None:
        para = self.para
        if not para.lines:
            return
        self.para = Paragraph(0)
        if self.mode == "preamble" or (self.mode == "background" and is_front_line(para.text)):
            self.preamble.append(para)
        elif self.mode == "node":
            self.tree.add_paragraph(para.text)
        elif self.mode == "background":
            self.background.append(para.text)
        else:
            self.log.warn(para.line, f"凡例の後の文章を読み飛ばしました: {para.text[:20]}")
