"""Reads of the audit log (監査ログ), shared by the API and the audit page.

The log is the plan office's and the administrator's, each for their own municipality: events
about that municipality's plans, and events without a plan (logins, users, tokens) done by its
people.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from gyokaku.accounts.access import Actor
from gyokaku.audit.models import AuditEvent
from gyokaku.audit.rules import can_read_audit
from gyokaku.lib.errors import enforce
from gyokaku.plans.models import Plan
from gyokaku.plans.selectors import plan_numbers


def audit_check_access(actor: Actor, plan: Plan | None = None) -> int:
    """Raise ``Refused`` unless ``actor`` may read the log (of ``plan``); return the
    municipality whose log they read."""
    enforce(can_read_audit(actor, plan))
    assert actor.municipality_id is not None  # the rule refuses an actor without one
    return actor.municipality_id


def audit_events(
    *,
    municipality_id: int,
    plan: Plan | None = None,
    key: str = "",
    fy: int | None = None,
    action: str = "",
    actor: str = "",
) -> QuerySet[AuditEvent]:
    """Events of one municipality, newest first, filtered by plan, node key, fiscal year,
    action (exact, or a family such as ``progress`` for ``progress.*``) and actor (user name).

    Targets are ``KEY/FY`` (reports, year plans), ``KEY`` (assignments) or ``FY`` (rounds).
    """
    plans = Plan.objects.filter(municipality_id=municipality_id).values("slug")
    events = AuditEvent.objects.filter(
        Q(plan_slug__in=plans) | Q(plan_slug="", actor__profile__municipality_id=municipality_id)
    )
    if plan is not None:
        events = events.filter(plan_slug=plan.slug)
    if key and fy is not None:
        events = events.filter(target=f"{key}/{fy}")
    elif key:
        events = events.filter(Q(target=key) | Q(target__startswith=f"{key}/"))
    elif fy is not None:
        events = events.filter(Q(target=str(fy)) | Q(target__endswith=f"/{fy}"))
    if action:
        events = events.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if actor:
        events = events.filter(actor_label=actor)
    return events.order_by("-at", "-id")


def audit_actions() -> list[str]:
    """The action names for the audit page's filter (the events themselves: audit/selectors)."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def label_targets(events: list[AuditEvent]) -> None:
    """Give each event the target people read (``target_label``): a node key as the plan
    prints it, with its fiscal year (2-1-01-5/2025 → 2-(1)-01-⑤（2025年度）); other targets as
    they are. One query per plan among the events."""
    slugs = {e.plan_slug for e in events if e.plan_slug}
    ids = dict(Plan.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    numbers = {slug: plan_numbers(plan_id=pk) for slug, pk in ids.items()}
    for event in events:
        key, sep, rest = event.target.partition("/")
        printed = numbers.get(event.plan_slug, {}).get(key)
        year = re.match(r"(\d{4})(.*)", rest) if sep else None
        if printed is None:
            event.target_label = event.target
        elif year is None:
            event.target_label = f"{printed}{sep}{rest}"
        else:  # 2-1-01-5/2025 #12 (an opinion) → 2-(1)-01-⑤（2025年度） #12
            event.target_label = f"{printed}（{year.group(1)}年度）{year.group(2)}"
