from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gyokaku.demo"
    verbose_name = "デモデータ"
