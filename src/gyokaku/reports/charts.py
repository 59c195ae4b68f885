"""The report's charts: the dashboard's (gyokaku.measures.charts: matplotlib SVG, the Japanese
font drawn as paths) plus one per indicator, each as an image with its text alternative.

An ``<img alt>`` with the SVG as a data: URI, rather than inline SVG, because it is the same
for both outputs: the HTML file stays one self-contained file, and WeasyPrint tags an image
with its alt text as a Figure in the PDF's structure (PDF/UA); inline SVG would be untagged.
Every chart is also followed by a table of its numbers.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from gyokaku.lib.amounts import format_amount
from gyokaku.lib.wareki import wareki_fy

# The dashboard's way of making an SVG inline (under its lock: matplotlib is not thread-safe;
# unique ids, no fixed size, a label): the report's own charts are written the same way.
from gyokaku.measures.charts import (
    ACTUAL_COLOUR,
    TARGET_COLOUR,
    Series,
    TextMode,
    effects_chart,
    figure_svg,
    rating_chart,
)
from gyokaku.reports.content import IndicatorLine, ReportContent, ScaleSummary


@dataclass(frozen=True)
class ChartImage:
    uri: str  # data:image/svg+xml;base64,…
    alt: str


def _image(svg: str, alt: str) -> ChartImage:
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return ChartImage(uri=f"data:image/svg+xml;base64,{encoded}", alt=alt)


def rating_image(summary: ScaleSummary, level: str) -> ChartImage | None:
    if not summary.rows:
        return None
    counts = ", ".join(
        f"{line.label}: "
        + "、".join(f"{v.label} {n}件" for v, n in zip(summary.values, line.counts, strict=True))
        for line in summary.rows
    )
    alt = f"{level}ごとの評価の分布（{summary.scale.name}）の積み上げ棒グラフ。{counts}"
    svg = rating_chart(
        categories=[line.label for line in summary.rows],
        series=[
            Series(value.label, [line.counts[i] for line in summary.rows], value.not_rated)
            for i, value in enumerate(summary.values)
        ],
        label=alt,
        chart_id=f"rating-{summary.scale.code}",
    )
    return _image(svg, alt)


def effects_images(content: ReportContent) -> tuple[ChartImage, ChartImage]:
    """Per year (bars) and 累計 (lines), target against actual, in 千円."""
    years = [f"{y.fiscal_year}年度" for y in content.years]
    out = []
    for cumulative in (False, True):
        money = [y.cumulative if cumulative else y.single_year for y in content.years]
        what = "財政効果額の累計" if cumulative else "年度別の財政効果額"
        data = "、".join(
            f"{year} 目標 {_thousand(m.target_yen)}千円・実績 {_thousand(m.actual_yen)}千円"
            for year, m in zip(years, money, strict=True)
        )
        alt = f"{what}（目標と実績、千円）の{'折れ線' if cumulative else '棒'}グラフ。{data}"
        svg = effects_chart(
            years=years,
            targets=[m.target_yen for m in money],
            actuals=[m.actual_yen for m in money],
            unit="thousand",
            unit_text="千円",
            label=alt,
            chart_id="effects-cumulative" if cumulative else "effects-year",
            cumulative=cumulative,
        )
        out.append(_image(svg, alt))
    return out[0], out[1]


def _thousand(yen: int) -> str:
    return format_amount(yen, "thousand")


def indicator_image(
    line: IndicatorLine, chart_id: str, *, text_as_paths: bool = True
) -> ChartImage | None:
    """Target (dashed) against actual (solid) per year, and the baseline (dotted); None when
    there is nothing to draw."""
    if not any(t is not None or a is not None for _, t, a in line.series):
        return None
    unit = f"（{line.unit}）" if line.unit else ""
    data = "、".join(f"{fy}年度 目標 {_value(t)}・実績 {_value(a)}" for fy, t, a in line.series)
    if line.baseline is not None:
        when = f"{line.baseline_fy}年度、" if line.baseline_fy else ""
        data += f"（基準値 {when}{_value(line.baseline)}）"
    alt = f"成果指標「{line.name}」の目標値と実績値{unit}の推移の折れ線グラフ。{data}"
    # Fixed margins, not layout="constrained": a report draws one of these per indicator, and
    # the constrained layout took most of each chart's time.
    fig = Figure(figsize=(5.0, 2.1))
    fig.subplots_adjust(left=0.12, right=0.98, top=0.86, bottom=0.24)
    ax = fig.add_subplot()
    xs = list(range(len(line.series)))
    targets = [t for _, t, _ in line.series]
    actuals = [a for _, _, a in line.series]
    for values, label, marker, linestyle, colour in (
        (targets, "目標", "o", "--", TARGET_COLOUR),
        (actuals, "実績", "s", "-", ACTUAL_COLOUR),
    ):
        points = [(x, float(v)) for x, v in zip(xs, values, strict=True) if v is not None]
        if points:
            ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                label=label,
                marker=marker,
                linestyle=linestyle,
                color=colour,
            )
    if line.baseline is not None:
        ax.axhline(
            float(line.baseline), color="#666666", linewidth=0.8, linestyle=":", label="基準値"
        )
    ax.set_xticks(xs, [f"{fy}\n{wareki_fy(fy).removesuffix('年度')}" for fy, _, _ in line.series])
    ax.set_xlim(-0.5, len(xs) - 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    if line.unit:
        ax.set_title(f"単位：{line.unit}", loc="left", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="best", fontsize=8, frameon=False)
    text: TextMode = "paths" if text_as_paths else "font"
    return _image(figure_svg(fig, label=alt, chart_id=chart_id, text=text), alt)


def _value(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.normalize():,f}"
