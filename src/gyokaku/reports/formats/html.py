"""The report as one self-contained, print-ready HTML file (charts inlined as images, CSS in
the page, A4 @page rules). The PDF is WeasyPrint on the same template, typeset in parts
(``DocumentPart``, formats/pdf.py).

The layout is the one cities publish: 表紙, 目次, 総括 (概要, 評価の状況, 財政効果), 総括表 (one
row per item) and one 個票 per item on a page of its own (templates/reports/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.lib.text import strip_controls
from gyokaku.reports.charts import ChartImage, effects_images, rating_image
from gyokaku.reports.formats.base import ReportFileFormat
from gyokaku.reports.parts import Item, Pillar, ReportContent, ScaleSummary

# What a reader's browser is likely to have when the HTML file is opened (the PDF embeds
# IPAex Gothic instead, see pdf.py).
FONT_STACK = (
    '"IPAexGothic", "BIZ UDPGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans JP", '
    "sans-serif"
)


@dataclass
class TableGroup:
    """Rows of the 総括表 under their pillar's group row; ``first`` in the pillar's first."""

    pillar: Pillar
    rows: list[Item]
    first: bool = True


@dataclass
class SheetGroup:
    """個票 of one pillar; ``first`` holds the pillar's first (and its anchor)."""

    pillar: Pillar
    items: list[Item]
    first: bool = True


@dataclass
class DocumentPart:
    """What one rendering of the document holds: the whole document (the HTML file), or one
    part of the PDF, which WeasyPrint typesets apart (formats/pdf.py). Table and 個票 parts
    after the first continue their chapter: no heading, the chapter's name in the running
    header (``chapter``)."""

    name: str = "全体"
    front: bool = True  # 表紙 and 目次
    summary: bool = True  # 1 総括
    table: list[TableGroup] | None = None  # 2 総括表 (rows of this part)
    table_head: bool = True  # the chapter's heading, note and caption
    table_tail: bool = True  # the ended items and the notes below the table
    sheets: list[SheetGroup] | None = None  # 3 個票 (of this part)
    sheets_head: bool = True
    specimen: bool = False  # an empty page that shows the page number's characters
    chapter: str = ""
    # 目次 of the PDF: the page each entry's anchor is on (its links' targets are other parts)
    toc_pages: dict[str, int] = field(default_factory=dict)

    @property
    def toc_anchors(self) -> bool:
        """The 目次's links need their names in the part (joined, they point to the real
        targets: lib/tagged_pdf.py)."""
        return bool(self.toc_pages)


def whole_document(content: ReportContent) -> DocumentPart:
    tables = [TableGroup(p, p.table_items) for p in content.pillars if p.table_items or p.internal]
    sheets = [SheetGroup(p, p.shown_items) for p in content.pillars if p.shown_items]
    return DocumentPart(table=tables, sheets=sheets)


def charts(content: ReportContent, progress: ProgressSink) -> dict[str, Any]:
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


def render_part(
    content: ReportContent, part: DocumentPart, figures: dict[str, Any], *, font_url: str = ""
) -> str:
    """The document or one part of it (``figures``: ``charts``; ``font_url``, a file: URL of
    the font, only for WeasyPrint)."""
    context = {
        "c": content,
        "part": part,
        "font_url": font_url,
        "font_stack": FONT_STACK,
        "for_pdf": bool(font_url),
        **figures,
    }
    # The report is Japanese whatever language the person's pages are in.
    with translation.override("ja"):
        document = render_to_string("reports/document.html", context)
    # Text stored before issue 18 may hold control characters: HTML forbids them and
    # WeasyPrint garbles the PDF's text layer with them, so they are dropped from the page.
    return strip_controls(document)


def render_document(content: ReportContent, progress: ProgressSink) -> str:
    """The whole document, as the HTML file."""
    figures = charts(content, progress)
    progress.step("文書を組み立てています")
    return render_part(content, whole_document(content), figures)


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
