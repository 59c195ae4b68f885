from __future__ import annotations

import datetime as dt

import pytest

from gyokaku.lib.wareki import era_year, fy_label, period_label, wareki_date, wareki_fy


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2024, "令和6年度"),
        (2028, "令和10年度"),
        (2019, "令和元年度"),  # the era changed in May; the whole fiscal year is 令和元年度
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (1985, "昭和60年度"),
    ],
)
def test_it_names_fiscal_years_in_wareki(fy: int, expected: str) -> None:
    assert wareki_fy(fy) == expected


def test_it_shows_seireki_and_wareki_together() -> None:
    assert fy_label(2024) == "2024年度（令和6年度）"
    assert period_label(2024, 2028) == "2024年度（令和6年度）〜2028年度（令和10年度）"


def test_it_refuses_years_before_showa() -> None:
    with pytest.raises(ValueError):
        era_year(1900)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 12, 4), "令和8年12月4日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
    ],
)
def test_a_date_in_wareki_alone(day: dt.date, text: str) -> None:
    assert wareki_date(day) == text
