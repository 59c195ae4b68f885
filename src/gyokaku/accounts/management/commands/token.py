"""gyokaku token create|list|revoke — personal API tokens on the command line."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gyokaku.accounts.management.cli import cli_plan_office, domain_errors, table
from gyokaku.accounts.models import TOKEN_PREFIX, ApiToken, Profile, token_digest
from gyokaku.accounts.services import token_create, token_revoke
from gyokaku.audit.services import cli_actor


class Command(BaseCommand):
    help = "個人用 API トークンの発行・一覧・失効 (create, list and revoke API tokens)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it alone on stdout")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for (shown in lists)")
        listing = sub.add_parser("list", help="list tokens (never the tokens themselves)")
        listing.add_argument("username", nargs="?", help="only this user's tokens")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix or id")
        revoke.add_argument("token", metavar="PREFIX_OR_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"USERNAME: 利用者「{username}」はいません（gyokaku user list）")
        return user

    def handle_create(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        if not user.is_active:
            raise CommandError(f"USERNAME: 利用者「{user.get_username()}」は無効になっています")
        if len(options["name"]) > 100:
            raise CommandError("--name: 100 文字以内で指定してください")
        _, raw = token_create(user=user, name=options["name"], actor_label=cli_actor())
        # The token alone, so that `TOKEN=$(gyokaku token create alice)` works.
        self.stdout.write(raw)

    def handle_list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if options["username"]:
            tokens = tokens.filter(user=self._user(options["username"]))

        def when(at: Any) -> str:
            return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else "-"

        rows = [
            [
                t.pk,
                f"{t.prefix}…",
                t.user.get_username(),
                t.name or "-",
                when(t.created_at),
                when(t.last_used_at),
                "有効" if t.is_active else f"失効 {when(t.revoked_at)}",
            ]
            for t in tokens
        ]
        header = ["ID", "接頭辞", "利用者", "名前", "発行", "最終利用", "状態"]
        self.stdout.write(table(rows, header, empty="トークンはありません"))

    def handle_revoke(self, options: dict[str, Any]) -> None:
        token = self._find(options["token"].strip().rstrip("…"))
        municipality_id = (
            Profile.objects.filter(user=token.user)
            .values_list("municipality_id", flat=True)
            .first()
        )
        with domain_errors():
            token_revoke(token=token, actor=cli_plan_office(municipality_id or 0))
        self.stdout.write(f"トークン {token.prefix}…（{token.user.get_username()}）を失効しました")

    def _find(self, text: str) -> ApiToken:
        if text.isascii() and text.isdigit():
            found = ApiToken.objects.select_related("user").filter(pk=int(text)).first()
            if found is None:
                raise CommandError(f"PREFIX_OR_ID: ID {text} のトークンはありません")
            return found
        if not text.startswith(TOKEN_PREFIX) or len(text) <= len(TOKEN_PREFIX):
            raise CommandError(
                f"PREFIX_OR_ID: 「{text}」は ID（数字）か {TOKEN_PREFIX} で始まる接頭辞で"
                "指定してください（gyokaku token list）"
            )
        tokens = ApiToken.objects.select_related("user")
        exact = tokens.filter(digest=token_digest(text)).first()  # the whole token was given
        if exact is not None:
            return exact
        # A prefix is the token's first 10 characters; anything longer must be the whole token.
        matches = [] if len(text) > 10 else list(tokens.filter(prefix__startswith=text))
        if not matches:
            raise CommandError(f"PREFIX_OR_ID: 「{text}」で始まるトークンはありません")
        if len(matches) > 1:
            ids = ", ".join(str(t.pk) for t in matches)
            raise CommandError(
                f"PREFIX_OR_ID: 「{text}」に当てはまるトークンが複数あります。"
                f"ID で指定してください（{ids}）"
            )
        return matches[0]
