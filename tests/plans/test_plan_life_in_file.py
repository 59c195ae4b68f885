"""A revised plan's life (追加・廃止・統合 and their years) travels in the plan file: `plan
export` writes it, a new plan takes it, a plan already here checks it (issue 12)."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from tests.support.world import TEST_PLAN, World

from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import EndKind, Node
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.site.revision_spec import spec_from_options
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


def _revised(world: World) -> dict[str, Any]:
    """The test plan after a 改定 for FY2026: 1-2 merged into 1-1, 1-3 added."""
    data = copy.deepcopy(TEST_PLAN)
    children = data["nodes"][0]["children"]
    del children[1]
    children.append({**copy.deepcopy(children[0]), "key": "1-3", "code": "③", "title": "新規"})
    plan_import(
        plan_file=validate_plan_data(data),
        actor_label="test",
        revision=spec_from_options(effective_fy=2026, ends=["1-2=統合:2026:1-1"], reason="見直し"),
    )
    return plan_file_data(plan=world.plan)


def _nodes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out, stack = {}, list(data["nodes"])
    while stack:
        node = stack.pop()
        out[node["key"]] = node
        stack.extend(node["children"])
    return out


def _elsewhere(data: dict[str, Any]) -> dict[str, Any]:
    """The same file as a new plan (another slug), as when a city moves to a new server."""
    copied = copy.deepcopy(data)
    copied["slug"] = "moved-2024-2028"
    return copied


def test_the_export_writes_each_items_life_and_nothing_for_the_others(world: World) -> None:
    nodes = _nodes(_revised(world))
    assert nodes["1-2"]["ended_fy"] == 2026 and nodes["1-2"]["end_kind"] == "merged"
    assert nodes["1-2"]["merged_into"] == "1-1"
    assert nodes["1-3"]["first_fy"] == 2026 and "ended_fy" not in nodes["1-3"]
    assert not {"first_fy", "ended_fy", "end_kind", "merged_into"} & nodes["1-1"].keys()


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx"])
def test_a_new_plan_loaded_from_the_export_keeps_ended_and_added_items(
    world: World, fmt: str
) -> None:
    exported = _elsewhere(_revised(world))
    codec = FORMATS.get(fmt)
    loaded = codec.load(codec.dump(exported), name=f"plan.{fmt}")
    plan_import(plan_file=validate_plan_data(loaded), actor_label="test")
    moved = {n.key: n for n in Node.objects.filter(plan__slug="moved-2024-2028")}
    assert (moved["1-2"].ended_fy, moved["1-2"].end_kind) == (2026, EndKind.MERGED)
    assert moved["1-2"].merged_into == moved["1-1"]
    assert moved["1-3"].first_fy == 2026 and moved["1-3"].ended_fy is None
    assert moved["1-1"].ended_fy is None and moved["1-1"].first_fy is None
    # and it exports the same again
    again = plan_file_data(plan=moved["1-1"].plan)
    assert _nodes(again)["1-2"] == {**_nodes(exported)["1-2"]}


def test_re_importing_the_export_into_the_same_plan_changes_nothing(world: World) -> None:
    exported = _revised(world)
    before = list(Node.objects.filter(plan=world.plan).values().order_by("pk"))
    report = plan_import(plan_file=validate_plan_data(exported), actor_label="test")
    assert list(Node.objects.filter(plan=world.plan).values().order_by("pk")) == before
    assert report.version_label == ""


def test_a_file_that_changes_an_items_life_is_refused_naming_item_and_field(
    world: World,
) -> None:
    exported = _revised(world)
    nodes = _nodes(exported)
    nodes["1-2"]["ended_fy"] = 2027  # edited in the file instead of a revision
    nodes["1-1"]["ended_fy"], nodes["1-1"]["end_kind"] = 2027, "廃止"
    before = list(Node.objects.filter(plan=world.plan).values().order_by("pk"))
    with pytest.raises(PlanFileError) as caught:
        plan_import(plan_file=validate_plan_data(exported), actor_label="test")
    wheres = {p.where: p.message for p in caught.value.problems}
    assert "nodes[0].children[2].ended_fy" in wheres  # 1-2 stays after its siblings
    assert (
        "終了年度「2027」はこの計画の記録（2026）と違います"
        in wheres["nodes[0].children[2].ended_fy"]
    )
    assert "revision.ended" in wheres["nodes[0].children[0].ended_fy"]
    assert list(Node.objects.filter(plan=world.plan).values().order_by("pk")) == before


def test_a_new_item_cannot_arrive_already_ended(world: World) -> None:
    exported = _revised(world)
    exported["nodes"][1]["children"].append(
        {**copy.deepcopy(exported["nodes"][0]["children"][0]), "key": "2-9", "code": "⑨"}
    )
    added = exported["nodes"][1]["children"][-1]
    added |= {"level": 2, "ended_fy": 2027, "end_kind": "廃止", "children": []}
    with pytest.raises(PlanFileError, match=r"新しい項目「.*」に開始年度・終了の記録は書けません"):
        plan_import(plan_file=validate_plan_data(exported), actor_label="test")


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"ended_fy": 2031, "end_kind": "廃止"}, "ended_fy", "計画期間（2024〜2028年度）の外"),
        ({"ended_fy": 2026}, "end_kind", "そろえて書いてください"),
        ({"end_kind": "完了"}, "ended_fy", "そろえて書いてください"),
        ({"ended_fy": 2026, "end_kind": "廃止", "merged_into": "1-1"}, "merged_into", "統合"),
        ({"ended_fy": 2026, "end_kind": "統合", "merged_into": "9-9"}, "merged_into", "9-9"),
        ({"first_fy": 2027, "ended_fy": 2026, "end_kind": "完了"}, "ended_fy", "開始年度より後"),
        ({"end_note": "理由"}, "end_note", "終了していない"),
    ],
)
def test_a_bad_life_is_named_by_its_field(change: dict[str, Any], where: str, message: str) -> None:
    data = copy.deepcopy(TEST_PLAN)
    data["nodes"][0]["children"][1] |= change
    with pytest.raises(PlanFileError) as caught:
        validate_plan_data(data)
    problems = {p.where: p.message for p in caught.value.problems}
    assert message in problems[f"nodes[0].children[1].{where}"]


def test_the_command_writes_the_life_in_every_format(world: World, tmp_path: Path) -> None:
    _revised(world)
    for fmt in ("json", "yaml", "xlsx"):
        target = tmp_path / f"plan.{fmt}"
        call_command("plan", "export", world.plan.slug, "--format", fmt, "-o", str(target))
        nodes = _nodes(FORMATS.get(fmt).load(target.read_bytes(), name=target.name))
        assert nodes["1-2"]["ended_fy"] == 2026 and nodes["1-2"]["merged_into"] == "1-1"
        assert nodes["1-2"]["end_kind"] in ("merged", "統合")


def test_a_workbook_from_before_the_life_columns_still_loads(world: World) -> None:
    import openpyxl

    content = FORMATS.get("xlsx").dump(plan_file_data(plan=world.plan))
    wb = openpyxl.load_workbook(io.BytesIO(content))
    wb["取組方策"].delete_cols(8, 5)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = FORMATS.get("xlsx").load(buffer.getvalue(), name="old.xlsx")
    assert "ended_fy" not in _nodes(data)["1-2"]
    validate_plan_data(data)
