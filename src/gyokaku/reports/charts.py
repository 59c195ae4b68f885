"""The report's charts: the dashboard's (gyokaku.measures.charts: matplotlib SVG, the Japanese
font drawn as paths), each as an image with its text alternative. Indicators are printed as
tables in the 個票 (a city's 個票 has no room for a chart per indicator).

An ``<img alt>`` with the SVG as a data: URI, rather than inline SVG, because it is the same
for both outputs: the HTML file stays one self-contained file, and WeasyPrint tags an image
with its alt text as a Figure in the PDF's structure (PDF/UA); inline SVG would be untagged.
Every chart is also followed by a table of its numbers.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from gyokaku.lib.amounts import format_amount
from gyokaku.lib.wareki import wareki_fy

# The dashboard's way of making an SVG inline (under its lock: matplotlib is not thread-safe;
# unique ids, no fixed size, a label): the report's own charts are written the same way.
from gyokaku.measures.charts import (
    Series,
    effects_chart,
    rating_chart,
)
from gyokaku.reports.parts import ReportContent, ScaleSummary


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
    years = [wareki_fy(y.fiscal_year) for y in content.years]  # 和暦 only, as the tables
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
