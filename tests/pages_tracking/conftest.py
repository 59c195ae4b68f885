"""Staff page tests: the named people of tests/world.py, each with a logged-in client.

``as_user("alice")`` gives a client with CSRF checks enforced, as a browser would meet them:
it reads the CSRF cookie from a GET first and sends the token with every POST.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gyokaku.audit.models import AuditEvent

PLAN = "/plans/test-2024-2028"
OTHER_PLAN = "/plans/sapporo-2025-2029"


class StaffClient(Client):
    """A Client that enforces CSRF and sends the token on every POST, like the page's forms."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(enforce_csrf_checks=True, **kwargs)

    def csrf_token(self) -> str:
        if "csrftoken" not in self.cookies:
            self.get("/")  # the language switch form in the header sets the CSRF cookie
        return str(self.cookies["csrftoken"].value)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        data = dict(data or {})
        data.setdefault("csrfmiddlewaretoken", self.csrf_token())
        return super().post(path, data, **kwargs)


@pytest.fixture
def as_user(world: Any) -> Callable[[str | None], StaffClient]:
    def make(name: str | None) -> StaffClient:
        client = StaffClient()
        if name is not None:
            client.force_login(world.users[name])
        return client

    return make


@pytest.fixture
def audit_count() -> Callable[..., int]:
    def count(**filters: Any) -> int:
        return AuditEvent.objects.filter(**filters).count()

    return count


def report_url(key: str, fy: int = 2024, plan: str = PLAN) -> str:
    return f"{plan}/nodes/{key}/progress/{fy}/"
