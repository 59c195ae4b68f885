"""Open data formats behind one registry (``OpenDataFormat``). Each module writes one table's
rows to bytes from the table's definition (``opendata.tables``), ``write(table, rows, notice)``,
and says how its files are described in ``datapackage.json`` (``resource``); its ``code`` is
also the files' suffix.
"""

from __future__ import annotations

from gyokaku.lib.formats import Registry
from gyokaku.opendata.formats import csv_format, json_format, xlsx_format
from gyokaku.opendata.formats.base import OpenDataFormat

FORMATS: Registry[OpenDataFormat] = Registry(
    csv_format.FORMAT, json_format.FORMAT, xlsx_format.FORMAT
)

__all__ = ["FORMATS", "OpenDataFormat"]
