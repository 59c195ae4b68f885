"""Writing cells that can never become formulas.

openpyxl turns any string starting with "=" into a formula. Text we write comes from users, so
every string is forced to a string cell; numbers stay numbers. This closes formula (CSV/DDE)
injection for XLSX without changing what the text says.

Characters XML cannot carry (control characters stored before issue 18) are dropped here, the
one place every workbook we write gets its text cells from (``lib.text.strip_controls``).
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gyokaku.lib.text import strip_controls


def text_cell(sheet: WriteOnlyWorksheet, value: str, *, bold: bool = False) -> Any:
    cell = WriteOnlyCell(sheet, value=strip_controls(value))
    cell.data_type = "s"  # never "f", whatever the first character
    cell.number_format = "@"  # Excel keeps "01" as text when the cell is edited
    if bold:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)
    return cell


def row_cells(sheet: WriteOnlyWorksheet, values: list[Any], *, bold: bool = False) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            out.append(text_cell(sheet, value, bold=bold))
        else:
            out.append(value)
    return out
