"""The plan office's pages for people and departments (利用者と所管課の管理).

Thin views: the selectors read the municipality's people in a constant number of queries, the
services check who may do it (rules.py) and write the audit log. Everybody but the plan office
gets a 404, as for any page of the office. The temporary password of a reset is shown once,
on a page never cached.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.accounts.forms import DepartmentForm, PersonForm
from gyokaku.accounts.models import Profile, Role
from gyokaku.accounts.rules import OFFICE_ROLES, can_manage_people, can_stop_person
from gyokaku.accounts.selectors import departments_of, people_of, person_of
from gyokaku.accounts.services import (
    department_save,
    person_password_reset,
    person_save,
    person_set_active,
)
from gyokaku.lib.errors import DomainError


def _office(request: HttpRequest) -> tuple[Actor, int]:
    actor = actor_for(request.user)
    if can_manage_people(actor) is not None or actor.municipality_id is None:
        raise Http404("not the plan office")
    return actor, actor.municipality_id


def _roles(actor: Actor) -> list[str]:
    """The roles ``actor`` may give: a coordinator gives 所管課担当者 and 閲覧者 only."""
    return [r for r in Role.values if actor.role == Role.ADMIN or r not in OFFICE_ROLES]


def _person(municipality_id: int, pk: int) -> Profile:
    person = person_of(municipality_id=municipality_id, pk=pk)
    if person is None:
        raise Http404("no such person here")
    return person


@login_required
def people(request: HttpRequest) -> HttpResponse:
    actor, municipality_id = _office(request)
    form = DepartmentForm()
    if request.method == "POST":
        form = DepartmentForm(request.POST)
        if form.is_valid():
            try:
                department = department_save(actor=actor, **form.cleaned_data)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"所管課「{department.name}」を登録しました")
                return redirect("accounts:people")
    context = {
        "people": people_of(municipality_id=municipality_id),
        "departments": departments_of(municipality_id=municipality_id),
        "form": form,
        "actor": actor,
    }
    return render(request, "accounts/people.html", context, status=422 if form.errors else 200)


def _person_form(
    request: HttpRequest, actor: Actor, municipality_id: int, person: Profile | None
) -> PersonForm:
    initial: dict[str, Any] = {}
    if person is not None:
        user = person.user
        initial = {
            "username": user.get_username(),
            "full_name": user.first_name,
            "email": user.email,
            "role": person.role,
            "departments": list(person.departments.all()),
        }
    roles = _roles(actor)
    if person is not None and person.role not in roles:
        roles = [person.role]  # shown as it is; the service refuses a change
    return PersonForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        departments=departments_of(municipality_id=municipality_id),
        roles=roles,
        editing=person is not None,
    )


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    return _person_page(request, None)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, pk)


def _person_page(request: HttpRequest, pk: int | None) -> HttpResponse:
    actor, municipality_id = _office(request)
    person = None if pk is None else _person(municipality_id, pk)
    form = _person_form(request, actor, municipality_id, person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = person_save(
                actor=actor,
                person=person,
                username=person.user.get_username() if person else data["username"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                departments=list(data["departments"]),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if person is None:
                messages.success(
                    request,
                    f"{user.get_username()} を登録しました。"
                    "「仮パスワードを発行」で発行したパスワードを本人に渡してください",
                )
            else:
                messages.success(request, f"{user.get_username()} の登録内容を変更しました")
            return redirect("accounts:person", pk=user.pk)
    context = {
        "form": form,
        "person": person,
        "tokens": person.user.api_tokens.all() if person else [],
        "may_stop": person is not None and can_stop_person(actor, person) is None,
    }
    status = 422 if form.errors else 200
    return render(request, "accounts/person.html", context, status=status)


@login_required
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    actor, municipality_id = _office(request)
    person = _person(municipality_id, pk)
    active = request.POST.get("active") == "1"
    try:
        person_set_active(actor=actor, person=person, active=active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        name = person.user.get_username()
        messages.success(request, f"{name} を{'再開' if active else '利用停止に'}しました")
    return redirect("accounts:person", pk=pk)


@login_required
@require_POST
def person_password(request: HttpRequest, pk: int) -> HttpResponse:
    actor, municipality_id = _office(request)
    person = _person(municipality_id, pk)
    try:
        raw = person_password_reset(actor=actor, person=person)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:person", pk=pk)
    response = render(request, "accounts/person_password.html", {"person": person, "raw": raw})
    response["Cache-Control"] = "no-store"  # shown once; never kept by a cache
    return response
