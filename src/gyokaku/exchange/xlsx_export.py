"""The .xlsx a department fills in: streamed (write-only) so 10,000 rows stay cheap.

Every text is a forced string cell (never a formula); numbers stay numbers. The sheets are
protected without a password — the protection prevents slips, the versions and the checks on
upload are what make the file safe — and only the cells to fill in are unlocked.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gyokaku.exchange.columns import (
    CHOICES,
    EFFECT_HEADERS,
    EFFECT_KINDS,
    EFFECT_REASON_HEADER,
    EFFECTS,
    FORMAT,
    INDICATORS,
    INFO_HEADERS,
    INFO_WIDTHS,
    PROGRESS,
    RECORDS,
    VERSION_HEADERS,
    VERSIONS,
    Column,
    indicator_headers,
)
from gyokaku.exchange.current import NodeNow
from gyokaku.lib.xlsxcells import saved_bytes, text_cell
from gyokaku.plans.sheet_template import SHEET as ITEM_SHEET
from gyokaku.plans.sheet_template import SheetTemplate, sheet_rows

# A write-only sheet: openpyxl's type stubs lack the page setup and protection it does have.
Sheet = Any
UNLOCKED = Protection(locked=False)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EDIT_FILL = PatternFill("solid", fgColor="FFFFF0")
WRAP = Alignment(wrap_text=True, vertical="top")
SPARE_EFFECT_ROWS = 100  # blank rows under 財政効果 where a department adds a line


# The note on a reporting unit's title: the items its report covers (報告単位, issue 13 #3).
LINES_NOTE = "内訳（この取組の報告に含む取組）"


def _text(ws: Sheet, value: str, *, editable: bool = False) -> Any:
    cell = text_cell(ws, value)
    cell.alignment = WRAP
    if editable:
        cell.protection = UNLOCKED
        cell.fill = EDIT_FILL
    return cell


def _number(ws: Sheet, value: Decimal | int | None, fmt: str, editable: bool) -> Any:
    cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # Decimal is fine
    cell.number_format = fmt
    if editable:
        cell.protection = UNLOCKED
        cell.fill = EDIT_FILL
    return cell


def _header(ws: Sheet, headers: list[str]) -> list[Any]:
    cells = []
    for header in headers:
        cell = text_cell(ws, header, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cells.append(cell)
    return cells


def _setup(ws: Sheet, widths: list[float], freeze: str) -> None:
    """Before any row: widths, frozen header, protection, A4 landscape fitted to the width."""
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = freeze
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    protection = ws.protection
    protection.sheet = True
    # False means "allowed": people may widen columns, filter and sort what they see.
    protection.formatColumns = False
    protection.formatRows = False
    protection.autoFilter = False


def _choice_sheet(wb: Workbook, lists: list[list[str]]) -> list[str]:
    """A hidden sheet holding every drop-down list; returns each list's range."""
    ws = wb.create_sheet(CHOICES)
    ws.sheet_state = "hidden"
    longest = max((len(items) for items in lists), default=0)
    for row in range(longest):
        ws.append([text_cell(ws, items[row]) if row < len(items) else None for items in lists])
    return [
        f"'{CHOICES}'!${get_column_letter(i)}$1:${get_column_letter(i)}${max(1, len(items))}"
        for i, items in enumerate(lists, 1)
    ]


def _drop_down(ws: Sheet, source: str, column: int, last_row: int, noun: str) -> None:
    letter = get_column_letter(column)
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="選択肢にありません",
        error=f"{noun}は一覧から選んでください",
    )
    validation.add(f"{letter}2:{letter}{max(2, last_row)}")
    ws.data_validations.append(validation)


def workbook_bytes(
    *,
    plan_slug: str,
    fiscal_year: int,
    columns: list[Column],
    rows: list[NodeNow],
    item_sheets: SheetTemplate | None = None,
) -> bytes:
    wb = Workbook(write_only=True)
    progress = wb.create_sheet(PROGRESS)
    indicators = wb.create_sheet(INDICATORS)
    effects = wb.create_sheet(EFFECTS)
    lists = [list(c.choices or {}) for c in columns if c.choices] + [list(EFFECT_KINDS)]
    sources = _choice_sheet(wb, lists)
    _progress(progress, columns, rows, sources)
    _indicators(indicators, rows, fiscal_year)
    _effects(effects, rows, sources[-1])
    if item_sheets is not None and item_sheets.rows:
        _item_sheets(wb.create_sheet(ITEM_SHEET), item_sheets)
    _versions(wb, plan_slug, fiscal_year, rows)
    return saved_bytes(wb)


