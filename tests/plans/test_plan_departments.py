"""所管課 in plan files: defined at the top, assigned per node, kept when a file is silent."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.accounts.models import Department
from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import Node
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned_plan(small_plan: dict[str, Any]) -> dict[str, Any]:
    small_plan["departments"] = [
        {"code": "dx", "name": "情報政策課"},
        {"code": "shimin", "name": "市民課"},
    ]
    for node in [
        small_plan["nodes"][0],
        *small_plan["nodes"][0]["children"],
        small_plan["nodes"][1],
    ]:
        node["departments"] = []
    small_plan["nodes"][0]["children"][0]["departments"] = ["dx", "shimin"]
    small_plan["nodes"][0]["children"][1]["departments"] = ["dx"]

    # the key order export uses: departments before children
    def reorder(node: dict[str, Any]) -> dict[str, Any]:
        children = node.pop("children")
        node["children"] = [reorder(c) for c in children]
        return node

    small_plan["nodes"] = [reorder(n) for n in small_plan["nodes"]]
    levels = small_plan.pop("levels")
    nodes = small_plan.pop("nodes")
    small_plan["levels"], small_plan["nodes"] = levels, nodes
    return small_plan


def _import(data: dict[str, Any]) -> None:
    plan_import(plan_file=validate_plan_data(data), actor_label="test")


def test_it_creates_departments_and_assignments(assigned_plan: dict[str, Any]) -> None:
    _import(assigned_plan)
    assert sorted(Department.objects.values_list("code", "name")) == [
        ("dx", "情報政策課"),
        ("shimin", "市民課"),
    ]
    node = Node.objects.get(key="1-1")
    assert sorted(node.departments.values_list("code", flat=True)) == ["dx", "shimin"]
    assert plan_file_data(plan=plan_for(slug="test-2024-2028")) == assigned_plan


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx"])
def test_departments_round_trip(assigned_plan: dict[str, Any], fmt: str) -> None:
    _import(assigned_plan)
    exported = plan_file_data(plan=plan_for(slug="test-2024-2028"))
    codec = FORMATS.get(fmt)
    assert codec.load(codec.dump(exported)) == exported


def test_a_file_without_departments_keeps_assignments(
    assigned_plan: dict[str, Any], small_plan: dict[str, Any]
) -> None:
    _import(assigned_plan)
    _import(small_plan)  # no "departments": says nothing about them
    assert Node.objects.get(key="1-2").departments.count() == 1


def test_the_file_is_the_truth_when_it_lists_departments(assigned_plan: dict[str, Any]) -> None:
    _import(assigned_plan)
    assigned_plan["nodes"][0]["children"][0]["departments"] = ["shimin"]
    _import(assigned_plan)
    assert list(Node.objects.get(key="1-1").departments.values_list("code", flat=True)) == [
        "shimin"
    ]


def test_unknown_department_codes_are_problems(assigned_plan: dict[str, Any]) -> None:
    assigned_plan["nodes"][1]["departments"] = ["nope"]
    with pytest.raises(PlanFileError) as info:
        validate_plan_data(assigned_plan)
    assert [str(p) for p in info.value.problems] == [
        "nodes[1].departments: 所管課 nope は未定義です"
    ]
