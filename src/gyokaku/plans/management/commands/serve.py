"""gyokaku serve — serve the current database with a production-grade WSGI server (waitress)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gyokaku.settings import DEFAULT_SECRET_KEY


def serve_forever(host: str, port: int, threads: int) -> None:
    import waitress

    from gyokaku.wsgi import application

    waitress.serve(application, host=host, port=port, threads=threads, ident="gyokaku")


class Command(BaseCommand):
    help = "現在のデータベースを本番用サーバー（waitress）で配信します (serve with waitress)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and settings.SECRET_KEY == DEFAULT_SECRET_KEY:
            raise CommandError(
                "GYOKAKU_SECRET_KEY を設定してください（本番で開発用の鍵は使えません）。"
                " Set GYOKAKU_SECRET_KEY, or GYOKAKU_DEBUG=1 for local use."
            )
        self.stdout.write(f"gyokaku: http://{options['host']}:{options['port']}/ で配信します")
        serve_forever(options["host"], options["port"], options["threads"])
