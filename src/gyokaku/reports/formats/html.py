"""The report as one self-contained, print-ready HTML file (charts inlined as images, CSS in
the page, A4 @page rules). The PDF is WeasyPrint on this same document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.lib.text import strip_controls
from gyokaku.reports.charts import ChartImage, effects_images, indicator_image, rating_image
from gyokaku.reports.content import IndicatorLine, Item, Pillar, ReportContent, ScaleSummary
from gyokaku.reports.formats.base import ReportFileFormat

# What a reader's browser is likely to have when the HTML file is opened (the PDF embeds
# IPAex Gothic instead, see pdf.py).
FONT_STACK = (
    '"IPAexGothic", "BIZ UDPGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans JP", '
    "sans-serif"
)


@dataclass
class ItemView:
    item: Item
    indicators: list[tuple[IndicatorLine, ChartImage | None]]


@dataclass
class PillarView:
    pillar: Pillar
    items: list[ItemView]  # the items printed in full


def _charts(content: ReportContent, progress: ProgressSink, *, for_pdf: bool) -> dict[str, Any]:
    shown = content.shown_items
    total = len(content.scales) + 2 + sum(len(i.indicators) for i in shown)
    progress.step("グラフを作成しています", total=total)
    done = 0
    ratings: list[tuple[ScaleSummary, ChartImage | None]] = []
    for summary in content.scales:
        ratings.append((summary, rating_image(summary, content.pillar_level)))
        done += 1
        progress.advance(done)
    per_year, cumulative = effects_images(content)
    done += 2
    progress.advance(done)
    views: dict[int, ItemView] = {}
    for item in shown:
        lines = []
        for i, line in enumerate(item.indicators):
            image = indicator_image(line, f"ind-{item.node.pk}-{i}", text_as_paths=not for_pdf)
            lines.append((line, image))
            done += 1
            progress.advance(done)
        views[item.node.pk] = ItemView(item, lines)
    pillars = [
        PillarView(p, [views[i.node.pk] for i in p.items if i.node.pk in views])
        for p in content.pillars
    ]
    return {
        "ratings": ratings,
        "effects_per_year": per_year,
        "effects_cumulative": cumulative,
        "pillars": pillars,
    }


def render_document(content: ReportContent, progress: ProgressSink, *, font_url: str = "") -> str:
    """The document; ``font_url`` (a file: URL of the font) only for WeasyPrint."""
    context = {
        "c": content,
        "font_url": font_url,
        "font_stack": FONT_STACK,
        "for_pdf": bool(font_url),
        **_charts(content, progress, for_pdf=bool(font_url)),
    }
    progress.step("文書を組み立てています")
    # The report is Japanese whatever language the person's pages are in.
    with translation.override("ja"):
        document = render_to_string("reports/document.html", context)
    # Text stored before issue 18 may hold control characters: HTML forbids them and
    # WeasyPrint garbles the PDF's text layer with them, so they are dropped from the page.
    return strip_controls(document)


def render(content: ReportContent, progress: ProgressSink) -> bytes:
    return render_document(content, progress).encode("utf-8")


FORMAT = ReportFileFormat(
    code="html",
    label="HTML",
    purpose=gettext_noop("ウェブ掲載・印刷用"),
    media_type="text/html; charset=utf-8",
    suffix=".html",
    render=render,
)
