"""gyokaku demo load — the sample dataset (サンプル) for trying gyokaku out."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from gyokaku.demo.loader import demo_load, demo_logins


class Command(BaseCommand):
    help = "デモ用のサンプルデータを読み込みます (load the demo dataset)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "load",
            help="departments, demo users, FY2024 and FY2025 reports for the Aomori plan; "
            "a second load changes nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_load()
        self.stdout.write(report.summary())
        for note in report.notes:
            self.stderr.write(note)
        write_logins(self.stdout.write)


def write_logins(write: Callable[[str], None]) -> None:
    """The demo logins, for `gyokaku run` and `gyokaku demo load` to print."""
    write("デモ用のログイン（サンプルデータ）: ユーザー名 / パスワード / 役割")
    for username, password, role, note in demo_logins():
        write(f"  {username:<17} {password:<13} {role:<12} {note}")
