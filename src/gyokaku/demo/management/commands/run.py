"""gyokaku run — the local demo: migrate, load the Aomori plan and the demo data, and serve."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gyokaku.site.management.commands.serve import add_server_options, add_worker_option
from gyokaku.site.servers import serve_forever, server_choose
from gyokaku.startup import startup_check


class Command(BaseCommand):
    help = (
        "マイグレーション、青森市のプランとサンプルデータの読込み、配信を行います"
        " (migrate, load the plan and demo data, serve)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the database, then exit"
        )
        add_server_options(parser)
        add_worker_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from gyokaku.demo.loader import demo_load
        from gyokaku.demo.management.commands.demo import write_logins
        from gyokaku.demo.seed import aomori_import

        choice = server_choose(options["server"], options["processes"], options["threads"])
        startup_check(serving=not options["no_serve"])
        call_command("migrate", interactive=False, verbosity=0)
        report = aomori_import()
        self.stdout.write(report.summary())
        demo = demo_load()
        self.stdout.write(demo.summary())
        for note in demo.notes:
            self.stderr.write(note)
        url = f"http://{options['host']}:{options['port']}/"
        if not options["no_serve"]:
            self.stdout.write(f"\ngyokaku を {url} で起動しました（Ctrl+C で終了）")
            self.stdout.write(f"ログイン: {url.rstrip('/')}{settings.LOGIN_URL}")
        write_logins(self.stdout.write)
        if options["no_serve"]:
            return
        self.stdout.flush()
        serve_forever(options["host"], options["port"], choice, worker=not options["no_worker"])
