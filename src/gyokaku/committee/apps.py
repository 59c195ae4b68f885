from __future__ import annotations

from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "gyokaku.committee"
    verbose_name = "行財政改革推進委員会"
