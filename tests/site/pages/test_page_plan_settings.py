"""計画の設定 (/plans/{slug}/settings/): the plan office sets the 行革担当課's name; it shows
in messages and on the report cover; other roles get 403, other municipalities 404."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db

URL = "/plans/test-2024-2028/settings/"


def test_it_shows_the_form_to_the_plan_office(world: Any, as_user: Any) -> None:
    response = as_user("carol").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="行政経営課"' in html and "csrfmiddlewaretoken" in html


def test_it_saves_the_office_name_with_an_audit_event(world: Any, as_user: Any) -> None:
    response = as_user("erin").post(URL, {"office_name": "行革推進課"})
    assert response.status_code == 302
    assert Plan.objects.get(slug="test-2024-2028").office_name == "行革推進課"
    event = AuditEvent.objects.get(action="plan.settings")
    assert event.changes == {"office_name": ["行政経営課", "行革推進課"]}
    assert (event.actor_label, event.plan_slug) == ("erin", "test-2024-2028")
    # the same again changes nothing and records nothing
    as_user("erin").post(URL, {"office_name": "行革推進課"})
    assert AuditEvent.objects.filter(action="plan.settings").count() == 1
    # messages follow: a viewer refused a plan office's work is told whom to ask
    refused = as_user("dave").get(URL)
    assert refused.status_code == 403
    assert "計画担当（行革推進課）" in refused.content.decode()


@pytest.mark.parametrize("name", ["", "課" * 101, "行革\x07課"])
def test_it_refuses_a_bad_name_and_changes_nothing(world: Any, as_user: Any, name: str) -> None:
    response = as_user("carol").post(URL, {"office_name": name})
    assert response.status_code == 422
    assert Plan.objects.get(slug="test-2024-2028").office_name == "行政経営課"
    assert not AuditEvent.objects.filter(action="plan.settings").exists()


@pytest.mark.parametrize("who", ["alice", "dave"])
def test_other_roles_get_403_and_nothing_changes(world: Any, as_user: Any, who: str) -> None:
    assert as_user(who).post(URL, {"office_name": "x課"}).status_code == 403
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
    assert client.post(URL, {"office_name": "x課"}).status_code == 403
    assert Plan.objects.get(slug="test-2024-2028").office_name == "行政経営課"
