"""報告単位 (issue 13 #3): the plan chooses the level reported on (Plan.report_depth) and the plan
office overrides it per item (Node.report_unit); a unit's nodes below it are lines (内訳) of
its report. Roll-ups, the round's reports, the workbook, the node page and API, the annual
report (PDF's HTML, DOCX, XLSX), open data and the plan file follow it; a switch that would
leave records on a node no longer reported on is refused and changes nothing."""

from __future__ import annotations

import copy
import io
from typing import Any

import docx
import openpyxl
import pytest
from tests.support.sheets import export_book
from tests.support.world import TEST_PLAN, World

from gyokaku.audit.models import AuditEvent
from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.measures.rollup import plan_rollup
from gyokaku.measures.services import effects_update
from gyokaku.opendata.selectors import PublicData
from gyokaku.plans.models import Node, unit_flags
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

PLAN = "/plans/test-2024-2028/"
API = "/api/v1/plans/test-2024-2028"


def _settings_form(world: World, **extra: str) -> dict[str, str]:
    plan = world.plan
    return {
        "office_name": plan.office_name,
        "directions": "\n".join(f"{c}={lbl}" for c, lbl in plan.direction_labels.items()),
        "stages": "\n".join(f"{c}={lbl}" for c, lbl in plan.stage_labels.items()),
        "report_depth": "",
        **extra,
    }


def _reported(world: World) -> list[str]:
    return list(Node.objects.filter(plan=world.plan).leaves().values_list("key", flat=True))


def _report_on_1(world: World) -> None:
    """The plan file makes 1 (DXの推進, now owned by 情報政策課) a unit; alice reports on it,
    the plan office sets its fiscal effect and publishes it."""
    data = copy.deepcopy(TEST_PLAN)
    data["nodes"][0]["departments"] = ["dx"]
    data["nodes"][0]["report_unit"] = True
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    # the lines' blank reports went, and the import's trail names them
    event = AuditEvent.objects.filter(action="plan.import").latest("pk")
    removed = [c for c in event.changes if "progress_report" in c]
    assert [c.split("progress_report ")[1] for c in removed] == ["1-① 令和6年度", "1-② 令和6年度"]
    alice = world.actor("alice")
    progress_update(
        report=world.report("1"),
        actor=alice,
        data={"result_text": "窓口と契約の DX を進めた", "ratings": {"achievement": "A"}},
        expected_version=1,
    )
    effects_update(
        node=world.node("1"),
        fiscal_year=2024,
        actor=world.actor("carol"),
        reason="目標の設定",
        effects=[{"kind": "expenditure", "target_yen": 2_000_000, "actual_yen": 1_500_000}],
        expected_version=0,
    )
    carol = world.actor("carol")
    for action in ("submit", "approve", "publish"):
        transition_apply(report=world.report("1"), actor=carol, action=action)


def test_unit_flags_follow_the_level_and_the_items_own_choice() -> None:
    # 1 ─ 2 ─ 3 ─ 4 (a chain), 1 ─ 5 (a leaf), 6 ─ 7
    rows: list[tuple[int, int | None, int, bool | None]] = [
        (1, None, 1, None),
        (2, 1, 2, None),
        (3, 2, 3, True),  # chosen, but below a unit: a line
        (4, 3, 4, None),
        (5, 1, 2, None),  # a leaf at the level: itself
        (6, None, 1, False),  # the plan office wants the items below it reported on
        (7, 6, 2, None),
    ]
    assert unit_flags(rows, None) == {
        1: (False, False),
        2: (False, False),
        3: (True, False),
        4: (False, True),
        5: (False, False),
        6: (False, False),
        7: (False, False),
    }
    by_level = unit_flags(rows, 1)
    assert by_level[1] == (True, False)
    assert all(by_level[pk] == (False, True) for pk in (2, 3, 4, 5))
    assert by_level[6] == (False, False) and by_level[7] == (False, False)


def test_the_settings_screen_switches_the_level_and_the_round_follows(
    world: World, as_user: Any
) -> None:
    assert _reported(world) == ["1-1", "1-2", "2"]
    page = as_user("carol").get(f"{PLAN}settings/").content.decode()
    assert '<option value="1">柱（下位の項目を内訳とする）</option>' in page
    assert "1 DXの推進 の報告単位" in page  # the per-item choice, labelled by its number
    response = as_user("carol").post(f"{PLAN}settings/", _settings_form(world, report_depth="1"))
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.report_depth == 1
    assert _reported(world) == ["1", "2"]
    # the open round asks for the unit's report; the lines' blank reports are gone
    assert sorted(
        ProgressReport.objects.filter(round=world.round).values_list("node__key", flat=True)
    ) == ["1", "2"]
    event = AuditEvent.objects.get(action="plan.settings")
    # the trail names the blank reports that went, by printed number and year
    assert event.changes == {
        "report_depth": [None, 1],
        "blank_reports_removed": ["1-① 令和6年度", "1-② 令和6年度"],
    }
    # the item's own choice wins over the level, and is kept on the screen
    response = as_user("carol").post(
        f"{PLAN}settings/", _settings_form(world, report_depth="1", **{"unit:1": "below"})
    )
    assert response.status_code == 302
    assert _reported(world) == ["1-1", "1-2", "2"]
    page = as_user("carol").get(f"{PLAN}settings/").content.decode()
    assert '<option value="below" selected>' in page
    event = AuditEvent.objects.filter(action="plan.settings").latest("pk")
    assert event.changes == {
        "report_units": {"1": [None, False]},
        "blank_reports_removed": ["1 令和6年度"],
    }


