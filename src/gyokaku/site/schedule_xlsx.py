"""The 工程表 as an XLSX download: the page's table, one row per item, a 工程 and a 内容 column
per fiscal year (and the status a report gave, as the page shows it). Every text is a string
cell (``lib.xlsxcells``): a title starting with "=" never becomes a formula."""

from __future__ import annotations

import openpyxl
from openpyxl.utils import get_column_letter

from gyokaku.lib.xlsxcells import row_cells, saved_bytes
from gyokaku.site.schedule import ScheduleTable

SHEET = "工程表"


def schedule_xlsx(table: ScheduleTable) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(SHEET)
    ws.freeze_panes = "D3"
    for column, width in enumerate([16, 40, 8], start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.append(row_cells(ws, [f"{table.plan.title}　工程表"], bold=True))
    heading = ["番号", "取組", "階層"]
    for year in table.years:
        heading += [f"{year.label} 工程", f"{year.label} 内容", f"{year.label} 実績"]
    ws.append(row_cells(ws, heading, bold=True))
    for group in table.groups:
        ws.append(row_cells(ws, [group.number, group.title], bold=True))
        for row in group.rows:
            values = [
                row.number,
                row.title + (f"（{row.ended}）" if row.ended else ""),
                row.level_name,
            ]
            for cell in row.cells:
                actual = (
                    f"{cell.actual}（{cell.actual_state}）" if cell.actual_state else cell.actual
                )
                values += [cell.stage, cell.text, actual]
            ws.append(row_cells(ws, values))
    return saved_bytes(book)
