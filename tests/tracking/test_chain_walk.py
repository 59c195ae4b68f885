"""The approval chain walked end to end through the API: 担当 → 課長 → 部長 → 行革 → 公表, with a
return at each step (to the department and to an earlier step), and the wrong people refused
at each step. Each move leaves its transition (with the steps) and its audit event."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import progress_path
from tests.support.chain import add_chain
from tests.support.world import World

from gyokaku.accounts.models import Department
from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import Transition

pytestmark = pytest.mark.django_db

MOVES = progress_path("1-1") + "/transitions"


@pytest.fixture
def chain(world: World) -> World:
    return add_chain(world)


def _where(api: Any) -> tuple[str, str, str]:
    body = api("dave").get(progress_path("1-1")).body
    return body["state"], body["step"], body["step_label"]


def _move(api: Any, who: str, action: str, comment: str = "", to_step: str = "") -> Any:
    body = {"action": action, "comment": comment, **({"to_step": to_step} if to_step else {})}
    return api(who).post(MOVES, body)


def test_it_walks_the_chain_with_a_return_at_each_step(chain: World, api: Any) -> None:
    steps = [
        # who, action, comment, to_step → state, step, step label
        ("alice", "submit", "", "", ("submitted", "kacho", "課長確認待ち")),
        ("kacho-dx", "return", "数値の根拠を", "", ("returned", "", "")),
        ("alice", "submit", "", "", ("submitted", "kacho", "課長確認待ち")),
        ("kacho-dx", "confirm", "", "", ("submitted", "bucho", "部長確認待ち")),
        ("bucho-somu", "return", "課長も見直して", "kacho", ("submitted", "kacho", "課長確認待ち")),
        ("kacho-dx", "confirm", "", "", ("submitted", "bucho", "部長確認待ち")),
        ("bucho-somu", "return", "担当で書き直し", "department", ("returned", "", "")),
        ("alice", "submit", "", "", ("submitted", "kacho", "課長確認待ち")),
        ("kacho-dx", "confirm", "", "", ("submitted", "bucho", "部長確認待ち")),
        ("bucho-somu", "confirm", "", "", ("submitted", "gyokaku", "行革担当確認待ち")),
        ("carol", "return", "部長へ確認", "bucho", ("submitted", "bucho", "部長確認待ち")),
        ("bucho-somu", "confirm", "", "", ("submitted", "gyokaku", "行革担当確認待ち")),
        ("carol", "return", "課長へ", "kacho", ("submitted", "kacho", "課長確認待ち")),
        ("kacho-dx", "confirm", "", "", ("submitted", "bucho", "部長確認待ち")),
        ("bucho-somu", "confirm", "", "", ("submitted", "gyokaku", "行革担当確認待ち")),
        ("carol", "return", "所管課で修正", "", ("returned", "", "")),
        ("alice", "submit", "", "", ("submitted", "kacho", "課長確認待ち")),
        ("kacho-dx", "confirm", "", "", ("submitted", "bucho", "部長確認待ち")),
        ("bucho-somu", "confirm", "", "", ("submitted", "gyokaku", "行革担当確認待ち")),
        ("carol", "approve", "", "", ("approved", "", "")),
        ("carol", "publish", "", "", ("published", "", "")),
    ]
    for who, action, comment, to_step, expected in steps:
        answer = _move(api, who, action, comment, to_step)
        assert answer.status == 201, (who, action, answer.body)
        assert _where(api) == expected, (who, action)
    moves = list(Transition.objects.filter(report__node__key="1-1").order_by("id"))
    assert len(moves) == len(steps)
    assert [(m.from_step, m.to_step) for m in moves[3:5]] == [
        ("課長確認", "部長確認"),
        ("部長確認", "課長確認"),
    ]
    events = AuditEvent.objects.filter(action__startswith="progress.", target="1-1/2024")
    assert [e.action for e in events.order_by("id")] == [f"progress.{s[1]}" for s in steps]
    assert events.filter(action="progress.confirm").order_by("id").first().changes["step"] == [
        "課長確認",
        "部長確認",
    ]


@pytest.mark.parametrize(
    ("step_moves", "wrong", "status"),
    [
        # at 課長確認: another section's 課長, any 部長, the plan office, the editor
        (0, "kacho-shimin", 403),
        (0, "bucho-somu", 403),
        (0, "carol", 403),
        (0, "alice", 403),
        (0, "dave", 403),
        # at 部長確認: the 課長 who confirmed, another 部's 部長, the plan office
        (1, "kacho-dx", 403),
        (1, "bucho-shimin", 403),
        (1, "carol", 403),
        # at 行革担当確認: 課長 and 部長
        (2, "kacho-dx", 403),
        (2, "bucho-somu", 403),
        (2, "mallory", 404),
    ],
)
def test_it_refuses_whoever_the_step_does_not_name(
    chain: World, api: Any, step_moves: int, wrong: str, status: int
) -> None:
    assert _move(api, "alice", "submit").status == 201
    for who in ("kacho-dx", "bucho-somu")[:step_moves]:
        assert _move(api, who, "confirm").status == 201
    before = _where(api)
    for action, comment in (("confirm", ""), ("return", "差戻し"), ("approve", "")):
        answer = _move(api, wrong, action, comment)
        assert answer.status == status, (action, answer.body)
        assert answer.body["detail"]
    assert _where(api) == before


def test_it_says_approval_is_the_last_steps(chain: World, api: Any) -> None:
    _move(api, "alice", "submit")
    answer = _move(api, "kacho-dx", "approve")
    assert answer.status == 403  # 承認 is the plan office's role
    _move(api, "kacho-dx", "confirm")
    _move(api, "bucho-somu", "confirm")
    answer = _move(api, "carol", "confirm")
    assert answer.status == 409
    assert answer.body["detail"] == "「行革担当確認」は最後の段階のため、確認ではなく承認します"


def test_it_returns_only_to_an_earlier_step(chain: World, api: Any) -> None:
    _move(api, "alice", "submit")
    _move(api, "kacho-dx", "confirm")
    answer = _move(api, "bucho-somu", "return", "戻す", "gyokaku")
    assert answer.status == 422
    assert "より前の段階ではありません" in str(answer.body)
    assert _where(api) == ("submitted", "bucho", "部長確認待ち")


def test_an_item_of_departments_outside_any_bu_skips_the_bucho_step(chain: World, api: Any) -> None:
    """情報政策課 leaves 総務部: its item has no 部長 to confirm it, so 課長確認 passes it on to
    行革担当確認 instead of leaving it waiting for no one."""
    Department.objects.filter(pk=chain.dx.pk).update(bureau=None)
    _move(api, "alice", "submit")
    assert _where(api) == ("submitted", "kacho", "課長確認待ち")
    assert _move(api, "kacho-dx", "confirm").status == 201
    assert _where(api) == ("submitted", "gyokaku", "行革担当確認待ち")
    answer = _move(api, "carol", "return", "課長へ", "bucho")
    assert answer.status == 422  # not a step of this item
    assert _move(api, "carol", "approve").status == 201


def test_a_report_left_at_the_bucho_step_when_its_department_left_its_bu_can_go_on(
    chain: World, api: Any
) -> None:
    _move(api, "alice", "submit")
    _move(api, "kacho-dx", "confirm")
    assert _where(api) == ("submitted", "bucho", "部長確認待ち")
    Department.objects.filter(pk=chain.dx.pk).update(bureau=None)
    assert _move(api, "carol", "approve").status == 201  # the plan office takes it up
