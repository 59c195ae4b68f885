"""The year plan page (年度計画): stage and text, with the same version rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import PLAN

from gyokaku.tracking.models import YearPlan

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
PAGE = f"{PLAN}/nodes/1-1/yearplans/2025/"


def test_it_creates_and_updates_a_year_plan(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    assert 'name="version" value="0"' in client.get(PAGE).content.decode()
    assert client.post(PAGE, {"version": 0, "stage": "study", "text": "検討"}).status_code == 302
    assert client.post(PAGE, {"version": 1, "stage": "prepare", "text": "準備"}).status_code == 302
    year_plan = YearPlan.objects.get(node=world.node("1-1"), fiscal_year=2025)
    assert (year_plan.stage, year_plan.text, year_plan.version) == ("prepare", "準備", 2)
    assert "年度計画を保存しました" in client.get(PAGE).content.decode()


def test_it_shows_the_year_plan_on_the_report_page(world: Any, as_user: Clients) -> None:
    as_user("alice").post(
        f"{PLAN}/nodes/1-1/yearplans/2024/",
        {"version": 0, "stage": "implement", "text": "全窓口で実施"},
    )
    html = as_user("dave").get(f"{PLAN}/nodes/1-1/progress/2024/").content.decode()
    assert "実施" in html and "全窓口で実施" in html


def test_it_shows_what_changed_on_a_stale_save(world: Any, as_user: Clients) -> None:
    as_user("carol").post(PAGE, {"version": 0, "stage": "study", "text": "キャロルの計画"})
    response = as_user("alice").post(
        PAGE, {"version": 0, "stage": "prepare", "text": "アリスの計画"}
    )
    html = response.content.decode()
    assert response.status_code == 412
    assert "<td>キャロルの計画</td><td>アリスの計画</td>" in html
    assert "<td>検討</td><td>準備</td>" in html
    assert "アリスの計画</textarea>" in html and 'name="version" value="1"' in html
    assert YearPlan.objects.get(node=world.node("1-1"), fiscal_year=2025).text == "キャロルの計画"


def test_it_refuses_bad_input(world: Any, as_user: Clients) -> None:
    response = as_user("alice").post(PAGE, {"version": 0, "stage": "someday"})
    assert response.status_code == 422
    assert not YearPlan.objects.exists()


def test_it_answers_404_outside_the_period_and_for_other_municipalities(
    world: Any, as_user: Clients
) -> None:
    assert as_user("alice").get(f"{PLAN}/nodes/1-1/yearplans/2030/").status_code == 404
    assert as_user("mallory").get(PAGE).status_code == 404


def test_it_shows_no_form_to_viewers_and_refuses_their_post(world: Any, as_user: Clients) -> None:
    client = as_user("dave")
    assert "<textarea" not in client.get(PAGE).content.decode()
    assert client.post(PAGE, {"version": 0, "stage": "study", "text": "x"}).status_code == 403
