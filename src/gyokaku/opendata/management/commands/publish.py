"""gyokaku publish SLUG OUTDIR — the public site and open data of a plan as static files."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gyokaku.accounts.management.cli import plan_pick
from gyokaku.opendata.export import ExportError, export_site


class Command(BaseCommand):
    help = (
        "公開サイトとオープンデータを静的ファイルとして書き出す"
        " (write the public site and open data of a plan as static files)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug", metavar="SLUG", help="the plan")
        parser.add_argument("outdir", metavar="OUTDIR", help="an empty or new directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="write into a non-empty OUTDIR (files of an earlier export that are gone are"
            " removed; other files are left alone)",
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            default="",
            help="the address OUTDIR will be served at, for the absolute links of the Atom feed",
        )
        parser.add_argument(
            "--max-pages",
            metavar="N",
            type=int,
            default=100_000,
            help="stop with an error beyond N pages (default 100000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_pick(options["slug"])
        base_url = options["base_url"].strip()
        if base_url and not base_url.startswith(("http://", "https://")):
            raise CommandError("--base-url: http:// か https:// で始まる URL を指定してください")
        outdir = Path(options["outdir"])
        try:
            result = export_site(
                plan.slug,
                outdir,
                base_url=base_url,
                force=options["force"],
                max_pages=options["max_pages"],
            )
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{outdir} に書き出しました: ページ {result.pages}、データ {result.data}、"
            f"静的ファイル {result.static}（計 {result.files} ファイル、{result.bytes:,} バイト）"
        )
        if result.removed:
            self.stdout.write(
                f"前回の書き出しから無くなったファイル {result.removed} 件を削除しました"
            )
        if result.skipped:
            self.stdout.write(f"書き出さなかった URL: {len(result.skipped)} 件")
            if options["verbosity"] > 1:
                for url, why in sorted(result.skipped.items()):
                    self.stdout.write(f"  {url}  ({why})")
