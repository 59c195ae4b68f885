from __future__ import annotations

from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "gyokaku.measures"
    verbose_name = "成果指標と財政効果"
