"""gyokaku plan parse|import|export — plan files on the command line."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gyokaku.plans.formats import FORMATS, format_for_path


class Command(BaseCommand):
    help = "計画ファイルの解析・取込・書出し (parse, import and export plan files)"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser(
            "parse", help="read an outline text and print the plan file (JSON); no database"
        )
        parse.add_argument("file", help="outline text file ('-' for standard input)")
        parse.add_argument("--slug", help="slug to put in the plan file")
        imp = sub.add_parser("import", help="create or update a plan from a file")
        imp.add_argument("file", help="plan file: .json, .yaml/.yml, .xlsx, or outline text")
        imp.add_argument("--slug", help="slug of the plan (overrides the file)")
        imp.add_argument("--format", choices=sorted(FORMATS), help="default: from the file name")
        imp.add_argument("--municipality-code", help="地方公共団体コード (overrides the file)")
        imp.add_argument("--municipality-name", help="自治体名 (overrides the file)")
        imp.add_argument(
            "--dry-run",
            action="store_true",
            help="show, per item, what would happen to it and its data; change nothing",
        )
        rev = imp.add_argument_group("revision (改定)", "see docs/revisions.md")
        rev.add_argument("--kind", help="改定 (default) or 中間見直し")
        rev.add_argument("--decided-on", metavar="YYYY-MM-DD", help="改定日")
        rev.add_argument("--effective-fy", type=int, metavar="FY", help="適用年度 (2026)")
        rev.add_argument("--reason", help="改定の理由")
        rev.add_argument(
            "--end",
            action="append",
            metavar="KEY=KIND[:FY[:INTO]]",
            help="end an item: 1-2-01-3=廃止:2026, =完了:2026, =統合:2026:1-2-01-2 (repeatable)",
        )
        rev.add_argument(
            "--map",
            action="append",
            metavar="OLD=NEW",
            help="the item OLD is now NEW (renumbered or moved; repeatable)",
        )
        exp = sub.add_parser("export", help="write a plan as a plan file")
        exp.add_argument("slug")
        exp.add_argument("--format", choices=sorted(FORMATS), default="json")
        exp.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def _read(self, name: str) -> bytes:
        from gyokaku.plans.planfile import MAX_FILE_BYTES

        try:
            if name == "-":
                content = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            else:
                with Path(name).open("rb") as handle:
                    content = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{name}: {exc.strerror}") from None
        if len(content) > MAX_FILE_BYTES:
            raise CommandError(f"{name}: ファイルが大きすぎます（上限 {MAX_FILE_BYTES:,} バイト）")
        return content

    def handle_parse(self, options: dict[str, Any]) -> None:
        from gyokaku.plans.outline import OutlineError, parse_outline
        from gyokaku.plans.planfile import PlanFileError, decode_utf8

        name = options["file"]
        try:
            text = decode_utf8(self._read(name), name)
            result = parse_outline(text, slug=options["slug"])
        except PlanFileError as exc:
            raise CommandError(str(exc)) from None
        except OutlineError as exc:
            for diagnostic in exc.diagnostics:
                self.stderr.write(diagnostic.format(name))
            raise CommandError(f"{name}: 解析できませんでした", returncode=1) from None
        for warning in result.warnings:
            self.stderr.write(warning.format(name))
        self.stdout.write(json.dumps(result.plan, ensure_ascii=False, indent=2))

    def handle_import(self, options: dict[str, Any]) -> None:
        from gyokaku.audit.services import cli_actor
        from gyokaku.plans.planfile import PlanFileError, validate_plan_data
        from gyokaku.site.revision_spec import spec_from_options
        from gyokaku.site.services import plan_import

        name = options["file"]
        fmt = FORMATS.get(options["format"] or format_for_path(name))
        try:
            data = fmt.load(self._read(name), name=name, warn=self.stderr.write)
            plan_file = validate_plan_data(
                data,
                slug=options["slug"],
                municipality_code=options["municipality_code"],
                municipality_name=options["municipality_name"],
            )
            revision = spec_from_options(
                kind=options["kind"],
                decided_on=options["decided_on"],
                effective_fy=options["effective_fy"],
                reason=options["reason"],
                ends=options["end"],
                maps=options["map"],
            )
            report = plan_import(
                plan_file=plan_file,
                actor_label=cli_actor(),
                dry_run=options["dry_run"],
                revision=revision,
            )
        except PlanFileError as exc:
            for problem in exc.problems:
                here = problem.where.startswith(name)
                self.stderr.write(str(problem) if here else f"{name}: {problem}")
            raise CommandError(f"{name}: 取り込めませんでした（何も変更していません）") from None
        if options["dry_run"]:
            for item in report.items:
                self.stdout.write(f"  {item}")
        if options["verbosity"] > 1:
            for change in report.changes:
                self.stdout.write(f"  {change}")
        self.stdout.write(report.summary())

    def handle_export(self, options: dict[str, Any]) -> None:
        from gyokaku.lib.errors import Hidden
        from gyokaku.plans.selectors import plan_for
        from gyokaku.site.selectors import plan_file_data

        try:
            plan = plan_for(slug=options["slug"])
        except Hidden as exc:  # its message as it is: 計画「…」はありません
            raise CommandError(exc.message) from None
        content = FORMATS.get(options["format"]).dump(plan_file_data(plan=plan))
        if options["output"] and options["output"] != "-":
            Path(options["output"]).write_bytes(content)
        elif options["format"] == "xlsx" and sys.stdout.isatty():
            raise CommandError("xlsx を端末には出力できません。-o FILE を指定してください")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
