"""The report as a tagged PDF (PDF/UA-1): WeasyPrint on the HTML document, A4, IPAex Gothic
embedded (the font file matplotlib-fontja ships, found from the package at run time, so no
system font is needed), running headers from CSS margin boxes, table headers repeated on every
page (``thead { display: table-header-group }``), document language ``ja`` and the title in
the metadata.

WeasyPrint lays out a whole document before it writes it, about 2.6 MiB a page: a 1,000-item
plan took 3 GiB and minutes. So the document is typeset in parts (issue 15 #4) — 表紙 and 目次,
総括, the 総括表 by ``GYOKAKU_REPORT_PDF_TABLE_ROWS`` rows, the 個票 by
``GYOKAKU_REPORT_PDF_SHEETS`` items — each by WeasyPrint on its own, in
``GYOKAKU_REPORT_PDF_PROCESSES`` spawned processes (1: in this one), so memory is bounded by
a part and the cores share the work. Then:

1. the 目次 is typeset last, when the page of every entry is known (once more if its own
   length changed);
2. the parts are joined into one tagged PDF (lib/tagged_pdf.py: one structure tree, the
   ParentTree renumbered, the links' destinations and the bookmarks across parts);
3. the page numbers (``12 / 340``) are drawn over every page but the cover, in the place and
   style a specimen part shows, since no part knows the total when it is typeset.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import matplotlib_fontja  # type: ignore[import-untyped]
from django.conf import settings
from django.utils.translation import gettext_noop
from weasyprint.urls import path2url  # type: ignore[import-untyped]

from gyokaku.lib import tagged_pdf
from gyokaku.lib.progress_sink import NO_PROGRESS, ProgressSink
from gyokaku.reports.formats.base import ReportFileFormat
from gyokaku.reports.formats.html import (
    DocumentPart,
    SheetGroup,
    TableGroup,
    charts,
    render_part,
)
from gyokaku.reports.parts import Item, Pillar, ReportContent
from gyokaku.reports.typeset import OwnFilesOnly, PartJob, TypesetPart, typeset

FONT_PATH = Path(matplotlib_fontja.get_font_ttf_path())
FONT_URL = path2url(str(FONT_PATH))

__all__ = ["FONT_URL", "FORMAT", "OwnFilesOnly", "render"]


def render(content: ReportContent, progress: ProgressSink) -> bytes:
    body = list(_body_parts(content))
    identifier = content.snapshot.fingerprint[:32].encode("ascii")
    # Only the 総括 shows the charts: they are drawn while the other parts are typeset. The
    # specimen shows the characters of a page number (lib/tagged_pdf.number_pages).
    figures: dict[str, Any] = {
        "ratings": [(summary, None) for summary in content.scales],
        "folio_characters": tagged_pdf.FOLIO_CHARACTERS,
    }

    def job(part: DocumentPart) -> PartJob:
        drawn = {**figures, **charts(content, NO_PROGRESS)} if part.summary else figures
        html = render_part(content, part, drawn, font_url=FONT_URL)
        return PartJob(name=part.name, html=html, font_url=FONT_URL, identifier=identifier)

    # The 目次 with every entry's page unknown: its length, which the others' pages follow.
    draft_front = _front(content, {})
    specimen = DocumentPart(name="ページ番号", front=False, summary=False, specimen=True)
    progress.step("PDF を組版しています", total=len(body) + 3)
    done: dict[str, TypesetPart] = {}
    with _executor() as executor:
        # each part goes to the processes as soon as its HTML is made; the 総括 last
        order = [draft_front, specimen, *body[1:], body[0]]
        futures = [executor.submit(typeset, job(part)) for part in order]
        for future in as_completed(futures):
            typeset_part = future.result()
            done[typeset_part.name] = typeset_part
            progress.advance(len(done))
        parts = [done[p.name] for p in body]
        front = done[draft_front.name]
        for _ in range(3):  # the numbers could change the 目次's length, and so the numbers
            pages = _toc_pages(front.pages, parts)
            final = executor.submit(typeset, job(_front(content, pages))).result()
            settled, front = final.pages == front.pages, final
            if settled:
                break
    progress.advance(len(body) + 3)
    progress.step("PDF をまとめています")
    joined = tagged_pdf.join(
        [front.pdf, *(p.pdf for p in parts)],
        bookmarks=list(_bookmarks(front, parts)),
    )
    tagged_pdf.number_pages(joined, specimen=done[specimen.name].pdf, skip=1)
    return tagged_pdf.to_bytes(joined)


def _executor() -> Executor:
    processes = int(getattr(settings, "GYOKAKU_REPORT_PDF_PROCESSES", 2))
    if processes <= 1:
        return _InProcess()
    # spawn, not fork: a forked worker would share the caller's database connections and
    # threads; a spawned one imports typeset.py (WeasyPrint, no Django) and nothing else
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))


class _InProcess(Executor):
    """The parts one after the other in this process (GYOKAKU_REPORT_PDF_PROCESSES=1)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


