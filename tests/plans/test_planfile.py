from __future__ import annotations

from typing import Any

import pytest

from gyokaku.plans.planfile import PlanFileError, validate_plan_data


def _problems(data: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        validate_plan_data(data, **kwargs)
    return [str(p) for p in info.value.problems]


def test_it_accepts_a_valid_plan(small_plan: dict[str, Any]) -> None:
    plan = validate_plan_data(small_plan)
    assert plan.slug == "test-2024-2028"
    assert plan.nodes[0].children[0].title == "書かない窓口の導入"


def test_it_names_the_place_of_a_missing_title(small_plan: dict[str, Any]) -> None:
    del small_plan["nodes"][0]["children"][1]["title"]
    assert _problems(small_plan) == ["nodes[0].children[1].title: 必須項目がありません"]


def test_it_refuses_unknown_fields(small_plan: dict[str, Any]) -> None:
    small_plan["nodes"][1]["colour"] = "red"
    assert _problems(small_plan) == ["nodes[1].colour: この項目は計画ファイルにありません"]


def test_it_checks_levels_keys_and_duplicates(small_plan: dict[str, Any]) -> None:
    children = small_plan["nodes"][0]["children"]
    children[1]["key"] = "1-1"
    children[0]["level"] = 3
    small_plan["nodes"][1]["key"] = "9-2"
    problems = _problems(small_plan)
    assert "nodes[0].children[0].level: 階層は 2 のはずですが 3 です" in problems
    assert "nodes[0].children[1].key: キー「1-1」が重複しています" in problems
    assert any(p.startswith("nodes[1].key: キー「9-2」") for p in problems)


def test_it_checks_the_municipality_code_and_the_period(small_plan: dict[str, Any]) -> None:
    small_plan["municipality"]["code"] = "022013"
    small_plan["period"] = {"start_fy": 2028, "end_fy": 2024}
    problems = _problems(small_plan)
    assert any(p.startswith("municipality.code: ") and "022012" in p for p in problems)
    assert "period: 開始年度 2028 が終了年度 2024 より後です" in problems


def test_it_lets_options_fill_what_outline_text_lacks(small_plan: dict[str, Any]) -> None:
    small_plan["municipality"] = {"code": None, "name": None}
    small_plan["slug"] = None
    problems = _problems(small_plan)
    assert {p.split(":")[0] for p in problems} == {"slug", "municipality.code", "municipality.name"}
    plan = validate_plan_data(
        small_plan, slug="other-plan", municipality_code="011002", municipality_name="札幌市"
    )
    assert (plan.slug, plan.municipality.code) == ("other-plan", "011002")


@pytest.mark.parametrize("data", [None, [], "text", 3])
def test_it_refuses_what_is_not_an_object(data: Any) -> None:
    assert _problems(data)


def test_it_refuses_a_bad_slug(small_plan: dict[str, Any]) -> None:
    assert _problems(small_plan, slug="Bad Slug!")[0].startswith("slug: ")
