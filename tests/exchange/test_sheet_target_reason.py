"""The plan office changes a 目標額 in the workbook after adoption with the reason in the
目標額の変更理由 column; the change is recorded with it (issue 12 #2, target governance)."""

from __future__ import annotations

import pytest
from tests.support.sheets import CsvFile, add_measures, export_book, export_csv, parse, snapshot
from tests.support.world import World

from gyokaku.exchange.columns import SheetPlan
from gyokaku.exchange.sheets import sheet_apply, sheet_parse
from gyokaku.lib.errors import Conflict
from gyokaku.measures.models import FiscalEffect
from gyokaku.measures.target_models import TargetChange

pytestmark = pytest.mark.django_db


def test_a_changed_target_without_a_reason_is_refused_at_the_reason_cell(world: World) -> None:
    add_measures(world)
    wb = export_book(world, actor="carol")
    ws = wb["財政効果"]
    assert ws["F1"].value == "目標額の変更理由"
    ws["C2"] = 900_000
    before = snapshot()
    sheet = parse(world, wb, actor="carol")
    assert [(p.where, p.message) for p in sheet.problems] == [
        (
            "財政効果!F2",
            "計画の策定後に目標値を変えるときは、変更の理由を入力してください"
            "（変更する値: 財政効果（歳出削減）の2024年度（令和6年度）の目標額）",
        )
    ]
    with pytest.raises(Conflict):
        sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert snapshot() == before


def test_a_changed_target_with_its_reason_is_applied_and_recorded(world: World) -> None:
    add_measures(world)
    wb = export_book(world, actor="carol")
    ws = wb["財政効果"]
    old = ws["C2"].value
    ws["C2"], ws["F2"] = 900_000, "委託契約の見直しで削減額が増えたため"
    sheet = parse(world, wb, actor="carol")
    assert sheet.problems == []
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert FiscalEffect.objects.get(effect_year__node=world.node("1-1")).target_yen == 900_000
    change = TargetChange.objects.get()
    assert change.reason == "委託契約の見直しで削減額が増えたため"
    assert (change.old_value, change.new_value) == (str(old), "900000")


def test_a_reason_without_a_target_change_changes_nothing(world: World) -> None:
    add_measures(world)
    wb = export_book(world, actor="carol")
    wb["財政効果"]["F2"] = "念のため"
    sheet = parse(world, wb, actor="carol")
    assert sheet.problems == [] and sheet.changes == []


def _parse_csv(world: World, content: bytes) -> SheetPlan:
    return sheet_parse(content=content, filename="記入.csv", actor=world.actor("carol"))


def test_the_csv_carries_the_reason_column_too(world: World) -> None:
    add_measures(world)
    csv = CsvFile(export_csv(world, "財政効果", actor="carol"))
    assert csv.header[5] == "目標額の変更理由"
    csv.put("1-1", "目標額（円）", "900000")
    refused = _parse_csv(world, csv.bytes())
    assert [p.where for p in refused.problems] == ["line 2, 目標額の変更理由"]
    csv.put("1-1", "目標額の変更理由", "見直し")
    sheet = _parse_csv(world, csv.bytes())
    assert sheet.problems == []
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert TargetChange.objects.get().reason == "見直し"


def test_a_workbook_from_before_the_reason_column_still_reads(world: World) -> None:
    add_measures(world)
    wb = export_book(world, actor="carol")
    wb["財政効果"].delete_cols(6)
    wb["財政効果"]["D2"] = 123_000  # an actual: no reason needed
    sheet = parse(world, wb, actor="carol")
    assert sheet.problems == []
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert FiscalEffect.objects.get(effect_year__node=world.node("1-1")).actual_yen == 123_000
