"""The committee API (/api/v1/plans/{slug}/committee/{fy}): every caller × every operation,
with the exact status, 0 unauthorized successes, and the database changed only by a success.
Then the answers' content, bad input, and a year no longer open."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.committee import OPINION_1, opinion_on

from gyokaku.audit.models import AuditEvent
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview
from gyokaku.committee.services import review_move

pytestmark = pytest.mark.django_db

BASE = "/api/v1/plans/test-2024-2028/committee/2024"
CALLERS = (
    "anonymous", "alice_own", "alice_other", "carol", "erin", "dave", "kacho-dx",
    "bucho-somu", "iin-a", "iin-b", "iin-sapporo", "mallory",
)  # fmt: skip
USER = {"anonymous": None, "alice_own": "alice", "alice_other": "alice"}

# fmt: off
MATRIX: dict[str, tuple[int, ...]] = {
    # anon, alice_own, alice_other, carol, erin, dave, kacho, bucho, iin-a, iin-b, sapporo, mallory
    "read year":        (404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404),
    "list opinions":    (404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404),
    "write opinion":    (401, 403, 403, 403, 403, 403, 403, 403, 201, 201, 404, 404),
    "edit iin-a's":     (401, 403, 403, 200, 200, 403, 403, 403, 200, 403, 404, 404),
    "reply":            (401, 200, 403, 200, 200, 403, 403, 403, 403, 403, 404, 404),
}
# fmt: on


def _call(api: Any, review: CommitteeReview, action: str, key: str) -> Any:
    opinion = opinion_on(review, key)
    return {
        "read year": lambda: api.get(BASE),
        "list opinions": lambda: api.get(f"{BASE}/opinions"),
        "write opinion": lambda: api.post(f"{BASE}/opinions", {"key": key, "opinion": "新しい"}),
        "edit iin-a's": lambda: api.put(f"{BASE}/opinions/{opinion.pk}", {"opinion": "変えた"}),
        "reply": lambda: api.put(f"{BASE}/opinions/{opinion.pk}/reply", {"reply": "対応する"}),
    }[action]()


def _changed(action: str) -> bool:
    return {
        "read year": False,
        "list opinions": False,
        "write opinion": CommitteeOpinion.objects.filter(text="新しい").exists(),
        "edit iin-a's": CommitteeOpinion.objects.filter(text="変えた").exists(),
        "reply": CommitteeOpinion.objects.filter(reply="対応する").exists(),
    }[action]


CELLS = [
    pytest.param(action, caller, status, id=f"{action}-{caller}")
    for action, row in MATRIX.items()
    for caller, status in zip(CALLERS, row, strict=True)
]


@pytest.mark.parametrize(("action", "caller", "status"), CELLS)
def test_it_answers_each_cell(
    review: CommitteeReview, api: Any, action: str, caller: str, status: int
) -> None:
    key = "2" if caller == "alice_other" else "1-1"
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    answer = _call(api(USER.get(caller, caller)), review, action, key)
    assert answer.status == status, answer.body
    assert _changed(action) is (status in (200, 201) and action not in MATRIX_READS)
    refused = AuditEvent.objects.filter(pk__gt=last, action="access.refused").exists()
    assert refused is (status == 403)


MATRIX_READS = {"read year", "list opinions"}


def test_it_lists_opinions_with_printed_numbers(review: CommitteeReview, api: Any) -> None:
    answer = api("iin-b").get(f"{BASE}/opinions")
    first = answer.body[0]
    assert (first["key"], first["number"], first["member"], first["opinion"]) == (
        "1-1",
        "1-①",
        "青森 一郎",
        OPINION_1,
    )
    year = api("iin-b").get(BASE).body
    assert (year["state"], year["meeting_name"], year["meeting_date"]) == (
        "open",
        "第1回推進委員会",
        "2025-07-10",
    )


def test_it_refuses_bad_input_and_a_closed_year(
    world: Any, review: CommitteeReview, api: Any
) -> None:
    member = api("iin-a")
    assert member.post(f"{BASE}/opinions", {"key": "9-9", "opinion": "x"}).status == 422
    assert member.post(f"{BASE}/opinions", {"key": "1-2", "opinion": "a\x00"}).status == 422
    assert member.post(f"{BASE}/opinions", {"key": "1-2"}).status == 422
    review_move(review=review, move="close", actor=world.actor("carol"))
    answer = member.post(f"{BASE}/opinions", {"key": "1-2", "opinion": "遅い"})
    assert answer.status == 409 and "意見の受付は終わりました" in answer.body["detail"]
    reply = f"{BASE}/opinions/{opinion_on(review, '1-1').pk}/reply"
    assert api("alice").put(reply, {"reply": "確定後も記入できる"}).status == 200
    assert api("alice").get(f"{BASE}/opinions/999999").status in (404, 405)
