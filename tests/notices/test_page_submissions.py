"""提出状況 (issue 14 #3): the plan office sees each department's items by state in a round,
overdue departments marked, and reminds one department by mail in one action (audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.support.chain import add_chain
from tests.support.smtp import Inbox
from tests.support.world import World

from gyokaku.accounts.services import bureau_upsert
from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import Round
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
User = get_user_model()
PAGE = "/plans/test-2024-2028/submissions/"


def test_it_counts_each_departments_items_by_state(
    world: World, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    transition_apply(report=world.report("2"), action="submit", actor=world.actor("bob"))
    carol = as_user("carol")
    carol.get(PAGE)
    with django_assert_max_num_queries(14):
        html = carol.get(PAGE).content.decode()
    assert "提出状況（2024年度（令和6年度））" in html
    dx = html[html.index("情報政策課") :].split("</tr>")[0]
    assert [c.split("<")[0] for c in dx.split("<td>")[1:7]] == ["2", "2", "0", "0", "0", "0"]
    shimin = html[html.index("市民課") :].split("</tr>")[0]
    assert [c.split("<")[0] for c in shimin.split("<td>")[1:7]] == ["1", "0", "0", "0", "1", "0"]
    assert 'class="overdue"' not in html


def test_it_groups_departments_by_bureau(
    world: World, as_user: Any, django_assert_max_num_queries: Any
) -> None:
    add_chain(world, steps=False)  # 情報政策課 in 総務部, 市民課 in 市民生活部
    bureau_upsert(
        municipality=world.plan.municipality,
        code="a-shimin",
        name="市民生活部",
        department_codes=["shimin"],
        actor_label="test",
    )  # a 部 code that sorts first: 市民課 comes first
    carol = as_user("carol")
    carol.get(PAGE)
    with django_assert_max_num_queries(14):
        html = carol.get(PAGE).content.decode()
    assert '<th scope="col">部</th>' in html
    assert html.index("市民課") < html.index("情報政策課")
    assert "<td>総務部</td>" in html and "<td>市民生活部</td>" in html


def test_a_department_past_the_deadline_with_unsubmitted_items_is_marked(
    world: World, as_user: Any
) -> None:
    Round.objects.filter(plan=world.plan).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    html = as_user("carol").get(PAGE).content.decode()
    assert html.count('<strong class="overdue">締切超過</strong>') == 2 and "1日超過" in html


@pytest.mark.parametrize("name", ["alice", "dave", "mallory"])
def test_only_the_plan_office_sees_it(world: World, as_user: Any, name: str) -> None:
    assert as_user(name).get(PAGE).status_code in (403, 404)


def test_the_office_reminds_a_department_by_mail(world: World, as_user: Any, inbox: Inbox) -> None:
    User.objects.filter(username="alice").update(email="alice@example.jp")
    carol = as_user("carol")
    response = carol.post(f"{PAGE}remind/", {"fy": "2024", "department": str(world.dx.pk)})
    assert response.status_code == 302
    [mail] = inbox.to("alice@example.jp")
    assert "ご提出のお願い" in str(mail["Subject"])
    assert "書かない窓口の導入" in mail.get_content()
    event = AuditEvent.objects.get(action="notice.remind")
    assert event.actor_label == "carol" and event.target == "dx"
    carol.post(f"{PAGE}remind/", {"fy": "2024", "department": str(world.dx.pk)})
    assert len(inbox.to("alice@example.jp")) == 2  # a deliberate act: sent each time


def test_an_editor_cannot_send_a_reminder(world: World, as_user: Any, inbox: Inbox) -> None:
    response = as_user("alice").post(
        f"{PAGE}remind/", {"fy": "2024", "department": str(world.dx.pk)}
    )
    assert response.status_code in (403, 404)
    assert not inbox.messages
