"""/api/v1/plans/{slug}/rounds: list, open, close, reopen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from tests.support.api_client import PLAN, close_round, set_state
from tests.support.world import World

from gyokaku.tracking.models import ProgressReport, Round, State
from gyokaku.tracking.services import round_open


def test_it_lists_rounds_with_report_counts(world: World, api: Any) -> None:
    set_state(world.report("2"), State.SUBMITTED)
    answer = api("alice").get(f"{PLAN}/rounds")
    assert answer.status == 200
    [row] = answer.body
    assert (row["fiscal_year"], row["is_open"], row["deadline"]) == (2024, True, None)
    assert row["fiscal_year_label"] == "2024年度（令和6年度）"
    assert row["report_counts"] == {
        "draft": 2,
        "submitted": 1,
        "returned": 0,
        "approved": 0,
        "published": 0,
    }


def test_rounds_are_internal_to_the_municipality(world: World, api: Any) -> None:
    assert api("mallory").get(f"{PLAN}/rounds").status == 403
    assert api(None).get(f"{PLAN}/rounds").status == 401


def test_listing_rounds_takes_constant_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(world.users["carol"])
    client.get(f"{PLAN}/rounds")  # the first request of a session stamps it (a write)
    # session, user, profile, departments, plan, rounds, report counts
    with django_assert_num_queries(7):
        assert client.get(f"{PLAN}/rounds").status_code == 200
    for fy in (2025, 2026, 2027):
        round_open(plan=world.plan, fiscal_year=fy, actor=world.actor("carol"))
    with django_assert_num_queries(7):
        assert len(client.get(f"{PLAN}/rounds").json()) == 4


def test_it_opens_a_round_with_a_draft_report_for_every_tracked_node(
    world: World, api: Any
) -> None:
    answer = api("carol").post(f"{PLAN}/rounds", {"fiscal_year": 2025, "deadline": "2026-05-31"})
    assert answer.status == 201
    assert (answer.body["fiscal_year"], answer.body["deadline"], answer.body["is_open"]) == (
        2025,
        "2026-05-31",
        True,
    )
    assert answer.body["report_counts"]["draft"] == 3
    assert ProgressReport.objects.filter(fiscal_year=2025, node__plan=world.plan).count() == 3


def test_opening_an_open_round_sets_its_deadline(world: World, api: Any) -> None:
    answer = api("carol").post(f"{PLAN}/rounds", {"fiscal_year": 2024, "deadline": "2025-06-30"})
    assert answer.status == 200
    assert Round.objects.get(pk=world.round.pk).deadline == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fiscal_year": 2030}, "fiscal_year"),
        ({"fiscal_year": "next"}, "fiscal_year"),
        ({}, "fiscal_year"),
        ({"fiscal_year": 2025, "deadline": "31/05/2026"}, "deadline"),
        ({"fiscal_year": 2025, "owner": "carol"}, "owner"),
    ],
)
def test_it_names_the_field_of_bad_input(
    world: World, api: Any, body: dict[str, Any], field: str
) -> None:
    answer = api("carol").post(f"{PLAN}/rounds", body)
    assert answer.status == 422
    assert field in answer.body["problems"], answer.body
    assert Round.objects.filter(plan=world.plan).count() == 1


def test_it_will_not_open_a_closed_round(world: World, api: Any) -> None:
    close_round(world.round)
    answer = api("carol").post(f"{PLAN}/rounds", {"fiscal_year": 2024})
    assert answer.status == 409
    assert "再開" in answer.body["detail"]


def test_it_closes_and_reopens_a_round(world: World, api: Any) -> None:
    carol = api("carol")
    closed = carol.post(f"{PLAN}/rounds/2024/close")
    assert closed.status == 200
    assert closed.body["is_open"] is False and closed.body["closed_at"]
    assert carol.post(f"{PLAN}/rounds/2024/close").status == 409
    reopened = carol.post(f"{PLAN}/rounds/2024/reopen", {"reason": "提出漏れがあった"})
    assert reopened.status == 200
    assert reopened.body["is_open"] is True and reopened.body["closed_at"] is None
    assert carol.post(f"{PLAN}/rounds/2024/reopen", {"reason": "again"}).status == 409


@pytest.mark.parametrize("body", [{}, {"reason": "   "}])
def test_reopening_needs_a_reason(world: World, api: Any, body: dict[str, Any]) -> None:
    close_round(world.round)
    answer = api("carol").post(f"{PLAN}/rounds/2024/reopen", body)
    assert answer.status == 422
    assert "reason" in answer.body["problems"]
    assert Round.objects.get(pk=world.round.pk).is_open is False


@pytest.mark.parametrize("action", ["close", "reopen"])
def test_it_answers_404_for_a_round_that_does_not_exist(
    world: World, api: Any, action: str
) -> None:
    assert api("carol").post(f"{PLAN}/rounds/2026/{action}", {"reason": "x"}).status == 404
