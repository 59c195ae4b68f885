"""GET /api/v1/rollups/national?fy=YYYY: the public roll-up across municipalities (issue 16 #5)."""

from __future__ import annotations

import copy
from typing import Any

from tests.support.api_client import effect, effects_path, set_state
from tests.support.public_cache import STAMP_QUERY
from tests.support.world import TEST_PLAN, World

from gyokaku.measures.models import EffectYear, FiscalEffect
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import ProgressReport, State
from gyokaku.tracking.services import round_open
from gyokaku.tracking.workflow import transition_apply

NATIONAL = "/api/v1/rollups/national"


def _leaves(plan: Plan) -> int:
    return Node.objects.filter(plan=plan, children__isnull=True).count()


def _fill(world: World, api: Any) -> None:
    """Aomori FY2024: 1-1 published (revenue 1,000,000 → 400,000, rated A), 1-2 a draft with
    an expenditure effect (not public: neither its target nor its actual counts)."""
    carol = api("carol")
    revenue = effect(target_yen=1_000_000, actual_yen=400_000)
    assert carol.put(effects_path("1-1"), {"effects": [revenue]}, if_match=0).status == 201
    spending = effect(kind="expenditure", target_yen=2_000_000, actual_yen=900_000)
    assert carol.put(effects_path("1-2"), {"effects": [spending]}, if_match=0).status == 201
    ProgressReport.objects.filter(pk=world.report("1-1").pk).update(
        ratings={"status": "in_progress", "achievement": "A"}
    )
    ProgressReport.objects.filter(pk=world.report("1-2").pk).update(
        ratings={"status": "in_progress", "achievement": "C"}
    )
    set_state(world.report("1-1"), State.PUBLISHED)


def test_the_nation_and_each_prefecture_count_published_items_only(world: World, api: Any) -> None:
    _fill(world, api)
    answer = api(None).get(f"{NATIONAL}?fy=2024")
    assert answer.status == 200
    body = answer.body
    assert body["fiscal_year"] == 2024
    # Sapporo's plan starts in FY2025: only Aomori's prefecture is in FY2024
    assert [p["code"] for p in body["prefectures"]] == ["02"]
    aomori = body["prefectures"][0]
    assert aomori["name"] == "青森県" and aomori["municipalities"] == 1 and aomori["plans"] == 1
    assert aomori["tracked_items"] == _leaves(world.plan)
    assert aomori["published_items"] == 1 and aomori["rated"] == 1 and aomori["on_track"] == 1
    # like for like: the draft's expenditure is neither target nor actual
    assert aomori["effects"] == [
        {"kind": "revenue", "label": "歳入確保", "target_yen": 1_000_000, "actual_yen": 400_000}
    ]
    nation = body["nation"]
    assert nation["code"] == "00" and nation["name"] == "全国"
    assert {k: nation[k] for k in ("municipalities", "plans", "published_items")} == {
        "municipalities": 1,
        "plans": 1,
        "published_items": 1,
    }
    assert nation["effects"] == aomori["effects"]


def test_a_published_item_rated_behind_schedule_is_rated_not_on_track(
    world: World, api: Any
) -> None:
    _fill(world, api)
    set_state(world.report("1-2"), State.PUBLISHED)
    aomori = api(None).get(f"{NATIONAL}?fy=2024").body["prefectures"][0]
    assert (aomori["published_items"], aomori["rated"], aomori["on_track"]) == (2, 2, 1)
    assert [e["kind"] for e in aomori["effects"]] == ["revenue", "expenditure"]
    assert aomori["effects"][1]["target_yen"] == 2_000_000
    assert aomori["effects"][1]["actual_yen"] == 900_000


def test_a_reopened_report_counts_as_it_was_last_published(world: World, api: Any) -> None:
    _fill(world, api)  # 1-1 published, rated A (on track)
    transition_apply(
        report=world.report("1-1"), actor=world.actor("carol"), action="reopen", comment="訂正"
    )
    # being corrected: a rating the public has not been shown yet
    ProgressReport.objects.filter(pk=world.report("1-1").pk).update(
        ratings={"status": "in_progress", "achievement": "C"}
    )
    aomori = api(None).get(f"{NATIONAL}?fy=2024").body["prefectures"][0]
    assert (aomori["published_items"], aomori["rated"], aomori["on_track"]) == (1, 1, 1)


def test_two_prefectures_and_the_nation_add_up(world: World, api: Any) -> None:
    body = api(None).get(f"{NATIONAL}?fy=2025").body
    codes = [p["code"] for p in body["prefectures"]]
    assert codes == ["01", "02"]
    assert [p["name"] for p in body["prefectures"]] == ["北海道", "青森県"]
    for field in ("municipalities", "plans", "tracked_items", "published_items"):
        assert body["nation"][field] == sum(p[field] for p in body["prefectures"])
    assert body["nation"]["plans"] == 2
    assert body["prefectures"][0]["tracked_items"] == _leaves(world.other_plan)


def test_drafts_never_count_even_for_the_plan_office(world: World, api: Any) -> None:
    _fill(world, api)
    inside = api("carol").get(f"{NATIONAL}?fy=2024").body
    assert inside == api(None).get(f"{NATIONAL}?fy=2024").body


def test_a_year_without_plans_is_empty_and_a_bad_year_is_422(world: World, api: Any) -> None:
    empty = api(None).get(f"{NATIONAL}?fy=2001").body
    assert empty["prefectures"] == [] and empty["nation"]["plans"] == 0
    assert api(None).get(f"{NATIONAL}?fy=99999").status == 422
    assert api(None).get(NATIONAL).status == 422


def test_the_national_rollup_takes_constant_queries(
    world: World, api: Any, django_assert_num_queries: Any
) -> None:
    _fill(world, api)
    client = api(None)
    # the data stamp; plans, tracked items, effects, rating values, published reports per
    # prefecture — whatever the number of municipalities, plans and items
    with django_assert_num_queries(STAMP_QUERY + 5):
        assert client.get(f"{NATIONAL}?fy=2024").status == 200


def test_many_plans_at_their_limits_in_one_prefecture_add_up_without_overflow(
    world: World, api: Any
) -> None:
    """Each plan-year's SUM fits a 64-bit integer (measures/limits.py), but a prefecture's many
    plans together need not: the national roll-up sums per plan in SQL and across plans in
    Python (on SQLite a SUM beyond 2**63 - 1 is an "integer overflow" 500). Two plans of
    5 × 10**18 yen each stand in for many plans filled to their limits (written as rows)."""
    another = copy.deepcopy(TEST_PLAN)
    another.update(slug="test-second-2024-2028")  # a second plan in the same prefecture
    plan_import(plan_file=validate_plan_data(another), actor_label="test")
    big = 5 * 10**18
    second = Plan.objects.get(slug="test-second-2024-2028")
    round_open(plan=second, fiscal_year=2024, actor=world.actor("carol"))
    for plan in (world.plan, second):
        node = Node.objects.get(plan=plan, key="1-1")
        set_state(world.report("1-1", plan=plan), State.PUBLISHED)
        year = EffectYear.objects.create(node=node, fiscal_year=2024)
        FiscalEffect.objects.create(
            effect_year=year, kind="revenue", target_yen=big, actual_yen=big
        )
    answer = api(None).get(f"{NATIONAL}?fy=2024")
    assert answer.status == 200
    aomori = answer.body["prefectures"][0]
    assert aomori["plans"] == 2
    assert (
        aomori["effects"][0]["target_yen"]
        == 2 * big
        == answer.body["nation"]["effects"][0]["target_yen"]
    )