def _item_sheets(ws: Sheet, template: SheetTemplate) -> None:
    """個票 of the workbook's items, to read beside the year's entry (locked: the plan office
    changes a 個票 with the 個票 template, docs/item-sheets.md; this sheet is not read back)."""
    headings = template.headings()
    _setup(ws, [10.0, 14.0, 30.0, *([36.0] * (len(headings) - 3))], "D3")
    _, heads, *items = sheet_rows(template)
    ws.append([_text(ws, f"{template.title}　個票（参照用。ここでの変更は取り込みません）")])
    ws.append(_header(ws, heads))
    for values in items:
        ws.append([_text(ws, value) for value in values])


def _progress(
    ws: Sheet,
    columns: list[Column],
    rows: list[NodeNow],
    sources: list[str],
) -> None:
    _setup(ws, INFO_WIDTHS + [c.width for c in columns], "D2")
    first = len(INFO_HEADERS) + 1
    choice_columns = [i for i, c in enumerate(columns) if c.choices]
    for n, i in enumerate(choice_columns):
        _drop_down(ws, sources[n], first + i, len(rows) + 1, columns[i].header)
    ws.append(_header(ws, [*INFO_HEADERS, *(c.header for c in columns)]))
    for row in rows:
        info = [row.key, row.code, row.title, row.departments, row.state]
        cells = [_text(ws, value) for value in info]
        if row.lines:  # a reporting unit: its 内訳 as a note on the title, shown on hover
            note = "\n".join([LINES_NOTE, *row.lines])
            cells[2].comment = Comment(note, "gyokaku", width=320, height=40 + 18 * len(row.lines))
        for column in columns:
            value = row.values.get(column.field, "")
            shown = column.label_of(value) if column.choices else value
            cells.append(_text(ws, shown, editable=True))
        ws.append(cells)


def _indicators(ws: Sheet, rows: list[NodeNow], fiscal_year: int) -> None:
    _setup(ws, [10.0, 40.0, 10.0, 14.0, 14.0], "C2")
    ws.append(_header(ws, indicator_headers(fiscal_year)))
    for row in rows:
        for ind in row.indicators:
            ws.append(
                [
                    _text(ws, row.key),
                    _text(ws, ind.name),
                    _text(ws, ind.unit),
                    _number(ws, ind.target, "General", False),
                    _number(ws, ind.actual, "General", True),
                ]
            )


def _effects(ws: Sheet, rows: list[NodeNow], kinds_source: str) -> None:
    _setup(ws, [10.0, 12.0, 16.0, 16.0, 50.0, 30.0], "B2")
    ws.protection.insertRows = False  # a department may add a line for a key
    ws.protection.deleteRows = False
    kinds = {code: label for label, code in EFFECT_KINDS.items()}
    lines = [(row.key, e) for row in rows for e in row.effects]
    _drop_down(ws, kinds_source, 2, len(lines) + SPARE_EFFECT_ROWS + 1, "区分")
    ws.append(_header(ws, [*EFFECT_HEADERS, EFFECT_REASON_HEADER]))
    for key, effect in lines:
        ws.append(
            [
                _text(ws, key, editable=True),
                _text(ws, kinds.get(effect["kind"], effect["kind"]), editable=True),
                _number(ws, effect["target_yen"], "#,##0", True),
                _number(ws, effect["actual_yen"], "#,##0", True),
                _text(ws, effect["note"], editable=True),
                _text(ws, "", editable=True),
            ]
        )
    for _ in range(SPARE_EFFECT_ROWS):
        ws.append(_blank_effect_row(ws))


def _blank_effect_row(ws: Sheet) -> list[Any]:
    return [
        _text(ws, "", editable=True),
        _text(ws, "", editable=True),
        _number(ws, None, "#,##0", True),
        _number(ws, None, "#,##0", True),
        _text(ws, "", editable=True),
        _text(ws, "", editable=True),
    ]


def _versions(wb: Workbook, plan_slug: str, fiscal_year: int, rows: Iterable[NodeNow]) -> None:
    ws = wb.create_sheet(VERSIONS)
    ws.sheet_state = "veryHidden"  # not even listed under 再表示 in Excel
    ws.append([text_cell(ws, FORMAT), text_cell(ws, plan_slug), fiscal_year])
    ws.append([text_cell(ws, h) for h in VERSION_HEADERS])
    for row in rows:
        ws.append([text_cell(ws, row.key), *(row.versions[r] for r in RECORDS)])
