"""個票 are versioned with the plan: a revision that changes an item's 個票 names the version,
the earlier content stays in its history, and the item's page shows what it said before
(issue 13 #1)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client
from tests.support.world import TEST_PLAN, World

from gyokaku.plans.models import ItemSheet, PlanVersion
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.revision_spec import spec_from_options
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db

NODE = "/plans/test-2024-2028/nodes/1-1/"


def _with_sheet(content: str, goal: str) -> dict[str, Any]:
    data = copy.deepcopy(TEST_PLAN)
    data["nodes"][0]["children"][0]["sheet"] = {"content": content, "goal": goal}
    return data


def test_a_revision_that_changes_a_sheet_keeps_the_earlier_one(
    world: World, client: Client
) -> None:
    plan_import(plan_file=validate_plan_data(_with_sheet("窓口の改修", "3か所")), actor_label="t")
    sheet = ItemSheet.objects.get(node=world.node("1-1"))
    assert sheet.plan_version is None  # as adopted
    plan_import(
        plan_file=validate_plan_data(_with_sheet("全窓口の改修", "全窓口")),
        actor_label="t",
        revision=spec_from_options(effective_fy=2026, reason="中間見直し"),
    )
    sheet.refresh_from_db()
    version = PlanVersion.objects.get(plan=world.plan, number=1)
    assert (sheet.content, sheet.plan_version) == ("全窓口の改修", version)
    history = list(sheet.history.order_by("history_date").values_list("content", flat=True))
    assert history == ["窓口の改修", "全窓口の改修"]
    html = client.get(NODE).content.decode()
    assert "個票の変更履歴（1件）" in html
    assert "改定 第1版：取組内容・目標を変更" in html
    assert "変更前の取組内容</dt><dd>窓口の改修</dd>" in html
    assert "変更前の目標</dt><dd>3か所</dd>" in html


def test_a_sheet_never_changed_shows_no_history(world: World, client: Client) -> None:
    plan_import(plan_file=validate_plan_data(_with_sheet("窓口の改修", "3か所")), actor_label="t")
    plan_import(plan_file=validate_plan_data(_with_sheet("窓口の改修", "3か所")), actor_label="t")
    html = client.get(NODE).content.decode()
    assert "窓口の改修" in html and "個票の変更履歴" not in html
