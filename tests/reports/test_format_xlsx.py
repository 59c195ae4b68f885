"""The workbook, read back with openpyxl: a sheet per section, numbers as numbers, money as
exact yen shown in 千円, text that can never be a formula."""

from __future__ import annotations

from typing import Any

import pytest
from tests.reports.conftest import workbook

from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.formats.xlsx import SHEETS
from gyokaku.reports.formats.xlsx_sheet import THOUSAND_YEN
from gyokaku.reports.parts import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(measured: Any) -> Any:
    content = report_content(plan=measured.plan, fiscal_year=2024, edition=Edition.INTERNAL)
    return workbook(FORMATS["xlsx"].render(content, NO_PROGRESS))


def _rows(sheet: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _row(sheet: Any, first: str) -> list[Any]:
    """The first row whose first cell is ``first``, as cells."""
    return next(list(row) for row in sheet.iter_rows() if row[0].value == first)


def test_it_has_a_sheet_per_section(book: Any) -> None:
    assert book.sheetnames == [name for name, _ in SHEETS]


def test_the_cover_names_the_plan_and_the_year_in_wareki(book: Any) -> None:
    rows = _rows(book["表紙"])
    cover = {row[0]: row[1] for row in rows if len(row) > 1}
    assert cover["計画"] == "テスト行財政改革プラン"
    assert cover["年度"] == "令和6年度"
    assert cover["作成日"].startswith("令和")
    assert cover["版"] == "内部資料"
    assert rows[1][0] == "内部資料（未公表のデータを含む）"
    assert cover["反映したデータ"] == "公表済 1件・承認済 1件・未承認 1件"
    assert cover["状態：下書き"] == 1


def test_the_public_cover_has_no_workflow_data(measured: Any) -> None:
    content = report_content(plan=measured.plan, fiscal_year=2024)
    book = workbook(FORMATS["xlsx"].render(content, NO_PROGRESS))
    cover = {row[0]: row[1] for row in _rows(book["表紙"]) if len(row) > 1}
    assert cover["版"] == "公表版"
    assert "反映したデータ" not in cover and not any(k.startswith("状態") for k in cover)
    assert cover["掲載の範囲"].startswith("対象の取組3件のうち")
    assert [r[0] for r in _rows(book["総括表"])[3:]] == ["1-②"]


def test_money_is_exact_yen_shown_in_thousands(book: Any) -> None:
    sheet = book["財政効果"]
    total = _row(sheet, "合計")
    assert [c.value for c in total[1:4]] == [15_345_678, 12_995_000, pytest.approx(0.8468, 1e-3)]
    assert all(isinstance(c.value, int) for c in (total[1], total[2], total[4], total[5]))
    assert total[1].number_format == THOUSAND_YEN  # 15,346 on screen, △ for negatives
    assert total[3].number_format == "0.0%"
    revenue = _row(sheet, "歳入確保")
    assert revenue[2].value == -5_000


def test_counts_are_numbers(book: Any) -> None:
    sheet = book["概要"]
    assert [c.value for c in _row(sheet, "対象の取組")[:2]] == ["対象の取組", 3]
    pillar = _row(sheet, "1 DXの推進")  # the first scale: 実施状況
    assert [c.value for c in pillar[1:9]] == [2, 2, 0, 1, 0, 1, 0, 1.0]


def test_the_table_and_the_sheets_list_every_item_by_its_printed_number(book: Any) -> None:
    table = _rows(book["総括表"])
    assert table[2][:6] == ["番号", "取組項目", "所管課", "工程（計画）", "実施状況", "達成度"]
    assert [r[0] for r in table[3:]] == [
        "柱1 DXの推進",
        "1-①",
        "1-②",
        "柱2 市民の声を市政に反映",
        "2",
    ]
    first = table[4]
    assert first[1:8] == [
        "書かない窓口の導入",
        "情報政策課",
        None,
        "取組中",
        "A",
        "拡充",
        13_345_678,
    ]
    assert first[-1] == "承認済"
    sheets = _rows(book["個票"])
    assert sheets[1][0] == "1-①　書かない窓口の導入"
    end = next(i for i, row in enumerate(sheets) if i > 1 and not any(row))  # a blank row
    labels = {row[0]: row[1] for row in sheets[1:end] if row[0]}
    assert labels["実績"] == "書かない窓口を3か所に広げた。"
    assert labels["委員会意見"] == "利用者の声を聞いて進めること。"
    indicators = _rows(book["成果指標"])
    assert indicators[1][2:10] == [
        "窓口の利用者数",
        "件",
        "高いほどよい",
        None,
        None,
        100,
        120,
        1.2,
    ]


def test_text_that_looks_like_a_formula_stays_text(book: Any) -> None:
    sheet = book["個票"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "課題")
    issues = row[1]
    assert issues.value == '=HYPERLINK("http://example.invalid","押してください")'
    assert issues.data_type == "s"


def test_the_cover_names_the_plans_office(book: Any) -> None:
    cover = {row[0]: row[1] for row in _rows(book["表紙"]) if len(row) > 1}
    assert (cover["自治体"], cover["担当課"]) == ("青森市", "行政経営課")
