"""Sheet page tests: the named people of tests/support/world.py with CSRF-enforcing clients, and
workbooks written by the real export, edited with openpyxl (tests/support/sheets.py)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.support.sheets import book_bytes, export_book, put
from tests.support.world import World

PLAN = "/plans/test-2024-2028"
SHEET = f"{PLAN}/sheet/"
UPLOAD = f"{SHEET}upload/"


def edited_book(world: World, edits: dict[str, str] | None = None, actor: str = "alice") -> bytes:
    """``actor``'s FY2024 workbook with 取組実績 filled in ({key: text}; 1-1 by default)."""
    wb = export_book(world, actor=actor)
    for key, text in (edits or {"1-1": "申請書の電子化を実施"}).items():
        put(wb, key, "取組実績", text)
    return book_bytes(wb)


def upload_file(content: bytes, name: str = "進捗.xlsx") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, content)}
