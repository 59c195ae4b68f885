"""gyokaku report SLUG --fy YYYY [--edition public|internal] --format pdf|html|xlsx|docx -o FILE
— the annual progress report (進捗状況報告書), written to FILE: the public edition (公表版,
published data only) unless ``--edition internal`` (内部資料, drafts included). The command
acts as the plan office, as the other commands do; the page keeps generated files, the
command only writes FILE (and an audit event)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gyokaku.accounts.management.cli import (
    cli_plan_office,
    domain_errors,
    fiscal_year_parse,
    plan_pick,
)
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition
from gyokaku.reports.services import report_generate


class Command(BaseCommand):
    help = "進捗状況報告書（PDF・HTML・Excel）を作成する (the annual progress report)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug", help="the plan")
        parser.add_argument("--fy", required=True, help="fiscal year, e.g. 2024")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            default=None,
            help="pdf, html, xlsx or docx (default: from FILE's extension, else pdf)",
        )
        parser.add_argument(
            "--edition",
            choices=[e.value for e in Edition],
            default=Edition.PUBLIC.value,
            help="public (公表版, published data only; the default) or internal "
            "(内部資料, drafts included, marked on every page)",
        )
        parser.add_argument("-o", "--output", required=True, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_pick(options["slug"])
        fiscal_year = fiscal_year_parse(options["fy"])
        output = Path(options["output"])
        fmt = options["format"] or _from_suffix(output)
        if not output.parent.is_dir():
            raise CommandError(f"FILE: フォルダ {output.parent} がありません")
        with domain_errors({"fiscal_year": "--fy", "format": "--format", "edition": "--edition"}):
            generated = report_generate(
                plan=plan,
                fiscal_year=fiscal_year,
                fmt=fmt,
                edition=options["edition"],
                actor=cli_plan_office(plan.municipality_id),
            )
        try:
            output.write_bytes(generated.content)
        except OSError as exc:
            raise CommandError(f"FILE: {output} に書き込めません（{exc.strerror}）") from None
        self.stdout.write(
            f"{output} に書き出しました（{plan.slug} {fiscal_year}年度、"
            f"{generated.edition.label}、{FORMATS[fmt].label}、"
            f"{generated.snapshot.summary}）"
        )


def _from_suffix(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return {"htm": "html", "xlsx": "xlsx", "html": "html", "docx": "docx"}.get(suffix, "pdf")
