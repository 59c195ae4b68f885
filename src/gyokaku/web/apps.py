from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    """What every staff page and API operation shares: access checks that answer 404/403,
    domain errors on forms, the form field template, and If-Match/ETag handling."""

    name = "gyokaku.web"
    label = "web"
    verbose_name = "画面とAPIの共通部品"
