"""gyokaku restore BACKUPDIR — check a backup's checksums, then restore it."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gyokaku.site.backup import backup_restore, backup_verify
from gyokaku.site.backup_db import BackupProblem


class Command(BaseCommand):
    help = (
        "バックアップを確かめてから、データベースと報告書のファイルを復元します"
        " (verify a backup, then restore it)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("backupdir", type=Path, help="a directory made by gyokaku backup")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the checksums (and a SQLite copy's integrity); restore nothing",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already has data (stop the server first)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backupdir = options["backupdir"].resolve()
        try:
            if options["check"]:
                backup = backup_verify(backupdir)
                self.stdout.write(
                    f"問題ありません: {backupdir}"
                    f"（{backup.created_at}、{len(backup.files)} ファイル）"
                )
                return
            backup = backup_restore(backupdir, force=options["force"])
        except BackupProblem as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"復元しました: {backupdir}（{backup.created_at} の状態、報告書のファイル "
            f"{backup.report_files} 件）。"
            "サーバーを起動する前に `gyokaku migrate` を実行してください。"
        )
