from __future__ import annotations

from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "gyokaku.attachments"
    label = "attachments"
    verbose_name = "根拠資料"
