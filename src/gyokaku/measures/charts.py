"""Charts of the dashboard (グラフ), drawn on the server as SVG with matplotlib.

- The SVG backend through the object-oriented API (``Figure`` + ``FigureCanvasSVG``; Agg is
  the process default, never a GUI backend): pyplot keeps global state and is not safe under
  the server's threads. matplotlib as a whole does not promise thread safety either, so drawing
  is serialised by a lock (a chart takes a few tens of milliseconds; a page draws three or
  four).
- Japanese text uses IPAexGothic, the font the matplotlib-fontja package ships (importing it
  registers the font). How the text is written depends on where the SVG goes (``TextMode``):
  inline on our pages it is text in the page's own font (a sixth of the size of the same chart
  with every glyph drawn as a path, issue 16); as an image in the report, glyphs are paths, so
  the file needs no font wherever it is opened; in the PDF it is text naming IPAexGothic,
  which WeasyPrint embeds.
- Each SVG is inlined in the page: ids are prefixed per chart (several charts share a page and
  matplotlib reuses ids such as ``patch_1``), the fixed size is replaced by the viewBox alone
  (CSS scales it), and the root gets ``role="img"`` and an ``aria-label``. Every chart is
  followed by its data table, the text alternative.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib

matplotlib.use("Agg")  # no GUI backend, ever (also for pyplot users elsewhere in the process)

import matplotlib_fontja  # type: ignore[import-untyped]  # registers IPAexGothic
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, MaxNLocator

from gyokaku.lib.amounts import format_amount, unit_label
from gyokaku.measures.forms import DASHBOARD_UNITS
from gyokaku.measures.page_selectors import Dashboard, ScaleTable

FONT_FAMILY = "IPAexGothic"
FONT_FILE = matplotlib_fontja.get_font_ttf_path()
# The process-wide settings every chart relies on; set once at import, read by all threads.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "path",
        "svg.hashsalt": "gyokaku",  # stable clip-path ids: the same data gives the same SVG
        "font.family": FONT_FAMILY,
        "font.size": 10,
        "axes.unicode_minus": False,  # U+2212 is in IPAexGothic, but keep plain digits simple
        # Labels are people's text (units, rating values): a "$" is a dollar, never TeX, and
        # bad TeX would make the page fail.
        "text.parse_math": False,
    }
)

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NOT_RATED_COLOUR = "#BBBBBB"
TARGET_COLOUR, ACTUAL_COLOUR = "#999999", "#0072B2"
HATCHES = ["", "//", "\\\\", "xx", "--", "||", "++", "///"]

# "page": <text> in the font of the page it is inlined in (its CSS font stack);
# "paths": every glyph a path (an <img> or a file: needs no font where it is shown);
# "font": <text> naming IPAexGothic (WeasyPrint embeds the font in the PDF).
TextMode = Literal["page", "paths", "font"]
FONT_TYPES: dict[str, str] = {"page": "none", "paths": "path", "font": "none"}
_font_family = re.compile(r'\sfont-family="[^"]*"')

_lock = threading.Lock()
_refs = re.compile(r'(\bid="|href="#|url\(#)')
_dropped = re.compile(r"<metadata>.*?</metadata>\s*|<style[^>]*>.*?</style>\s*", re.S)
_size = re.compile(r'\s(?:width|height)="[^"]*"')
_styled_tag = re.compile(r'<[a-zA-Z][^<>]*?\sstyle="[^"]*"[^<>]*>')
_style_attribute = re.compile(r'\sstyle="([^"]*)"')
# The properties matplotlib writes in style="" that SVG also takes as attributes.
PRESENTATION_ATTRIBUTES = frozenset(
    {
        "clip-path", "fill", "fill-opacity", "fill-rule", "font-family", "font-size",
        "font-style", "font-weight", "opacity", "stroke", "stroke-dasharray",
        "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
        "stroke-opacity", "stroke-width", "text-anchor",
    }
)  # fmt: skip
# What matplotlib's <style> gave every element ("*{…}"), given to the root instead: both
# properties are inherited, and elements that say otherwise keep their own.
ROOT_PRESENTATION = 'stroke-linejoin="round" stroke-linecap="butt"'


def font_properties() -> FontProperties:
    return FontProperties(family=FONT_FAMILY)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    not_rated: bool = False


def rating_chart(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    label: str,
    chart_id: str,
    text: TextMode = "paths",
) -> str:
    """Horizontal stacked bars: one bar per category (pillar), one segment per rating value."""
    height = 1.2 + 0.45 * max(len(categories), 1)
    fig = Figure(figsize=(7.5, height), layout="constrained")
    ax = fig.add_subplot()
    rows = list(range(len(categories)))
    left = [0.0] * len(categories)
    colours = iter(PALETTE)
    for i, item in enumerate(series):
        colour = NOT_RATED_COLOUR if item.not_rated else next(colours, "#666666")
        ax.barh(
            rows,
            item.values,
            left=left,
            label=item.label,
            color=colour,
            hatch=HATCHES[i % len(HATCHES)],
            edgecolor="white",
            linewidth=0.5,
        )
        left = [a + b for a, b in zip(left, item.values, strict=True)]
    ax.set_yticks(rows, [_short(c) for c in categories])
    ax.invert_yaxis()  # first pillar on top, as in the table
    ax.set_xlabel(gettext("件数"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 2.5 ticks
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside lower center", ncols=min(len(series), 5), frameon=False)
    return figure_svg(fig, label=label, chart_id=chart_id, text=text)


def effects_chart(
    *,
    years: Sequence[str],
    targets: Sequence[int],
    actuals: Sequence[int],
    unit: str,
    unit_text: str,  # 千円, 百万円
    label: str,
    chart_id: str,
    cumulative: bool = False,
    text: TextMode = "paths",
) -> str:
    """Target against actual per fiscal year: grouped bars, or lines with markers (累計)."""
    fig = Figure(figsize=(7.5, 3.6), layout="constrained")
    ax = fig.add_subplot()
    divisor = {"thousand": 1_000, "million": 1_000_000}.get(unit, 1_000)
    target_values = [t / divisor for t in targets]
    actual_values = [a / divisor for a in actuals]
    xs = list(range(len(years)))
    target, actual = gettext("目標"), gettext("実績")
    if cumulative:
        ax.plot(xs, target_values, marker="o", linestyle="--", color=TARGET_COLOUR, label=target)
        ax.plot(xs, actual_values, marker="s", color=ACTUAL_COLOUR, label=actual)
    else:
        width = 0.38
        ax.bar([x - width / 2 for x in xs], target_values, width, color=TARGET_COLOUR, label=target)
        ax.bar(
            [x + width / 2 for x in xs],
            actual_values,
            width,
            color=ACTUAL_COLOUR,
            hatch="//",
            edgecolor="white",
            label=actual,
        )
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(xs, list(years))
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_title(gettext("単位：%(unit)s") % {"unit": unit_text}, loc="left", fontsize=9)
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _: format_amount(round(v * divisor), unit))
    )
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside upper right", ncols=2, frameon=False)
    return figure_svg(fig, label=label, chart_id=chart_id, text=text)


def indicator_chart(
    *,
    years: Sequence[str],
    targets: Sequence[float | None],
    actuals: Sequence[float | None],
    unit: str,
    label: str,
    chart_id: str,
    text: TextMode = "paths",
) -> str:
    """One indicator (成果指標) over the years: target (dashed) and actual (solid) lines with
    markers; a year without a value is a gap, never a zero."""
    fig = Figure(figsize=(7.5, 3.2), layout="constrained")
    ax = fig.add_subplot()
    xs = list(range(len(years)))
    nan = float("nan")
    ax.plot(
        xs,
        [nan if t is None else t for t in targets],
        marker="o",
        linestyle="--",
        color=TARGET_COLOUR,
        label=gettext("目標"),
    )
    ax.plot(
        xs,
        [nan if a is None else a for a in actuals],
        marker="s",
        color=ACTUAL_COLOUR,
        label=gettext("実績"),
    )
    ax.set_xticks(xs, list(years))
    ax.set_xlim(-0.4, len(xs) - 0.6)
    if unit:
        ax.set_title(gettext("単位：%(unit)s") % {"unit": unit}, loc="left", fontsize=9)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.10g}"))
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside upper right", ncols=2, frameon=False)
    return figure_svg(fig, label=label, chart_id=chart_id, text=text)


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def figure_svg(fig: Figure, *, label: str, chart_id: str, text: TextMode = "paths") -> str:
    """The figure as inline SVG with its text alternative, its text written as ``text`` says
    (``TextMode``). Text as text is a third of the size and draws twice as fast in WeasyPrint.
    rcParams are the process's: they change only under the lock, under which every chart is
    written, and are restored at once."""
    out = io.StringIO()
    with _lock, matplotlib.rc_context({"svg.fonttype": FONT_TYPES[text]}):
        FigureCanvasSVG(fig)  # attaches itself to the figure: no pyplot, no global figure
        fig.savefig(out, format="svg", metadata={"Date": None})
    svg = _inline(out.getvalue(), label=label, chart_id=chart_id)
    # Inline text without a font-family of its own takes the page's (CSS inheritance).
    return _font_family.sub("", svg) if text == "page" else svg


def _inline(svg: str, *, label: str, chart_id: str) -> str:
    """Make matplotlib's document an inline element: no prolog, unique ids, scalable, named,
    and no CSS of its own."""
    svg = svg[svg.index("<svg") :]
    # matplotlib's <style> starts with "*{…}", which inline would reach the whole page; its
    # rules go on the root as attributes. The metadata only names matplotlib.
    svg = _dropped.sub("", svg)
    svg = _styled_tag.sub(_presentation_attributes, svg)
    svg = _refs.sub(lambda m: f"{m.group(1)}{chart_id}-", svg)
    end = svg.index(">")
    root = _size.sub("", svg[:end])
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    root = root.replace(
        "<svg",
        f'<svg id="{chart_id}" class="chart__svg" role="img" aria-label="{label}" '
        + ROOT_PRESENTATION,
        1,
    )
    return root + svg[end:]


def _presentation_attributes(tag: re.Match[str]) -> str:
    """``style="fill: #0072b2; stroke-width: 0.8"`` as ``fill="#0072b2" stroke-width="0.8"``.

    The page's Content-Security-Policy allows no inline CSS, and a style attribute is inline
    CSS; SVG's presentation attributes are not CSS and draw the same. A property without an
    attribute form stops here rather than be dropped silently."""
    text = tag.group(0)
    style = _style_attribute.search(text)
    assert style is not None  # the tag was matched for its style attribute
    attributes = []
    for declaration in style.group(1).split(";"):
        if not declaration.strip():
            continue
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name not in PRESENTATION_ATTRIBUTES:
            raise ValueError(f"matplotlib wrote a style property SVG has no attribute for: {name}")
        attributes.append(f'{name}="{value}"')
    return text[: style.start()] + " " + " ".join(attributes) + text[style.end() :]


# ---- the charts of one dashboard page -----------------------------------------------------


@dataclass
class RatingFigure:
    table: ScaleTable
    svg: SafeString | None  # None when there are no rows to draw


@dataclass
class DashboardCharts:
    ratings: list[RatingFigure]
    per_year: SafeString
    cumulative: SafeString


def dashboard_charts(board: Dashboard, unit: str) -> DashboardCharts:
    """The page's charts, each drawn once from the roll-up (never one per node)."""
    years = [gettext("%(fy)s年度") % {"fy": y.fiscal_year} for y in board.years]
    unit_text = str(dict(DASHBOARD_UNITS).get(unit, unit_label(unit)))
    figures = []
    for table in board.scale_tables:
        svg = None
        if table.rows:
            svg = rating_chart(
                categories=[line.row.label for line in table.rows],
                series=[
                    Series(value.label, [line.counts[i] for line in table.rows], value.not_rated)
                    for i, value in enumerate(table.values)
                ],
                label=gettext("%(level)sごとの評価の分布（%(scale)s）の積み上げ棒グラフ")
                % {"level": board.level_name or gettext("取組"), "scale": table.scale.name},
                chart_id=f"chart-rating-{table.scale.code}",
                text="page",
            )
        figures.append(RatingFigure(table, mark_safe(svg) if svg else None))
    money: dict[str, Any] = {"years": years, "unit": unit, "unit_text": unit_text, "text": "page"}
    per_year = effects_chart(
        targets=[y.single_year.target_yen for y in board.years],
        actuals=[y.single_year.actual_yen for y in board.years],
        label=gettext("年度別の財政効果額（目標と実績、%(unit)s）の棒グラフ") % {"unit": unit_text},
        chart_id="chart-effects-year",
        **money,
    )
    cumulative = effects_chart(
        targets=[y.cumulative.target_yen for y in board.years],
        actuals=[y.cumulative.actual_yen for y in board.years],
        label=gettext("財政効果額の累計（目標と実績、%(unit)s）の折れ線グラフ")
        % {"unit": unit_text},
        chart_id="chart-effects-cumulative",
        cumulative=True,
        **money,
    )
    # Our own markup: the label is escaped in _inline, the text by matplotlib.
    return DashboardCharts(figures, mark_safe(per_year), mark_safe(cumulative))
