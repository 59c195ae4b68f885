"""The sheet exchange as pages and commands call it: export, parse (validate, change nothing),
apply (one transaction). See docs/exchange.md."""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.exchange.apply import dry_run, sheet_apply
from gyokaku.exchange.columns import (
    Column,
    FieldChange,
    ItemChange,
    SheetPlan,
    SheetProblem,
    plan_scales,
    progress_columns,
)
from gyokaku.exchange.compare import compare
from gyokaku.exchange.csv_io import csv_bytes, read_csv
from gyokaku.exchange.current import NodeNow, current_rows, department_ids
from gyokaku.exchange.xlsx_export import workbook_bytes
from gyokaku.exchange.xlsx_read import RawBook, read_xlsx
from gyokaku.lib.errors import Hidden, Invalid
from gyokaku.lib.progress_sink import NO_PROGRESS, ProgressSink
from gyokaku.plans.models import Plan
from gyokaku.plans.selectors import item_sheets, sheet_data
from gyokaku.plans.sheet_template import SheetTemplate, TemplateRow

__all__ = [
    "FieldChange",
    "ItemChange",
    "SheetPlan",
    "SheetProblem",
    "sheet_apply",
    "sheet_export",
    "sheet_export_csv",
    "sheet_parse",
]


def _export_data(
    plan: Plan, fiscal_year: int, actor: Actor, department_codes: list[str] | None
) -> tuple[list[NodeNow], list[Column]]:
    if not actor.is_internal(plan):  # progress is internal until it is published
        raise Hidden("この計画の取組状況はありません")
    if fiscal_year not in plan.fiscal_years:
        raise Invalid({"fiscal_year": f"{fiscal_year}年度は計画期間外です"})
    departments = department_ids(plan, department_codes)
    scales = plan_scales(plan)
    rows = current_rows(plan, fiscal_year, [s.code for s in scales], departments)
    return rows, progress_columns(scales, plan.direction_labels, plan.stage_labels)


def sheet_export(
    *, plan: Plan, fiscal_year: int, actor: Actor, department_codes: list[str] | None = None
) -> bytes:
    """The .xlsx of ``plan``'s tracked nodes (of ``department_codes``, or all) for a year."""
    rows, columns = _export_data(plan, fiscal_year, actor, department_codes)
    return workbook_bytes(
        plan_slug=plan.slug,
        fiscal_year=fiscal_year,
        columns=columns,
        rows=rows,
        item_sheets=_item_sheets(plan, rows),
    )


def _item_sheets(plan: Plan, rows: list[NodeNow]) -> SheetTemplate:
    """The 個票 of the workbook's items that have one (one query)."""
    sheets = item_sheets(plan=plan)
    return SheetTemplate.for_plan(
        plan,
        rows=(
            TemplateRow(row.key, row.code, row.title, sheet_data(sheets[row.node_id]))
            for row in rows
            if row.node_id in sheets
        ),
    )


def sheet_export_csv(
    *,
    plan: Plan,
    fiscal_year: int,
    actor: Actor,
    department_codes: list[str] | None = None,
    encoding: str = "utf-8-sig",
    sheet: str = "progress",
) -> bytes:
    """One sheet as CSV — ``sheet`` 進捗 (progress, the default), 指標 (indicators) or 財政効果
    (effects) — in UTF-8 with BOM or ``encoding="cp932"``, CRLF line ends."""
    rows, columns = _export_data(plan, fiscal_year, actor, department_codes)
    return csv_bytes(
        plan_slug=plan.slug,
        fiscal_year=fiscal_year,
        columns=columns,
        rows=rows,
        encoding=encoding,
        sheet=sheet,
    )


def _is_csv(content: bytes, filename: str) -> bool:
    name = filename.lower()
    if name.endswith(".csv"):
        return True
    if name.endswith((".xlsx", ".xlsm", ".xls")) or content[:2] == b"PK":
        return False
    return not content.startswith(b"\xd0\xcf\x11\xe0")


def read_upload(*, content: bytes, filename: str, progress: ProgressSink = NO_PROGRESS) -> RawBook:
    """The file's plain values (and its plan's slug), before any database is consulted."""
    if _is_csv(content, filename):
        return read_csv(content, progress)
    return read_xlsx(content, progress)


def sheet_parse(
    *, content: bytes, filename: str, actor: Actor, progress: ProgressSink = NO_PROGRESS
) -> SheetPlan:
    """Read and check an upload; list every problem and every change; write nothing."""
    book = read_upload(content=content, filename=filename, progress=progress)
    return parse_book(book, actor=actor, progress=progress)


def parse_book(book: RawBook, *, actor: Actor, progress: ProgressSink = NO_PROGRESS) -> SheetPlan:
    progress.step("記入された内容を今のデータと比べています")
    sheet = compare(book, actor)
    if sheet.ops:
        sheet.problems += dry_run(
            sheet.ops, fiscal_year=sheet.fiscal_year, actor=actor, progress=progress
        )
    return sheet
