"""計画の設定 (/plans/{slug}/settings/): the plan office sets the 行革担当課's name; it shows
in messages and on the report cover; other roles get 403, other municipalities 404."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db

URL = "/plans/test-2024-2028/settings/"
DEFAULT_LIST = "continue=継続\nexpand=拡充\nrevise=見直し\ncomplete=完了\nabolish=廃止"


STAGES = "study=検討\nprepare=準備\nimplement=実施\nexpand=拡充\ncomplete=完了"


def _form(office_name: str = "行政経営課", directions: str = DEFAULT_LIST) -> dict[str, str]:
    return {"office_name": office_name, "directions": directions, "stages": STAGES}


def test_it_shows_the_form_to_the_plan_office(world: Any, as_user: Any) -> None:
    response = as_user("carol").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="行政経営課"' in html and "csrfmiddlewaretoken" in html
    assert "continue=継続\nexpand=拡充" in html  # the default list, one per line


def test_it_saves_the_office_name_with_an_audit_event(world: Any, as_user: Any) -> None:
    response = as_user("erin").post(URL, _form("行革推進課"))
    assert response.status_code == 302
    assert Plan.objects.get(slug="test-2024-2028").office_name == "行革推進課"
    event = AuditEvent.objects.get(action="plan.settings")
    assert event.changes == {"office_name": ["行政経営課", "行革推進課"]}
    assert (event.actor_label, event.plan_slug) == ("erin", "test-2024-2028")
    # the same again changes nothing and records nothing
    as_user("erin").post(URL, _form("行革推進課"))
    assert AuditEvent.objects.filter(action="plan.settings").count() == 1
    # messages follow: a viewer refused a plan office's work is told whom to ask
    refused = as_user("dave").get(URL)
    assert refused.status_code == 403
    assert "計画担当（行革推進課）" in refused.content.decode()


@pytest.mark.parametrize("name", ["", "課" * 101, "行革\x07課"])
def test_it_refuses_a_bad_name_and_changes_nothing(world: Any, as_user: Any, name: str) -> None:
    response = as_user("carol").post(URL, _form(name))
    assert response.status_code == 422
    assert Plan.objects.get(slug="test-2024-2028").office_name == "行政経営課"
    assert not AuditEvent.objects.filter(action="plan.settings").exists()


@pytest.mark.parametrize("who", ["alice", "dave"])
def test_other_roles_get_403_and_nothing_changes(world: Any, as_user: Any, who: str) -> None:
    assert as_user(who).post(URL, _form("x課")).status_code == 403
    assert Plan.objects.get(slug="test-2024-2028").office_name == "行政経営課"
    assert AuditEvent.objects.filter(action="access.refused", actor_label=who).exists()


def test_another_municipality_gets_404_and_a_stranger_the_login(world: Any, as_user: Any) -> None:
    assert as_user("mallory").get(URL).status_code == 404
    response = as_user(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_needs_its_csrf_token(world: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["carol"])
    assert client.post(URL, _form("x課")).status_code == 403
    assert Plan.objects.get(slug="test-2024-2028").office_name == "行政経営課"


def test_it_sets_the_plans_direction_list(world: Any, as_user: Any) -> None:
    text = "expand=拡充\ncontinue=継続\nimprove=改善・見直し\nreduce=縮小"
    response = as_user("carol").post(URL, _form(directions=text))
    assert response.status_code == 302
    plan = Plan.objects.get(slug="test-2024-2028")
    assert list(plan.direction_labels.items())[2] == ("improve", "改善・見直し")
    event = AuditEvent.objects.get(action="plan.settings")
    assert set(event.changes) == {"directions"} and event.changes["directions"][0] == []
    assert "improve=改善・見直し" in as_user("carol").get(URL).content.decode()
    # back to the default list: stored as "the default" again
    as_user("carol").post(URL, _form())
    assert Plan.objects.get(slug="test-2024-2028").directions == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("拡充", "1 行目"),
        ("expand=拡充\nexpand=継続", "2 行目: コード「expand」が重複しています"),
        ("Expand=拡充", "1 行目"),
        ("", "このフィールドは必須です"),
    ],
)
def test_it_refuses_a_bad_list_saying_which_line(
    world: Any, as_user: Any, text: str, message: str
) -> None:
    response = as_user("carol").post(URL, _form(directions=text))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Plan.objects.get(slug="test-2024-2028").directions == []


def test_a_code_in_use_cannot_be_dropped(world: Any, as_user: Any) -> None:
    from gyokaku.tracking.services import progress_update

    progress_update(
        report=world.report("1-1"),
        actor=world.actor("carol"),
        data={"direction": "abolish"},
        expected_version=1,
    )
    response = as_user("carol").post(URL, _form(directions="continue=継続"))
    assert response.status_code == 422
    message = "取組状況で使われている今後の方向性は削除できません（abolish）"
    assert message in response.content.decode()
    assert Plan.objects.get(slug="test-2024-2028").directions == []
