"""Helpers of the sheet exchange tests (tests/exchange and its pages): real files written by the
export, edited and read back (workbooks with openpyxl, CSV files with the csv module), a snapshot
of everything an upload could change, and the problems a CSV upload is refused with."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.exchange.columns import SheetPlan
from gyokaku.exchange.sheets import sheet_apply, sheet_export, sheet_export_csv, sheet_parse
from gyokaku.lib.errors import Conflict
from gyokaku.measures.models import EffectYear, FiscalEffect, IndicatorActual, IndicatorSheet
from gyokaku.tracking.models import ProgressReport, YearPlan


def export_book(world: World, actor: str = "carol", **kwargs: Any) -> Workbook:
    content = sheet_export(plan=world.plan, fiscal_year=2024, actor=world.actor(actor), **kwargs)
    return load_workbook(io.BytesIO(content))


def book_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def parse(
    world: World, wb: Workbook | bytes, actor: str = "carol", name: str = "s.xlsx"
) -> SheetPlan:
    content = wb if isinstance(wb, bytes) else book_bytes(wb)
    return sheet_parse(content=content, filename=name, actor=world.actor(actor))


def row_of(ws: Any, key: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == key:
            return row
    raise KeyError(key)


def column_of(ws: Any, header: str) -> int:
    for column in range(1, ws.max_column + 1):
        if ws.cell(1, column).value == header:
            return column
    raise KeyError(header)


def put(wb: Workbook, key: str, header: str, value: Any, sheet: str = "進捗") -> str:
    """Write ``value`` in the row of ``key`` under ``header``; return the cell's place."""
    ws = wb[sheet]
    cell = ws.cell(row_of(ws, key), column_of(ws, header))
    cell.value = value
    return f"{sheet}!{cell.coordinate}"


def snapshot() -> list[Any]:
    """Everything an upload could write, to assert that a refused one wrote nothing."""
    return [
        list(ProgressReport.objects.order_by("pk").values()),
        list(YearPlan.objects.order_by("pk").values()),
        list(IndicatorSheet.objects.order_by("pk").values()),
        list(IndicatorActual.objects.order_by("pk").values()),
        list(EffectYear.objects.order_by("pk").values()),
        list(FiscalEffect.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    ]


def add_measures(world: World) -> None:
    """1-1 gets two indicators (a target for FY2024) and one fiscal effect line in FY2024."""
    from gyokaku.measures.services import effects_update, indicators_update

    carol = world.actor("carol")
    indicators_update(
        node=world.node("1-1"),
        actor=carol,
        indicators=[
            {"name": "オンライン申請率", "unit": "%", "targets": {2024: "30"}},
            {"name": "窓口待ち時間", "unit": "分", "direction": "lower"},
        ],
        expected_version=0,
    )
    effects_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=carol,
        effects=[{"kind": "expenditure", "target_yen": 1_000_000, "note": "郵送費の削減"}],
        expected_version=0,
    )


# ---- CSV files, edited as a person would in a spreadsheet or a text editor --------------------


def export_csv(world: World, sheet: str, actor: str = "carol", **kwargs: Any) -> bytes:
    return sheet_export_csv(
        plan=world.plan, fiscal_year=2024, actor=world.actor(actor), sheet=sheet, **kwargs
    )


class CsvFile:
    """A CSV file's lines as cells (no cell of these tests spans lines), edited by key and header
    and written back in an encoding; ``put`` and ``line`` return places as problems name them."""

    def __init__(self, content: bytes, encoding: str = "utf-8-sig") -> None:
        text = content.decode(encoding)
        self.rows = list(csv.reader(io.StringIO(text, newline="")))
        assert text.count("\r\n") == len(self.rows), "CRLF line ends, no cell spans lines"

    @property
    def header(self) -> list[str]:
        return self.rows[0]

    def line(self, key: str, nth: int = 0) -> int:
        """The line number (from 1, the header) of the ``nth`` line of ``key``."""
        found = [i + 1 for i, row in enumerate(self.rows) if i and row[0] == key]
        return found[nth]

    def put(self, key: str, header: str, value: str, nth: int = 0) -> str:
        line = self.line(key, nth)
        column = next(i for i, h in enumerate(self.header) if h.startswith(header))
        self.rows[line - 1][column] = value
        return f"line {line}, {self.header[column]}"

    def append(self, cells: dict[str, str]) -> int:
        row = [""] * len(self.header)
        for header, value in cells.items():
            row[next(i for i, h in enumerate(self.header) if h.startswith(header))] = value
        self.rows.append(row)
        return len(self.rows)

    def remove(self, key: str, nth: int = 0) -> None:
        del self.rows[self.line(key, nth) - 1]

    def bytes(self, encoding: str = "utf-8-sig") -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(self.rows)
        return out.getvalue().encode(encoding)


def problems(world: World, content: bytes, actor: str = "alice") -> list[str]:
    """The problems of a CSV upload, checking that neither the parse nor the refused apply wrote
    anything."""
    before = snapshot()
    sheet = sheet_parse(content=content, filename="記入.csv", actor=world.actor(actor))
    assert snapshot() == before, "a parse wrote something"
    if sheet.problems:
        with pytest.raises(Conflict):
            sheet_apply(sheet=sheet, actor=world.actor(actor))
        assert snapshot() == before
    return [str(p) for p in sheet.problems]
