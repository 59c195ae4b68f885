"""Access helpers every staff page calls first, and how a domain error becomes a page.

- Not logged in: the views are wrapped in ``login_required`` (redirect to the login page).
- Another municipality's plan or report: 404, as if it did not exist (Hidden).
- A role that may never do this: 403 with our template, and an ``access.refused`` audit event.
- Not now (Conflict), stale (Stale), bad input (Invalid): the page is shown again with the
  message and the status code of the error (409, 412, 422); htmx swaps those too (base.html).
"""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.accounts.rules import can_act_as_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import DomainError, Hidden, Refused
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.selectors import plan_for


def refuse(request: HttpRequest, actor: Actor, message: str, *, plan_slug: str = "") -> NoReturn:
    """Answer 403 (accounts/templates/403.html shows ``message``) and record the refusal."""
    audit_record(
        action="access.refused",
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=plan_slug,
        target=f"{request.method} {request.path}"[:200],
        summary=message,
    )
    raise PermissionDenied(message)


def error_status(request: HttpRequest, actor: Actor, exc: DomainError, *, plan_slug: str) -> int:
    """Refused → 403 page, Hidden → 404; any other error is shown on the page with its status."""
    if isinstance(exc, Refused):
        refuse(request, actor, exc.message, plan_slug=plan_slug)
    if isinstance(exc, Hidden):
        raise Http404(exc.message)
    return exc.status


def plan_or_404(slug: str) -> Plan:
    """The plan of ``slug`` for a page (``plans.selectors.plan_for``): Hidden becomes Django's
    404 page."""
    try:
        return plan_for(slug=slug)
    except Hidden:
        raise Http404("no such plan") from None


def internal_plan(request: HttpRequest, slug: str) -> tuple[Plan, Actor]:
    """The plan, for a person of its municipality; 404 for anyone else."""
    actor = actor_for(request.user)
    plan = plan_or_404(slug)
    if not actor.is_internal(plan):
        raise Http404("no such plan")
    return plan, actor


def office_plan(request: HttpRequest, slug: str, doing: str) -> tuple[Plan, Actor]:
    """The plan, for its plan office (coordinator or admin); 403 for the other roles."""
    plan, actor = internal_plan(request, slug)
    if reason := can_act_as_plan_office(actor, plan, doing):
        refuse(request, actor, str(reason), plan_slug=plan.slug)
    return plan, actor


def internal_node(request: HttpRequest, slug: str, key: str) -> tuple[Node, Actor]:
    plan, actor = internal_plan(request, slug)
    node = Node.objects.filter(plan=plan, key=key).first()
    if node is None:
        raise Http404("no such node")
    node.plan = plan
    return node, actor
