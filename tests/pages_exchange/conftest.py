"""Sheet page tests: the named people of tests/world.py with CSRF-enforcing clients, and
workbooks written by the real export, edited with openpyxl (tests/exchange/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.exchange.conftest import book_bytes, export_book, put
from tests.pages_tracking.conftest import StaffClient
from tests.world import World

from gyokaku.audit.models import AuditEvent

PLAN = "/plans/test-2024-2028"
SHEET = f"{PLAN}/sheet/"
UPLOAD = f"{SHEET}upload/"


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


def edited_book(world: World, edits: dict[str, str] | None = None, actor: str = "alice") -> bytes:
    """``actor``'s FY2024 workbook with 取組実績 filled in ({key: text}; 1-1 by default)."""
    wb = export_book(world, actor=actor)
    for key, text in (edits or {"1-1": "申請書の電子化を実施"}).items():
        put(wb, key, "取組実績", text)
    return book_bytes(wb)


def upload_file(content: bytes, name: str = "進捗.xlsx") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, content)}
