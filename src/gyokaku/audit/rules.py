"""Who may read the audit log: ``can_…`` returns the reason why not, or None (as
tracking/rules.py)."""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.lib.errors import Reason, Refused
from gyokaku.plans.models import Plan


def can_read_audit(actor: Actor, plan: Plan | None = None) -> Reason | None:
    """The plan office and the administrators, for their own municipality (and ``plan``)."""
    allowed = actor.is_plan_office_of(plan) if plan is not None else actor.is_plan_office
    if not allowed or actor.municipality_id is None:
        office = plan.office_label if plan is not None else "計画担当"
        return Reason(Refused, f"監査ログは{office}とシステム管理者だけが見られます")
    return None
