"""WeasyPrint on one part of the report, in a process of its own (formats/pdf.py starts them
with multiprocessing's "spawn"): this module imports neither Django nor anything of ours that
does, so a spawned process starts with WeasyPrint alone. It gets a part's HTML and gives back
the part's tagged PDF with what the joining needs: its pages, the page of each anchor, its
bookmarks with their levels.

WeasyPrint may fetch only what the document itself holds: the font file and data: URIs (the
charts). Anything else — a URL that slipped into the text, say — is refused, not fetched.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch); PDF counts 72 points


class OwnFilesOnly(URLFetcher):
    def __init__(self, font_url: str) -> None:
        super().__init__()
        self.font_url = font_url

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url == self.font_url or url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"the report may not load {url[:80]}")


@dataclass(frozen=True)
class PartJob:
    name: str  # for messages: "個票 3/40"
    html: str
    font_url: str
    identifier: bytes  # the PDF's /ID, the same in every part


@dataclass(frozen=True)
class TypesetPart:
    name: str
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # id → page (0-based, in the part)
    # (level, label, page, left, top in PDF points, closed)
    bookmarks: list[tuple[int, str, int, float, float, bool]]


def typeset(job: PartJob) -> TypesetPart:
    document = HTML(string=job.html, url_fetcher=OwnFilesOnly(job.font_url)).render(
        pdf_variant="pdf/ua-1"
    )
    anchors: dict[str, int] = {}
    bookmarks = []
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        for level, label, (x, y), state in page.bookmarks:
            top = (page.height - y) * PX_TO_PT
            bookmarks.append((level, label, number, x * PX_TO_PT, top, state == "closed"))
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=job.identifier)
    pages = len(document.pages)
    del document
    gc.collect()  # a process typesets part after part: give the last one's memory back
    return TypesetPart(
        name=job.name,
        pdf=bytes(pdf),
        pages=pages,
        anchors=anchors,
        bookmarks=bookmarks,
    )
