from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gyokaku.jobs"
    verbose_name = "バックグラウンド処理"
