"""Plan file formats behind one registry: each module reads bytes into the plan-file dict and
writes the dict back to bytes. JSON is the reference shape; the others map onto it."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from gyokaku.plans.formats import json_format, text_format, xlsx_format, yaml_format

FORMATS: dict[str, ModuleType] = {
    "json": json_format,
    "yaml": yaml_format,
    "xlsx": xlsx_format,
    "text": text_format,
}

_SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}


def format_for_path(path: str | Path) -> str:
    """The format a file's name implies; anything unknown is read as outline text."""
    return _SUFFIXES.get(Path(path).suffix.lower(), "text")


def get_format(name: str) -> ModuleType:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}") from None
