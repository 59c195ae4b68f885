"""gyokaku backup OUTDIR — a consistent copy of the database and the report files."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gyokaku.site.backup import backup_make
from gyokaku.site.backup_db import BackupProblem


class Command(BaseCommand):
    help = (
        "データベースと作成した報告書のファイルを OUTDIR にバックアップします（サーバーを止めずに）"
        " (back up the database and the report files)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("outdir", type=Path, help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup = backup_make(options["outdir"].resolve())
        except BackupProblem as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"バックアップしました: {backup.path}（{backup.engine}、報告書のファイル "
            f"{backup.report_files} 件、計 {backup.size:,} バイト、{backup.created_at}）"
        )
