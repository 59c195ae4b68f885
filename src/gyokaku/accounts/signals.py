"""Audit events for logins and failed logins.

Django reports these only through signals, so receivers are the one place to record them; they
do nothing but write the audit event.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gyokaku.audit.services import audit_record


def _address(request: Any) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(
        action="auth.login", actor=user, actor_label=user.get_username(), summary=_address(request)
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action="auth.logout", actor=user, actor_label=user.get_username())


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(action="auth.login_failed", actor_label=username or "?", summary=_address(request))
