"""Reads of publications (公表) and corrections (訂正), shared by the public pages, the API, open
data and the feed: when what a page shows was last published (更新日), and the corrections of
an item or a plan. Everything here is public: only reports published at least once have
publications, and a publication is what the public was shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from gyokaku.lib.wareki import fy_label, wareki_date
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ProgressReport, Publication


@dataclass(frozen=True)
class Correction:
    """One 訂正: a republication of the report of ``key`` in ``fiscal_year``."""

    key: str
    code: str
    title: str
    fiscal_year: int
    number: int  # 2 for the first correction
    published_at: dt.datetime
    changes: list[str]  # what changed, as the public pages name it
    reason: str

    @property
    def fiscal_year_label(self) -> str:
        return fy_label(self.fiscal_year)

    @property
    def date_label(self) -> str:
        """令和8年12月5日: the day of the correction, as a reader expects it."""
        return wareki_date(timezone.localtime(self.published_at).date())

    @property
    def changes_label(self) -> str:
        return "、".join(self.changes) if self.changes else "表記の修正"

    def as_dict(self) -> dict[str, object]:
        return {
            "fiscal_year": self.fiscal_year,
            "fiscal_year_label": self.fiscal_year_label,
            "number": self.number,
            "published_at": self.published_at,
            "date_label": self.date_label,
            "changes": self.changes,
            "reason": self.reason,
        }


def _correction(publication: Publication, node: Node) -> Correction:
    return Correction(
        key=node.key,
        code=node.code,
        title=node.title,
        fiscal_year=publication.report.fiscal_year,
        number=publication.number,
        published_at=publication.published_at,
        changes=list(publication.changes or []),
        reason=publication.reason,
    )


def node_corrections(node: Node) -> list[Correction]:
    """The corrections of the node's reports, newest first (one query)."""
    found = (
        Publication.objects.filter(report__node=node, number__gt=1)
        .select_related("report")
        .order_by("-published_at", "-pk")
    )
    return [_correction(p, node) for p in found]


def plan_publications(plan: Plan) -> list[tuple[Publication, Node]]:
    """Every publication of the plan (first publications and corrections), in plan order and
    then by year and number (one query): the rows of open data and the entries of the feed."""
    found = (
        Publication.objects.filter(report__node__plan=plan)
        .select_related("report__node")
        .order_by("report__node__position", "report__fiscal_year", "number")
    )
    return [(p, p.report.node) for p in found]


def plan_corrections(plan: Plan) -> list[Correction]:
    """The corrections of the plan, in plan order (one query)."""
    return [_correction(p, node) for p, node in plan_publications(plan) if p.number > 1]


def last_published(
    plan: Plan, *, node: Node | None = None, fiscal_year: int | None = None
) -> dt.datetime | None:
    """更新日: when what a public page shows was last published — the newest publication of the
    plan, of the reports of ``node`` and the nodes below it, or of one fiscal year (one
    query). None while nothing is published."""
    found = Publication.objects.filter(report__node__plan=plan)
    if node is not None:
        found = found.filter(report__in=ProgressReport.objects.under(node))
    if fiscal_year is not None:
        found = found.filter(report__fiscal_year=fiscal_year)
    newest: dt.datetime | None = found.aggregate(newest=Max("published_at"))["newest"]
    return newest


def last_published_of(plans: list[Plan]) -> dt.datetime | None:
    """更新日 of a page listing ``plans``: their newest publication (one query)."""
    found = Publication.objects.filter(report__node__plan__in=plans)
    newest: dt.datetime | None = found.aggregate(newest=Max("published_at"))["newest"]
    return newest


def updated_label(when: dt.datetime | None) -> str:
    """更新日 as the public pages print it (和暦), or "" while nothing is published."""
    return wareki_date(timezone.localtime(when).date()) if when else ""
