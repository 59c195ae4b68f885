from __future__ import annotations

import getpass
from typing import Any

from gyokaku.audit.models import PRIVATE_ACTIONS, AuditEvent


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"


def audit_record(
    *,
    action: str,
    actor_label: str,
    plan_slug: str = "",
    target: str = "",
    summary: str = "",
    changes: Any = None,
    actor: Any = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        public=action not in PRIVATE_ACTIONS,
        actor=actor,
        actor_label=actor_label,
        plan_slug=plan_slug,
        target=target,
        summary=summary[:500],
        changes=changes if changes is not None else {},
    )
