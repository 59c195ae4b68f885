from __future__ import annotations

from typing import Any

import pytest

from gyokaku.measures.rollup import plan_rollup
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db


def _rate(world: Any, key: str, **ratings: str) -> None:
    report = world.report(key)
    progress_update(
        report=report,
        actor=world.actor("carol"),
        data={"ratings": ratings},
        expected_version=report.version,
    )


def test_it_counts_ratings_and_sums_effects_up_the_tree(world: Any) -> None:
    _rate(world, "1-1", status="in_progress", achievement="A")
    _rate(world, "1-2", status="not_started", achievement="C")
    _rate(world, "2", achievement="na")
    carol = world.actor("carol")
    effects_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=carol,
        expected_version=0,
        effects=[{"kind": "revenue", "target_yen": 1_000_000, "actual_yen": 1_200_000}],
    )
    effects_update(
        node=world.node("1-2"),
        fiscal_year=2024,
        actor=carol,
        expected_version=0,
        effects=[{"kind": "expenditure", "target_yen": 500_000, "actual_yen": None}],
    )
    effects_update(
        node=world.node("2"),
        fiscal_year=2025,
        actor=carol,
        expected_version=0,
        effects=[{"kind": "other", "target_yen": 7, "actual_yen": None}],
    )
    rollup = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=False).as_dict()
    pillar = rollup["nodes"]["1"]
    assert pillar["ratings"] == {
        "status": {"in_progress": 1, "not_started": 1},
        "achievement": {"A": 1, "C": 1},
    }
    assert pillar["on_track"]["achievement"] == {"count": 1, "rated": 2, "share": 0.5}
    assert pillar["effects"]["single_year"]["target_yen"] == 1_500_000
    assert pillar["effects"]["single_year"]["actual_yen"] == 1_200_000
    assert rollup["nodes"]["2"]["on_track"]["achievement"]["share"] is None  # 評価対象外 only
    assert rollup["plan"]["effects"]["cumulative"]["target_yen"] == 1_500_000  # 2025 not yet
    later = plan_rollup(plan=world.plan, fiscal_year=2025, published_only=False).as_dict()
    assert later["plan"]["effects"]["single_year"]["target_yen"] == 7
    assert later["plan"]["effects"]["cumulative"]["target_yen"] == 1_500_007


def test_the_public_sees_only_published_reports(world: Any) -> None:
    _rate(world, "1-1", achievement="S")
    carol = world.actor("carol")
    effects_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=carol,
        expected_version=0,
        effects=[{"kind": "revenue", "target_yen": 10, "actual_yen": 20}],
    )
    public = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=True).as_dict()
    # like with like: before the report is published, neither its target nor its actual counts
    assert public["plan"]["ratings"] == {} and public["plan"]["effects"]["single_year"] == {
        **public["plan"]["effects"]["single_year"],
        "target_yen": 0,
        "actual_yen": 0,
    }
    report = world.report("1-1")
    for action, who in (("submit", "alice"), ("approve", "carol"), ("publish", "carol")):
        transition_apply(report=world.report("1-1"), action=action, actor=world.actor(who))
    public = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=True).as_dict()
    assert public["plan"]["ratings"] == {"achievement": {"S": 1}}
    assert public["plan"]["effects"]["single_year"]["actual_yen"] == 20
    assert public["plan"]["effects"]["single_year"]["target_yen"] == 10
    assert report.pk


def test_indicators_are_achieved_not_achieved_or_not_measured(world: Any) -> None:
    indicators_update(
        node=world.node("1-1"),
        actor=world.actor("carol"),
        expected_version=0,
        indicators=[
            {
                "name": "オンライン申請件数",
                "unit": "件",
                "direction": "higher",
                "targets": {"2024": 100},
                "actuals": {"2024": 120},
            },
            {
                "name": "待ち時間",
                "unit": "分",
                "direction": "lower",
                "targets": {"2024": 10},
                "actuals": {"2024": 15},
            },
            {"name": "満足度", "unit": "%", "direction": "higher", "targets": {}},
        ],
    )
    rollup = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=False).as_dict()
    assert rollup["plan"]["indicators"] == {"achieved": 1, "not_achieved": 1, "not_measured": 1}


def test_what_counts_as_on_track_follows_the_plans_flags(world: Any) -> None:
    """順調 is each rating value's ``on_track`` flag (plan file rating_scales), not a fixed rule:
    a plan that does not count 取組中 as 順調 unsets its flag and the roll-up follows."""
    from gyokaku.tracking.models import RatingValue

    _rate(world, "1-1", status="in_progress", achievement="A")
    _rate(world, "1-2", status="done", achievement="S")
    rollup = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=False).as_dict()
    assert rollup["plan"]["on_track"]["status"]["count"] == 2
    RatingValue.objects.filter(scale__plan=world.plan, code="in_progress").update(on_track=False)
    RatingValue.objects.filter(scale__plan=world.plan, code="A").update(on_track=False)
    rollup = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=False).as_dict()
    assert rollup["plan"]["on_track"]["status"] == {"count": 1, "rated": 2, "share": 0.5}
    assert rollup["plan"]["on_track"]["achievement"]["count"] == 1  # only S now
