"""What a plan file format is: a ``lib.formats.Format`` that dumps the plan-file dict to bytes
and loads it back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from gyokaku.lib.formats import Format


class PlanLoader(Protocol):
    def __call__(
        self, content: bytes, *, name: str = ..., warn: Callable[[str], None] | None = ...
    ) -> dict[str, Any]:
        """The plan-file dict of ``content``; PlanFileError names where (``name``:line) and
        what is wrong. ``warn`` hears what was read but may not be what was meant."""


@dataclass(frozen=True)
class PlanFormat(Format):
    dump: Callable[[dict[str, Any]], bytes] = field(compare=False)
    load: PlanLoader = field(compare=False)
