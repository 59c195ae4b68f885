from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gyokaku.reports"
    verbose_name = "進捗状況報告書"

    def ready(self) -> None:
        from gyokaku.reports import jobs  # noqa: F401  registers the reports.generate runner
