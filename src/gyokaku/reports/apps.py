from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gyokaku.reports"
    verbose_name = "進捗状況報告書"
