"""Deterministic sample measurements for big plans: rounds, reports with ratings, indicators
and fiscal effects for every tracked node, written with bulk inserts so a 5,000-node plan
with five years of data loads in seconds. For benchmarks and query-count tests, not for the
demo (which goes through the services so that history and audit exist)."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from gyokaku.lib.planner import refresh_statistics
from gyokaku.measures.models import (
    EffectKind,
    EffectYear,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorSheet,
    IndicatorTarget,
)
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ProgressReport, RatingValue, Round, State
from gyokaku.tracking.publication import publication_record
from gyokaku.tracking.scales import rating_scales_ensure_defaults
from gyokaku.tracking.selectors import tracked_nodes

STATES = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.APPROVED, State.PUBLISHED]
KINDS = [k.value for k in EffectKind]


def fill_sample_measures(*, plan: Plan, years: int | None = None, seed: int = 1) -> None:
    """Add ``years`` fiscal years (default: the whole period) of sample data to ``plan``."""
    rng = random.Random(seed)
    rating_scales_ensure_defaults(plan=plan)
    values: dict[str, list[str]] = {}
    for scale_code, value_code in RatingValue.objects.filter(scale__plan=plan).values_list(
        "scale__code", "code"
    ):
        values.setdefault(scale_code, []).append(value_code)
    nodes = list(tracked_nodes(plan).order_by("position"))
    fiscal_years = list(plan.fiscal_years)[: years or None]
    with transaction.atomic():
        for fy in fiscal_years:
            round_, _ = Round.objects.get_or_create(plan=plan, fiscal_year=fy)
            ProgressReport.objects.bulk_create(
                (
                    ProgressReport(
                        node=node,
                        round=round_,
                        fiscal_year=fy,
                        state=rng.choice(STATES),
                        result_text=f"{fy}年度の取組実績（サンプル）",
                        ratings={scale: rng.choice(codes) for scale, codes in values.items()},
                    )
                    for node in nodes
                ),
                batch_size=500,
                ignore_conflicts=True,
            )
            EffectYear.objects.bulk_create(
                (EffectYear(node=node, fiscal_year=fy) for node in nodes),
                batch_size=500,
                ignore_conflicts=True,
            )
            saved = EffectYear.objects.filter(node__plan=plan, fiscal_year=fy)
            FiscalEffect.objects.bulk_create(
                (
                    FiscalEffect(
                        effect_year=year,
                        kind=rng.choice(KINDS),
                        target_yen=rng.randrange(-2_000_000, 50_000_000, 1000),
                        actual_yen=rng.choice([None, rng.randrange(-2_000_000, 60_000_000, 1000)]),
                        note="サンプル",
                    )
                    for year in saved
                ),
                batch_size=500,
            )
        _indicators(plan, nodes, fiscal_years, rng)
        # the per-report reads below find their rows by index on PostgreSQL too (lib/planner)
        refresh_statistics(
            ProgressReport,
            EffectYear,
            FiscalEffect,
            IndicatorSheet,
            Indicator,
            IndicatorTarget,
            IndicatorActual,
        )
        # what the sample's published reports showed when published (tracking.publication)
        published = ProgressReport.objects.filter(node__plan=plan).unrecorded_publications()
        for report in published.select_related("node"):
            publication_record(report=report, actor=None)


def _indicators(plan: Plan, nodes: list[Node], fiscal_years: list[int], rng: random.Random) -> None:
    IndicatorSheet.objects.bulk_create(
        (IndicatorSheet(node=node) for node in nodes), batch_size=500, ignore_conflicts=True
    )
    sheets = list(IndicatorSheet.objects.filter(node__plan=plan))
    Indicator.objects.bulk_create(
        (
            Indicator(
                sheet=sheet,
                name="サンプル指標",
                unit="件",
                direction=rng.choice(["higher", "lower"]),
                baseline_value=Decimal(rng.randrange(0, 100)),
                baseline_fy=plan.start_fy - 1,
            )
            for sheet in sheets
        ),
        batch_size=500,
    )
    indicators = list(Indicator.objects.filter(sheet__node__plan=plan))
    IndicatorTarget.objects.bulk_create(
        (
            IndicatorTarget(indicator=ind, fiscal_year=fy, value=Decimal(rng.randrange(50, 150)))
            for ind in indicators
            for fy in fiscal_years
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )
    IndicatorActual.objects.bulk_create(
        (
            IndicatorActual(indicator=ind, fiscal_year=fy, value=Decimal(rng.randrange(0, 200)))
            for ind in indicators
            for fy in fiscal_years
            if rng.random() < 0.8
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )
