"""工程 per plan (Plan.stages, plan file settings.stages): the settings screen sets the list;
the year plan page and API, the 個票 template and proposals, the workbook, the 工程表, open data
and the report read it; the default list stays for plans without one; codes in use cannot be
dropped, and a plan file names the place of a stage that is not in the list."""

from __future__ import annotations

import copy
import io
from typing import Any

import openpyxl
import pytest
from tests.support.api_client import year_plan_path
from tests.support.sheets import export_book, parse, put
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.opendata.selectors import PublicData
from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import DEFAULT_STAGES, ItemSheet
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.plans.sheet_template import read_template, template_bytes
from gyokaku.reports.content import report_content
from gyokaku.reports.parts import Edition
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import
from gyokaku.site.sheet_selectors import sheet_template_for
from gyokaku.tracking.models import YearPlan
from gyokaku.tracking.services import year_plan_update
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

PLAN = "/plans/test-2024-2028/"
# a city's own stages: 調査研究 → 試行 → 本格実施 → 定着
LIST = [
    {"code": "research", "label": "調査研究"},
    {"code": "trial", "label": "試行"},
    {"code": "full", "label": "本格実施"},
    {"code": "settle", "label": "定着"},
]


def _set_list(world: World, stages: list[dict[str, str]] = LIST) -> None:
    world.plan.stages = copy.deepcopy(stages)
    world.plan.save()


def test_a_plan_without_a_list_keeps_the_default(world: World) -> None:
    assert world.plan.stages == []
    assert tuple(world.plan.stage_labels.items()) == DEFAULT_STAGES
    assert "settings" not in plan_file_data(plan=world.plan)


def test_the_settings_screen_sets_the_list_with_an_audit_event(world: World, as_user: Any) -> None:
    page = as_user("carol").get(f"{PLAN}settings/").content.decode()
    assert "study=検討\nprepare=準備" in page  # the default list, one per line
    text = "\n".join(f"{d['code']}={d['label']}" for d in LIST)
    response = as_user("carol").post(
        f"{PLAN}settings/",
        {
            "office_name": "行政経営課",
            "directions": "\n".join(f"{c}={lbl}" for c, lbl in world.plan.direction_labels.items()),
            "stages": text,
        },
    )
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.stages == LIST
    event = AuditEvent.objects.get(action="plan.settings")
    assert event.changes == {"stages": [[], LIST]}


def test_the_settings_screen_keeps_a_code_in_use_and_names_it(world: World, as_user: Any) -> None:
    year_plan_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=world.actor("alice"),
        data={"stage": "prepare", "text": ""},
        expected_version=0,
    )
    directions = "\n".join(f"{c}={lbl}" for c, lbl in world.plan.direction_labels.items())
    form = {"office_name": "行政経営課", "directions": directions, "stages": "study=検討"}
    response = as_user("carol").post(f"{PLAN}settings/", form)
    assert response.status_code == 422
    assert (
        "年度計画・個票で使われている工程は削除できません（prepare）" in response.content.decode()
    )
    world.plan.refresh_from_db()
    assert world.plan.stages == []
    bad = as_user("carol").post(f"{PLAN}settings/", {**form, "stages": "study=検討,準備"})
    assert bad.status_code == 422 and "半角カンマ" in bad.content.decode()


def test_the_year_plan_api_and_page_take_the_plans_codes(
    world: World, api: Any, as_user: Any
) -> None:
    _set_list(world)
    alice = api("alice")
    refused = alice.put(year_plan_path(), {"stage": "study"}, if_match=0)  # the default's
    assert refused.status == 422 and "research（調査研究）" in refused.body["problems"]["stage"]
    created = alice.put(year_plan_path(), {"stage": "trial", "text": "2 課で試す"}, if_match=0)
    assert created.status == 201 and created.body["stage_label"] == "試行"
    html = as_user("alice").get(f"{PLAN}nodes/1-1/yearplans/2024/").content.decode()
    assert '<option value="trial" selected>試行</option>' in html
    assert 'value="study"' not in html
    response = as_user("alice").post(
        f"{PLAN}nodes/1-1/yearplans/2024/", {"version": "1", "stage": "full", "text": ""}
    )
    assert response.status_code == 302
    assert YearPlan.objects.get(node__key="1-1").stage == "full"
    assert api("carol").get(f"/api/v1/plans/{world.plan.slug}").body["stages"] == LIST


def test_the_workbook_follows_the_list_and_names_the_cell(world: World) -> None:
    _set_list(world)
    wb = export_book(world, actor="alice")
    put(wb, "1-1", "工程", "試行")
    put(wb, "1-2", "工程", "検討")  # the default list's, not this plan's
    sheet = parse(world, wb, actor="alice")
    [problem] = sheet.problems
    assert problem.where.startswith("進捗!") and "「検討」は選択肢にありません" in problem.message
    put(wb, "1-2", "工程", "")
    sheet = parse(world, wb, actor="alice")
    changed = {(c.key, f.label, f.new) for c in sheet.changes for f in c.fields}
    assert ("1-1", "工程", "試行") in changed


