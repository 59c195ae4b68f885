"""A committee member is not internal: outside the years shared with the committee they read
what the public reads, and a year not shared answers 404 as a missing page does. Carol (計画担当)
reads the same internal pages, which shows each address is a page that exists."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from tests.support.api_client import progress_path
from tests.support.pages import DASHBOARD, PLAN, report_url

from gyokaku.accounts.access import actor_for
from gyokaku.committee.models import CommitteeReview
from gyokaku.tracking.models import ProgressReport

pytestmark = pytest.mark.django_db

INTERNAL_PAGES = [
    report_url("1-1"),
    report_url("1-1") + "history/",
    report_url("1-1") + "attachments/",
    DASHBOARD,
    f"{PLAN}/rounds/",
    f"{PLAN}/review/",
    f"{PLAN}/sheet/",
    "/audit/",
    "/accounts/people/",
]


@pytest.mark.parametrize("url", INTERNAL_PAGES)
def test_it_keeps_internal_pages_from_a_member(
    review: CommitteeReview, as_user: Any, url: str
) -> None:
    assert as_user("carol").get(url).status_code == 200
    assert as_user("iin-a").get(url).status_code in (403, 404)


def test_it_treats_a_member_as_the_public_everywhere_else(
    world: Any, review: CommitteeReview, api: Any
) -> None:
    actor = actor_for(world.users["iin-a"])
    assert actor.municipality_id is None and actor.committee_of == world.plan.municipality_id
    assert not actor.is_internal(world.plan)
    assert not ProgressReport.objects.visible_to(actor).exists()  # no report is published yet
    assert api("dave").get(progress_path("1-1")).status == 200
    assert api("iin-a").get(progress_path("1-1")).status == 404


def test_it_answers_404_for_a_year_not_shared(review: CommitteeReview, as_user: Any) -> None:
    for name in ("iin-a", "carol", "dave"):
        client = as_user(name)
        assert client.get(f"{PLAN}/committee/2025/").status_code == 404
        assert client.get(f"{PLAN}/committee/2025/items/1-1/").status_code == 404
        assert client.get(f"{PLAN}/committee/2025/opinions.xlsx").status_code == 404
    assert as_user("iin-a").get(f"{PLAN}/committee/2024/").status_code == 200


def test_it_sends_a_member_from_my_page_to_the_committee(
    review: CommitteeReview, as_user: Any
) -> None:
    response = as_user("iin-a").get("/my/")
    assert response.status_code == 302 and response["Location"] == "/committee/"
    page = as_user("iin-a").get("/committee/").content.decode()
    assert "令和6年度" in page and "第1回推進委員会" in page
    assert "年度を委員会に共有する" not in page  # the plan office's form
    assert "年度を委員会に共有する" in as_user("carol").get("/committee/").content.decode()


def test_it_lists_nothing_for_another_citys_member(review: CommitteeReview, as_user: Any) -> None:
    page = as_user("iin-sapporo").get("/committee/").content.decode()
    assert "テスト行財政改革プラン" not in page and "共有された年度はありません" in page


def test_the_plan_office_adds_a_member_on_the_people_page(
    world: Any, review: CommitteeReview, as_user: Any
) -> None:
    data = {"username": "iin-c", "full_name": "弘前 三子", "role": "committee"}
    response = as_user("carol").post("/accounts/people/new/", data)
    assert response.status_code == 302
    world.users["iin-c"] = get_user_model().objects.get(username="iin-c")
    member = as_user("iin-c")
    assert member.get("/my/")["Location"] == "/committee/"
    response = member.post(f"{PLAN}/committee/2024/items/1-2/", {"text": "新しい委員の意見"})
    assert response.status_code == 302
    page = member.get(f"{PLAN}/committee/2024/items/1-2/").content.decode()
    assert "弘前 三子 委員" in page


def test_the_command_line_adds_a_member(world: Any) -> None:
    call_command("user", "add", "iin-d", "--role", "committee", "--municipality", "022012")
    actor = actor_for(get_user_model().objects.get(username="iin-d"))
    assert actor.role == "committee" and actor.committee_of == world.plan.municipality_id
    assert actor.municipality_id is None


def test_the_home_page_offers_a_member_the_committee_not_the_staff_menu(
    review: CommitteeReview, as_user: Any
) -> None:
    member = as_user("iin-a").get("/").content.decode()
    assert "委員会のメニュー" in member and "職員のメニュー" not in member
    staff = as_user("dave").get("/").content.decode()
    assert "職員のメニュー" in staff and "/committee/" in staff
