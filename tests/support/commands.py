"""Run our commands in-process with call_command (test_cli_process.py runs them for real)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gyokaku.audit.models import AuditEvent


def gyokaku(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options: dict[str, Any] = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command(*args, **options)
    return out.getvalue(), err.getvalue()


def refused(*args: str, stdin: str | None = None) -> str:
    """The message of a command that must fail, having changed nothing."""
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError) as failed:
        gyokaku(*args, stdin=stdin)
    assert AuditEvent.objects.count() == before, "a refused command wrote something"
    return str(failed.value)
