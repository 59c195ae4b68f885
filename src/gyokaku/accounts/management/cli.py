"""Shared pieces of our management commands: the command line's Actor, lookups by the names a
person types, and domain errors turned into a Japanese message and a non-zero exit."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.audit.services import cli_actor
from gyokaku.lib.errors import DomainError, Hidden, Invalid
from gyokaku.plans.models import Municipality, Plan
from gyokaku.plans.selectors import plan_for


def cli_plan_office(municipality_id: int) -> Actor:
    """The command line acts with plan-office authority in one municipality, as no user."""
    return Actor(municipality_id=municipality_id, role=Role.ADMIN, name=cli_actor())


@contextmanager
def domain_errors(arguments: Mapping[str, str] | None = None) -> Iterator[None]:
    """Turn a DomainError into a CommandError; ``arguments`` maps a service's field names to
    the command-line argument a person typed (``{"department": "--department"}``)."""
    try:
        yield
    except Invalid as exc:
        names = arguments or {}
        raise CommandError(
            "; ".join(f"{names.get(k, k)}: {v}" for k, v in exc.problems.items())
        ) from None
    except DomainError as exc:
        raise CommandError(exc.message) from None


def municipality_pick(code: str | None) -> Municipality:
    """The municipality ``--municipality CODE`` names, or the only one there is."""
    if code:
        found = Municipality.objects.filter(code=code).first()
        if found is None:
            raise CommandError(f"--municipality: 自治体コード「{code}」の自治体はありません")
        return found
    everyone = list(Municipality.objects.all()[:20])
    if len(everyone) == 1:
        return everyone[0]
    if not everyone:
        raise CommandError(
            "自治体がありません。先に計画を取り込んでください（gyokaku plan import FILE）"
        )
    listed = "、".join(f"{m.code} {m.name}" for m in everyone)
    raise CommandError(f"--municipality で自治体コードを指定してください（{listed}）")


def plan_pick(slug: str) -> Plan:
    """The plan of ``slug`` for a command (``plans.selectors.plan_for``): Hidden becomes a
    CommandError that says how to bring the plan in."""
    try:
        return plan_for(slug=slug)
    except Hidden:
        raise CommandError(
            f"SLUG: 計画「{slug}」はありません（gyokaku plan import で取り込みます）"
        ) from None


def fiscal_year_parse(text: str) -> int:
    value = text.strip().removesuffix("年度")
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise CommandError(f"FY: 年度「{text}」は 2025 のように西暦 4 桁で指定してください")
    return int(value)


def date_parse(text: str, argument: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{argument}: 日付「{text}」は 2025-06-30 のように YYYY-MM-DD で指定してください"
        ) from None


def table(rows: list[list[Any]], header: list[str], *, empty: str = "（ありません）") -> str:
    """Columns padded to the widest cell; full-width characters count as two."""
    if not rows:
        return empty

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    cells = [[str(c) for c in row] for row in [header, *rows]]
    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    return "\n".join(lines)
