"""The report's format registry: the codes the command, the page and the stored files use."""

from __future__ import annotations

import pytest

from gyokaku.lib.formats import UnknownFormat
from gyokaku.reports.formats import FORMATS, ReportFileFormat
from gyokaku.reports.models import ReportFormat


def test_the_registry_holds_the_four_report_formats() -> None:
    assert [(f.code, f.label, f.media_type, f.suffix) for f in FORMATS.values()] == [
        ("pdf", "PDF", "application/pdf", ".pdf"),
        ("html", "HTML", "text/html; charset=utf-8", ".html"),
        (
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        (
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
    ]
    assert all(isinstance(f, ReportFileFormat) for f in FORMATS.values())


def test_a_stored_file_has_one_of_its_codes() -> None:
    assert set(FORMATS) == set(ReportFormat.values)


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(
        UnknownFormat, match=r"^unknown format 'odt'; choose from pdf, html, xlsx, docx$"
    ):
        FORMATS.get("odt")
