"""GET /api/v1/audit: the audit log, for the plan office and the administrator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gyokaku.accounts.api_auth import WRITE_AUTH, request_actor
from gyokaku.audit.models import AuditEvent
from gyokaku.audit.selectors import audit_check_access, audit_events
from gyokaku.plans.selectors import plan_for
from gyokaku.web.api_answers import WRITE, answers
from gyokaku.web.paging import Pages

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str = Field(validation_alias="actor_label")
    action: str
    plan: str = Field(validation_alias="plan_slug")
    target: str
    summary: str
    changes: Any


@router.get(
    "",
    response=answers(list[AuditEventOut], *WRITE),
    auth=WRITE_AUTH,
    summary="Audit events, newest first (plan office and admin)",
)
@paginate(Pages)
def audit_list(
    request: HttpRequest,
    plan: str = "",
    key: str = "",
    fy: int | None = None,
    action: str = "",
    actor: str = "",
) -> QuerySet[AuditEvent]:
    """Filters: ``plan`` slug, node ``key``, fiscal year ``fy``, ``action`` (``progress`` for
    every ``progress.*``) and ``actor`` (a user name). Pages of 50 (``page``, ``page_size``)."""
    # Plain parameters, not a Query schema: @paginate wraps this function, and ninja resolves
    # postponed annotations in the wrapper's module, where only builtins are found.
    caller = request_actor(request)
    the_plan = plan_for(slug=plan) if plan else None
    return audit_events(
        municipality_id=audit_check_access(caller, the_plan),
        plan=the_plan,
        key=key,
        fy=fy,
        action=action,
        actor=actor,
    )
