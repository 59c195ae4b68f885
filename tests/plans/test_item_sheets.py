"""個票 in the plan file: JSON, YAML and XLSX carry them; old files load; bad ones say where."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest

from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import STAGE_LABELS, ItemSheet, Municipality, Plan
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db

SHEET: dict[str, Any] = {
    "content": "申請書を書かずに済む窓口を全庁に広げる。",
    "situation": "来庁者が同じ内容を何度も書いている。\n窓口の待ち時間が長い。",
    "goal": "主要手続の 8 割で書かない窓口を実現する。",
    "schedule": [
        {"fiscal_year": 2024, "stage": "study", "text": "先行事例の調査"},
        {"fiscal_year": 2025, "stage": "implement", "text": "=SUM(A1) を文字として"},
        {"fiscal_year": 2027, "stage": "", "text": "効果検証"},
    ],
    "effect_fiscal": "",
    "effect_other": "待ち時間の短縮",
}


def _with_sheet(small_plan: dict[str, Any]) -> dict[str, Any]:
    small_plan["nodes"][0]["children"][0]["sheet"] = json.loads(json.dumps(SHEET))
    return small_plan


def _import(data: dict[str, Any]) -> None:
    plan_import(plan_file=validate_plan_data(data), actor_label="test")


def test_it_imports_and_exports_a_sheet(small_plan: dict[str, Any]) -> None:
    _import(_with_sheet(small_plan))
    sheet = ItemSheet.objects.get(node__key="1-1")
    assert sheet.goal == SHEET["goal"]
    assert sheet.step(2025, STAGE_LABELS) == {
        "stage": "implement",
        "stage_label": "実施",
        "text": "=SUM(A1) を文字として",
    }
    assert sheet.step(2026, STAGE_LABELS) == {"stage": "", "stage_label": "", "text": ""}
    exported = plan_file_data(plan=plan_for(slug=small_plan["slug"]))
    assert exported["nodes"][0]["children"][0]["sheet"] == SHEET
    assert "sheet" not in exported["nodes"][0]  # items without one say nothing


@pytest.mark.parametrize("fmt_name", ["json", "yaml", "xlsx"])
def test_sheets_round_trip(small_plan: dict[str, Any], fmt_name: str) -> None:
    _import(_with_sheet(small_plan))
    before = plan_file_data(plan=plan_for(slug=small_plan["slug"]))
    fmt = FORMATS.get(fmt_name)
    content = fmt.dump(before)
    Plan.objects.all().delete()
    Municipality.objects.all().delete()
    plan_import(
        plan_file=validate_plan_data(fmt.load(content, name=f"plan.{fmt_name}")),
        actor_label="test",
    )
    after = plan_file_data(plan=plan_for(slug=small_plan["slug"]))
    assert json.dumps(after, ensure_ascii=False) == json.dumps(before, ensure_ascii=False)


def test_the_xlsx_plan_file_writes_the_sheet_as_text_cells(small_plan: dict[str, Any]) -> None:
    _import(_with_sheet(small_plan))
    content = FORMATS.get("xlsx").dump(plan_file_data(plan=plan_for(slug=small_plan["slug"])))
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book["個票"]
    assert ws["A3"].value == "1-1"
    assert ws["I2"].value == "令和7年度 工程"
    assert ws["J3"].value == "=SUM(A1) を文字として"
    assert ws["J3"].data_type == "s"


def test_a_file_without_sheets_keeps_the_sheets_there_are(small_plan: dict[str, Any]) -> None:
    _import(_with_sheet(small_plan))
    del small_plan["nodes"][0]["children"][0]["sheet"]
    _import(small_plan)
    assert ItemSheet.objects.filter(node__key="1-1").exists()


def test_an_empty_sheet_clears_it(small_plan: dict[str, Any]) -> None:
    _import(_with_sheet(small_plan))
    small_plan["nodes"][0]["children"][0]["sheet"] = {}
    _import(small_plan)
    assert not ItemSheet.objects.exists()


def test_a_year_outside_the_period_is_refused(small_plan: dict[str, Any]) -> None:
    data = _with_sheet(small_plan)
    data["nodes"][0]["children"][0]["sheet"]["schedule"].append(
        {"fiscal_year": 2030, "stage": "implement", "text": ""}
    )
    with pytest.raises(PlanFileError) as caught:
        validate_plan_data(data)
    assert [str(p) for p in caught.value.problems] == [
        "nodes[0].children[0].sheet.schedule[3].fiscal_year: "
        "2030年度は計画期間（2024〜2028年度）の外です"
    ]


def test_an_unknown_stage_is_refused(small_plan: dict[str, Any]) -> None:
    data = _with_sheet(small_plan)
    data["nodes"][0]["children"][0]["sheet"]["schedule"][0]["stage"] = "Done!"
    with pytest.raises(PlanFileError) as caught:
        validate_plan_data(data)
    assert caught.value.problems[0].where == "nodes[0].children[0].sheet.schedule[0].stage"
    data["nodes"][0]["children"][0]["sheet"]["schedule"][0]["stage"] = "done"  # not the plan's
    with pytest.raises(PlanFileError) as caught:
        _import(data)
    assert [p.where for p in caught.value.problems] == ["1-1 の個票（2024年度）"]
    assert not Plan.objects.exists()
