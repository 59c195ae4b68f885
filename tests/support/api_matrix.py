"""What the API permission matrices share: the callers (columns), the cells, and the audit
expectations of a cell. Each matrix module keeps its own write paths and its table."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent

CALLERS = ("anonymous", "alice-own", "alice-other", "carol", "dave", "erin", "mallory")


def cells(matrix: dict[str, tuple[int, ...]]) -> list[Any]:
    """One pytest param (path name, caller, expected status) per cell of the table."""
    return [
        pytest.param(path, caller, expected, id=f"{path}-{caller}")
        for path, row in matrix.items()
        for caller, expected in zip(CALLERS, row, strict=True)
    ]


def assert_covers(matrix: dict[str, tuple[int, ...]], paths: dict[str, Any]) -> None:
    assert set(matrix) == set(paths)
    assert all(len(row) == len(CALLERS) for row in matrix.values())


def caller_key(caller: str) -> str:
    """alice-other writes to node 2 (市民課's); everyone else to 1-1 (情報政策課's)."""
    return "2" if caller == "alice-other" else "1-1"


def caller_user(caller: str) -> str | None:
    return {"anonymous": None, "alice-own": "alice", "alice-other": "alice"}.get(caller, caller)


def last_event_id() -> int:
    last = AuditEvent.objects.order_by("-id").first()
    return last.pk if last else 0


def events_since(event_id: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(id__gt=event_id).order_by("id"))


def assert_refused_or_silent(
    new: list[AuditEvent], expected: int, user: str | None, answer: Any
) -> None:
    """A 403 leaves exactly one ``access.refused`` by the caller; 401 and 404 leave nothing."""
    actions = [e.action for e in new]
    if expected == 403:
        assert actions == ["access.refused"]
        assert new[0].actor_label == user
        assert answer.body["detail"]
    else:
        assert actions == []
