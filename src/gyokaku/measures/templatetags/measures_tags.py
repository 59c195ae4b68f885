"""Numbers as the dashboard shows them: amounts in 千円/百万円 with △, shares and rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from gyokaku.lib.amounts import format_amount
from gyokaku.measures.models import EffectKind

register = template.Library()


@register.filter
def amount(yen: int | None, unit: str = "thousand") -> str:
    """12_345_678|amount → "12,346"; -5_000|amount → "△5"."""
    return format_amount(yen, unit)


@register.filter
def num(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


@register.simple_tag
def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage with one decimal, "—" when there is no whole."""
    return f"{part / whole * 100:.1f}%" if whole else "—"


@register.simple_tag
def money_rate(money: Any) -> str:
    """Actual against target (may exceed 100%); "—" without a target."""
    return share(money.actual_yen, money.target_yen) if money.target_yen else "—"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, 0)


@register.filter
def decimal(value: Decimal | None) -> str:
    """Decimal("1234.5000") → "1,234.5"; None → "—"."""
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():,f}"


@register.filter
def kind_label(kind: str | None) -> str:
    """revenue → 歳入確保 (the kinds of fiscal effect keep their Japanese names)."""
    return str(dict(EffectKind.choices).get(kind or "", kind or ""))
