"""The rounds page (進捗調査の管理): open, close, reopen with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import OTHER_PLAN, PLAN

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import ProgressReport, Round
from gyokaku.tracking.services import round_close

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
ROUNDS = f"{PLAN}/rounds/"


def test_it_lists_rounds_with_counts(world: Any, as_user: Clients) -> None:
    html = as_user("carol").get(ROUNDS).content.decode()
    assert "2024年度（令和6年度）" in html and "受付中" in html
    assert "下書き 3件" in html
    assert "2024年度の進捗調査を締め切る" in html
    assert '<option value="2028">2028年度（令和10年度）</option>' in html


def test_it_opens_a_round_with_a_deadline(world: Any, as_user: Clients) -> None:
    client = as_user("carol")
    response = client.post(f"{ROUNDS}open/", {"fiscal_year": "2025", "deadline": "2025-06-30"})
    assert response.status_code == 302 and response["Location"] == ROUNDS
    round_ = Round.objects.get(plan=world.plan, fiscal_year=2025)
    assert round_.deadline == dt.date(2025, 6, 30) and round_.is_open
    assert ProgressReport.objects.filter(round=round_).count() == 3
    assert "2025年度（令和7年度）の進捗調査を開始しました" in client.get(ROUNDS).content.decode()
    assert AuditEvent.objects.filter(action="round.open", target="2025").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fiscal_year": "2030"}, "2030 は候補にありません"),
        ({"fiscal_year": "2025", "deadline": "30/06/2025"}, "日付を正しく入力してください"),
        ({}, "このフィールドは必須です"),
    ],
)
def test_it_refuses_bad_input(
    world: Any, as_user: Clients, data: dict[str, str], message: str
) -> None:
    response = as_user("carol").post(f"{ROUNDS}open/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Round.objects.filter(plan=world.plan).count() == 1


def test_it_closes_and_reopens_with_a_reason(world: Any, as_user: Clients) -> None:
    client = as_user("carol")
    assert client.post(f"{ROUNDS}2024/close/").status_code == 302
    assert not Round.objects.get(pk=world.round.pk).is_open
    html = client.get(ROUNDS).content.decode()
    assert "締切済み" in html and "2024年度を再開する理由（必須）" in html

    response = client.post(f"{ROUNDS}2024/reopen/", {"reason": "  "})
    assert response.status_code == 422
    assert "再開の理由を入力してください" in response.content.decode()
    assert not Round.objects.get(pk=world.round.pk).is_open

    assert client.post(f"{ROUNDS}2024/reopen/", {"reason": "提出漏れ"}).status_code == 302
    assert Round.objects.get(pk=world.round.pk).is_open
    assert AuditEvent.objects.get(action="round.reopen").summary == "提出漏れ"


def test_it_refuses_to_close_a_closed_round_and_says_why(world: Any, as_user: Clients) -> None:
    round_close(round_=world.round, actor=world.actor("carol"))
    response = as_user("carol").post(f"{ROUNDS}2024/close/")
    assert response.status_code == 409
    assert "すでに締め切られています" in response.content.decode()


def test_it_refuses_to_open_a_closed_round_without_a_reason(world: Any, as_user: Clients) -> None:
    round_close(round_=world.round, actor=world.actor("carol"))
    response = as_user("carol").post(f"{ROUNDS}open/", {"fiscal_year": "2024"})
    assert response.status_code == 409
    assert "再開には理由が必要です" in response.content.decode()


def test_it_answers_404_for_a_round_that_does_not_exist(world: Any, as_user: Clients) -> None:
    assert as_user("carol").post(f"{ROUNDS}2027/close/").status_code == 404


def test_it_refuses_other_roles_and_municipalities(world: Any, as_user: Clients) -> None:
    assert as_user("alice").get(ROUNDS).status_code == 403
    assert as_user("dave").get(ROUNDS).status_code == 403
    assert as_user("mallory").get(ROUNDS).status_code == 404
    assert as_user("carol").get(f"{OTHER_PLAN}/rounds/").status_code == 404
    assert AuditEvent.objects.filter(action="access.refused").count() == 2
