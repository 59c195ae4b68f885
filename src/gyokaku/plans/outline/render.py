"""render_outline: a plan dict -> outline text that parse_outline reads back to the same dict."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

PERIOD_LINE = "○計画期間：{start}年度から{end}年度まで"
PARENT_LINE = "上位計画：{parent}"
BACKGROUND_HEADING = "策定の趣旨・背景"
LEGEND_HEADING = "凡例"


def render_outline(plan: Mapping[str, Any]) -> str:
    """Blocks separated by one blank line: title, period, parent plan, lead, the tree (each
    node's ``code title`` then its description paragraphs), background, legend."""
    blocks: list[str] = []
    if plan.get("title"):
        blocks.append(str(plan["title"]))
    period = plan.get("period") or {}
    start, end = period.get("start_fy"), period.get("end_fy")
    if start is not None and end is not None:
        blocks.append(PERIOD_LINE.format(start=start, end=end))
    if plan.get("parent_plan"):
        blocks.append(PARENT_LINE.format(parent=plan["parent_plan"]))
    blocks += _paragraphs(plan.get("lead"))
    first_codes: dict[int, str] = {}
    for node in _preorder(plan.get("nodes") or []):
        blocks.append(f"{node['code']} {node['title']}")
        blocks += _paragraphs(node.get("description"))
        first_codes.setdefault(int(node["level"]), str(node["code"]))
    if plan.get("background"):
        blocks += [BACKGROUND_HEADING, *_paragraphs(plan["background"])]
    legend = _legend_lines(plan.get("levels") or [], first_codes)
    if legend:
        blocks += [LEGEND_HEADING, "\n".join(legend)]
    return "\n\n".join(blocks) + "\n"


def _paragraphs(text: Any) -> list[str]:
    return [p for p in str(text).split("\n\n") if p] if text else []


def _preorder(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    stack = list(reversed(nodes))  # no recursion: depth is the file's to choose
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.get("children") or []))


def _legend_lines(levels: list[dict[str, Any]], first_codes: dict[int, str]) -> list[str]:
    """``code<TAB>name<TAB>description`` per level; a level without a sample code (a file
    that never stored one, and no node at that depth) ends the legend, as depths must run on."""
    lines = []
    for level in sorted(levels, key=lambda lv: int(lv["depth"])):
        numbering = level.get("numbering") or first_codes.get(int(level["depth"]))
        if not numbering:
            break
        line = f"{numbering}\t{level['name']}"
        if level.get("description"):
            line += f"\t{level['description']}"
        lines.append(line)
    return lines
