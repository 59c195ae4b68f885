"""The report as one self-contained, print-ready HTML file (charts inlined as images, CSS in
the page, A4 @page rules). The PDF is WeasyPrint on this same document.

The layout is the one cities publish: 表紙, 目次, 総括 (概要, 評価の状況, 財政効果), 総括表 (one
row per item) and one 個票 per item on a page of its own (templates/reports/)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.lib.text import strip_controls
from gyokaku.reports.charts import ChartImage, effects_images, rating_image
from gyokaku.reports.formats.base import ReportFileFormat
from gyokaku.reports.parts import ReportContent, ScaleSummary

# What a reader's browser is likely to have when the HTML file is opened (the PDF embeds
# IPAex Gothic instead, see pdf.py).
FONT_STACK = (
    '"IPAexGothic", "BIZ UDPGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans JP", '
    "sans-serif"
)


def _charts(content: ReportContent, progress: ProgressSink) -> dict[str, Any]:
    """The 総括's charts. A chart of a single point (one pillar, one year) says nothing its
    table does not: it is left out and the table stands alone."""
    progress.step("グラフを作成しています", total=len(content.scales) + 1)
    ratings: list[tuple[ScaleSummary, ChartImage | None]] = []
    for done, summary in enumerate(content.scales, start=1):
        image = rating_image(summary, content.pillar_level) if len(summary.rows) > 1 else None
        ratings.append((summary, image))
        progress.advance(done)
    per_year, cumulative = effects_images(content) if len(content.years) > 1 else (None, None)
    progress.advance(len(content.scales) + 1)
    return {"ratings": ratings, "effects_per_year": per_year, "effects_cumulative": cumulative}


def render_document(content: ReportContent, progress: ProgressSink, *, font_url: str = "") -> str:
    """The document; ``font_url`` (a file: URL of the font) only for WeasyPrint."""
    context = {
        "c": content,
        "font_url": font_url,
        "font_stack": FONT_STACK,
        "for_pdf": bool(font_url),
        **_charts(content, progress),
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
