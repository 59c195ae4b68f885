"""The WSGI servers of `gyokaku serve` and `gyokaku run`: gunicorn (several processes of
threads) where it runs, waitress (one process of threads) on Windows or when asked.

Measured on 2 cores in one run (docs/performance.md, "Public reads under load"), with
connections kept open: waitress, one process of 32 threads, 1,000–1,800 req/s on the kept
public answers, with timeouts at 200 readers on two reads; gunicorn, one process per core of 8
threads (gthread: idle keep-alive connections wait in a poller, not in a thread), 3,100–3,500
req/s at 50–200 readers with no errors. gunicorn does not run on Windows (it needs fork and
fcntl), so waitress stays the default there.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from gyokaku.web.proxy_trust import ProxyTrust, gunicorn_options, waitress_options

SERVERS = ("gunicorn", "waitress")
# Threads per process. gunicorn: a thread per request being answered (keep-alive connections
# wait in its poller). waitress: a kept answer costs a few milliseconds, but with more than
# about four connections per thread waitress waited rather than worked (8 threads: 33–271
# req/s at 50–200 readers with timeouts; 32 threads: 489 req/s at 50). Each thread keeps its own
# database connection (settings.CONN_MAX_AGE): mind PostgreSQL's max_connections.
THREADS = {"gunicorn": 8, "waitress": 32}
# gunicorn's keep-alive (seconds): behind a proxy that reuses its connections, a few seconds.
KEEPALIVE_SECONDS = 5


def default_server() -> str:
    return "waitress" if sys.platform == "win32" else "gunicorn"


def cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


@dataclass(frozen=True)
class ServerChoice:
    server: str
    processes: int
    threads: int

    def describe(self) -> str:
        return f"{self.server}, {self.processes} × {self.threads} threads"


def server_choose(
    server: str | None = None, processes: int | None = None, threads: int | None = None
) -> ServerChoice:
    """The server and its process and thread counts, from the options given (None: default)."""
    server = server or default_server()
    if server not in SERVERS:
        raise CommandError(f"--server は {' / '.join(SERVERS)} のどちらかです / unknown server")
    if server == "gunicorn" and sys.platform == "win32":
        raise CommandError(
            "gunicorn は Windows では動きません。--server waitress を使ってください"
            " / gunicorn does not run on Windows: use --server waitress."
        )
    if processes is None:
        processes = cores() if server == "gunicorn" else 1
    if server == "waitress" and processes != 1:
        raise CommandError(
            "waitress は 1 プロセスで動きます。複数のプロセスは --server gunicorn か、"
            "別のポートで動かしてプロキシから振り分けてください（docs/operations.md）"
            " / waitress runs one process: use gunicorn, or several servers behind the proxy."
        )
    threads = THREADS[server] if threads is None else threads
    if processes < 1 or threads < 1:
        raise CommandError("--processes と --threads は 1 以上です / must be at least 1")
    return ServerChoice(server, processes, threads)


def _exit_on_term(signum: int, frame: FrameType | None) -> None:
    sys.exit(0)  # so that atexit stops the worker beside the server


def waitress_serve(host: str, port: int, choice: ServerChoice) -> None:
    import waitress

    from gyokaku.startup import sqlite_hold_open
    from gyokaku.wsgi import application

    signal.signal(signal.SIGTERM, _exit_on_term)
    sqlite_hold_open()  # reads go on if the disk fills up (see startup.py)
    waitress.serve(
        application,
        host=host,
        port=port,
        threads=choice.threads,
        ident="gyokaku",
        **waitress_options(settings.TLS_PROXY),
    )


def gunicorn_config(host: str, port: int, choice: ServerChoice) -> dict[str, Any]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": choice.processes,
        "worker_class": "gthread",
        "threads": choice.threads,
        "keepalive": KEEPALIVE_SECONDS,
        # The application is loaded here, in the server's own process, before it forks.
        "preload_app": True,
        "proc_name": "gyokaku",
        "errorlog": "-",
        "loglevel": "info",
        # Its control socket ($HOME/.gunicorn/gunicorn.ctl) would be one for every server on
        # the machine: two `gyokaku serve` would fight over it.
        "control_socket_disable": True,
        "post_worker_init": _worker_ready,
        **gunicorn_options(settings.TLS_PROXY),
    }


def _worker_ready(worker: Any) -> None:
    """In each server process after the fork: hold SQLite open there (startup.py). Not before
    the fork: SQLite connections must not cross a fork."""
    from gyokaku.startup import sqlite_hold_open

    sqlite_hold_open()


def gunicorn_serve(host: str, port: int, choice: ServerChoice) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from gyokaku.wsgi import application

    class Gyokaku(BaseApplication):
        def load_config(self) -> None:
            for name, value in gunicorn_config(host, port, choice).items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return ProxyTrust(application, settings.TLS_PROXY)

    # Checks at start and `gyokaku run`'s loading used connections of this process; none may
    # be inherited by the server processes (a SQLite handle must not cross a fork).
    connections.close_all()
    Gyokaku().run()  # gunicorn handles SIGTERM (graceful stop) and SIGINT itself


def serve_forever(host: str, port: int, choice: ServerChoice, *, worker: bool = True) -> None:
    from gyokaku.jobs.worker_process import worker_start

    if worker:
        worker_start()  # one for all server processes, stopped at exit (atexit)
    if choice.server == "waitress":
        waitress_serve(host, port, choice)
    else:
        gunicorn_serve(host, port, choice)
