"""gyokaku worker — run background jobs (reports, large uploads) from the database queue."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gyokaku.jobs.recovery import jobs_recover_abandoned, worker_id
from gyokaku.startup import startup_check


class Command(BaseCommand):
    help = (
        "バックグラウンド処理（報告書の作成、大きなファイルの確認など）を実行します"
        " (run background jobs)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        startup_check(serving=False)
        # Jobs a killed worker of this machine left "running" fail with a message, so nobody
        # waits for them; this worker's own id lets the next one do the same for it.
        for job in jobs_recover_abandoned():
            self.stderr.write(f"中断された処理を失敗にしました: {job.label} ({job.pk})")
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            startup_delay=False,  # the dest of --no-startup-delay: start at once
            worker_id=worker_id(),
            verbosity=options["verbosity"],
        )
