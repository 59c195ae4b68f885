"""gyokaku department add|list|assign|bureau — departments (所管課), who is responsible for
what, and the 部 (bureaus) departments belong to."""

from __future__ import annotations

import re
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from gyokaku.accounts.management.cli import (
    cli_plan_office,
    domain_errors,
    municipality_pick,
    plan_pick,
    table,
)
from gyokaku.accounts.models import Department
from gyokaku.accounts.services import bureau_upsert, department_upsert, node_departments_set
from gyokaku.audit.services import cli_actor
from gyokaku.plans.models import Node

# Codes go into URLs, files and open data, so they are short ASCII words.
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$")


class Command(BaseCommand):
    help = "所管課の追加・一覧・割り当て (add and list departments, assign them to a node)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a department (or rename an existing one)")
        add.add_argument("code", help="所管課コード: ASCII letters, digits, - and _")
        add.add_argument("name", help="名称, e.g. 情報政策課")
        add.add_argument(
            "--municipality", metavar="CODE", help="地方公共団体コード (default: the only one)"
        )
        listing = sub.add_parser("list", help="list departments with their items and members")
        listing.add_argument("--municipality", metavar="CODE", help="only this municipality")
        assign = sub.add_parser("assign", help="set the departments responsible for a node")
        assign.add_argument("slug", help="the plan")
        assign.add_argument("key", help="the node's key, e.g. 2-1-01-2")
        assign.add_argument("codes", nargs="+", metavar="CODE", help="所管課コード")
        bureau = sub.add_parser("bureau", help="add or rename a 部 and put departments in it")
        bureau.add_argument("code", help="部コード: ASCII letters, digits, - and _")
        bureau.add_argument("name", help="名称, e.g. 総務部")
        bureau.add_argument("departments", nargs="*", metavar="DEPARTMENT", help="所管課コード")
        bureau.add_argument(
            "--municipality", metavar="CODE", help="地方公共団体コード (default: the only one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_add(self, options: dict[str, Any]) -> None:
        code, name = options["code"], options["name"].strip()
        if not CODE_RE.match(code):
            raise CommandError(
                f"CODE: 所管課コード「{code}」は英数字と - _ で 30 文字以内にしてください"
                "（例: joho-seisaku）"
            )
        if not name or len(name) > 100:
            raise CommandError("NAME: 名称を 100 文字以内で指定してください")
        municipality = municipality_pick(options["municipality"])
        existed = Department.objects.filter(municipality=municipality, code=code).first()
        with domain_errors({"code": "CODE", "name": "NAME"}):
            department_upsert(
                municipality=municipality, code=code, name=name, actor_label=cli_actor()
            )
        if existed is None:
            done = "追加しました"
        elif existed.name != name:
            done = f"の名称を変更しました（旧: {existed.name}）"
        else:
            done = "はすでにあります（変更なし）"
        self.stdout.write(f"所管課 {code} {name}（{municipality.name}）{done}")

    def handle_list(self, options: dict[str, Any]) -> None:
        departments = Department.objects.select_related("municipality").annotate(
            node_count=Count("nodes", distinct=True), member_count=Count("members", distinct=True)
        )
        if options["municipality"]:
            departments = departments.filter(
                municipality=municipality_pick(options["municipality"])
            )
        rows = [
            [d.municipality.code, d.code, d.name, d.node_count, d.member_count]
            for d in departments.order_by("municipality__code", "code")
        ]
        header = ["自治体", "コード", "名称", "取組数", "担当者数"]
        self.stdout.write(table(rows, header, empty="所管課はありません（gyokaku department add）"))

    def handle_assign(self, options: dict[str, Any]) -> None:
        plan = plan_pick(options["slug"])
        node = Node.objects.filter(plan=plan, key=options["key"]).first()
        if node is None:
            raise CommandError(f"KEY: 計画 {plan.slug} に取組方策「{options['key']}」はありません")
        codes = list(dict.fromkeys(options["codes"]))
        departments = list(
            Department.objects.filter(municipality=plan.municipality, code__in=codes)
        )
        missing = [c for c in codes if c not in {d.code for d in departments}]
        if missing:
            raise CommandError(
                f"CODE: {plan.municipality.name}に所管課 {', '.join(missing)} はありません"
                "（gyokaku department list）"
            )
        with domain_errors({"departments": "CODE"}):
            node_departments_set(
                node=node, departments=departments, actor=cli_plan_office(plan.municipality_id)
            )
        names = "、".join(d.name for d in sorted(departments, key=lambda d: codes.index(d.code)))
        self.stdout.write(f"{plan.slug} {node.key} {node.title}: {names}")

    def handle_bureau(self, options: dict[str, Any]) -> None:
        code, name = options["code"], options["name"].strip()
        if not CODE_RE.match(code):
            raise CommandError(
                f"CODE: 部コード「{code}」は英数字と - _ で 30 文字以内にしてください"
            )
        municipality = municipality_pick(options["municipality"])
        with domain_errors({"code": "CODE", "name": "NAME", "departments": "DEPARTMENT"}):
            bureau_upsert(
                municipality=municipality,
                code=code,
                name=name,
                department_codes=options["departments"],
                actor_label=cli_actor(),
            )
        members = Department.objects.filter(municipality=municipality, bureau__code=code)
        names = "、".join(d.name for d in members) or "なし"
        self.stdout.write(f"部 {code} {name}（{municipality.name}）: 所管課 {names}")
