"""Cells of the report's workbook: a write-only sheet whose cells are typed by their value (text
forced to strings so nothing a person wrote becomes a formula, integers as counts, yen shown in
千円 with △, rates as %)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gyokaku.lib.achievement import Achievement
from gyokaku.lib.xlsxcells import text_cell
from gyokaku.measures.rollup import Money

THOUSAND_YEN = '#,##0,;"△"#,##0,;0'  # yen stored, 千円 shown
COUNT = "#,##0"
PERCENT = "0.0%"
MONEY_NOTE = "金額の単位は千円（セルの値は円単位で、表示だけ千円にしています）。△はマイナスです。"


class Sheet:
    """A write-only sheet with typed cells: str → text cell, int → count, Money-ish → yen."""

    def __init__(self, book: Workbook, title: str, widths: Iterable[int]) -> None:
        self.ws: WriteOnlyWorksheet = book.create_sheet(title)
        for i, width in enumerate(widths):
            self.ws.column_dimensions[column(i)].width = width

    def row(self, *values: Any, bold: bool = False) -> None:
        self.ws.append([self._cell(v, bold) for v in values])

    def heading(self, text: str) -> None:
        cell = text_cell(self.ws, text)
        cell.font = Font(bold=True, size=12)
        self.ws.append([cell])

    def blank(self) -> None:
        self.ws.append([])

    def _cell(self, value: Any, bold: bool) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            cell = text_cell(self.ws, value, bold=bold)
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            return cell
        if isinstance(value, Typed):
            cell = WriteOnlyCell(self.ws, value=value.value)
            cell.number_format = value.number_format
        else:
            cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, int):
                cell.number_format = COUNT
        if bold:
            cell.font = Font(bold=True)
        return cell


class Typed:
    def __init__(self, value: Any, number_format: str) -> None:
        self.value = value
        self.number_format = number_format


def yen(value: int | None) -> Typed | None:
    return None if value is None else Typed(value, THOUSAND_YEN)


def rate(value: Decimal | None) -> Typed | None:
    return None if value is None else Typed(float(value), PERCENT)


# ポイント差 as a number a reader sees as 「+0.1ポイント」 (and can still compute with)
POINTS = '+0.0###"ポイント";-0.0###"ポイント";"±0ポイント"'


def achievement_cell(result: Achievement) -> Typed | None:
    """The 達成率 cell: a percentage, or for the points formula the difference in ポイント."""
    if result.points is not None:
        return Typed(float(result.points), POINTS)
    return rate(result.rate)


def money_rate(money: Money) -> Typed | None:
    if not money.target_yen:
        return None
    return rate(Decimal(money.actual_yen) / Decimal(money.target_yen))


def column(index: int) -> str:
    return get_column_letter(index + 1)
