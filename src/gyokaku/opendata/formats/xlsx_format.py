"""XLSX: the table on its first sheet (a header of column names, then the rows), and a second
sheet 「説明」 with the attribution, the licence and what each column means.

Written in openpyxl's write-only mode; every text is a forced string cell (never a formula,
``lib.xlsxcells``, which also drops the control characters XML cannot carry), numbers stay
numbers.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from gyokaku.lib.xlsxcells import row_cells, saved_bytes
from gyokaku.opendata.formats.base import OpenDataFormat
from gyokaku.opendata.licence import Notice
from gyokaku.opendata.tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RESOURCE: dict[str, Any] = {
    "format": "xlsx",
    "mediatype": XLSX,
    "dialect": {"header": True, "headerRows": [1], "excel": {"sheet": 1}},
}
TOP = Alignment(vertical="top")
TYPE_LABELS = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "boolean": "真偽値（TRUE/FALSE）",
    "datetime": "日時（ISO 8601）",
}


def _cells(sheet: Any, values: list[Any]) -> list[Any]:
    cells = row_cells(sheet, values)
    # openpyxl leaves out a cell whose value is None unless it has a style; a row whose last
    # cells were left out reads as too short, so missing values are written as styled blanks.
    return [_blank(sheet) if v is None else v for v in cells]


def _blank(sheet: Any) -> Any:
    cell = WriteOnlyCell(sheet, value=None)
    cell.alignment = TOP
    return cell


def write(table: Table, rows: list[dict[str, Any]], notice: Notice) -> bytes:
    book = Workbook(write_only=True)
    data = book.create_sheet(table.name)
    data.append(row_cells(data, table.names, bold=True))
    for row in rows:
        data.append(_cells(data, table.cells(row)))
    about = book.create_sheet("説明")
    for line in (
        [f"{table.title}（{table.name}）"],
        [table.description],
        [notice.attribution],
        [f"ライセンス: {notice.licence_title} {notice.licence_url}"],
        [],
        ["列名", "日本語名", "型", "説明"],
    ):
        about.append(row_cells(about, line, bold=line[:1] == ["列名"]))
    for column in table.columns:
        line = [column.name, column.title, TYPE_LABELS[column.type], column.description]
        about.append(row_cells(about, line))
    return saved_bytes(book)


FORMAT = OpenDataFormat(
    code="xlsx",  # also the files' suffix, in their URL and in datapackage.json
    label="Excel (XLSX)",
    media_type=XLSX,
    suffix=".xlsx",
    resource=RESOURCE,
    write=write,
)
