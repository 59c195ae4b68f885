"""The 個票 template: written pre-filled, filled in with openpyxl as a person would in Excel,
read back through `gyokaku plan sheet-import`; a wrong cell names its sheet and cell and nothing
changes."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.support.commands import gyokaku, refused
from tests.support.plan_file import SMALL_PLAN

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import ItemSheet
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.plans.sheet_template import template_bytes
from gyokaku.site.services import plan_import
from gyokaku.site.sheet_selectors import sheet_template_for

pytestmark = pytest.mark.django_db

SLUG = "test-2024-2028"


@pytest.fixture
def imported(db: None) -> None:
    data = copy.deepcopy(SMALL_PLAN)
    plan_import(plan_file=validate_plan_data(data), actor_label="test")


def _template(tmp_path: Path) -> Path:
    path = tmp_path / "個票.xlsx"
    gyokaku("plan", "sheet-template", SLUG, "-o", str(path))
    return path


def _fill(path: Path, cells: dict[str, str]) -> Path:
    book = openpyxl.load_workbook(path)
    ws = book["個票"]
    for ref, value in cells.items():
        ws[ref] = value
    out = path.with_name("filled.xlsx")
    book.save(out)
    return out


def test_the_template_lists_every_item_with_its_printed_number(
    imported: None, tmp_path: Path
) -> None:
    ws = openpyxl.load_workbook(_template(tmp_path))["個票"]
    assert [c.value for c in ws[2]][:7] == [
        "キー",
        "番号",
        "取組名",
        "取組内容",
        "現状と課題",
        "目標",
        "令和6年度 工程",
    ]
    assert ws["P2"].value == "令和10年度 内容"
    assert ws["Q2"].value == "見込まれる効果（財政効果）"
    rows = [(r[0].value, r[1].value, r[2].value) for r in ws.iter_rows(min_row=3)]
    assert rows[:2] == [("1", "1", "DXの推進"), ("1-1", "1-①", "書かない窓口の導入")]
    assert ws.data_validations.dataValidation[0].formula1 == '"検討,準備,実施,拡充,完了"'
    assert "記入方法" in openpyxl.load_workbook(_template(tmp_path)).sheetnames


def test_a_filled_template_round_trips(imported: None, tmp_path: Path) -> None:
    filled = _fill(
        _template(tmp_path),
        {
            "D4": "書かない窓口を広げる",
            "F4": "=8割の手続",
            "G4": "検討",
            "H4": "調査",
            "K4": "実施",
            "R4": "待ち時間の短縮",
        },
    )
    out, _ = gyokaku("plan", "sheet-import", SLUG, str(filled))
    assert out.strip() == "個票: 追加 1、更新 0、削除 0"
    sheet = ItemSheet.objects.get(node__key="1-1")
    assert (sheet.content, sheet.goal, sheet.effect_other) == (
        "書かない窓口を広げる",
        "=8割の手続",
        "待ち時間の短縮",
    )
    assert sheet.schedule == [
        {"fiscal_year": 2024, "stage": "study", "text": "調査"},
        {"fiscal_year": 2026, "stage": "implement", "text": ""},
    ]
    event = AuditEvent.objects.get(action="plan.sheets_import")
    assert event.plan_slug == SLUG and event.summary == "個票: 追加 1、更新 0、削除 0"
    # downloaded again, it says the same, and reading it again changes nothing
    again = tmp_path / "again.xlsx"
    again.write_bytes(template_bytes(sheet_template_for(plan=plan_for(slug=SLUG))))
    ws = openpyxl.load_workbook(again)["個票"]
    assert (ws["F4"].value, ws["G4"].value, ws["K4"].value) == ("=8割の手続", "検討", "実施")
    assert ws["F4"].data_type == "s"
    out, _ = gyokaku("plan", "sheet-import", SLUG, str(again))
    assert out.strip() == "個票: 変更なし"


def test_a_dry_run_changes_nothing(imported: None, tmp_path: Path) -> None:
    filled = _fill(_template(tmp_path), {"D4": "書かない窓口を広げる"})
    out, _ = gyokaku("plan", "sheet-import", SLUG, str(filled), "--dry-run")
    assert "（試行）個票: 追加 1" in out
    assert not ItemSheet.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.sheets_import").exists()


def test_each_bad_cell_is_reported_with_its_place(imported: None, tmp_path: Path) -> None:
    filled = _fill(
        _template(tmp_path),
        {"D4": "正しい行", "G5": "着手", "A6": "9-9", "E3": "x" * 4001, "B2": "番号を変えた"},
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("plan", "sheet-import", SLUG, str(filled), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{filled}: 個票!B2: 見出しは「番号」のはずですが「番号を変えた」です"
    ]
    filled = _fill(
        _template(tmp_path), {"D4": "正しい行", "G5": "着手", "A6": "9-9", "E3": "x" * 4001}
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("plan", "sheet-import", SLUG, str(filled), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{filled}: 個票!E3: 長すぎます（4,000 文字まで）",
        f"{filled}: 個票!G5: 工程「着手」は選べません（検討・準備・実施・拡充・完了）",
        f"{filled}: 個票!A6: キー「9-9」はこの計画にありません",
    ]
    assert not ItemSheet.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.sheets_import").exists()


def test_a_file_that_is_not_a_workbook_is_refused(imported: None, tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    message = refused("plan", "sheet-import", SLUG, str(path))
    assert "取り込めませんでした（何も変更していません）" in message


def test_an_unknown_plan_is_named(db: None, tmp_path: Path) -> None:
    assert refused("plan", "sheet-template", "nope", "-o", str(tmp_path / "x.xlsx")) == (
        "計画「nope」はありません"
    )
