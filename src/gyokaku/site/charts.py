"""Charts of the public pages, drawn with the dashboard's functions (measures/charts.py).

Every chart is an inline SVG with ``role="img"`` and an ``aria-label`` saying what it shows,
and the template puts its data table right after it: the table is the text alternative, so a
screen reader (or a printout in black and white) loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from gyokaku.lib.achievement import Achievement
from gyokaku.lib.wareki import fy_label
from gyokaku.measures.charts import Series, effects_chart, indicator_chart, rating_chart
from gyokaku.measures.selectors import IndicatorView
from gyokaku.site.history import NodeHistory
from gyokaku.site.overview import Overview

UNIT, UNIT_TEXT = "thousand", "千円"
DRAW: dict[str, Callable[..., str]] = {
    "effects": effects_chart,
    "rating": rating_chart,
    "indicator": indicator_chart,
}


@lru_cache(maxsize=128)
def _draw(kind: str, language: str, args: tuple[tuple[str, Any], ...]) -> str:
    return DRAW[kind](**dict(args))


def _chart(kind: str, **kwargs: Any) -> SafeString:
    """A chart drawn once per data and language: a chart costs 60–90 ms to draw, and a public
    page is read far more often than its data changes (the same data gives the same SVG)."""
    kwargs["text"] = "page"  # inline: in the page's font, a sixth of the size of paths
    args = tuple(sorted((name, _frozen(value)) for name, value in kwargs.items()))
    # Our own markup: the label is escaped in measures.charts, the text by matplotlib.
    return mark_safe(_draw(kind, get_language() or "ja", args))


def _frozen(value: Any) -> Any:
    if isinstance(value, Series):
        return Series(value.label, tuple(value.values), value.not_rated)
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


@dataclass
class OverviewCharts:
    ratings: dict[str, SafeString]  # by the rating scale's code
    rows_effects: SafeString | None  # per pillar (or child): cumulative target and actual
    per_year: SafeString | None
    cumulative: SafeString | None


def overview_charts(overview: Overview, level_name: str) -> OverviewCharts:
    rows = overview.rows
    ratings = {}
    if rows:
        for table in overview.rating_tables:
            scale = table.scale
            ratings[scale.code] = _chart(
                "rating",
                categories=[row.label for row, _ in table.lines],
                series=[
                    Series(v.label, [counts[i] for _, counts in table.lines], v.not_rated)
                    for i, v in enumerate(table.values)
                ],
                label=gettext("%(level)sごとの評価の分布（%(scale)s）の積み上げ棒グラフ")
                % {"level": level_name, "scale": scale.name},
                chart_id=f"chart-rating-{scale.code}",
            )
    rows_effects = None
    if rows:
        rows_effects = _chart(
            "effects",
            years=[row.label for row in rows],
            targets=[row.item.cumulative.total.target_yen for row in rows],
            actuals=[row.item.cumulative.total.actual_yen for row in rows],
            unit=UNIT,
            unit_text=UNIT_TEXT,
            label=gettext("%(level)sごとの財政効果額の累計（目標と実績、千円）の棒グラフ")
            % {"level": level_name},
            chart_id="chart-rows-effects",
        )
    per_year = cumulative = None
    if overview.totals:
        years = [gettext("%(fy)s年度") % {"fy": t.fiscal_year} for t in overview.totals]
        per_year = _chart(
            "effects",
            years=years,
            targets=[t.single_year.target_yen for t in overview.totals],
            actuals=[t.single_year.actual_yen for t in overview.totals],
            unit=UNIT,
            unit_text=UNIT_TEXT,
            label=gettext("年度別の財政効果額（目標と実績、千円）の棒グラフ"),
            chart_id="chart-effects-year",
        )
        cumulative = _chart(
            "effects",
            years=years,
            targets=[t.cumulative.target_yen for t in overview.totals],
            actuals=[t.cumulative.actual_yen for t in overview.totals],
            unit=UNIT,
            unit_text=UNIT_TEXT,
            label=gettext("財政効果額の累計（目標と実績、千円）の折れ線グラフ"),
            chart_id="chart-effects-cumulative",
            cumulative=True,
        )
    return OverviewCharts(ratings, rows_effects, per_year, cumulative)


@dataclass
class IndicatorYear:
    label: str
    target: Decimal | None
    actual: Decimal | None
    result: Achievement
    hidden: bool  # the actual is not public yet (that year's report is not published)


@dataclass
class IndicatorFigure:
    view: IndicatorView
    svg: SafeString
    chart_id: str
    years: list[IndicatorYear]


@dataclass
class NodeCharts:
    effects: SafeString | None
    indicators: list[IndicatorFigure]


def node_charts(history: NodeHistory) -> NodeCharts:
    plan = history.node.plan
    years = list(plan.fiscal_years)
    labels = [gettext("%(fy)s年度") % {"fy": fy} for fy in years]
    effects = None
    if history.effect_years:
        by_year = {y.fiscal_year: y for y in history.years}
        effects = _chart(
            "effects",
            years=labels,
            targets=[
                _or0(by_year[fy].effect_target_yen if fy in by_year else None) for fy in years
            ],
            actuals=[
                _or0(by_year[fy].effect_actual_yen if fy in by_year else None) for fy in years
            ],
            unit=UNIT,
            unit_text=UNIT_TEXT,
            label=gettext("年度別の財政効果額（目標と実績、千円）の棒グラフ"),
            chart_id="chart-node-effects",
        )
    published = {y.fiscal_year for y in history.years if y.published}
    figures = []
    for i, view in enumerate(history.indicators.indicators, start=1):
        chart_id = f"chart-indicator-{i}"
        svg = _chart(
            "indicator",
            years=labels,
            targets=[_float(view.target(fy)) for fy in years],
            actuals=[_float(view.actuals.get(fy)) for fy in years],
            unit=view.indicator.unit,
            label=gettext("成果指標「%(name)s」の目標と実績の折れ線グラフ")
            % {"name": view.indicator.name},
            chart_id=chart_id,
        )
        rows = [
            IndicatorYear(
                fy_label(fy),
                view.target(fy),
                view.actuals.get(fy),
                view.achievement(fy),
                hidden=not history.internal and fy not in published,
            )
            for fy in years
        ]
        figures.append(IndicatorFigure(view, svg, chart_id, rows))
    return NodeCharts(effects, figures)


def _or0(value: int | None) -> int:
    return value or 0


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
