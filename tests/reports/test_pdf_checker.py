"""The PDF through a PDF/UA-1 checker installable from the package index (pdfua, on pikepdf;
veraPDF would need Java): none of its checks finds an error in either edition.

pdfua implements the machine-checkable subset only (12 checks of the 106 rules), so the
structural checks of test_format_pdf.py stay. Its UA-15-003 warns that WeasyPrint writes table
header cells (TH) without /Scope; the HTML's scope="col"/"row" does not reach the PDF. There is
no PDF/A checker in Python: the report is PDF/UA-1, not PDF/A."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfua
import pytest

from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition

pytestmark = pytest.mark.django_db
# The checks that must run and pass (pdfua 0.1.3's UA-14-001 fails on WeasyPrint's /W arrays
# with its own ValueError, so it is not counted as a pass)
RULES = {"UA-01-002", "UA-01-003", "UA-01-005", "UA-06-001", "UA-07-001", "UA-07-002"}
RULES |= {"UA-13-004", "UA-18-001", "UA-18-005", "UA-28-004"}


@pytest.mark.parametrize("edition", list(Edition))
def test_a_pdf_ua_checker_finds_no_error(measured: Any, tmp_path: Path, edition: Edition) -> None:
    content = report_content(plan=measured.plan, fiscal_year=2024, edition=edition)
    path = tmp_path / "report.pdf"
    path.write_bytes(FORMATS["pdf"].render(content, NO_PROGRESS))
    report = pdfua.validate(str(path))
    errors = [f for f in report.findings if f.severity >= pdfua.Severity.ERROR]
    assert errors == []
    passed = {o.rule_id for o in report.outcomes if o.skipped_reason is None and not o.findings}
    assert RULES <= passed
    warned = {f.rule_id for f in report.findings}
    assert warned <= {"UA-15-003"}  # TH without /Scope (see above)
