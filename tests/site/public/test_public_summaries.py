"""The landing page's and the overview's aggregate reads agree with the roll-up
(measures/rollup.py), which the dashboard, the API and the exports use."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.measures.rollup import Money, plan_rollup
from gyokaku.site.overview import effect_totals, node_effect_totals, plan_summaries


def test_the_landing_summary_agrees_with_the_public_rollup(published: Any) -> None:
    plan = published.plan
    (summary,) = [s for s in plan_summaries([plan, published.other_plan]) if s.plan == plan]
    rollup = plan_rollup(plan=plan, fiscal_year=2025, published_only=True).total
    assert summary.fiscal_year == 2025
    assert (summary.tracked, summary.published) == (rollup.tracked, rollup.reported)
    assert [(s.on_track, s.rated) for s in summary.shares] == [
        (rollup.on_track.get(code, 0), rollup.rated.get(code, 0))
        for code in ("status", "achievement")
    ]
    assert summary.cumulative == rollup.cumulative.total


@pytest.mark.parametrize("published_only", [True, False])
def test_the_effects_per_year_agree_with_the_rollup(published: Any, published_only: bool) -> None:
    plan = published.plan
    by_year = effect_totals([plan], published_only=published_only)[plan.pk]
    branch = node_effect_totals(published.node("1"), published_only=published_only)
    for fy in plan.fiscal_years:
        rollup = plan_rollup(plan=plan, fiscal_year=fy, published_only=published_only)
        assert by_year.get(fy, Money()) == rollup.total.single_year.total, fy
        assert branch.get(fy, Money()) == rollup.nodes["1"].single_year.total, fy
