"""gyokaku sheet export|import — the Excel/CSV workbook departments fill in (様式)."""

from __future__ import annotations

from argparse import ArgumentParser
from contextlib import suppress
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gyokaku.accounts.access import Actor
from gyokaku.accounts.management.cli import (
    cli_plan_office,
    domain_errors,
    fiscal_year_parse,
    plan_pick,
)
from gyokaku.exchange.columns import CSV_SHEETS, PROGRESS, ItemChange
from gyokaku.exchange.sheets import (
    parse_book,
    read_upload,
    sheet_apply,
    sheet_export,
    sheet_export_csv,
)
from gyokaku.lib.errors import Hidden
from gyokaku.lib.progress_sink import TextProgress
from gyokaku.plans.selectors import plan_for

SHOWN = 80  # characters of a long text shown in a change


def _shown(value: Any) -> str:
    text = "（空）" if value in (None, "") else str(value).replace("\n", "⏎")
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


class Command(BaseCommand):
    help = "取組状況を Excel/CSV でダウンロード・アップロードする (sheet exchange)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a fiscal year's workbook (.xlsx or .csv)")
        export.add_argument("slug", help="the plan")
        export.add_argument("--fy", required=True, help="fiscal year, e.g. 2025")
        export.add_argument(
            "--department",
            action="append",
            metavar="CODE",
            help="only this department's items (repeat for several; default: all)",
        )
        export.add_argument("--format", choices=["xlsx", "csv"], default=None)
        export.add_argument(
            "--encoding", choices=["utf-8", "cp932"], default="utf-8", help="CSV only"
        )
        export.add_argument(
            "--sheet",
            choices=[name for s in CSV_SHEETS for name in (s.name, s.alias)],
            default=None,
            help="CSV only: the sheet the file holds (default: 進捗 / progress)",
        )
        export.add_argument("-o", "--output", required=True, metavar="FILE")
        importing = sub.add_parser(
            "import", help="check a filled-in workbook and apply its changes"
        )
        importing.add_argument("file", metavar="FILE")
        importing.add_argument(
            "--dry-run", action="store_true", help="check and show the changes; apply nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.handle_export(options)
        else:
            self.handle_import(options)

    def handle_export(self, options: dict[str, Any]) -> None:
        plan = plan_pick(options["slug"])
        fiscal_year = fiscal_year_parse(options["fy"])
        output = Path(options["output"])
        fmt = options["format"] or ("csv" if output.suffix.lower() == ".csv" else "xlsx")
        common: dict[str, Any] = {
            "plan": plan,
            "fiscal_year": fiscal_year,
            "actor": cli_plan_office(plan.municipality_id),
            "department_codes": options["department"],
        }
        if options["sheet"] and fmt != "csv":
            raise CommandError(
                "--sheet: CSV のときだけ使えます（Excel ブックにはすべてのシートがあります）"
            )
        names = {"fiscal_year": "--fy", "department_codes": "--department"}
        with domain_errors({**names, "encoding": "--encoding", "sheet": "--sheet"}):
            if fmt == "csv":
                content = sheet_export_csv(
                    **common, encoding=options["encoding"], sheet=options["sheet"] or PROGRESS
                )
            else:
                content = sheet_export(**common)
        output.write_bytes(content)
        self.stdout.write(f"{output} に書き出しました（{plan.slug} {fiscal_year}年度）")

    def handle_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"FILE: {path} を読めません（{exc.strerror}）") from None
        progress = TextProgress(self.stderr.write, quiet=options["verbosity"] < 1)
        book = read_upload(content=content, filename=path.name, progress=progress)
        plan = None
        if book.plan_slug:
            with suppress(Hidden):  # parse_book reports a missing plan where the file names it
                plan = plan_for(slug=book.plan_slug)
        actor = cli_plan_office(plan.municipality_id) if plan else Actor()
        sheet = parse_book(book, actor=actor, progress=progress)
        if sheet.problems:
            for problem in sheet.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"問題が {len(sheet.problems)} 件あります。何も取り込んでいません")
        self._show(sheet.changes)
        if not sheet.changes:
            self.stdout.write("変更はありません")
        elif options["dry_run"]:
            self.stdout.write(f"--dry-run: {len(sheet.changes)} 件の取組の変更を取り込んでいません")
        else:
            with domain_errors():
                sheet_apply(sheet=sheet, actor=actor, progress=progress)
            self.stdout.write(f"{len(sheet.changes)} 件の取組を更新しました")

    def _show(self, changes: list[ItemChange]) -> None:
        for item in changes:
            self.stdout.write(f"{item.key} {item.title}")
            for change in item.fields:
                self.stdout.write(f"  {change.label}: {_shown(change.old)} → {_shown(change.new)}")
