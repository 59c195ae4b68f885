"""Numbers as the report prints them (amounts come from measures_tags: 千円 with △)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.utils import timezone

from gyokaku.lib.wareki import fy_label, wareki_date, wareki_fy
from gyokaku.tracking.models import STATE_LABELS

if TYPE_CHECKING:
    from gyokaku.reports.formats.html import DocumentPart

register = template.Library()


@register.filter
def rate(value: Decimal | None) -> str:
    """Decimal("0.85") → "85.0%"; None → "—" (nothing to divide by)."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.filter
def value(number: Decimal | None) -> str:
    """An indicator's value: Decimal("1234.5000") → "1,234.5"; None → "—"."""
    return "—" if number is None else f"{number.normalize():,f}"


@register.filter
def fy(year: int) -> str:
    """2024 → "2024年度（令和6年度）"."""
    return fy_label(year)


@register.filter
def wfy(year: int) -> str:
    """2024 → "令和6年度" (the report prints 和暦 only)."""
    return wareki_fy(year)


@register.filter
def wareki_minute(value: dt.datetime) -> str:
    """A moment as 「令和8年12月4日 22:18」, in local time."""
    local = timezone.localtime(value)
    return f"{wareki_date(local.date())} {local:%H:%M}"


@register.filter
def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@register.filter
def toc_page(part: DocumentPart, anchor: str) -> str:
    """The page the PDF's 目次 prints for ``anchor`` (formats/pdf.py counts it)."""
    return str(part.toc_pages.get(anchor, ""))
