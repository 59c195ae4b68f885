"""Fiscal years (年度) in 西暦 and 和暦.

A Japanese fiscal year runs from April to March and is named by the era in use at its start,
except that FY2019 is called 令和元年度 by convention (the era changed on 1 May 2019, one month
into the year) and FY1989 平成元年度 likewise. Only eras whose fiscal years a reform plan can
touch are listed; an earlier year raises ValueError rather than printing something wrong.
"""

from __future__ import annotations

# (first fiscal year named by the era, era name)
_ERAS: tuple[tuple[int, str], ...] = (
    (2019, "令和"),
    (1989, "平成"),
    (1926, "昭和"),
)


def era_year(fy: int) -> tuple[str, int]:
    """Return the era name and year number of fiscal year ``fy`` (2024 -> ("令和", 6))."""
    for first, name in _ERAS:
        if fy >= first:
            return name, fy - first + 1
    raise ValueError(f"fiscal year {fy} is before 昭和")


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
