"""Reads of target changes (目標値の変更) and proposals, shared by the public pages, the API,
open data and the plan office's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.measures.target_models import ProposalState, TargetChange, TargetProposal
from gyokaku.measures.target_record import describe, value_label
from gyokaku.plans.models import Node, Plan


@dataclass(frozen=True)
class TargetChangeRow:
    """One change as people read it (the public 「目標値の変更」 table)."""

    change: TargetChange
    what: str  # 成果指標「窓口満足度」の2025年度（令和7年度）の目標値
    old: str  # 100件, △20,459千円, なし
    new: str
    day: dt.date  # the day of the change, in the site's time zone

    @property
    def node(self) -> Node | None:
        return self.change.node


def target_changes(*, plan: Plan, node: Node | None = None) -> QuerySet[TargetChange]:
    """The plan's changes (of ``node`` only, when given), oldest first."""
    rows = TargetChange.objects.filter(plan=plan).select_related("node", "plan_version")
    return rows.filter(node=node) if node is not None else rows


def target_change_rows(*, plan: Plan, node: Node | None = None) -> list[TargetChangeRow]:
    return [_row(c) for c in target_changes(plan=plan, node=node)]


def _row(change: TargetChange) -> TargetChangeRow:
    return TargetChangeRow(
        change=change,
        what=describe(change.subject, change.label, change.field, change.fiscal_year),
        old=value_label(change.old_value, change.field, change.unit),
        new=value_label(change.new_value, change.field, change.unit),
        day=timezone.localtime(change.changed_at).date(),
    )


def target_change_dicts(*, plan: Plan) -> list[dict[str, Any]]:
    """The API's and open data's shape of each change: keys, raw values and labels."""
    return [
        {
            "key": r.change.node.key if r.change.node else None,
            "subject": r.change.subject,
            "label": r.change.label,
            "unit": r.change.unit,
            "field": r.change.field,
            "field_label": r.change.get_field_display(),
            "fiscal_year": r.change.fiscal_year,
            "old_value": r.change.old_value or None,
            "new_value": r.change.new_value or None,
            "description": r.what,
            "old_label": r.old,
            "new_label": r.new,
            "reason": r.change.reason,
            "changed_on": r.day,
            "plan_version": r.change.plan_version.number if r.change.plan_version else None,
        }
        for r in target_change_rows(plan=plan)
    ]


def target_proposals(*, plan: Plan, actor: Actor) -> QuerySet[TargetProposal]:
    """Proposals the actor may read: the plan office all of the plan's, a department those of
    its own items."""
    rows = TargetProposal.objects.filter(plan=plan).select_related("node")
    if actor.is_plan_office_of(plan):
        return rows
    return rows.filter(node__departments__in=actor.department_ids).distinct()


def open_proposal_count(*, plan: Plan) -> int:
    return TargetProposal.objects.filter(plan=plan, state=ProposalState.PROPOSED).count()
