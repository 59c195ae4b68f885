"""Plan file formats behind one registry: each module reads bytes into the plan-file dict and
writes the dict back to bytes (``PlanFormat``: dump, load). JSON is the reference shape; the
others map onto it."""

from __future__ import annotations

from pathlib import Path

from gyokaku.lib.formats import Registry
from gyokaku.plans.formats import json_format, text_format, xlsx_format, yaml_format
from gyokaku.plans.formats.base import PlanFormat

FORMATS: Registry[PlanFormat] = Registry(
    json_format.FORMAT, yaml_format.FORMAT, xlsx_format.FORMAT, text_format.FORMAT
)

# Outline text is what anything else is read as; .yml is YAML's other suffix.
_SUFFIXES = {f.suffix: f.code for f in FORMATS.values() if f.code != "text"} | {".yml": "yaml"}


def format_for_path(path: str | Path) -> str:
    """The format a file's name implies; anything unknown is read as outline text."""
    return _SUFFIXES.get(Path(path).suffix.lower(), "text")


__all__ = ["FORMATS", "PlanFormat", "format_for_path"]
