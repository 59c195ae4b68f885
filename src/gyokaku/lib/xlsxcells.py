"""Writing cells that can never become formulas.

openpyxl turns any string starting with "=" into a formula. Text we write comes from users, so
every string is forced to a string cell; numbers stay numbers. This closes formula (CSV/DDE)
injection for XLSX without changing what the text says.

Characters XML cannot carry (control characters stored before issue 18) are dropped here, the
one place every workbook we write gets its text cells from (``lib.text.strip_controls``).

``saved_bytes`` writes a workbook whose bytes depend only on its content: openpyxl stamps the
time of saving into the document properties and every ZIP entry, so the same open data file
differed on each download (no ETag, no byte-for-byte comparison after a restore).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
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


# The earliest time a ZIP entry can carry; also written as the document's 作成日時/更新日時.
FIXED_TIME = dt.datetime(1980, 1, 1)


CORE_PROPERTIES = "docProps/core.xml"
MODIFIED_RE = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def saved_bytes(book: Workbook) -> bytes:
    """``book`` saved, with the same bytes for the same content (no time of saving in it)."""
    book.properties.created = FIXED_TIME
    saved = io.BytesIO()
    book.save(saved)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info)
            if info.filename == CORE_PROPERTIES:  # openpyxl sets "modified" to now on save
                content = MODIFIED_RE.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()
