from __future__ import annotations

from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import Level, Node, Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import ImportReport, plan_import

pytestmark = pytest.mark.django_db


def _import(data: dict[str, Any], dry_run: bool = False) -> ImportReport:
    return plan_import(plan_file=validate_plan_data(data), actor_label="test", dry_run=dry_run)


def test_it_creates_the_plan_and_its_tree(small_plan: dict[str, Any]) -> None:
    report = _import(small_plan)
    assert report.count("create") == 4
    plan = Plan.objects.get(slug="test-2024-2028")
    assert plan.municipality.name == "青森市"
    assert list(Node.objects.filter(plan=plan).values_list("key", "order", "position")) == [
        ("1", 0, 0),
        ("1-1", 0, 1),
        ("1-2", 1, 2),
        ("2", 1, 3),
    ]
    assert Node.objects.get(key="1-1").parent == Node.objects.get(key="1")
    assert plan_file_data(plan=plan) == small_plan


def test_it_reimports_without_duplicating_or_changing(small_plan: dict[str, Any]) -> None:
    _import(small_plan)
    ids = set(Node.objects.values_list("pk", flat=True))
    report = _import(small_plan)
    assert not report.changed
    assert set(Node.objects.values_list("pk", flat=True)) == ids
    assert AuditEvent.objects.filter(action="plan.import").count() == 1


def test_it_updates_in_place_adds_and_removes(small_plan: dict[str, Any]) -> None:
    _import(small_plan)
    kept = Node.objects.get(key="1-1").pk
    small_plan["nodes"][0]["children"][0]["title"] = "書かない窓口の拡充"
    del small_plan["nodes"][0]["children"][1]
    small_plan["nodes"][1]["children"].append(
        {
            "key": "2-1",
            "code": "①",
            "level": 2,
            "title": "新項目",
            "description": "",
            "children": [],
        }
    )
    report = _import(small_plan)
    assert [str(c) for c in report.changes] == [
        "削除 node 1-2",
        "更新 node 1-1（title）",
        "追加 node 2-1",
    ]
    assert Node.objects.get(key="1-1").pk == kept
    assert plan_file_data(plan=Plan.objects.get()) == small_plan
    event = AuditEvent.objects.filter(action="plan.import").first()
    assert event is not None and "更新 node 1-1（title）" in event.changes


def test_a_dry_run_reports_and_changes_nothing(small_plan: dict[str, Any]) -> None:
    report = _import(small_plan, dry_run=True)
    assert report.dry_run and report.count("create") == 4
    assert not Plan.objects.exists() and not Node.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_updates_levels(small_plan: dict[str, Any]) -> None:
    _import(small_plan)
    small_plan["levels"][1]["name"] = "取組項目"
    report = _import(small_plan)
    assert [str(c) for c in report.changes] == ["更新 level 2（name）"]
    assert Level.objects.get(depth=2).name == "取組項目"


def test_moving_a_node_changes_its_parent(small_plan: dict[str, Any]) -> None:
    _import(small_plan)
    moved = small_plan["nodes"][0]["children"].pop()
    moved["key"] = "2-1"
    small_plan["nodes"][1]["children"].append(moved)
    _import(small_plan)
    assert Node.objects.get(key="2-1").parent == Node.objects.get(key="2")
    assert not Node.objects.filter(key="1-2").exists()
