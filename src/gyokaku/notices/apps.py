from __future__ import annotations

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "gyokaku.notices"
    label = "notices"
    verbose_name = "お知らせメール"
