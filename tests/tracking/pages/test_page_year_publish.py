"""The plan office's page to publish a fiscal year (この年度を公表する): the preview, the
confirmation, and who may use it (the role matrix is in test_permission_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.api_client import set_state
from tests.support.pages import OTHER_PLAN, PLAN

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import State

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
PAGE = f"{PLAN}/rounds/2024/publish/"


def test_the_rounds_page_links_to_it(world: Any, as_user: Clients) -> None:
    html = as_user("carol").get(f"{PLAN}/rounds/").content.decode()
    assert f'href="{PAGE}"' in html and "この年度を公表する" in html


def test_the_preview_shows_what_becomes_public_and_what_is_missing(
    world: Any, as_user: Clients
) -> None:
    set_state(world.report("1-1"), State.APPROVED)
    set_state(world.report("2"), State.RETURNED)
    response = as_user("carol").get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "公表する取組（1件）" in html
    assert "① 書かない窓口の導入" in html.replace('<span class="code">①</span>', "①")
    assert "情報政策課" in html  # the department beside the item
    assert "まだ公表できない取組（2件）" in html
    assert "市民課" in html and "差戻し 1件" in html and "下書き 1件" in html
    assert "令和6年度の実績：公表済 0 / 3 項目（未公表）" in html
    assert "令和6年度の実績：公表済 1 / 3 項目（一部公表）" in html
    assert "1件を公表する" in html
    assert world.report("1-1").state == State.APPROVED  # a preview changes nothing


def test_confirming_publishes_and_says_what_the_public_page_says(
    world: Any, as_user: Clients
) -> None:
    for key in ("1-1", "1-2", "2"):
        set_state(world.report(key), State.APPROVED)
    client = as_user("carol")
    response = client.post(PAGE)
    assert response.status_code == 302 and response["Location"] == f"{PLAN}/rounds/"
    assert {world.report(k).state for k in ("1-1", "1-2", "2")} == {State.PUBLISHED}
    html = client.get(f"{PLAN}/rounds/").content.decode()
    assert "取組状況 3 件を公表しました" in html
    assert "令和6年度の実績：全項目公表済（3 項目）" in html
    assert AuditEvent.objects.filter(action="year.publish", target="2024").count() == 1


def test_nothing_approved_is_refused_on_the_page(world: Any, as_user: Clients) -> None:
    response = as_user("carol").post(PAGE)
    assert response.status_code == 409
    html = response.content.decode()
    assert "公表できませんでした" in html and "承認済" in html
    assert not AuditEvent.objects.filter(action="year.publish").exists()


def test_it_needs_the_csrf_token(world: Any) -> None:
    from tests.support.world import StaffClient

    set_state(world.report("1-1"), State.APPROVED)
    client = StaffClient()
    client.force_login(world.users["carol"])
    response = client.post(PAGE, {"csrfmiddlewaretoken": "wrong"})
    assert response.status_code == 403
    assert world.report("1-1").state == State.APPROVED


@pytest.mark.parametrize(("name", "status"), [("alice", 403), ("dave", 403), ("mallory", 404)])
def test_other_people_cannot_see_the_preview(
    world: Any, as_user: Clients, name: str, status: int
) -> None:
    assert as_user(name).get(PAGE).status_code == status


def test_a_year_without_a_round_is_not_found(world: Any, as_user: Clients) -> None:
    assert as_user("carol").get(f"{PLAN}/rounds/2026/publish/").status_code == 404
    assert as_user("mallory").get(f"{OTHER_PLAN}/rounds/2024/publish/").status_code == 404


def test_the_preview_takes_constant_queries(
    world: Any, as_user: Clients, django_assert_max_num_queries: Any
) -> None:
    client = as_user("carol")
    client.get(PAGE)
    with django_assert_max_num_queries(14):
        assert client.get(PAGE).status_code == 200
