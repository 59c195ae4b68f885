"""Every role × every page write, with the exact outcome: status code, whether the database
changed, and the audit event it leaves (the write's own event, or access.refused).

Columns: anonymous, alice on her own department's item, alice on another department's item,
carol (coordinator), dave (viewer), erin (admin), mallory (coordinator of another municipality).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tests.support.pages import PLAN, report_url

from gyokaku.accounts.models import ApiToken
from gyokaku.accounts.services import token_create
from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import ProgressReport, Round, State, YearPlan
from gyokaku.tracking.services import round_close
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "alice_own", "alice_other", "carol", "dave", "erin", "mallory")
USER = {"alice_own": "alice", "alice_other": "alice", "anonymous": None}


@dataclass
class Write:
    setup: Callable[[Any, str], Any]  # (world, actor column) → target
    request: Callable[[Any, Any], Any]  # (client, target) → response
    changed: Callable[[Any, Any], bool]  # (world, target) → did it happen?


def _key(column: str) -> str:
    return "2" if column == "alice_other" else "1-1"


def _report_in(state: str) -> Callable[[Any, str], ProgressReport]:
    path = {
        State.DRAFT: [],
        State.SUBMITTED: [("alice", "submit")],
        State.APPROVED: [("alice", "submit"), ("carol", "approve")],
    }[state]

    def setup(world: Any, column: str) -> ProgressReport:
        report = world.report(_key(column))
        for who, action in path:
            actor = "bob" if who == "alice" and _key(column) == "2" else who
            transition_apply(report=report, action=action, actor=world.actor(actor))
        return world.report(_key(column))

    return setup


def _move(action: str, to: str) -> Write:
    before = {
        "submit": State.DRAFT,
        "return": State.SUBMITTED,
        "approve": State.SUBMITTED,
        "publish": State.APPROVED,
        "reopen": State.APPROVED,
    }[action]
    return Write(
        setup=_report_in(before),
        request=lambda c, r: c.post(
            report_url(r.node.key) + "transitions/",
            {"action": action, "comment": "理由があります", "version": r.version},
        ),
        changed=lambda w, r: ProgressReport.objects.get(pk=r.pk).state == to,
    )


def _round_closed(world: Any, column: str) -> Round:
    return round_close(round_=world.round, actor=world.actor("carol"))


def _alice_token(world: Any, column: str) -> ApiToken:
    owner = "alice" if column == "alice_own" else "bob"
    return token_create(user=world.users[owner], actor_label="test")[0]


WRITES: dict[str, Write] = {
    "report save": Write(
        setup=_report_in(State.DRAFT),
        request=lambda c, r: c.post(
            report_url(r.node.key), {"version": r.version, "result_text": "新しい実績"}
        ),
        changed=lambda w, r: ProgressReport.objects.get(pk=r.pk).result_text == "新しい実績",
    ),
    "submit": _move("submit", State.SUBMITTED),
    "return": _move("return", State.RETURNED),
    "approve": _move("approve", State.APPROVED),
    "publish": _move("publish", State.PUBLISHED),
    "reopen": _move("reopen", State.DRAFT),
    "year plan save": Write(
        setup=lambda w, col: w.node(_key(col)),
        request=lambda c, n: c.post(
            f"{PLAN}/nodes/{n.key}/yearplans/2025/",
            {"version": 0, "stage": "study", "text": "検討する"},
        ),
        changed=lambda w, n: YearPlan.objects.filter(
            node=n, fiscal_year=2025, text="検討する"
        ).exists(),
    ),
    "round open": Write(
        setup=lambda w, col: None,
        request=lambda c, _: c.post(
            f"{PLAN}/rounds/open/", {"fiscal_year": 2025, "deadline": "2025-06-30"}
        ),
        changed=lambda w, _: Round.objects.filter(plan=w.plan, fiscal_year=2025).exists(),
    ),
    "round close": Write(
        setup=lambda w, col: w.round,
        request=lambda c, _: c.post(f"{PLAN}/rounds/2024/close/"),
        changed=lambda w, r: not Round.objects.get(pk=r.pk).is_open,
    ),
    "round reopen": Write(
        setup=_round_closed,
        request=lambda c, _: c.post(
            f"{PLAN}/rounds/2024/reopen/", {"reason": "提出漏れがあったため"}
        ),
        changed=lambda w, r: Round.objects.get(pk=r.pk).is_open,
    ),
    "departments assign": Write(
        setup=lambda w, col: w.node(_key(col)),
        request=lambda c, n: c.post(
            f"{PLAN}/nodes/{n.key}/departments/",
            {"departments": [d.pk for d in n.plan.municipality.departments.all()]},
        ),
        changed=lambda w, n: n.departments.count() == 2,
    ),
    "bulk approve": Write(
        setup=_report_in(State.SUBMITTED),
        request=lambda c, r: c.post(f"{PLAN}/review/approve/", {"report": [r.pk]}),
        changed=lambda w, r: ProgressReport.objects.get(pk=r.pk).state == State.APPROVED,
    ),
    "year publish": Write(
        setup=_report_in(State.APPROVED),
        request=lambda c, _: c.post(f"{PLAN}/rounds/2024/publish/"),
        changed=lambda w, r: ProgressReport.objects.get(pk=r.pk).state == State.PUBLISHED,
    ),
    "token create": Write(
        setup=lambda w, col: None,
        request=lambda c, _: c.post("/accounts/tokens/", {"name": "集計スクリプト"}),
        changed=lambda w, _: ApiToken.objects.filter(name="集計スクリプト").exists(),
    ),
    "token revoke": Write(
        setup=_alice_token,
        request=lambda c, t: c.post(f"/accounts/tokens/{t.pk}/revoke/"),
        changed=lambda w, t: ApiToken.objects.get(pk=t.pk).revoked_at is not None,
    ),
}

Y, N = True, False
# (status, changed) per column, in the order of ACTORS:
#                         anon      alice/own alice/oth carol     dave      erin      mallory
# fmt: off
MATRIX: dict[str, tuple[tuple[int, bool], ...]] = {
    "report save":        ((302, N), (302, Y), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "submit":             ((302, N), (302, Y), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "return":             ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "approve":            ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "publish":            ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "reopen":             ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "year plan save":     ((302, N), (302, Y), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "round open":         ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "round close":        ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "round reopen":       ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "departments assign": ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "bulk approve":       ((302, N), (403, N), (403, N), (200, Y), (403, N), (200, Y), (404, N)),
    "year publish":       ((302, N), (403, N), (403, N), (302, Y), (403, N), (302, Y), (404, N)),
    "token create":       ((302, N), (201, Y), (201, Y), (201, Y), (201, Y), (201, Y), (201, Y)),
    "token revoke":       ((302, N), (302, Y), (404, N), (404, N), (404, N), (404, N), (404, N)),
}
# fmt: on

CASES = [
    pytest.param(write, column, *MATRIX[write][i], id=f"{write}-{column}")
    for write in WRITES
    for i, column in enumerate(ACTORS)
]


def test_the_matrix_covers_every_write() -> None:
    assert set(MATRIX) == set(WRITES)
    assert all(len(row) == len(ACTORS) for row in MATRIX.values())


@pytest.mark.parametrize(("write", "column", "status", "changes"), CASES)
def test_it_answers_each_role_exactly(
    world: Any,
    as_user: Callable[[str | None], Any],
    write: str,
    column: str,
    status: int,
    changes: bool,
) -> None:
    spec = WRITES[write]
    target = spec.setup(world, column)
    client = as_user(USER.get(column, column))
    before = AuditEvent.objects.count()
    refused_before = AuditEvent.objects.filter(action="access.refused").count()

    response = spec.request(client, target)

    assert response.status_code == status, response.content.decode()[:2000]
    assert spec.changed(world, target) is changes
    if status == 302 and column == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    if changes:
        assert AuditEvent.objects.count() > before, "a write left no audit event"
    if status == 403:
        assert AuditEvent.objects.filter(action="access.refused").count() == refused_before + 1
        assert "許可されていません" in response.content.decode()
    if status == 404:
        assert AuditEvent.objects.count() == before
