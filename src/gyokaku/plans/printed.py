"""Numbers as the plan prints them (「2-(1)-01-⑤」): each item's own code after its ancestors'.
People read these; the internal key (``2-1-01-5``) stays in URLs, the API and commands."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def printed_number(codes: Iterable[str]) -> str:
    """The codes from the pillar down joined by a dash, blank codes left out."""
    return "-".join(code for code in codes if code)


def printed_numbers(codes: Mapping[str, str]) -> dict[str, str]:
    """Key -> printed number, for every key of ``codes`` (key -> the node's own code). Keys are
    paths (a parent's key is its child's prefix), so no tree is needed; a key whose parent is
    not in ``codes`` starts from its own code."""
    out: dict[str, str] = {}
    for key in sorted(codes, key=lambda k: k.count("-")):
        head, sep, _ = key.rpartition("-")
        out[key] = printed_number([out[head], codes[key]] if sep and head in out else [codes[key]])
    return out
