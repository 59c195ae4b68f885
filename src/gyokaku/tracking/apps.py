from __future__ import annotations

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "gyokaku.tracking"
    verbose_name = "進捗管理"
