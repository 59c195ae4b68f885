"""The department assignment page of a node (plan office)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import PLAN

from gyokaku.accounts.models import Department
from gyokaku.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
PAGE = f"{PLAN}/nodes/1-1/departments/"


def test_it_shows_the_municipalitys_departments_as_checkboxes(world: Any, as_user: Clients) -> None:
    html = as_user("carol").get(PAGE).content.decode()
    assert 'type="checkbox"' in html and "市民課" in html and "情報政策課" in html
    assert f'value="{world.dx.pk}" checked' in html or f'value="{world.dx.pk}" id' in html
    assert "現在の所管課：情報政策課" in html


def test_it_assigns_departments(world: Any, as_user: Clients) -> None:
    response = as_user("carol").post(PAGE, {"departments": [world.shimin.pk]})
    assert response.status_code == 302
    assert list(world.node("1-1").departments.values_list("code", flat=True)) == ["shimin"]
    event = AuditEvent.objects.get(action="node.departments")
    assert event.changes == {"departments": [["dx"], ["shimin"]]}


def test_it_clears_them_when_none_is_checked(world: Any, as_user: Clients) -> None:
    assert as_user("erin").post(PAGE, {}).status_code == 302
    assert world.node("1-1").departments.count() == 0


def test_it_refuses_another_municipalitys_department(world: Any, as_user: Clients) -> None:
    sapporo = Department.objects.get(municipality__code="011002", code="shimin")
    response = as_user("carol").post(PAGE, {"departments": [sapporo.pk]})
    assert response.status_code == 422
    assert "選べない所管課です" in response.content.decode()
    assert list(world.node("1-1").departments.values_list("code", flat=True)) == ["dx"]


def test_it_refuses_other_roles(world: Any, as_user: Clients) -> None:
    assert as_user("alice").get(PAGE).status_code == 403
    assert as_user("mallory").get(PAGE).status_code == 404
    assert as_user("carol").get(f"{PLAN}/nodes/9/departments/").status_code == 404
