"""gyokaku user add|list — people and their roles on the command line."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gyokaku.accounts.management.cli import domain_errors, municipality_pick, table
from gyokaku.accounts.models import Profile, Role
from gyokaku.accounts.services import user_add
from gyokaku.audit.services import cli_actor

ROLES = ", ".join(f"{value}（{label}）" for value, label in Role.choices)


class Command(BaseCommand):
    help = "利用者の追加・一覧 (add and list users)"
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a user with a role (or change an existing one's)")
        add.add_argument("username")
        # Checked in handle(), not by argparse, so a mistake gets a Japanese message.
        add.add_argument("--role", help=f"one of: {ROLES}")
        add.add_argument(
            "--department",
            action="append",
            default=[],
            metavar="CODE",
            help="所管課コード (repeat for several; editors need at least one)",
        )
        add.add_argument(
            "--municipality", metavar="CODE", help="地方公共団体コード (default: the only one)"
        )
        add.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from one line of standard input",
        )
        sub.add_parser("list", help="list users with their role and departments")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_add(self, options: dict[str, Any]) -> None:
        role = options["role"]
        if not role:
            raise CommandError(f"--role を指定してください: {ROLES}")
        if role not in Role.values:
            raise CommandError(f"--role: 役割「{role}」はありません。{ROLES} のいずれかです")
        municipality = municipality_pick(options["municipality"])
        password = None
        if options["password_stdin"]:
            password = self._read_password(options.get("stdin") or sys.stdin)
        User = get_user_model()
        existed = User.objects.filter(username=options["username"]).exists()
        with domain_errors({"department": "--department", "password": "--password-stdin"}):
            user = user_add(
                username=options["username"],
                role=role,
                municipality=municipality,
                department_codes=options["department"],
                password=password,
                actor_label=cli_actor(),
            )
        done = "更新しました" if existed else "追加しました"
        self.stdout.write(f"利用者 {user.get_username()}（{Role(role).label}）を{done}")
        if not user.has_usable_password():
            self.stdout.write(
                "パスワードは未設定です。設定するには: "
                f"gyokaku changepassword {user.get_username()}"
            )

    def _read_password(self, stdin: Any) -> str:
        line = stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise CommandError("--password-stdin: 標準入力の 1 行目にパスワードがありません")
        return str(password)

    def handle_list(self, options: dict[str, Any]) -> None:
        profiles = (
            Profile.objects.select_related("user", "municipality")
            .prefetch_related("departments")
            .order_by("municipality__code", "user__username")
        )
        labels = dict(Role.choices)
        rows = [
            [
                p.user.get_username(),
                f"{p.role} {labels.get(p.role, '')}",
                p.municipality.code,
                ",".join(d.code for d in p.departments.all()) or "-",
                "有効" if p.user.is_active else "無効",
            ]
            for p in profiles
        ]
        header = ["ユーザー名", "役割", "自治体", "所管課", "状態"]
        self.stdout.write(table(rows, header, empty="利用者はいません（gyokaku user add）"))
