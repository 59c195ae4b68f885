"""gyokaku serve — serve the current database with a production-grade WSGI server (waitress)."""

from __future__ import annotations

import signal
import sys
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from gyokaku.startup import startup_check

# waitress threads. A kept public answer costs a few milliseconds, but with more connections than
# about four per thread waitress served far fewer answers on 2 cores (wrk, docs/performance.md:
# 8 threads: 509 req/s at 10 connections, 33–271 at 50–200 with timeouts; 32 threads: 489 req/s
# at 50, p99 188 ms). Each thread keeps its own database connection (PostgreSQL: mind
# max_connections when running several processes).
DEFAULT_THREADS = 32


def _exit_on_term(signum: int, frame: FrameType | None) -> None:
    sys.exit(0)  # so that atexit stops the worker beside the server


def serve_forever(host: str, port: int, threads: int, *, worker: bool = True) -> None:
    import waitress

    from gyokaku.jobs.worker_process import worker_start
    from gyokaku.startup import sqlite_hold_open
    from gyokaku.wsgi import application

    signal.signal(signal.SIGTERM, _exit_on_term)
    sqlite_hold_open()  # reads go on if the disk fills up (see startup.py)
    if worker:
        worker_start()
    waitress.serve(
        application, host=host, port=port, threads=threads, ident="gyokaku", **proxy_options()
    )


def proxy_options() -> dict[str, Any]:
    """waitress's trust in the TLS proxy (GYOKAKU_TLS_PROXY): the scheme and the client's
    address it forwards, from that peer only. waitress drops these headers from any other peer,
    so nobody else can claim HTTPS or another address."""
    if not settings.TLS_PROXY:
        return {}
    return {
        "trusted_proxy": settings.TLS_PROXY,
        "trusted_proxy_headers": "x-forwarded-proto x-forwarded-for",
        "trusted_proxy_count": 1,
    }


def add_worker_option(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="don't start a background worker beside the server (run `gyokaku worker` instead)",
    )


class Command(BaseCommand):
    help = "現在のデータベースを本番用サーバー（waitress）で配信します (serve with waitress)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
        add_worker_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        startup_check(serving=True)
        self.stdout.write(f"gyokaku: http://{options['host']}:{options['port']}/ で配信します")
        serve_forever(
            options["host"], options["port"], options["threads"], worker=not options["no_worker"]
        )
