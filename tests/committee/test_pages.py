"""The committee pages: what each person sees, in a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.committee import OPINION_1, OPINION_2, opinion_on
from tests.support.pages import PLAN, report_url

from gyokaku.committee.models import CommitteeReview
from gyokaku.committee.services import opinion_add, opinion_withdraw

pytestmark = pytest.mark.django_db

YEAR = f"{PLAN}/committee/2024/"


def test_it_lists_the_items_with_printed_numbers_and_drafts_marked(
    world: Any, review: CommitteeReview, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user("iin-a")
    client.get(YEAR)
    with django_assert_max_num_queries(13):
        page = client.get(YEAR).content.decode()
    assert "1-①" in page and "書かない窓口の導入" in page and "情報政策課" in page
    assert "未確定" in page
    assert "意見を確定する" not in page  # the plan office's button
    assert "意見を確定する" in as_user("carol").get(YEAR).content.decode()


def test_it_reads_in_constant_queries_however_many_opinions(
    world: Any, review: CommitteeReview, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user("carol")
    client.get(YEAR)
    for i in range(10):
        opinion_add(
            review=review, node=world.node("1-2"), text=f"意見{i}", actor=world.actor("iin-b")
        )
    with django_assert_max_num_queries(13):
        assert client.get(YEAR).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(f"{YEAR}items/1-2/").status_code == 200


def test_it_shows_forms_by_role(world: Any, review: CommitteeReview, as_user: Any) -> None:
    item = f"{YEAR}items/1-1/"
    member = as_user("iin-a").get(item).content.decode()
    assert OPINION_1 in member and "意見を更新する" in member and "意見を記入する" in member
    assert "対応を保存する" not in member
    other = as_user("iin-b").get(item).content.decode()
    assert "意見を更新する" not in other and "意見を記入する" in other
    alice = as_user("alice").get(item).content.decode()
    assert "対応を保存する" in alice and "意見を記入する" not in alice
    assert "対応を保存する" not in as_user("alice").get(f"{YEAR}items/2/").content.decode()
    assert "この意見を取り下げる" in as_user("carol").get(item).content.decode()


def test_it_hides_a_withdrawn_opinion_from_all_but_the_office(
    world: Any, review: CommitteeReview, as_user: Any
) -> None:
    opinion = opinion_on(review, "2")
    opinion_withdraw(opinion=opinion, withdrawn=True, actor=world.actor("carol"))
    item = f"{YEAR}items/2/"
    assert OPINION_2 not in as_user("iin-a").get(item).content.decode()
    assert OPINION_2 not in as_user("bob").get(item).content.decode()
    assert "（取下げ）" in as_user("carol").get(item).content.decode()
    reply = f"{YEAR}opinions/{opinion.pk}/reply/"
    assert as_user("bob").post(reply, {"reply": "対応"}).status_code == 404


def test_it_keeps_the_text_on_bad_input(review: CommitteeReview, as_user: Any) -> None:
    response = as_user("iin-a").post(f"{YEAR}items/1-2/", {"text": "意見\x01です"})
    assert response.status_code == 422
    assert "保存できませんでした" in response.content.decode()


def test_it_links_the_staff_report_page_to_the_opinions(
    review: CommitteeReview, as_user: Any
) -> None:
    page = as_user("alice").get(report_url("1-1")).content.decode()
    assert f"{YEAR}items/1-1/" in page and "委員会意見と対応（1件・意見受付中）" in page


def test_it_says_why_a_move_cannot_be_made_now(
    world: Any, review: CommitteeReview, as_user: Any
) -> None:
    carol = as_user("carol")
    response = carol.post(f"{YEAR}publish/")
    assert response.status_code == 409
    assert "委員会意見の公表は確定のときだけ行えます（いま意見受付中）" in response.content.decode()
    assert carol.post(f"{YEAR}close/").status_code == 302
    assert carol.post(f"{YEAR}publish/").status_code == 302
    withdraw = f"{YEAR}opinions/{opinion_on(review, '1-1').pk}/withdraw/"
    response = carol.post(withdraw, {"withdrawn": "1"})
    assert (
        response.status_code == 409
        and "公表した委員会意見は変更できません" in response.content.decode()
    )
    assert not opinion_on(review, "1-1").withdrawn


def test_it_speaks_english_when_asked(review: CommitteeReview, as_user: Any) -> None:
    client = as_user("iin-a")
    client.cookies["django_language"] = "en"
    page = client.get(f"{YEAR}items/1-1/").content.decode()
    assert "Committee opinions and replies (1)" in page and "Member 青森 一郎" in page
    assert "Write an opinion" in page
    assert "Items (3)" in client.get(YEAR).content.decode()


def test_it_names_the_direction_from_the_plans_list(
    world: Any, review: CommitteeReview, as_user: Any
) -> None:
    from gyokaku.tracking.models import ProgressReport

    ProgressReport.objects.filter(pk=world.report("1-1").pk).update(direction="expand")
    page = as_user("iin-a").get(f"{YEAR}items/1-1/").content.decode()
    label = world.plan.direction_label("expand")
    assert label and f"<dd>{label}</dd>" in page
