"""CSV: UTF-8 with a BOM (Excel opens it as UTF-8), CRLF line ends, a header of column names.

Text that a spreadsheet would run as a formula is written with a leading ``'`` (OWASP "CSV
Injection", as the department sheets do: ``exchange.csv_io.csv_cell``); numbers are never
escaped. Empty cells are missing values.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from gyokaku.exchange.csv_io import csv_cell
from gyokaku.opendata.formats.base import OpenDataFormat
from gyokaku.opendata.licence import Notice
from gyokaku.opendata.tables import Table

RESOURCE: dict[str, Any] = {
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "dialect": {
        "header": True,
        "headerRows": [1],
        "csv": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"'},
    },
}


def write(table: Table, rows: list[dict[str, Any]], notice: Notice) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.names)
    for row in rows:
        writer.writerow([csv_cell(value) for value in table.cells(row)])
    return out.getvalue().encode("utf-8-sig")


FORMAT = OpenDataFormat(
    code="csv",  # also the files' suffix, in their URL and in datapackage.json
    label="CSV",
    media_type="text/csv; charset=utf-8",
    suffix=".csv",
    resource=RESOURCE,
    write=write,
)
