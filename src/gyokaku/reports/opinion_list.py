"""意見一覧表: the committee's opinions of a shared year with the departments' replies (対応),
for the meeting, as XLSX (openpyxl, every text cell written as text: no formula injection)
and as a tagged PDF (WeasyPrint with the report's embedded font, table headers repeated on
every page). Columns: 番号・取組名・所管課・委員・意見・対応."""

from __future__ import annotations

from django.template.loader import render_to_string
from openpyxl import Workbook
from weasyprint import HTML  # type: ignore[import-untyped]

from gyokaku.committee.models import CommitteeReview
from gyokaku.committee.selectors import OpinionLine, review_title
from gyokaku.lib.wareki import wareki_date
from gyokaku.lib.xlsxcells import row_cells, saved_bytes
from gyokaku.reports.formats.pdf import FONT_URL, OwnFilesOnly

HEADERS = ["番号", "取組名", "所管課", "委員", "意見", "対応"]
WIDTHS = [14, 30, 16, 12, 50, 50]


def _meeting(review: CommitteeReview) -> str:
    parts = [review.meeting_name, wareki_date(review.meeting_date) if review.meeting_date else ""]
    return "　".join(p for p in parts if p)


def opinion_list_xlsx(review: CommitteeReview, lines: list[OpinionLine]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("意見一覧表")
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    # The header row is printed on every page (印刷タイトル).
    sheet.print_title_rows = "3:3"
    sheet.append(row_cells(sheet, [review_title(review)], bold=True))
    sheet.append(row_cells(sheet, [f"{review.plan.title}　{_meeting(review)}".strip()]))
    sheet.append(row_cells(sheet, HEADERS, bold=True))
    for line in lines:
        values = [line.number, line.title, line.departments, line.member, line.opinion]
        sheet.append(row_cells(sheet, [*values, line.reply]))
    return saved_bytes(book)


def opinion_list_pdf(review: CommitteeReview, lines: list[OpinionLine]) -> bytes:
    document = render_to_string(
        "reports/opinion_list.html",
        {
            "title": review_title(review),
            "plan": review.plan,
            "meeting": _meeting(review),
            "lines": lines,
            "font_url": FONT_URL,
        },
    )
    pdf = HTML(string=document, url_fetcher=OwnFilesOnly(FONT_URL)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    return bytes(pdf)
