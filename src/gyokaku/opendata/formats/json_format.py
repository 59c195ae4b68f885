"""JSON: an array of objects, one per row, keyed by column name; missing values are null.

A table without rows (``corrections`` before any 訂正, ``target_changes`` before any change) is
the array of its column names alone,
``[["municipality_code", …]]``: Frictionless reads an empty array as no table at all (a
validation error), and the header row is its array-of-arrays form of a table with no rows.

Decimals are JSON numbers (a value a float cannot carry exactly is written as a string, which
the schema's ``number`` type still reads).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from gyokaku.opendata.formats.base import OpenDataFormat
from gyokaku.opendata.licence import Notice
from gyokaku.opendata.tables import Table

RESOURCE: dict[str, Any] = {"format": "json", "mediatype": "application/json", "encoding": "utf-8"}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def write(table: Table, rows: list[dict[str, Any]], notice: Notice) -> bytes:
    names = table.names
    lines = [
        json.dumps(
            dict(zip(names, table.cells(row), strict=True)), ensure_ascii=False, default=_plain
        )
        for row in rows
    ]
    if not lines:
        return (json.dumps([names], ensure_ascii=False) + "\n").encode("utf-8")
    body = ",\n".join(lines)
    return f"[\n{body}\n]\n".encode()


FORMAT = OpenDataFormat(
    code="json",  # also the files' suffix, in their URL and in datapackage.json
    label="JSON",
    media_type="application/json",
    suffix=".json",
    resource=RESOURCE,
    write=write,
)
