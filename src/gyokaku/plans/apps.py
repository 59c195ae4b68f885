from __future__ import annotations

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "gyokaku.plans"
    verbose_name = "計画"
