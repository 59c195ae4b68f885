"""The demo's indicators, fiscal effects and plan-level targets (gyokaku.demo.measures)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.demo import data
from gyokaku.demo.loader import demo_load
from gyokaku.demo.measures import effect_payload, indicator_payload
from gyokaku.demo.measures_data import (
    EFFECTS,
    INDICATORS,
    PLAN_TARGETS,
    effects_by_year,
    indicators_by_key,
)
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.measures.models import EffectKind, EffectYear, IndicatorSheet, PlanTarget
from gyokaku.measures.rollup import plan_rollup
from gyokaku.measures.selectors import effect_dicts, indicator_dicts
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import ProgressReport, State

YEARS = (2024, 2025)


@pytest.fixture
def plan(db: None) -> Plan:
    demo_load()
    return Plan.objects.get(slug=AOMORI_SLUG)


def _written(plan: Plan) -> set[tuple[str, int]]:
    """(key, year) of the reports a department has written (their actuals are entered)."""
    reports = ProgressReport.objects.filter(node__plan=plan).exclude(result_text="")
    return set(reports.values_list("node__key", "fiscal_year"))


def test_it_covers_a_realistic_subset_with_every_kind_of_case() -> None:
    keys = {i.key for i in INDICATORS} | {e.key for e in EFFECTS}
    assert keys <= set(data.ASSIGNMENTS)  # tracked items of the Aomori plan
    assert 12 <= len(indicators_by_key()) <= 25 and len(keys) < len(data.ASSIGNMENTS)
    assert {i.direction for i in INDICATORS} == {"higher", "lower"}
    assert any(i.baseline is None for i in INDICATORS)  # formula without a baseline
    assert any(2024 not in i.targets for i in INDICATORS)  # a year without a target
    assert all(set(i.actuals) <= set(YEARS) and i.final for i in INDICATORS)
    assert {e.kind for e in EFFECTS} == set(EffectKind.values)
    assert {e.fiscal_year for e in EFFECTS} == set(YEARS)
    assert any((e.actual_yen or 0) < 0 for e in EFFECTS)
    assert any((e.target_yen or 0) < 0 for e in EFFECTS)
    assert all(e.note.startswith(data.SAMPLE) for e in EFFECTS)
    assert all(t.label.startswith(data.SAMPLE) for t in PLAN_TARGETS)


def test_indicators_have_actuals_where_the_report_was_written(plan: Plan) -> None:
    written = _written(plan)
    sheets = IndicatorSheet.objects.filter(node__plan=plan).select_related("node")
    assert {s.node.key for s in sheets} == set(indicators_by_key())
    for sheet in sheets:
        key = sheet.node.key
        through = 2025 if (key, 2025) in written else 2024
        expected = [indicator_payload(i, through=through) for i in indicators_by_key()[key]]
        got = indicator_dicts(sheet)
        assert len(got) == len(expected), key
        for have, want in zip(got, expected, strict=True):
            assert have["name"] == want["name"] and have["direction"] == want["direction"]
            assert have["targets"] == {fy: Decimal(v) for fy, v in want["targets"].items()}
            assert have["actuals"] == {fy: Decimal(v) for fy, v in want["actuals"].items()}
    # The FY2025 report of オンライン申請 was never written: its actual is not there yet.
    online = indicator_dicts(IndicatorSheet.objects.get(node__plan=plan, node__key="2-1-01-3"))
    assert set(online[0]["actuals"]) == {2024}


def test_effects_have_actuals_where_the_report_was_written(plan: Plan) -> None:
    written = _written(plan)
    years = EffectYear.objects.filter(node__plan=plan).select_related("node")
    assert {(y.node.key, y.fiscal_year) for y in years} == set(effects_by_year())
    for year in years:
        entered = (year.node.key, year.fiscal_year) in written
        lines = effects_by_year()[(year.node.key, year.fiscal_year)]
        assert effect_dicts(year) == [effect_payload(e, with_actual=entered) for e in lines]
        assert year.version == (2 if entered else 1)  # targets first, actuals with the report
    furusato = EffectYear.objects.get(node__plan=plan, node__key="4-1-02-6", fiscal_year=2025)
    assert all(e["actual_yen"] is None for e in effect_dicts(furusato))


def test_departments_enter_actuals_before_they_submit(plan: Plan) -> None:
    events = AuditEvent.objects.filter(plan_slug=plan.slug)
    first_submit = dict(
        events.filter(action="progress.submit")
        .order_by("-pk")
        .values_list("target", "pk")  # later rows overwrite: the first submit wins
    )
    effects = events.filter(action="effects.update")
    assert effects.count() > len(effects_by_year())  # targets first, then the actuals
    for target, pk in effects.values_list("target", "pk"):
        assert pk < first_submit.get(target, pk + 1), target
    # The demo editor (情報政策課・市民課・契約課) enters their own items' actuals.
    by_editor = set(
        events.filter(action__in=["effects.update", "indicators.update"])
        .filter(actor__username="demo-editor")
        .values_list("target", flat=True)
    )
    assert {"2-1-02-1/2025", "2-1-01-2"} <= by_editor
    # The plan office defined every indicator first (plan data), before any actual.
    first_update = dict(
        events.filter(action="indicators.update")
        .order_by("-pk")
        .values_list("target", "actor__username")
    )
    assert first_update == {key: "demo-coordinator" for key in indicators_by_key()}


def test_the_rollup_adds_up_the_demo(plan: Plan) -> None:
    written = _written(plan)
    published = set(
        ProgressReport.objects.filter(node__plan=plan, state=State.PUBLISHED).values_list(
            "node__key", "fiscal_year"
        )
    )
    totals: dict[int, int] = {}
    for fy in YEARS:
        internal = plan_rollup(plan=plan, fiscal_year=fy, published_only=False).total
        public = plan_rollup(plan=plan, fiscal_year=fy, published_only=True).total
        lines = [e for e in EFFECTS if e.fiscal_year == fy]
        assert internal.single_year.total.target_yen == sum(e.target_yen or 0 for e in lines)
        totals[fy] = sum(e.actual_yen or 0 for e in lines if (e.key, fy) in written)
        assert internal.single_year.total.actual_yen == totals[fy]
        assert public.single_year.total.actual_yen == sum(
            e.actual_yen or 0 for e in lines if (e.key, fy) in published
        )
        assert set(internal.indicators.values()) != {0}
    assert 0 < totals[2025] and totals[2024] > 0
    later = plan_rollup(plan=plan, fiscal_year=2025, published_only=False).total
    assert later.cumulative.total.actual_yen == totals[2024] + totals[2025]
    counts = later.indicators
    assert counts["achieved"] and counts["not_achieved"] and counts["not_measured"]
    # The FY2024 plan-level target is beaten (over 100%); the five-year one is not reached yet.
    year_target = PlanTarget.objects.get(plan=plan, kind="", fiscal_year=2024).target_yen
    period_target = PlanTarget.objects.get(plan=plan, kind="", fiscal_year=None).target_yen
    assert totals[2024] / year_target > 1
    assert later.cumulative.total.actual_yen / period_target < 1
    assert PlanTarget.objects.filter(plan=plan).count() == len(PLAN_TARGETS)


def test_plan_targets_are_set_once_and_then_left_alone(plan: Plan) -> None:
    assert AuditEvent.objects.filter(action="effect_targets.update").count() == 1
    PlanTarget.objects.filter(plan=plan, fiscal_year=2024).delete()  # the office's own choice
    assert not demo_load().changed
    assert PlanTarget.objects.filter(plan=plan).count() == len(PLAN_TARGETS) - 1
    PlanTarget.objects.filter(plan=plan).delete()
    again = demo_load()
    assert again.changed and again.measures == 1
    assert PlanTarget.objects.filter(plan=plan).count() == len(PLAN_TARGETS)
