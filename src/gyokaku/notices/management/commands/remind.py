"""gyokaku remind — send the mails that are due (run it from cron, e.g. every morning)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "お知らせメール（調査開始・締切前・差戻し・承認待ちのまとめ）のうち、まだ送っていない"
        "ものを送ります (send due notices; nothing is sent twice)"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from gyokaku.notices.services import notices_send

        result = notices_send()
        for kind, key, to in result.sent:
            self.stdout.write(f"送信 {kind} {key} → {to}")
        for kind, key, to in result.failed:
            self.stderr.write(f"送信できませんでした {kind} {key} → {to}（次回もう一度送ります）")
        self.stdout.write(f"送信 {len(result.sent)} 通、失敗 {len(result.failed)} 通")
        if result.failed:
            raise CommandError("送信できなかったメールがあります", returncode=1)
