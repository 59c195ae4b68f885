"""今後の方向性 per plan (Plan.directions, plan file settings.directions): the API, the page
form, the workbook, open data and the report read the plan's list; the default list stays
for plans without one; codes in use cannot be dropped."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from tests.support.api_client import progress_path
from tests.support.sheets import export_book, parse, put
from tests.support.world import World

from gyokaku.opendata.selectors import PublicData
from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import DEFAULT_DIRECTIONS
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.reports.content import report_content
from gyokaku.reports.parts import Edition
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

# the list: 拡充/継続/改善・見直し/縮小/統合/休止・廃止/完了
LIST = [
    {"code": "expand", "label": "拡充"},
    {"code": "continue", "label": "継続"},
    {"code": "improve", "label": "改善・見直し"},
    {"code": "reduce", "label": "縮小"},
    {"code": "merge", "label": "統合"},
    {"code": "stop", "label": "休止・廃止"},
    {"code": "complete", "label": "完了"},
]


def _set_list(world: World, directions: list[dict[str, str]] = LIST) -> None:
    world.plan.directions = copy.deepcopy(directions)
    world.plan.save()


def test_a_plan_without_a_list_keeps_the_default(world: World) -> None:
    assert world.plan.directions == []
    assert tuple(world.plan.direction_labels.items()) == DEFAULT_DIRECTIONS
    assert "settings" not in plan_file_data(plan=world.plan)


def test_the_api_takes_a_code_of_the_plans_list_and_names_the_field_otherwise(
    world: World, api: Any
) -> None:
    _set_list(world)
    alice = api("alice")
    refused = alice.put(progress_path(), {"direction": "abolish"}, if_match=1)  # default only
    assert refused.status == 422 and "direction" in refused.body["problems"]
    assert "improve（改善・見直し）" in refused.body["problems"]["direction"]
    answer = alice.put(progress_path(), {"direction": "improve"}, if_match=1)
    assert answer.status == 200 and answer.body["direction"] == "improve"


def test_the_report_page_offers_the_plans_list(world: World, as_user: Any) -> None:
    _set_list(world)
    html = as_user("alice").get("/plans/test-2024-2028/nodes/1-1/progress/2024/").content.decode()
    assert '<option value="reduce">縮小</option>' in html
    assert 'value="abolish"' not in html
    response = as_user("alice").post(
        "/plans/test-2024-2028/nodes/1-1/progress/2024/",
        {"version": "1", "direction": "reduce"},
    )
    assert response.status_code == 302
    assert world.report("1-1").direction == "reduce"


def test_the_workbook_follows_the_list_and_names_the_cell(world: World) -> None:
    _set_list(world)
    wb = export_book(world, actor="alice")
    put(wb, "1-1", "今後の方向性", "縮小")
    put(wb, "1-2", "今後の方向性", "廃止")  # the default list's, not this plan's
    sheet = parse(world, wb, actor="alice")
    [problem] = sheet.problems
    assert problem.where.startswith("進捗!") and "「廃止」は選択肢にありません" in problem.message
    assert "改善・見直し" in problem.message
    put(wb, "1-2", "今後の方向性", "")
    sheet = parse(world, wb, actor="alice")
    changed = {(c.key, f.label, f.new) for c in sheet.changes for f in c.fields}
    assert ("1-1", "今後の方向性", "縮小") in changed


def test_open_data_and_the_report_show_the_plans_labels(world: World) -> None:
    _set_list(world)
    carol = world.actor("carol")
    report = world.report("1-1")
    progress_update(report=report, actor=carol, data={"direction": "merge"}, expected_version=1)
    for action in ("submit", "approve", "publish"):
        transition_apply(report=world.report("1-1"), actor=carol, action=action)
    rows = PublicData(world.plan).rows("progress")
    assert [(r["direction"], r["direction_label"]) for r in rows] == [("merge", "統合")]
    content = report_content(plan=world.plan, fiscal_year=2024, edition=Edition.PUBLIC)
    [item] = [i for i in content.items if i.direction]
    assert item.direction_label == "統合"


def test_the_plan_file_carries_the_list_and_keeps_codes_in_use(world: World) -> None:
    data = plan_file_data(plan=world.plan)
    data["settings"] = {"directions": LIST}
    plan_import(plan_file=validate_plan_data(copy.deepcopy(data)), actor_label="test")
    world.plan.refresh_from_db()
    assert list(world.plan.direction_labels) == [d["code"] for d in LIST]
    assert plan_file_data(plan=world.plan)["settings"] == {"directions": LIST}
    for fmt in ("json", "yaml", "xlsx"):
        codec = FORMATS.get(fmt)
        assert codec.load(codec.dump(data))["settings"] == {"directions": LIST}, fmt
    # a file without settings keeps the list
    del data["settings"]
    plan_import(plan_file=validate_plan_data(copy.deepcopy(data)), actor_label="test")
    world.plan.refresh_from_db()
    assert world.plan.directions == LIST
    # a code a report uses cannot be left out
    progress_update(
        report=world.report("1-1"),
        actor=world.actor("carol"),
        data={"direction": "reduce"},
        expected_version=1,
    )
    data["settings"] = {"directions": [d for d in LIST if d["code"] != "reduce"]}
    with pytest.raises(PlanFileError) as info:
        plan_import(plan_file=validate_plan_data(copy.deepcopy(data)), actor_label="test")
    assert [p.where for p in info.value.problems] == ["settings.directions"]
    assert "reduce" in str(info.value.problems[0])
    world.plan.refresh_from_db()
    assert world.plan.directions == LIST
