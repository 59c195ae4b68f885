"""The report's formats behind one registry (docs/development.md, "How we write code"): each
module turns the same ``ReportContent`` into bytes (``ReportFileFormat.render``). HTML is a
Django template with print CSS; PDF is WeasyPrint on that same HTML; XLSX is openpyxl in
write-only mode; DOCX (Word) is python-docx."""

from __future__ import annotations

from gyokaku.lib.formats import Registry
from gyokaku.reports.formats import docx, html, pdf, xlsx
from gyokaku.reports.formats.base import ReportFileFormat

FORMATS: Registry[ReportFileFormat] = Registry(pdf.FORMAT, html.FORMAT, xlsx.FORMAT, docx.FORMAT)

__all__ = ["FORMATS", "ReportFileFormat"]
