"""FiscalEffect.objects and IndicatorActual.objects: effects of tracked nodes and of a subtree,
and the public-actuals rule (an actual counts for outsiders only when its node's report of that
year is published; targets always count)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.support.api_client import set_state

from gyokaku.measures.models import (
    EffectYear,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorSheet,
    readable_actual_yen,
)
from gyokaku.tracking.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def effects(world: Any) -> Any:
    """An effect of 1 (a branch), 1-1, 1-2 and 2 in FY2024, and of 1-1 in FY2025 (no report
    that year); 1-1's FY2024 report is published."""
    for key, fy, actual in [("1", 2024, 1), ("1-1", 2024, 10), ("1-2", 2024, 100)]:
        year = EffectYear.objects.create(node=world.node(key), fiscal_year=fy)
        FiscalEffect.objects.create(
            effect_year=year, kind="revenue", target_yen=5, actual_yen=actual
        )
    for key, fy, actual in [("2", 2024, 1000), ("1-1", 2025, 10000)]:
        year = EffectYear.objects.create(node=world.node(key), fiscal_year=fy)
        FiscalEffect.objects.create(effect_year=year, kind="other", target_yen=5, actual_yen=actual)
    set_state(world.report("1-1"), State.PUBLISHED)
    return world


def _by_node(rows: Any) -> list[tuple[str, int]]:
    return sorted(rows.values_list("effect_year__node__key", "effect_year__fiscal_year"))


def test_of_leaves_leaves_out_a_branchs_effects(effects: Any) -> None:
    assert _by_node(FiscalEffect.objects.of_leaves()) == [
        ("1-1", 2024),
        ("1-1", 2025),
        ("1-2", 2024),
        ("2", 2024),
    ]


def test_under_is_the_nodes_subtree(effects: Any) -> None:
    assert _by_node(FiscalEffect.objects.under(effects.node("1"))) == [
        ("1", 2024),
        ("1-1", 2024),
        ("1-1", 2025),
        ("1-2", 2024),
    ]
    assert _by_node(FiscalEffect.objects.under(effects.node("2"))) == [("2", 2024)]


@pytest.mark.parametrize(
    ("published_only", "expected"),
    [
        (False, {("1", 2024): 1, ("1-1", 2024): 10, ("1-1", 2025): 10000, ("1-2", 2024): 100}),
        # only 1-1's FY2024 report is published: the other actuals are not the public's yet
        (True, {("1", 2024): None, ("1-1", 2024): 10, ("1-1", 2025): None, ("1-2", 2024): None}),
    ],
)
def test_an_actual_is_readable_inside_or_when_its_years_report_is_published(
    effects: Any, published_only: bool, expected: dict[tuple[str, int], int | None]
) -> None:
    rows = (
        FiscalEffect.objects.under(effects.node("1"))
        .annotate(actual=readable_actual_yen(published_only=published_only))
        .values_list("effect_year__node__key", "effect_year__fiscal_year", "target_yen", "actual")
    )
    assert {(key, fy): actual for key, fy, _, actual in rows} == expected
    assert {target for _, _, target, _ in rows} == {5}  # targets always count


@pytest.mark.parametrize(("published_only", "expected"), [(False, ["1-1", "2"]), (True, ["1-1"])])
def test_indicator_actuals_follow_the_same_rule(
    effects: Any, published_only: bool, expected: list[str]
) -> None:
    for key in ("1-1", "2"):
        sheet = IndicatorSheet.objects.create(node=effects.node(key))
        indicator = Indicator.objects.create(sheet=sheet, name="件数")
        IndicatorActual.objects.create(indicator=indicator, fiscal_year=2024, value=Decimal(3))
    readable = IndicatorActual.objects.readable(published_only=published_only)
    assert sorted(readable.values_list("indicator__sheet__node__key", flat=True)) == expected
