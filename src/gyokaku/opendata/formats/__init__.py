"""Open data formats behind one registry. Each module writes one table's rows to bytes from
the table's definition (``public.tables``) and says how its files are described in
``datapackage.json``:

- ``NAME`` (also the file suffix), ``LABEL`` and ``MEDIA_TYPE``;
- ``RESOURCE``: what the Frictionless resource of such a file says besides its schema;
- ``write(table, rows, notice) -> bytes``.
"""

from __future__ import annotations

from types import ModuleType

from gyokaku.opendata.formats import csv_format, json_format, xlsx_format

FORMATS: dict[str, ModuleType] = {m.NAME: m for m in (csv_format, json_format, xlsx_format)}
