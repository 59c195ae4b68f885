from __future__ import annotations

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "gyokaku.exchange"
    verbose_name = "Excel・CSV によるやりとり"

    def ready(self) -> None:
        from gyokaku.exchange import uploads  # noqa: F401  (registers the upload jobs)
