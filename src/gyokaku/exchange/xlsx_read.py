"""An uploaded file turned into plain values (a RawBook), touching no database.

The .xlsx is checked by ``check_xlsx`` before any XML is parsed, then read with openpyxl in
read-only mode (streamed; defusedxml hardens the XML). Formulas are kept as ``Formula`` —
never evaluated — so the comparison can refuse them with their place.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gyokaku.exchange.columns import (
    EFFECTS,
    FORMAT,
    INDICATORS,
    MAX_ROWS,
    PROGRESS,
    RECORDS,
    VERSIONS,
    SheetProblem,
)
from gyokaku.lib.progress_sink import NO_PROGRESS, ProgressSink
from gyokaku.lib.xlsxguard import UnsafeWorkbook, check_xlsx

MAX_COLUMNS = 60  # the widest sheet we write has about 15; the rest is never read


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass
class RawTable:
    name: str
    header: list[Any]
    rows: list[tuple[int, list[Any]]]  # (row or line number, values)
    csv: bool = False

    def place(self, row: int, column: int) -> str:
        """Where a cell is, as a person finds it: 進捗!H12, or line 12, 評価 in a CSV."""
        if self.csv:
            name = self.header[column] if column < len(self.header) else f"{column + 1}列目"
            return f"line {row}, {name}"
        return f"{self.name}!{get_column_letter(column + 1)}{row}"


@dataclass
class RawBook:
    plan_slug: str = ""
    fiscal_year: Any = None
    meta_place: str = ""
    tables: dict[str, RawTable] = field(default_factory=dict)
    # key → (where, {record: raw version}); None when the file carries no versions at all
    versions: dict[str, tuple[str, dict[str, Any]]] | None = None
    problems: list[SheetProblem] = field(default_factory=list)


def _value(cell: Any) -> Any:
    value = cell.value
    if getattr(cell, "data_type", None) == "f" or (
        # array and data-table formulas arrive as objects, never as text
        value is not None
        and not isinstance(value, str | int | float | bool)
        and type(value).__name__ in ("ArrayFormula", "DataTableFormula")
    ):
        return Formula(str(getattr(value, "text", value)))
    return value


def _table(ws: Any, name: str, progress: ProgressSink = NO_PROGRESS) -> tuple[RawTable, bool]:
    """The sheet's rows without trailing empty ones; False when it has too many rows."""
    header: list[Any] = []
    rows: list[tuple[int, list[Any]]] = []
    size = ws.max_row if isinstance(ws.max_row, int) and ws.max_row <= MAX_ROWS + 1 else None
    progress.step(f"シート「{name}」を読んでいます", total=size)
    for number, cells in enumerate(ws.iter_rows(max_col=MAX_COLUMNS), 1):
        progress.advance(number)
        values = [_value(c) for c in cells]
        while values and values[-1] in (None, ""):
            values.pop()
        if number == 1:
            header = values
        elif values:
            if len(rows) >= MAX_ROWS:
                return RawTable(name, header, rows), False
            rows.append((number, values))
    return RawTable(name, header, rows), True


def read_xlsx(content: bytes, progress: ProgressSink = NO_PROGRESS) -> RawBook:
    book = RawBook()
    try:
        check_xlsx(content)
    except UnsafeWorkbook as exc:
        book.problems.append(SheetProblem("ファイル", str(exc)))
        return book
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
        try:
            _read_sheets(wb, book, progress)
        finally:
            wb.close()
    except Exception as exc:  # anything a damaged file makes openpyxl, zipfile or XML raise
        book.problems.append(
            SheetProblem("ファイル", f"ファイルを読めません（壊れています: {type(exc).__name__}）")
        )
    return book


def _read_sheets(wb: Any, book: RawBook, progress: ProgressSink) -> None:
    names = set(wb.sheetnames)
    missing = [n for n in (PROGRESS, INDICATORS, EFFECTS) if n not in names]
    if missing:
        book.problems.append(
            SheetProblem("ファイル", f"シート「{'」「'.join(missing)}」がありません")
        )
    if VERSIONS not in names:
        book.problems.append(
            SheetProblem(
                "ファイル",
                "バージョン情報（非表示シート）がありません。"
                "gyokaku からダウンロードしたブックに記入してください",
            )
        )
    for name in (PROGRESS, INDICATORS, EFFECTS):
        if name in names:
            table, complete = _table(wb[name], name, progress)
            book.tables[name] = table
            if not complete:
                book.problems.append(SheetProblem(name, f"行が多すぎます（{MAX_ROWS:,} 行まで）"))
    if VERSIONS in names:
        _read_versions(wb[VERSIONS], book)


def _read_versions(ws: Any, book: RawBook) -> None:
    table, _ = _table(ws, VERSIONS)
    head = [*table.header, None, None, None]
    if head[0] != FORMAT:
        book.problems.append(
            SheetProblem(f"{VERSIONS}!A1", "バージョン情報の形式が違います（gyokaku-sheet/1）")
        )
        return
    book.plan_slug = str(head[1] or "")
    book.fiscal_year = head[2]
    book.meta_place = f"{VERSIONS}!B1"
    versions: dict[str, tuple[str, dict[str, Any]]] = {}
    for number, values in table.rows[1:]:  # the first row is the column names
        values = values + [None] * (len(RECORDS) + 1 - len(values))
        key = str(values[0] or "")
        versions[key] = (
            f"{VERSIONS}!A{number}",
            dict(zip(RECORDS, values[1 : len(RECORDS) + 1], strict=True)),
        )
    book.versions = versions
