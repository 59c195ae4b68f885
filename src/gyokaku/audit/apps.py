from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gyokaku.audit"
    verbose_name = "監査ログ"
