"""利用者と所管課 (issue 14 #4): the plan office registers, changes, stops and restarts people,
issues a temporary password and adds departments on screen; every change is audited, and the
rules keep a coordinator from making office staff and anybody from locking themselves out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from gyokaku.accounts.models import Department, Profile
from gyokaku.accounts.services import token_authenticate, token_create
from gyokaku.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
User = get_user_model()


def _pk(name: str) -> int:
    return int(User.objects.get(username=name).pk)


def _department_ids(*codes: str) -> list[str]:
    return [
        str(d.pk) for d in Department.objects.filter(code__in=codes, municipality__code="022012")
    ]


@pytest.mark.parametrize("name", [None, "alice", "dave"])
def test_only_the_plan_office_finds_the_pages(
    world: Any, as_user: Clients, name: str | None
) -> None:
    client = as_user(name)
    for path in ["/accounts/people/", "/accounts/people/new/", f"/accounts/people/{_pk('alice')}/"]:
        response = client.get(path)
        if name is None:
            assert response.status_code == 302  # to the login page
        else:
            assert response.status_code == 404, (name, path)


def test_the_list_shows_the_municipalitys_people_in_a_few_queries(
    world: Any, as_user: Clients, django_assert_max_num_queries: Any
) -> None:
    client = as_user("carol")
    client.get("/accounts/people/")
    with django_assert_max_num_queries(12):
        html = client.get("/accounts/people/").content.decode()
    assert "alice" in html and "bob" in html and "erin" in html
    assert "mallory" not in html and "sapporo-editor" not in html  # another municipality
    assert "所管課担当者" in html and "システム管理者" in html
    for extra in range(5):  # more people: not more queries
        User.objects.create(username=f"x{extra}")
        Profile.objects.create(
            user=User.objects.get(username=f"x{extra}"),
            municipality_id=world.plan.municipality_id,
            role="viewer",
        )
    with django_assert_max_num_queries(12):
        assert "x4" in client.get("/accounts/people/").content.decode()


def test_a_coordinator_registers_an_editor_who_logs_in_with_the_temporary_password(
    world: Any, as_user: Clients
) -> None:
    carol = as_user("carol")
    response = carol.post(
        "/accounts/people/new/",
        {
            "username": "frank",
            "full_name": "青森 太郎",
            "email": "frank@example.jp",
            "role": "editor",
            "departments": _department_ids("dx"),
        },
    )
    assert response.status_code == 302
    frank = User.objects.get(username="frank")
    assert frank.first_name == "青森 太郎" and not frank.has_usable_password()
    assert [d.code for d in frank.profile.departments.all()] == ["dx"]
    event = AuditEvent.objects.get(action="user.create", target="frank")
    assert event.actor_label == "carol" and event.changes["role"] == [None, "editor"]
    page = carol.post(f"/accounts/people/{frank.pk}/password/")
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    raw = html.split('id="temporary-password" class="token-value" type="text" value="')[1].split(
        '"'
    )[0]
    assert len(raw) >= 16
    login = Client().post("/accounts/login/", {"username": "frank", "password": raw})
    assert login.status_code == 302 and login["Location"] == "/my/"
    assert AuditEvent.objects.filter(action="user.password_reset", target="frank").exists()


def test_an_editor_needs_a_department_and_the_message_says_so(world: Any, as_user: Clients) -> None:
    response = as_user("carol").post(
        "/accounts/people/new/", {"username": "gina", "role": "editor"}
    )
    assert response.status_code == 422
    assert "所管課担当者には所管課を 1 つ以上指定してください" in response.content.decode()
    assert not User.objects.filter(username="gina").exists()


@pytest.mark.parametrize(("role", "label"), [("chief", "課長"), ("director", "部長")])
def test_a_coordinator_registers_a_chief_or_director_with_a_department(
    world: Any, as_user: Clients, role: str, label: str
) -> None:
    carol = as_user("carol")
    refused = carol.post("/accounts/people/new/", {"username": "hana", "role": role})
    assert refused.status_code == 422
    assert f"{label}には所管課を 1 つ以上指定してください" in refused.content.decode()
    response = carol.post(
        "/accounts/people/new/",
        {"username": "hana", "role": role, "departments": _department_ids("dx")},
    )
    assert response.status_code == 302
    assert User.objects.get(username="hana").profile.role == role
    assert AuditEvent.objects.get(action="user.create", target="hana").changes["role"] == [
        None,
        role,
    ]


def test_a_taken_login_name_is_refused_by_name(world: Any, as_user: Clients) -> None:
    response = as_user("carol").post(
        "/accounts/people/new/", {"username": "mallory", "role": "viewer"}
    )
    assert response.status_code == 422
    assert "ログイン名 mallory はすでに使われています" in response.content.decode()
    assert Profile.objects.get(user__username="mallory").role == "coordinator"  # untouched


def test_a_coordinator_cannot_make_or_change_office_staff(world: Any, as_user: Clients) -> None:
    carol = as_user("carol")
    response = carol.post("/accounts/people/new/", {"username": "henry", "role": "admin"})
    assert response.status_code == 422  # the role is not among the choices offered
    assert not User.objects.filter(username="henry").exists()
    response = carol.post(f"/accounts/people/{_pk('erin')}/", {"full_name": "x", "role": "admin"})
    assert "システム管理者だけが行えます" in response.content.decode()
    assert User.objects.get(username="erin").first_name == ""
    assert carol.post(f"/accounts/people/{_pk('erin')}/active/", {"active": "0"}).status_code == 302
    assert User.objects.get(username="erin").is_active


def test_an_admin_changes_a_role_and_departments_and_the_audit_says_what(
    world: Any, as_user: Clients
) -> None:
    response = as_user("erin").post(
        f"/accounts/people/{_pk('bob')}/",
        {
            "role": "editor",
            "departments": _department_ids("dx", "shimin"),
            "email": "bob@example.jp",
        },
    )
    assert response.status_code == 302
    bob = Profile.objects.get(user__username="bob")
    assert sorted(d.code for d in bob.departments.all()) == ["dx", "shimin"]
    event = AuditEvent.objects.get(action="user.update", target="bob")
    assert event.changes["departments"] == [["shimin"], ["dx", "shimin"]]
    assert event.changes["email"] == ["", "bob@example.jp"]
    assert "role" not in event.changes  # unchanged: not news


def test_nobody_changes_their_own_role_or_stops_themselves(world: Any, as_user: Clients) -> None:
    erin = as_user("erin")
    response = erin.post(f"/accounts/people/{_pk('erin')}/", {"role": "viewer"})
    assert "自分の役割は変更できません" in response.content.decode()
    erin.post(f"/accounts/people/{_pk('erin')}/active/", {"active": "0"})
    assert User.objects.get(username="erin").is_active
    assert Profile.objects.get(user__username="erin").role == "admin"


def test_a_stopped_person_can_neither_log_in_nor_use_a_token(world: Any, as_user: Clients) -> None:
    _, raw = token_create(user=world.users["alice"], actor_label="alice")
    alice_session = as_user("alice")
    assert alice_session.get("/my/").status_code == 200
    response = as_user("carol").post(f"/accounts/people/{_pk('alice')}/active/", {"active": "0"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.deactivate", target="alice").exists()
    assert alice_session.get("/my/").status_code == 302  # the open session ends
    assert token_authenticate(raw=raw) is None
    as_user("carol").post(f"/accounts/people/{_pk('alice')}/active/", {"active": "1"})
    assert token_authenticate(raw=raw) is not None
    assert AuditEvent.objects.filter(action="user.activate", target="alice").exists()


def test_another_municipalitys_person_is_not_found(world: Any, as_user: Clients) -> None:
    sapporo = as_user("mallory").get("/accounts/people/").content.decode()
    assert "sapporo-editor" in sapporo and "alice" not in sapporo  # each office its own people
    carol = as_user("carol")
    assert carol.get(f"/accounts/people/{_pk('mallory')}/").status_code == 404
    assert carol.post(f"/accounts/people/{_pk('mallory')}/password/").status_code == 404
    assert (
        carol.post(f"/accounts/people/{_pk('mallory')}/active/", {"active": "0"}).status_code == 404
    )
    assert User.objects.get(username="mallory").is_active


def test_the_office_adds_and_renames_a_department(world: Any, as_user: Clients) -> None:
    carol = as_user("carol")
    assert carol.post("/accounts/people/", {"code": "zaisei", "name": "財政課"}).status_code == 302
    assert Department.objects.get(code="zaisei").name == "財政課"
    carol.post("/accounts/people/", {"code": "zaisei", "name": "財政課（新）"})
    assert Department.objects.get(code="zaisei").name == "財政課（新）"
    assert AuditEvent.objects.filter(action="department.update", actor_label="carol").exists()
    response = carol.post("/accounts/people/", {"code": "a\x01", "name": "x"})
    assert response.status_code == 422 and "使えない文字" in response.content.decode()


def test_the_header_links_the_office_to_the_people_page(world: Any, as_user: Clients) -> None:
    assert 'href="/accounts/people/"' in as_user("carol").get("/my/").content.decode()
    assert 'href="/accounts/people/"' not in as_user("alice").get("/my/").content.decode()
