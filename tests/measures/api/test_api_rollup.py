"""GET /api/v1/plans/{slug}/rollup?fy=YYYY: the roll-up of every node and the plan."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from tests.support.api_client import TARGETS, effect, effects_path, rollup_path, set_state
from tests.support.public_cache import STAMP_QUERY
from tests.support.world import World

from gyokaku.measures.models import FiscalEffect
from gyokaku.measures.sample import fill_sample_measures
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.outline.sample import generate_plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import ProgressReport, State


def _sample_plan(size: int, *, years: int = 2) -> Plan:
    """A generated five-level plan of the world's municipality (Aomori) with sample data."""
    data = generate_plan(size, seed=3)
    data["slug"], data["municipality"]["code"] = f"measured-{size}", "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    plan = plan_for(slug=data["slug"])
    fill_sample_measures(plan=plan, years=years, seed=5)
    return plan


def _leaf_sums(plan: Plan, fy: int, *, published_only: bool) -> dict[str, dict[str, int]]:
    """What each leaf should show, straight from the rows: {key: {single_target, …}}."""
    published = set(
        ProgressReport.objects.filter(node__plan=plan, state=State.PUBLISHED).values_list(
            "node_id", "fiscal_year"
        )
    )
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = FiscalEffect.objects.filter(effect_year__node__plan=plan).values_list(
        "effect_year__node_id",
        "effect_year__node__key",
        "effect_year__fiscal_year",
        "target_yen",
        "actual_yen",
    )
    for node_id, key, year, target, actual in rows:
        if year > fy:
            continue
        if published_only and (node_id, year) not in published:
            target = actual = None  # like with like: neither counts before publication
        for span in ("cumulative", "single_year") if year == fy else ("cumulative",):
            sums[key][f"{span}.target_yen"] += target or 0
            sums[key][f"{span}.actual_yen"] += actual or 0
    return sums


def _money(entry: dict[str, Any]) -> dict[str, int]:
    effects = entry["effects"]
    return {
        f"{span}.{what}": effects[span][what]
        for span in ("single_year", "cumulative")
        for what in ("target_yen", "actual_yen")
    }


@pytest.mark.parametrize("caller", ["dave", None])
def test_every_parent_is_the_sum_of_its_children(
    world: World, api: Any, caller: str | None
) -> None:
    plan = _sample_plan(85)
    fy = plan.start_fy + 1
    answer = api(caller).get(rollup_path(fy, plan=f"/api/v1/plans/{plan.slug}"))
    assert answer.status == 200
    body = answer.body
    assert body["fy"] == fy and body["published_only"] is (caller is None)
    nodes = list(Node.objects.filter(plan=plan).values_list("key", "parent__key"))
    assert set(body["nodes"]) == {key for key, _ in nodes}  # an entry for every node

    children: dict[str | None, list[str]] = defaultdict(list)
    for key, parent in nodes:
        children[parent].append(key)
    leaves = _leaf_sums(plan, fy, published_only=caller is None)
    for key, _ in nodes:
        entry = body["nodes"][key]
        if children[key]:
            below = [body["nodes"][k] for k in children[key]]
            assert _money(entry) == {
                name: sum(_money(c)[name] for c in below) for name in _money(entry)
            }, key
            assert entry["tracked"] == sum(c["tracked"] for c in below)
            for name, n in entry["indicators"].items():
                assert n == sum(c["indicators"][name] for c in below)
        else:
            assert _money(entry) == {name: leaves[key][name] for name in _money(entry)}, key
    pillars = [body["nodes"][k] for k in children[None]]
    assert _money(body["plan"]) == {
        name: sum(_money(p)[name] for p in pillars) for name in _money(body["plan"])
    }
    kinds = body["plan"]["effects"]["single_year"]["by_kind"]
    assert (
        sum(m["target_yen"] for m in kinds.values())
        == _money(body["plan"])["single_year.target_yen"]
    )


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_the_public_rollup_excludes_unpublished_actuals(
    world: World, api: Any, caller: str | None
) -> None:
    api("carol").put(effects_path("1-1"), {"effects": [effect(actual_yen=700)]}, if_match=0)
    api("carol").put(effects_path("2"), {"effects": [effect(actual_yen=50)]}, if_match=0)
    api("carol").put(
        "/api/v1/plans/test-2024-2028/nodes/2/progress/2024",
        {"ratings": {"achievement": "A"}},
        if_match=1,
    )
    inside = api("dave").get(rollup_path()).body
    assert inside["plan"]["effects"]["single_year"]["actual_yen"] == 750
    assert inside["plan"]["ratings"] == {"achievement": {"A": 1}}

    public = api(caller).get(rollup_path()).body
    assert public["published_only"] is True
    single = public["plan"]["effects"]["single_year"]
    # like with like: no item is published, so neither targets nor actuals count
    assert (single["target_yen"], single["actual_yen"]) == (0, 0)
    assert public["plan"]["ratings"] == {}

    assert public["coverage"]["statement"] == "令和6年度の実績：公表済 0 / 3 項目（未公表）"

    set_state(world.report("2"), State.PUBLISHED)
    public = api(caller).get(rollup_path()).body
    assert public["coverage"] == {
        "fiscal_year": 2024,
        "tracked": 3,
        "published": 1,
        "complete": False,
        "statement": "令和6年度の実績：公表済 1 / 3 項目（一部公表）",
    }
    assert public["plan"]["effects"]["single_year"]["actual_yen"] == 50
    assert public["plan"]["effects"]["single_year"]["target_yen"] == 1_000_000  # 2's alone
    assert public["nodes"]["2"]["effects"]["cumulative"]["actual_yen"] == 50
    assert public["nodes"]["1"]["effects"]["single_year"]["actual_yen"] == 0
    assert public["plan"]["ratings"] == {"achievement": {"A": 1}}