# ---- the parts -------------------------------------------------------------------------------


def _front(content: ReportContent, pages: dict[str, int]) -> DocumentPart:
    """表紙 and 目次; ``pages``: the page of each entry (none yet: a placeholder as wide)."""
    anchors = ["summary", "outline", "ratings", "effects", "table", "sheets"]
    anchors += [f"sheets-{p.node.key}" for p in content.pillars if p.shown_items]
    placeholder = 10 ** len(str(len(content.items) * 3 + 100))  # at least as wide as any page
    toc = {a: pages.get(a, placeholder) for a in anchors}
    return DocumentPart(name="表紙・目次", summary=False, toc_pages=toc)


def _body_parts(content: ReportContent) -> Iterator[DocumentPart]:
    yield DocumentPart(name="総括", front=False, chapter="1 総括")
    rows = max(1, int(getattr(settings, "GYOKAKU_REPORT_PDF_TABLE_ROWS", 150)))
    pillars = [(p, p.table_items) for p in content.pillars if p.table_items or p.internal]
    tables = _chunks(pillars, rows)
    for n, chunk in enumerate(tables, start=1):
        yield DocumentPart(
            name=f"総括表 {n}/{len(tables)}",
            front=False,
            summary=False,
            table=[TableGroup(p, items, first) for p, items, first in chunk],
            table_head=n == 1,
            table_tail=n == len(tables),
            chapter="2 総括表",
        )
    size = max(1, int(getattr(settings, "GYOKAKU_REPORT_PDF_SHEETS", 25)))
    sheets = _chunks([(p, p.shown_items) for p in content.pillars if p.shown_items], size)
    for n, chunk in enumerate(sheets, start=1):
        yield DocumentPart(
            name=f"個票 {n}/{len(sheets)}",
            front=False,
            summary=False,
            sheets=[SheetGroup(p, items, first) for p, items, first in chunk],
            sheets_head=n == 1,
            chapter="3 個票",
        )


Chunk = list[tuple[Pillar, list[Item], bool]]


def _chunks(groups: list[tuple[Pillar, list[Item]]], size: int) -> list[Chunk]:
    """Each pillar's items cut into parts of about ``size`` rows (a pillar without items
    counts as one), a pillar split where a part ends: (pillar, items, first of the pillar).
    At least one part, perhaps empty."""
    parts: list[Chunk] = [[]]
    room = size
    for pillar, items in groups:
        first = True
        while True:
            if room <= 0:
                parts.append([])
                room = size
            taken, items = items[:room], items[room:]
            parts[-1].append((pillar, taken, first))
            room -= max(1, len(taken))
            first = False
            if not items:
                break
    return parts


def _offsets(front_pages: int, parts: list[TypesetPart]) -> list[int]:
    """The page (0-based) each part starts on, after the front matter's."""
    offsets, page = [], front_pages
    for part in parts:
        offsets.append(page)
        page += part.pages
    return offsets


def _toc_pages(front_pages: int, parts: list[TypesetPart]) -> dict[str, int]:
    """The printed page (1-based) of each 目次 entry, wherever its part put it."""
    pages: dict[str, int] = {}
    for offset, part in zip(_offsets(front_pages, parts), parts, strict=True):
        for anchor, page in part.anchors.items():
            pages.setdefault(anchor, offset + page + 1)
    return pages


def _bookmarks(front: TypesetPart, parts: list[TypesetPart]) -> Iterator[tagged_pdf.Bookmark]:
    every = [(0, front), *zip(_offsets(front.pages, parts), parts, strict=True)]
    for offset, part in every:
        for level, label, page, left, top, closed in part.bookmarks:
            yield tagged_pdf.Bookmark(level, label, offset + page, left, top, closed)


FORMAT = ReportFileFormat(
    code="pdf",
    label="PDF",
    purpose=gettext_noop("印刷・配布用、A4"),
    media_type="application/pdf",
    suffix=".pdf",
    render=render,
)
