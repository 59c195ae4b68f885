"""The 個票 and 工程表 tables: plan data, in the open data before any report is published,
with printed numbers beside the keys; CSV escapes formulas, XLSX keeps text as text."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook

from gyokaku.opendata.package import Bundle
from gyokaku.plans.planfile import SheetIn
from gyokaku.site.sheets import sheets_sync

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com","x")'


@pytest.fixture
def bundle(world: Any) -> Bundle:
    """The world's plan (an open round, nothing published) with one item's 個票."""
    sheet = {
        "content": "書かない窓口を広げる",
        "goal": FORMULA,
        "schedule": [
            {"fiscal_year": 2024, "stage": "study", "text": "先行事例の調査"},
            {"fiscal_year": 2026, "stage": "implement", "text": ""},
        ],
    }
    sheets_sync(plan=world.plan, sheets={"1-1": SheetIn.model_validate(sheet)})
    return Bundle(world.plan)


def test_the_schedule_is_there_before_anything_is_published(bundle: Bundle) -> None:
    rows = json.loads(bundle.content("schedule", "json"))  # one object per row
    got = [(r["node_key"], r["fiscal_year"], r["printed_number"], r["stage_label"]) for r in rows]
    assert got == [("1-1", 2024, "1-①", "検討"), ("1-1", 2026, "1-①", "実施")]


def test_the_item_sheets_csv_escapes_formulas(bundle: Bundle) -> None:
    text = bundle.content("item_sheets", "csv")[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["node_key"], row["printed_number"], row["content"]) == (
        "1-1",
        "1-①",
        "書かない窓口を広げる",
    )
    assert row["goal"] == "'" + FORMULA
    assert len(rows) == 2  # items without a 個票 have no row


def test_the_item_sheets_xlsx_keeps_text_as_text(bundle: Bundle) -> None:
    sheet = load_workbook(io.BytesIO(bundle.content("item_sheets", "xlsx")))["item_sheets"]
    header = [c.value for c in sheet[1]]
    goal = sheet.cell(row=2, column=header.index("goal") + 1)
    assert goal.value == FORMULA and goal.data_type == "s"
