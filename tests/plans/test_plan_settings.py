"""計画ごとの設定 in plan files (``settings``): absent keeps, present sets, exports write what
differs from the defaults; the plan office's name then appears in messages."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gyokaku.accounts.rules import can_act_as_plan_office
from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import DEFAULT_OFFICE_NAME
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


def _import(data: dict[str, Any]) -> Any:
    return plan_import(plan_file=validate_plan_data(copy.deepcopy(data)), actor_label="test")


def test_a_plan_on_the_defaults_exports_no_settings(small_plan: dict[str, Any]) -> None:
    _import(small_plan)
    plan = plan_for(slug=small_plan["slug"])
    assert plan.office_name == DEFAULT_OFFICE_NAME
    assert "settings" not in plan_file_data(plan=plan)
    assert plan_file_data(plan=plan) == small_plan


def test_a_plan_file_sets_the_office_name_and_an_export_carries_it(
    small_plan: dict[str, Any],
) -> None:
    data = {**small_plan, "settings": {"office_name": "行革推進課"}}
    report = _import(data)
    assert any(c.what == "settings" for c in report.changes)
    plan = plan_for(slug=data["slug"])
    assert plan.office_name == "行革推進課"
    assert plan_file_data(plan=plan) == data
    # a file without the key (an older file) keeps the setting
    _import(small_plan)
    plan = plan_for(slug=data["slug"])
    assert plan.office_name == "行革推進課"
    assert plan_file_data(plan=plan)["settings"] == {"office_name": "行革推進課"}


@pytest.mark.parametrize("fmt", ["json", "yaml", "xlsx"])
def test_settings_round_trip_in_every_format(small_plan: dict[str, Any], fmt: str) -> None:
    data = {**small_plan, "settings": {"office_name": "行革推進課"}}
    codec = FORMATS.get(fmt)
    assert codec.load(codec.dump(data)) == data
    assert "settings" not in codec.load(codec.dump(small_plan))


@pytest.mark.parametrize(
    ("settings", "where"),
    [
        ({"office_name": ""}, "settings.office_name"),
        ({"office_name": "課" * 101}, "settings.office_name"),
        ({"office": "行革推進課"}, "settings.office"),
    ],
)
def test_bad_settings_are_refused_naming_the_key(
    small_plan: dict[str, Any], settings: dict[str, Any], where: str
) -> None:
    with pytest.raises(PlanFileError) as info:
        validate_plan_data({**small_plan, "settings": settings})
    assert where in [p.where for p in info.value.problems]


def test_messages_name_the_plans_office(world: Any) -> None:
    reason = can_act_as_plan_office(world.actor("dave"), world.plan, "進捗調査の開始")
    assert reason is not None and "計画担当（行政経営課）" in reason
    world.plan.office_name = "行革推進課"
    world.plan.save()
    reason = can_act_as_plan_office(world.actor("dave"), world.plan, "進捗調査の開始")
    assert reason is not None
    assert reason == "進捗調査の開始は計画担当（行革推進課）だけが行えます"


@pytest.mark.parametrize(
    ("directions", "where"),
    [
        ([{"code": "a", "label": "拡充"}, {"code": "a", "label": "継続"}], "settings.directions"),
        ([{"code": "Bad", "label": "拡充"}], "settings.directions[0].code"),
        ([{"code": "ok", "label": ""}], "settings.directions[0].label"),
        ([], "settings.directions"),
    ],
)
def test_a_bad_list_is_refused_naming_where(
    small_plan: dict[str, Any], directions: list[dict[str, str]], where: str
) -> None:
    with pytest.raises(PlanFileError) as info:
        validate_plan_data({**small_plan, "settings": {"directions": directions}})
    assert where in [p.where for p in info.value.problems], info.value.problems
