"""The report as a tagged PDF (PDF/UA-1): WeasyPrint on the HTML document, A4, IPAex Gothic
embedded (the font file matplotlib-fontja ships, found from the package at run time, so no
system font is needed), page numbers and running headers from CSS margin boxes, table headers
repeated on every page (``thead { display: table-header-group }``), document language ``ja``
and the title in the metadata.

WeasyPrint may fetch only what the document itself holds: the font file and data: URIs (the
charts). Anything else — a URL that slipped into the text, say — is refused, not fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib_fontja  # type: ignore[import-untyped]
from django.utils.translation import gettext_noop
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, path2url  # type: ignore[import-untyped]

from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.reports.formats.base import ReportFileFormat
from gyokaku.reports.formats.html import render_document
from gyokaku.reports.parts import ReportContent

FONT_PATH = Path(matplotlib_fontja.get_font_ttf_path())
FONT_URL = path2url(str(FONT_PATH))


class OwnFilesOnly(URLFetcher):
    def fetch(self, url: str, headers: Any = None) -> Any:
        if url == FONT_URL or url.startswith("data:"):
            return super().fetch(url, headers)
        raise ValueError(f"the report may not load {url[:80]}")


def render(content: ReportContent, progress: ProgressSink) -> bytes:
    document = render_document(content, progress, font_url=FONT_URL)
    progress.step("PDF を組版しています（大きな計画では数分かかります）")
    pdf = HTML(string=document, url_fetcher=OwnFilesOnly()).write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=content.snapshot.fingerprint[:32].encode("ascii"),
    )
    return bytes(pdf)


FORMAT = ReportFileFormat(
    code="pdf",
    label="PDF",
    purpose=gettext_noop("印刷・配布用、A4"),
    media_type="application/pdf",
    suffix=".pdf",
    render=render,
)