def test_a_switch_that_would_strand_records_is_refused_and_changes_nothing(
    world: World, as_user: Any
) -> None:
    progress_update(
        report=world.report("1-1"),
        actor=world.actor("alice"),
        data={"result_text": "書かない窓口を 2 か所で開始"},
        expected_version=1,
    )
    response = as_user("carol").post(f"{PLAN}settings/", _settings_form(world, report_depth="1"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "1-① 書かない窓口の導入（取組状況1件）" in page
    world.plan.refresh_from_db()
    assert world.plan.report_depth is None
    assert _reported(world) == ["1-1", "1-2", "2"]
    assert ProgressReport.objects.filter(round=world.round).count() == 3
    assert not AuditEvent.objects.filter(action="plan.settings").exists()
    # the plan file says it at the exact place, and nothing is imported
    data = copy.deepcopy(TEST_PLAN)
    data["settings"] = {"report_depth": 1}
    with pytest.raises(PlanFileError) as info:
        plan_import(plan_file=validate_plan_data(data), actor_label="test")
    [problem] = info.value.problems
    assert problem.where == "settings.report_depth" and "書かない窓口の導入" in problem.message
    world.plan.refresh_from_db()
    assert world.plan.report_depth is None


def test_the_plan_file_names_a_level_with_nothing_below_it() -> None:
    data = copy.deepcopy(TEST_PLAN)
    data["settings"] = {"report_depth": 2}
    with pytest.raises(PlanFileError) as info:
        validate_plan_data(data)
    assert [p.where for p in info.value.problems] == ["settings.report_depth"]


def test_roll_up_node_page_and_api_follow_the_unit(world: World, as_user: Any, client: Any) -> None:
    _report_on_1(world)
    rollup = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=True)
    assert rollup.total.tracked == 2 and rollup.total.reported == 1
    assert rollup.nodes["1"].reported == 1
    assert rollup.nodes["1"].single_year.total.actual_yen == 1_500_000
    assert rollup.total.single_year.total.actual_yen == 1_500_000
    assert rollup.nodes["1-1"].tracked == 0  # a line carries nothing of its own
    api = client.get(f"{API}/rollup?fy=2024").json()
    assert api["nodes"]["1"]["reported"] == 1
    unit_page = client.get(f"{PLAN}nodes/1/").content.decode()
    assert "内訳（この取組の報告に含む取組）" in unit_page
    assert "年度ごとの経過" in unit_page and "窓口と契約の DX を進めた" in unit_page
    line_page = client.get(f"{PLAN}nodes/1-1/").content.decode()
    assert "の内訳として、その報告の中で進捗を報告します" in line_page
    assert f'href="{PLAN}nodes/1/">1 DXの推進</a>' in line_page
    assert "年度ごとの経過" not in line_page
    unit = client.get(f"{API}/nodes/1").json()
    line = client.get(f"{API}/nodes/1-1").json()
    assert unit["reported"] is True and unit["line_of"] is None
    assert line["reported"] is False and line["line_of"]["key"] == "1"


def test_the_workbook_report_open_data_and_plan_file_follow_the_unit(world: World) -> None:
    _report_on_1(world)
    ws = export_book(world, actor="alice")["進捗"]
    keys = [ws.cell(row, 1).value for row in range(2, ws.max_row + 1)]
    assert "1" in keys and "1-1" not in keys and "1-2" not in keys
    # the unit's title carries its 内訳 as a note
    unit_row = keys.index("1") + 2
    note = ws.cell(unit_row, 3).comment
    assert note is not None
    assert note.text.splitlines() == [
        "内訳（この取組の報告に含む取組）",
        "1-① 書かない窓口の導入",
        "1-② 電子契約の導入",
    ]
    assert ws.cell(keys.index("2") + 2, 3).comment is None
    content = report_content(plan=world.plan, fiscal_year=2024, edition=Edition.PUBLIC)
    [item] = [i for i in content.items if i.node.key == "1"]
    assert item.lines == [("1-①", "書かない窓口の導入"), ("1-②", "電子契約の導入")]
    assert not [i for i in content.items if i.node.key in ("1-1", "1-2")]
    document = docx.Document(io.BytesIO(FORMATS["docx"].render(content, NO_PROGRESS)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "1-① 書かない窓口の導入\n1-② 電子契約の導入" in cells
    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].render(content, NO_PROGRESS)))
    values = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert "内訳" in values
    tracked = {r["node_key"]: r["tracked"] for r in PublicData(world.plan).rows("nodes")}
    assert tracked["1"] is True and tracked["1-1"] is False and tracked["2"] is True
    exported = plan_file_data(plan=world.plan)
    assert exported["nodes"][0]["report_unit"] is True
    assert "report_unit" not in exported["nodes"][1]
    # re-importing the export changes nothing
    again = plan_import(plan_file=validate_plan_data(exported), actor_label="test", dry_run=True)
    assert not again.changed
