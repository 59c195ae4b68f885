from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from gyokaku.plans.formats.base import PlanFormat
from gyokaku.plans.planfile import PlanFileError, Problem, decode_utf8


def dump(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def load(
    content: bytes, *, name: str = "<file>", warn: Callable[[str], None] | None = None
) -> dict[str, Any]:
    text = decode_utf8(content, name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            [Problem(f"{name}:{exc.lineno}:{exc.colno}", f"JSON の書式が誤っています: {exc.msg}")]
        ) from None
    except RecursionError:
        raise PlanFileError([Problem(name, "入れ子が深すぎます")]) from None
    if not isinstance(data, dict):
        raise PlanFileError([Problem(name, "最上位はオブジェクトである必要があります")])
    return data


FORMAT = PlanFormat(
    code="json",
    label="JSON",
    media_type="application/json",
    suffix=".json",
    dump=dump,
    load=load,
)
