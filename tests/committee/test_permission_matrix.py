"""Every role × every committee action on the pages, with the exact outcome: 0 unauthorized
successes, every allowed one succeeds, the database changes only when it should and the audit
log records the write (or ``access.refused`` for a 403; nothing for a 404 or the login page).

Columns: anonymous; alice (editor of 情報政策課) on her department's item 1-1 and on 市民課's
item 2; carol (coordinator), erin (admin), dave (viewer), kacho-dx (課長), bucho-somu (部長);
iin-a (committee member, author of the opinion acted on), iin-b (another member of the same
committee); iin-sapporo (a member of another city's committee: nothing shared) and mallory
(another city's coordinator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tests.support.committee import opinion_on
from tests.support.pages import PLAN

from gyokaku.audit.models import AuditEvent
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview, ReviewState
from gyokaku.committee.services import review_move

pytestmark = pytest.mark.django_db

COLUMNS = (
    "anonymous", "alice_own", "alice_other", "carol", "erin", "dave", "kacho-dx",
    "bucho-somu", "iin-a", "iin-b", "iin-sapporo", "mallory",
)  # fmt: skip
USER = {"anonymous": None, "alice_own": "alice", "alice_other": "alice"}
YEAR = f"{PLAN}/committee/2024/"
L, OK = "login", "ok"


@dataclass
class Action:
    method: str
    url: Callable[[CommitteeReview, str], str]  # (review, item key) → address
    data: dict[str, Any]
    changed: Callable[[CommitteeReview, str], bool] = lambda r, k: False
    event: str = ""  # the audit action of a success
    setup: Callable[[Any, CommitteeReview], None] = lambda w, r: None


def _opinion_url(suffix: str) -> Callable[[CommitteeReview, str], str]:
    return lambda r, k: f"{YEAR}opinions/{opinion_on(r, k).pk}/{suffix}"


def _state(state: str) -> Callable[[CommitteeReview, str], bool]:
    return lambda r, k: CommitteeReview.objects.get(pk=r.pk).state == state


def _closed(world: Any, review: CommitteeReview) -> None:
    review_move(review=review, move="close", actor=world.actor("carol"))


ACTIONS: dict[str, Action] = {
    "read review": Action("GET", lambda r, k: YEAR, {}),
    "read item": Action("GET", lambda r, k: f"{YEAR}items/{k}/", {}),
    "export 意見一覧表": Action("GET", lambda r, k: f"{YEAR}opinions.xlsx", {}),
    "export 意見一覧表 PDF": Action("GET", lambda r, k: f"{YEAR}opinions.pdf", {}),
    "write opinion": Action(
        "POST",
        lambda r, k: f"{YEAR}items/{k}/",
        {"text": "新しい意見"},
        lambda r, k: CommitteeOpinion.objects.filter(text="新しい意見").exists(),
        "committee.opinion.add",
    ),
    "edit iin-a's opinion": Action(
        "POST",
        _opinion_url(""),
        {"text": "変えた意見"},
        lambda r, k: opinion_on(r, k).text == "変えた意見",
        "committee.opinion.update",
    ),
    "reply": Action(
        "POST",
        _opinion_url("reply/"),
        {"reply": "対応します"},
        lambda r, k: opinion_on(r, k).reply == "対応します",
        "committee.reply",
    ),
    "withdraw": Action(
        "POST",
        _opinion_url("withdraw/"),
        {"withdrawn": "1"},
        lambda r, k: opinion_on(r, k).withdrawn,
        "committee.opinion.withdraw",
    ),
    "decide (確定)": Action(
        "POST", lambda r, k: f"{YEAR}close/", {}, _state(ReviewState.CLOSED), "committee.close"
    ),
    "publish": Action(
        "POST",
        lambda r, k: f"{YEAR}publish/",
        {},
        _state(ReviewState.PUBLISHED),
        "committee.publish",
        _closed,
    ),
    "share a year": Action(
        "POST",
        lambda r, k: f"{PLAN}/committee/share/",
        {"fiscal_year": "2025", "meeting_name": "第2回推進委員会"},
        lambda r, k: CommitteeReview.objects.filter(fiscal_year=2025).exists(),
        "committee.share",
    ),
}
# fmt: off
MATRIX: dict[str, tuple[str | int, ...]] = {
    # anon, alice_own, alice_other, carol, erin, dave, kacho, bucho, iin-a, iin-b, sapporo, mallory
    "read review":          (L, OK,  OK,  OK, OK, OK,  OK,  OK,  OK,  OK,  404, 404),
    "read item":            (L, OK,  OK,  OK, OK, OK,  OK,  OK,  OK,  OK,  404, 404),
    "export 意見一覧表":    (L, OK,  OK,  OK, OK, OK,  OK,  OK,  OK,  OK,  404, 404),
    "export 意見一覧表 PDF": (L, OK, OK,  OK, OK, OK,  OK,  OK,  OK,  OK,  404, 404),
    "write opinion":        (L, 403, 403, 403, 403, 403, 403, 403, OK, OK, 404, 404),
    "edit iin-a's opinion": (L, 403, 403, OK, OK, 403, 403, 403, OK,  403, 404, 404),
    "reply":                (L, OK,  403, OK, OK, 403, 403, 403, 403, 403, 404, 404),
    "withdraw":             (L, 403, 403, OK, OK, 403, 403, 403, 403, 403, 404, 404),
    "decide (確定)":        (L, 403, 403, OK, OK, 403, 403, 403, 403, 403, 404, 404),
    "publish":              (L, 403, 403, OK, OK, 403, 403, 403, 403, 403, 404, 404),
    "share a year":         (L, 403, 403, OK, OK, 403, 403, 403, 403, 403, 404, 404),
}
# fmt: on


def test_the_matrix_covers_every_action_and_column() -> None:
    assert set(MATRIX) == set(ACTIONS)
    assert all(len(row) == len(COLUMNS) for row in MATRIX.values())


CELLS = [
    pytest.param(action, column, expected, id=f"{action}-{column}")
    for action, row in MATRIX.items()
    for column, expected in zip(COLUMNS, row, strict=True)
]


@pytest.mark.parametrize(("action", "column", "expected"), CELLS)
def test_it_answers_each_cell(
    world: Any, review: CommitteeReview, as_user: Any, action: str, column: str, expected: Any
) -> None:
    act = ACTIONS[action]
    act.setup(world, review)
    key = "2" if column == "alice_other" else "1-1"
    client = as_user(USER.get(column, column))
    if act.method == "POST":
        client.csrf_token()  # the cookie first: its page may write nothing to the log
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    url = act.url(review, key)
    response = client.get(url) if act.method == "GET" else client.post(url, act.data)
    events = list(AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True))
    if expected == L:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == OK:
        assert response.status_code == (200 if act.method == "GET" else 302), response
        if act.method == "POST":
            assert not response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
    succeeded = expected == OK
    assert act.changed(review, key) is (succeeded and act.method == "POST")
    if act.method == "POST":
        assert events == (
            [act.event] if succeeded else ["access.refused"] if expected == 403 else []
        )
