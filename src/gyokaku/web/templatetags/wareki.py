"""``{% load wareki %}``: dates and fiscal years as Japanese readers expect them on a page.

``{{ day|wareki }}`` → 令和8年12月4日 (in English, 4 Dec 2026); ``{{ at|wareki_time }}`` →
令和8年12月4日 14:05 (local time); ``{{ fy|wareki_fy }}`` → 令和6年度.
The machine-readable date goes in ``<time datetime="…">`` beside it, never in the text.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

from gyokaku.lib import wareki as lib_wareki

register = template.Library()


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter(name="wareki")
def wareki_date(value: dt.date | dt.datetime | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    if (get_language() or "ja").startswith("en"):
        return formats.date_format(value, "j M Y")
    return lib_wareki.wareki_date(value)


@register.filter(name="wareki_time")
def wareki_time(value: dt.datetime | None) -> str:
    if value is None or value == "":
        return ""
    local = _local(value)
    return f"{wareki_date(local.date())} {local:%H:%M}"


@register.filter(name="wareki_fy")
def wareki_fy(value: int | None) -> str:
    return "" if value is None else lib_wareki.wareki_fy(int(value))
