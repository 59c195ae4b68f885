from __future__ import annotations

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "gyokaku.public"
    verbose_name = "公開サイトとオープンデータ"
