from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gyokaku.accounts"
    verbose_name = "利用者と所管課"

    def ready(self) -> None:
        from gyokaku.accounts import signals  # noqa: F401  (registers the audit receivers)
