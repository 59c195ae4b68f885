"""Fiscal years (年度) in 西暦 and 和暦.

A Japanese fiscal year runs from April to March and is named by the era in use at its start,
except that FY2019 is called 令和元年度 by convention (the era changed on 1 May 2019, one month
into the year) and FY1989 平成元年度 likewise. Only eras whose fiscal years a reform plan can
touch are listed; an earlier year raises ValueError rather than printing something wrong.
"""

from __future__ import annotations

import datetime as dt

# The one era table: (first day of the era, era name). A fiscal year takes the era of its
# calendar year's start (so FY2019 is 令和元年度); a date takes the era in force that day.
ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
)


def era_year(fy: int) -> tuple[str, int]:
    """Return the era name and year number of fiscal year ``fy`` (2024 -> ("令和", 6))."""
    for start, name in ERAS:
        if fy >= start.year:
            return name, fy - start.year + 1
    raise ValueError(f"fiscal year {fy} is before 昭和")


ERA_NAMES: tuple[str, ...] = tuple(name for _, name in ERAS)


def fy_from_era(era: str, year: int) -> int:
    """The 西暦 fiscal year of 令和6年度 (``("令和", 6)`` -> 2024); 元年 is year 1. ValueError for
    an era not in the table or a year the era never reached (平成32年度 is 令和2年度, but
    plans written in 平成 did print it, so a year past the era's end is allowed)."""
    for start, name in ERAS:
        if name == era:
            if year < 1:
                raise ValueError(f"{era}{year}年度 はありません")
            return start.year + year - 1
    raise ValueError(f"元号「{era}」は扱えません（{'・'.join(ERA_NAMES)}）")


def wareki_fy(fy: int) -> str:
    """令和6年度 for 2024; 元年 for the first year of an era."""
    name, year = era_year(fy)
    return f"{name}{'元' if year == 1 else year}年度"


def fy_label(fy: int) -> str:
    """西暦 and 和暦 together, as a person reads it: ``2024年度（令和6年度）``."""
    return f"{fy}年度（{wareki_fy(fy)}）"


def period_label(start_fy: int, end_fy: int) -> str:
    """``2024年度（令和6年度）〜2028年度（令和10年度）``."""
    return f"{fy_label(start_fy)}〜{fy_label(end_fy)}"


def wareki_date(day: dt.date) -> str:
    """令和8年12月4日: the date as a Japanese reader expects it on a page (元年 for the first
    year of an era). Before 昭和 (no plan reaches so far back) the 西暦 date."""
    for start, era in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def date_label(day: dt.date) -> str:
    """2025年6月30日（令和7年6月30日）: 西暦 and 和暦 together, as on a municipal document."""
    text = f"{day.year}年{day.month}月{day.day}日"
    wareki = wareki_date(day)
    return text if wareki == text else f"{text}（{wareki}）"