def test_the_sheet_template_the_schedule_and_open_data_use_the_labels(
    world: World, client: Any
) -> None:
    _set_list(world)
    template = sheet_template_for(plan=world.plan)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(template)))
    ws = book["個票"]
    [validation] = ws.data_validations.dataValidation
    assert validation.formula1 == '"調査研究,試行,本格実施,定着"'
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "1-1")
    ws.cell(row, 4).value = "窓口を変える"
    ws.cell(row, 7).value = "試行"  # 2024 工程
    ws.cell(row, 9).value = "検討"  # 2025 工程: not this plan's
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(PlanFileError) as info:
        read_template(out.getvalue(), name="個票.xlsx", template=template)
    assert [str(p) for p in info.value.problems] == [
        f"個票!I{row}: 工程「検討」は選べません（調査研究・試行・本格実施・定着）"
    ]
    ws.cell(row, 9).value = "定着"
    out = io.BytesIO()
    book.save(out)
    sheets = read_template(out.getvalue(), name="個票.xlsx", template=template)
    assert [(s.fiscal_year, s.stage) for s in sheets["1-1"].schedule] == [
        (2024, "trial"),
        (2025, "settle"),
    ]
    ItemSheet.objects.create(
        node=world.node("1-1"),
        content="窓口を変える",
        schedule=sheets["1-1"].model_dump()["schedule"],
    )
    html = client.get(f"{PLAN}schedule/").content.decode()
    assert "試行" in html and "定着" in html
    rows = PublicData(world.plan).rows("schedule")
    assert [(r["stage"], r["stage_label"]) for r in rows] == [("trial", "試行"), ("settle", "定着")]


def test_the_report_and_open_data_show_a_published_year_plans_label(world: World) -> None:
    _set_list(world)
    carol = world.actor("carol")
    year_plan_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=carol,
        data={"stage": "research", "text": "先進事例の調査"},
        expected_version=0,
    )
    for action in ("submit", "approve", "publish"):
        transition_apply(report=world.report("1-1"), actor=carol, action=action)
    rows = PublicData(world.plan).rows("year_plans")
    assert [(r["stage"], r["stage_label"]) for r in rows] == [("research", "調査研究")]
    content = report_content(plan=world.plan, fiscal_year=2024, edition=Edition.PUBLIC)
    [item] = [i for i in content.items if i.stage]
    assert item.stage_label == "調査研究"


def test_the_plan_file_carries_the_list_and_names_a_stage_not_in_it(world: World) -> None:
    data = plan_file_data(plan=world.plan)
    data["settings"] = {"stages": LIST}
    data["nodes"][0]["children"][0]["sheet"] = {
        "schedule": [{"fiscal_year": 2024, "stage": "trial", "text": "試す"}]
    }
    plan_import(plan_file=validate_plan_data(copy.deepcopy(data)), actor_label="test")
    world.plan.refresh_from_db()
    assert world.plan.stages == LIST
    exported = plan_file_data(plan=world.plan)
    assert exported["settings"] == {"stages": LIST}
    for fmt in ("json", "yaml", "xlsx"):
        codec = FORMATS.get(fmt)
        loaded = codec.load(codec.dump(exported))
        assert loaded["settings"] == {"stages": LIST}, fmt
        assert loaded["nodes"][0]["children"][0]["sheet"]["schedule"][0]["stage"] == "trial", fmt
    # a stage outside the file's own list: the place in the file
    data["nodes"][0]["children"][0]["sheet"]["schedule"][0]["stage"] = "study"
    with pytest.raises(PlanFileError) as info:
        validate_plan_data(copy.deepcopy(data))
    assert [p.where for p in info.value.problems] == [
        "nodes[0].children[0].sheet.schedule[0].stage"
    ]
    # a file without settings keeps the plan's list, and its stages are checked against it
    del data["settings"]
    with pytest.raises(PlanFileError) as info:
        plan_import(plan_file=validate_plan_data(copy.deepcopy(data)), actor_label="test")
    assert [str(p) for p in info.value.problems] == [
        "1-1 の個票（2024年度）: 工程「study」はこの計画の工程にありません"
        "（research（調査研究）、trial（試行）、full（本格実施）、settle（定着））"
    ]
    # a code the 個票 uses cannot be left out (the file leaves the 個票 as it is)
    del data["nodes"][0]["children"][0]["sheet"]
    data["settings"] = {"stages": [d for d in LIST if d["code"] != "trial"]}
    with pytest.raises(PlanFileError) as info:
        plan_import(plan_file=validate_plan_data(copy.deepcopy(data)), actor_label="test")
    assert [p.where for p in info.value.problems] == ["settings.stages"]
    world.plan.refresh_from_db()
    assert world.plan.stages == LIST
