"""Outline text, as municipalities publish their plans (see docs/plan-outline.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gyokaku.plans.formats.base import PlanFormat
from gyokaku.plans.planfile import PlanFileError, Problem, decode_utf8


def dump(data: dict[str, Any]) -> bytes:
    from gyokaku.plans.outline import render_outline

    return render_outline(data).encode("utf-8")


def load(
    content: bytes, *, name: str = "<file>", warn: Callable[[str], None] | None = None
) -> dict[str, Any]:
    from gyokaku.plans.outline import OutlineError, parse_outline

    text = decode_utf8(content, name)
    try:
        result = parse_outline(text)
    except OutlineError as exc:
        raise PlanFileError(
            [
                Problem(f"{name}:{d.line}", d.message)
                for d in exc.diagnostics
                if d.severity == "error"
            ]
        ) from None
    if warn:
        for diagnostic in result.warnings:
            warn(diagnostic.format(name))
    return result.plan


FORMAT = PlanFormat(
    code="text",
    label="テキスト（アウトライン）",
    media_type="text/plain; charset=utf-8",
    suffix=".txt",
    dump=dump,
    load=load,
)
