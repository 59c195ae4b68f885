"""Control characters already in the database (stored before inputs refused them, issue 18)
never fail a report: every format is written, the workbook opens, the job finishes."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from tests.reports.conftest import pdf_text, workbook
from tests.support.controls import dirty_every_text, forbidden_in

from gyokaku.jobs.models import Job
from gyokaku.jobs.services import job_start
from gyokaku.jobs.testing import run_jobs
from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.measures.models import PlanTarget
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def dirty(measured: Any) -> Any:
    PlanTarget.objects.create(plan=measured.plan, target_yen=5_000_000, label="目標")
    assert dirty_every_text() > 10
    return measured


def test_the_workbook_is_written_without_them(dirty: Any) -> None:
    content = report_content(plan=dirty.plan, fiscal_year=2024, edition=Edition.INTERNAL)
    book = workbook(FORMATS["xlsx"].render(content, NO_PROGRESS))
    texts = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert forbidden_in("".join(texts)) == []
    assert any("書かない窓口" in t for t in texts)


def test_the_html_and_pdf_are_written_without_them(dirty: Any) -> None:
    content = report_content(plan=dirty.plan, fiscal_year=2024, edition=Edition.INTERNAL)
    html = FORMATS["html"].render(content, NO_PROGRESS).decode("utf-8")
    assert forbidden_in(html) == [] and "書かない窓口" in html
    assert "書かない窓口" in pdf_text(FORMATS["pdf"].render(content, NO_PROGRESS))


def test_the_word_document_is_written_without_them(dirty: Any) -> None:
    content = report_content(plan=dirty.plan, fiscal_year=2024, edition=Edition.INTERNAL)
    doc = Document(io.BytesIO(FORMATS["docx"].render(content, NO_PROGRESS)))
    texts = [p.text for p in doc.paragraphs]
    texts += [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert forbidden_in("".join(texts)) == []
    assert any("書かない窓口" in t for t in texts)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx"])
def test_the_report_job_finishes(dirty: Any, fmt: str) -> None:
    job = job_start(
        kind="reports.generate",
        by=dirty.users["carol"],
        label="進捗状況報告書",
        plan=dirty.plan,
        params={"fiscal_year": 2024, "format": fmt},
    )
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
