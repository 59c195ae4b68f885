from __future__ import annotations

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "gyokaku.opendata"
    verbose_name = "オープンデータと静的書き出し"
