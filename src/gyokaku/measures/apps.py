from __future__ import annotations

from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "gyokaku.measures"
    verbose_name = "成果指標と財政効果"

    def ready(self) -> None:
        from gyokaku.measures.published import register

        register()  # publishing stores the year's effects and actuals (tracking.publication)
