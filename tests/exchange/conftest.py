"""Helpers of the sheet exchange tests: real files written by the export, edited and read back
with openpyxl, and a snapshot of everything an upload could change."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook
from tests.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.exchange.columns import SheetPlan
from gyokaku.exchange.sheets import sheet_export, sheet_parse
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
