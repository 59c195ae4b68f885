"""The report's formats behind one registry (docs/development.md, "How we write code"): each
module turns the same ``ReportContent`` into bytes. HTML is a Django template with print CSS;
PDF is WeasyPrint on that same HTML; XLSX is openpyxl in write-only mode."""

from __future__ import annotations

from gyokaku.reports.formats import html, pdf, xlsx
from gyokaku.reports.formats.base import Format

FORMATS: dict[str, Format] = {f.code: f for f in (pdf.FORMAT, html.FORMAT, xlsx.FORMAT)}

__all__ = ["FORMATS", "Format"]
