"""gyokaku round open|close|reopen|list|chain — a plan's yearly reporting rounds (進捗調査) and
the approval chain (承認ルート) its reports go through."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from gyokaku.accounts.management.cli import (
    cli_plan_office,
    date_parse,
    domain_errors,
    fiscal_year_parse,
    plan_pick,
    table,
)
from gyokaku.plans.models import Plan
from gyokaku.tracking.chain import chain_steps
from gyokaku.tracking.models import ProgressReport, Round, State
from gyokaku.tracking.services import StepSpec, chain_set, round_close, round_open, round_reopen


class Command(BaseCommand):
    help = "進捗調査（年度ごとの報告の受付）の開始・締切・再開・一覧 (reporting rounds)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        opening = sub.add_parser(
            "open", help="open a fiscal year's round (draft reports for every tracked item)"
        )
        opening.add_argument("slug", help="the plan")
        opening.add_argument("fy", metavar="FY", help="fiscal year, e.g. 2025")
        opening.add_argument("--deadline", metavar="YYYY-MM-DD", help="締切")
        close = sub.add_parser("close", help="close a round: its reports can no longer be edited")
        close.add_argument("slug")
        close.add_argument("fy", metavar="FY")
        reopen = sub.add_parser("reopen", help="reopen a closed round (a reason is required)")
        reopen.add_argument("slug")
        reopen.add_argument("fy", metavar="FY")
        reopen.add_argument("--reason", default="", help="why (recorded in the audit log)")
        listing = sub.add_parser("list", help="list a plan's rounds with their reports' states")
        listing.add_argument("slug")
        chain = sub.add_parser(
            "chain", help="show or set the plan's approval chain (承認ルート), step by step"
        )
        chain.add_argument("slug")
        chain.add_argument(
            "steps",
            nargs="*",
            metavar="CODE:NAME:ROLE",
            help="e.g. kacho:課長確認:chief bucho:部長確認:director "
            "gyokaku:行革担当確認:coordinator",
        )
        chain.add_argument("--clear", action="store_true", help="remove the chain")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def _round(self, plan: Plan, fiscal_year: int) -> Round:
        found = (
            Round.objects.select_related("plan").filter(plan=plan, fiscal_year=fiscal_year).first()
        )
        if found is None:
            raise CommandError(f"FY: {plan.slug} の {fiscal_year}年度の進捗調査はありません")
        return found

    def handle_open(self, options: dict[str, Any]) -> None:
        plan = plan_pick(options["slug"])
        fiscal_year = fiscal_year_parse(options["fy"])
        deadline = date_parse(options["deadline"], "--deadline") if options["deadline"] else None
        with domain_errors({"fiscal_year": "FY"}):
            round_ = round_open(
                plan=plan,
                fiscal_year=fiscal_year,
                actor=cli_plan_office(plan.municipality_id),
                deadline=deadline,
            )
        count = ProgressReport.objects.filter(round=round_).count()
        until = f"、締切 {round_.deadline.isoformat()}" if round_.deadline else ""
        self.stdout.write(
            f"{plan.slug} {fiscal_year}年度の進捗調査: 受付中（取組 {count} 件{until}）"
        )

    def handle_close(self, options: dict[str, Any]) -> None:
        plan = plan_pick(options["slug"])
        round_ = self._round(plan, fiscal_year_parse(options["fy"]))
        with domain_errors():
            round_close(round_=round_, actor=cli_plan_office(plan.municipality_id))
        self.stdout.write(f"{plan.slug} {round_.fiscal_year}年度の進捗調査を締め切りました")

    def handle_reopen(self, options: dict[str, Any]) -> None:
        plan = plan_pick(options["slug"])
        round_ = self._round(plan, fiscal_year_parse(options["fy"]))
        if not options["reason"].strip():
            raise CommandError("--reason: 再開の理由を指定してください（監査ログに残ります）")
        with domain_errors({"reason": "--reason"}):
            round_reopen(
                round_=round_, actor=cli_plan_office(plan.municipality_id), reason=options["reason"]
            )
        self.stdout.write(f"{plan.slug} {round_.fiscal_year}年度の進捗調査を再開しました")

    def handle_list(self, options: dict[str, Any]) -> None:
        plan = plan_pick(options["slug"])
        counts: dict[tuple[int, str], int] = {
            (row["round_id"], row["state"]): row["n"]
            for row in ProgressReport.objects.filter(round__plan=plan)
            .values("round_id", "state")
            .annotate(n=Count("id"))
        }
        rows = [
            [
                f"{r.fiscal_year}年度",
                "受付中" if r.is_open else "締切済",
                r.deadline.isoformat() if r.deadline else "-",
                *(counts.get((r.pk, state), 0) for state in State.values),
            ]
            for r in Round.objects.filter(plan=plan).order_by("fiscal_year")
        ]
        header = ["年度", "状態", "締切", *State.labels]
        empty = f"{plan.slug} の進捗調査はまだありません（gyokaku round open）"
        self.stdout.write(table(rows, header, empty=empty))

    def handle_chain(self, options: dict[str, Any]) -> None:
        plan = plan_pick(options["slug"])
        if options["steps"] or options["clear"]:
            if options["steps"] and options["clear"]:
                raise CommandError("--clear と段階は同時に指定できません")
            specs = []
            for text in options["steps"]:
                parts = text.split(":")
                if len(parts) != 3:
                    raise CommandError(
                        f"CODE:NAME:ROLE: 「{text}」は コード:名称:役割 の形で指定してください"
                        "（例: kacho:課長確認:chief）"
                    )
                specs.append(StepSpec(*parts))
            with domain_errors():
                chain_set(plan=plan, steps=specs, actor=cli_plan_office(plan.municipality_id))
        steps = chain_steps(plan)
        if not steps:
            self.stdout.write(f"{plan.slug}: 承認ルートなし（計画担当が承認します）")
            return
        self.stdout.write(
            table(
                [[s.order, s.code, s.name, s.role] for s in steps], ["順", "コード", "名称", "役割"]
            )
        )
