"""gyokaku serve — serve the current database with a production-grade WSGI server: gunicorn
(one process per core, 8 threads each), or waitress on Windows (site/servers.py says why)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from gyokaku.site.servers import SERVERS, THREADS, default_server, serve_forever, server_choose
from gyokaku.startup import startup_check


def add_worker_option(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="don't start a background worker beside the server (run `gyokaku worker` instead)",
    )


def add_server_options(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default=None,
        help=f"WSGI server (default here: {default_server()}; waitress on Windows)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="server processes (gunicorn; default: one per core this process may use)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help=(
            f"threads per process (default: gunicorn {THREADS['gunicorn']}, "
            f"waitress {THREADS['waitress']})"
        ),
    )


class Command(BaseCommand):
    help = (
        "現在のデータベースを本番用サーバー（gunicorn、Windows では waitress）で配信します"
        " (serve with gunicorn, or waitress)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        add_server_options(parser)
        add_worker_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        choice = server_choose(options["server"], options["processes"], options["threads"])
        startup_check(serving=True)
        self.stdout.write(
            f"gyokaku: http://{options['host']}:{options['port']}/ で配信します"
            f"（{choice.describe()}）"
        )
        self.stdout.flush()
        serve_forever(options["host"], options["port"], choice, worker=not options["no_worker"])
