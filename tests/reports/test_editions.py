"""The two editions on the public site's fixtures (tests/support/public_world.py): the public
edition holds no draft text, no number only a draft carries, no workflow state, no internal
key and no data fingerprint, in every format; the internal edition holds the drafts and says
so on every page."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import pytest
from docx import Document
from tests.reports.conftest import pdf_text, workbook
from tests.support.public_world import (
    DRAFT_MARKER,
    HIDDEN_ACTUAL_YEN,
    HIDDEN_INDICATOR,
    PUBLISHED_2024,
    PUBLISHED_2025,
    REOPENED_MARKER,
)

from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import INTERNAL_MARK, Edition
from gyokaku.reports.services import report_generate
from gyokaku.tracking.models import State

pytestmark = pytest.mark.django_db
STATES = [str(label) for value, label in State.choices]
FORMAT_CODES = list(FORMATS)


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    section = doc.sections[0]
    for part in (section.header, section.footer, section.first_page_header):
        parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


class _Visible(HTMLParser):
    """The text a reader sees (ids and style sheets hold keys and CSS, not text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag in ("style", "script")
        self.parts += [v or "" for k, v in attrs if k in ("alt", "title", "aria-label")]

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        return pdf_text(content)
    if fmt == "html":
        visible = _Visible()
        visible.feed(content.decode("utf-8"))
        return "\n".join(visible.parts)
    if fmt == "xlsx":
        book = workbook(content)
        cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        return "\n".join(str(c) for c in cells if c is not None)
    return _docx_text(content)


def _make(world: Any, fy: int, fmt: str, edition: Edition) -> tuple[str, str]:
    generated = report_generate(
        plan=world.plan, fiscal_year=fy, fmt=fmt, edition=edition, actor=world.actor("carol")
    )
    return _text(fmt, generated.content), generated.snapshot.fingerprint


@pytest.mark.parametrize("fmt", FORMAT_CODES)
def test_the_public_edition_holds_only_what_is_published(published: Any, fmt: str) -> None:
    for fy, shown in ((2024, PUBLISHED_2024), (2025, PUBLISHED_2025)):
        text, fingerprint = _make(published, fy, fmt, Edition.PUBLIC)
        flat = text.replace("\n", "")
        assert shown in flat
        for hidden in (DRAFT_MARKER, REOPENED_MARKER, INTERNAL_MARK, "反映したデータ"):
            assert hidden not in flat, (fy, hidden)
        # numbers only a draft carries: the effect actual (yen, 千円) and the indicator actual
        for number in (HIDDEN_ACTUAL_YEN, HIDDEN_ACTUAL_YEN // 1000, HIDDEN_INDICATOR):
            assert str(number) not in flat and f"{number:,}" not in flat, (fy, number)
        for state in STATES:
            assert state not in flat, (fy, state)
        for key in ("1-1", "1-2"):  # internal keys; the items print as 1-① and 1-②
            assert key not in flat, (fy, key)
        assert fingerprint not in flat
    assert "1-①" in flat


@pytest.mark.parametrize("fmt", FORMAT_CODES)
def test_the_internal_edition_holds_the_drafts_and_says_so(published: Any, fmt: str) -> None:
    text, _ = _make(published, 2024, fmt, Edition.INTERNAL)
    flat = text.replace("\n", "")
    assert DRAFT_MARKER in flat and INTERNAL_MARK in flat and PUBLISHED_2024 in flat
    assert "下書き" in flat  # the draft's state, for the plan office
    for key in ("1-1", "1-2"):
        assert key not in flat


def test_the_word_document_has_headings_and_repeated_table_headers(published: Any) -> None:
    generated = report_generate(
        plan=published.plan,
        fiscal_year=2024,
        fmt="docx",
        edition=Edition.INTERNAL,
        actor=published.actor("carol"),
    )
    doc = Document(io.BytesIO(generated.content))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    assert ("Heading 1", "1 総括") in headings and ("Heading 1", "2 総括表") in headings
    assert ("Heading 1", "3 個票") in headings
    sheets = [text for style, text in headings if style == "Heading 2" and "　" in text]
    assert sheets == ["1-①　書かない窓口の導入", "1-②　電子契約の導入", "2　市民の声を市政に反映"]
    # every table's first row is a header row Word repeats on each page
    # (the 個票's two-column grids of label and text have no header row)
    grids = [t for t in doc.tables if len(t.columns) > 2]
    assert grids
    for t in grids:
        assert (
            t.rows[0]._tr.trPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
            )
            is not None
        )
    # the internal mark at the top and the bottom of every page, the cover's too
    section = doc.sections[0]
    for part in (section.header, section.footer, section.first_page_header):
        assert INTERNAL_MARK in "".join(p.text for p in part.paragraphs)
    assert doc.core_properties.title == "テスト行財政改革プラン 進捗状況報告書 令和6年度"