def test_the_plan_entry_has_the_targets_and_the_rate_against_them(world: World, api: Any) -> None:
    carol = api("carol")
    assert carol.post("/api/v1/plans/test-2024-2028/rounds", {"fiscal_year": 2025}).status == 201
    for fy, actual in ((2024, 300), (2025, 900)):
        body = {"effects": [effect(target_yen=100, actual_yen=actual)]}
        assert carol.put(effects_path("1-1", fy), body, if_match=0).status == 201
    targets = [
        {"kind": None, "fiscal_year": None, "target_yen": 1000, "label": "5年間"},
        {"kind": "revenue", "fiscal_year": 2025, "target_yen": 600, "label": "2025 歳入"},
        {"kind": "expenditure", "fiscal_year": 2025, "target_yen": 0, "label": "ゼロ"},
        {"kind": None, "fiscal_year": 2026, "target_yen": 10, "label": "翌年"},
    ]
    assert carol.put(TARGETS, {"targets": targets}, if_match=0).status == 200

    rates = api("dave").get(rollup_path(2025)).body["plan"]["effect_targets"]
    # the period-wide target against the cumulative actual, the year's against that year
    assert [(r["label"], r["span"], r["actual_yen"], r["rate"], r["percent"]) for r in rates] == [
        ("5年間", "cumulative", 1200, "1.2", "120.0%"),  # may exceed 100%
        ("2025 歳入", "single_year", 900, "1.5", "150.0%"),
        ("ゼロ", "single_year", 0, None, "—"),
    ]
    earlier = api("dave").get(rollup_path(2024)).body["plan"]["effect_targets"]
    assert [(r["label"], r["actual_yen"], r["rate"]) for r in earlier] == [("5年間", 300, "0.3")]


@pytest.mark.parametrize("query", ["fy=2023", "fy=2029", "fy=year", ""])
def test_it_answers_422_for_a_year_outside_the_plan(world: World, api: Any, query: str) -> None:
    answer = api(None).get(f"/api/v1/plans/test-2024-2028/rollup?{query}")
    assert answer.status == 422
    assert "fy" in answer.body["problems"]


def test_it_answers_404_for_an_unknown_plan(world: World, api: Any) -> None:
    assert api(None).get("/api/v1/plans/nope/rollup?fy=2024").status == 404


@pytest.fixture(params=[85, 5000], ids=["85-nodes", "5000-nodes"])
def measured_plan(request: pytest.FixtureRequest, world: World) -> Plan:
    return _sample_plan(request.param)


@pytest.mark.parametrize("caller", [None, "carol"])
def test_the_rollup_takes_constant_queries(
    measured_plan: Plan, world: World, caller: str | None, django_assert_num_queries: Any
) -> None:
    client = Client()
    if caller:
        client.force_login(world.users[caller])
    # the plan, the roll-up (nodes, rating values, reports, effects, indicators, targets,
    # actuals), the plan's targets and the year's coverage (tracked, published); a session
    # adds itself, its user, profile, departments; an outsider first reads the cache's data stamp
    expected = 11 + STAMP_QUERY if caller is None else 15
    path = rollup_path(measured_plan.start_fy + 1, plan=f"/api/v1/plans/{measured_plan.slug}")
    client.get("/api/v1/plans")  # a session's first request stamps it (a write): not counted
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.json()["nodes"]) == measured_plan.nodes.count()
