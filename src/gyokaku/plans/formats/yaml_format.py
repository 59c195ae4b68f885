from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from gyokaku.plans.formats.base import PlanFormat
from gyokaku.plans.planfile import PlanFileError, Problem, decode_utf8


def dump(data: dict[str, Any]) -> bytes:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return text.encode("utf-8")


def load(
    content: bytes, *, name: str = "<file>", warn: Callable[[str], None] | None = None
) -> dict[str, Any]:
    text = decode_utf8(content, name)
    try:
        # Aliases let a few lines expand into billions of nodes ("billion laughs"); plan files
        # never need them, so they are refused before anything is built.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
                raise PlanFileError([Problem(where, "YAML の別名（*alias）は使えません")])
        data = yaml.safe_load(text)  # safe_load: no arbitrary objects from a file
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise PlanFileError([Problem(where, f"YAML の書式が誤っています: {exc.problem}")]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise PlanFileError([Problem(name, f"YAML として読めません: {exc}")]) from None
    if not isinstance(data, dict):
        raise PlanFileError([Problem(name, "最上位はマッピングである必要があります")])
    return data


FORMAT = PlanFormat(
    code="yaml",
    label="YAML",
    media_type="application/yaml",
    suffix=".yaml",
    dump=dump,
    load=load,
)
