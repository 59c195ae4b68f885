"""評価区分 in plan files: configurable per plan, one or two axes, never losing used values."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.plans.formats import FORMATS
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import RatingScale, RatingValue
from gyokaku.tracking.services import progress_update

pytestmark = pytest.mark.django_db

THREE_STEP = {
    "code": "evaluation",
    "name": "総合評価",
    "values": [
        {"code": "a", "label": "順調", "description": "", "on_track": True, "not_rated": False},
        {"code": "b", "label": "概ね順調", "description": "", "on_track": True, "not_rated": False},
        {"code": "c", "label": "遅れ", "description": "", "on_track": False, "not_rated": False},
        {
            "code": "na",
            "label": "評価対象外",
            "description": "",
            "on_track": False,
            "not_rated": True,
        },
    ],
}


def _with_scales(plan: dict[str, Any], scales: list[dict[str, Any]]) -> dict[str, Any]:
    levels = plan.pop("levels")
    nodes = plan.pop("nodes")
    return {**plan, "rating_scales": scales, "levels": levels, "nodes": nodes}


def test_a_plan_file_sets_a_one_axis_scale(small_plan: dict[str, Any]) -> None:
    data = _with_scales(small_plan, [THREE_STEP])
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    assert list(RatingScale.objects.values_list("code", flat=True)) == ["evaluation"]
    assert plan_file_data(plan=plan_for(slug=data["slug"])) == data


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx"])
def test_scales_round_trip(small_plan: dict[str, Any], fmt: str) -> None:
    data = _with_scales(small_plan, [THREE_STEP])
    codec = FORMATS.get(fmt)
    assert codec.load(codec.dump(data)) == data


def test_three_axes_are_refused(small_plan: dict[str, Any]) -> None:
    scales = [{**THREE_STEP, "code": c} for c in ("x", "y", "z")]
    with pytest.raises(PlanFileError) as info:
        validate_plan_data(_with_scales(small_plan, scales))
    assert str(info.value.problems[0]).startswith("rating_scales: ")


def test_a_value_in_use_cannot_be_removed(world: Any) -> None:
    report = world.report("1-1")
    progress_update(
        report=report,
        actor=world.actor("alice"),
        data={"ratings": {"achievement": "B"}},
        expected_version=1,
    )
    data = plan_file_data(plan=world.plan)
    achievement = next(s for s in data["rating_scales"] if s["code"] == "achievement")
    achievement["values"] = [v for v in achievement["values"] if v["code"] != "B"]
    with pytest.raises(PlanFileError, match="achievement:B"):
        plan_import(plan_file=validate_plan_data(data), actor_label="test")
    assert RatingValue.objects.filter(scale__plan=world.plan, code="B").exists()
