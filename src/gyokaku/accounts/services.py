"""Writes about people, departments, assignments and tokens.

``user_add`` and ``department_upsert`` serve the command line (the operator is trusted);
``person_save``, ``person_set_active``, ``person_password_reset`` and ``department_save`` serve
the plan office's pages and check who may do it (rules.py) before they write.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import (
    APPROVER_ROLES,
    ApiToken,
    Bureau,
    Department,
    Profile,
    Role,
    token_digest,
)
from gyokaku.accounts.rules import (
    can_manage_people,
    can_manage_person,
    can_revoke_token,
    can_stop_person,
    require_plan_office,
)
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Invalid, enforce
from gyokaku.lib.text import text_problem
from gyokaku.plans.models import Municipality, Node

User = get_user_model()


def department_upsert(
    *, municipality: Municipality, code: str, name: str, actor_label: str, actor: Any = None
) -> Department:
    for field, value in (("code", code), ("name", name)):
        if problem := text_problem(value, multiline=False):
            raise Invalid({field: problem})
    department, created = Department.objects.get_or_create(
        municipality=municipality, code=code, defaults={"name": name}
    )
    if created or department.name != name:
        old = None if created else department.name
        department.name = name
        department.save()
        audit_record(
            action="department.create" if created else "department.update",
            actor=actor,
            actor_label=actor_label,
            target=f"{municipality.code}/{code}",
            changes={"name": [old, name]},
        )
    return department


def bureau_upsert(
    *,
    municipality: Municipality,
    code: str,
    name: str,
    department_codes: Iterable[str],
    actor_label: str,
    actor: Any = None,
) -> Bureau:
    """Create or rename the 部 (bureau) ``code`` and make it the 部 of these departments (所管課;
    a department belongs to one 部 at most). Departments of the 部 not listed keep it."""
    for field, value in (("code", code), ("name", name)):
        if not value.strip() or (problem := text_problem(value, multiline=False)):
            raise Invalid({field: problem or "入力してください"})
    codes = list(dict.fromkeys(department_codes))
    departments = list(Department.objects.filter(municipality=municipality, code__in=codes))
    missing = set(codes) - {d.code for d in departments}
    if missing:
        raise Invalid({"departments": f"所管課コード {', '.join(sorted(missing))} はありません"})
    with transaction.atomic():
        bureau, created = Bureau.objects.get_or_create(
            municipality=municipality, code=code, defaults={"name": name}
        )
        old_name = None if created else bureau.name
        if bureau.name != name:
            bureau.name = name
            bureau.save()
        moved = [d.code for d in departments if d.bureau_id != bureau.pk]
        Department.objects.filter(pk__in=[d.pk for d in departments]).update(bureau=bureau)
        if created or old_name != name or moved:
            audit_record(
                action="bureau.create" if created else "bureau.update",
                actor=actor,
                actor_label=actor_label,
                target=f"{municipality.code}/{code}",
                changes={"name": [old_name, name], "departments": [None, sorted(moved)]},
            )
    return bureau


def user_add(
    *,
    username: str,
    role: str,
    municipality: Municipality,
    department_codes: Iterable[str] = (),
    password: str | None = None,
    actor_label: str,
    email: str = "",
) -> Any:
    """Create a user with a role in ``municipality`` (or update role and departments)."""
    codes = list(dict.fromkeys(department_codes))
    departments = list(Department.objects.filter(municipality=municipality, code__in=codes))
    missing = set(codes) - {d.code for d in departments}
    if missing:
        raise Invalid({"department": f"所管課コード {', '.join(sorted(missing))} はありません"})
    _check_role(role, departments, field="department")
    if password is not None:
        try:
            validate_password(password, User(username=username))
        except ValidationError as exc:
            raise Invalid({"password": " ".join(exc.messages)}) from None
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if password is not None:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        profile, _ = Profile.objects.update_or_create(
            user=user, defaults={"municipality": municipality, "role": role}
        )
        profile.departments.set(departments)
        audit_record(
            action="user.create" if created else "user.update",
            actor_label=actor_label,
            target=username,
            changes={"role": [None, role], "departments": [None, sorted(codes)]},
        )
    return user


def _check_role(role: str, departments: list[Department], *, field: str) -> None:
    """A known role, and an editor with at least one department (``field`` names the
    departments' input: ``department`` on the command line, ``departments`` on the page)."""
    if role not in Role.values:
        choices = "、".join(f"{value}（{label}）" for value, label in Role.choices)
        raise Invalid({"role": f"役割は {choices} のいずれかです"})
    if role in (Role.EDITOR, *APPROVER_ROLES) and not departments:
        label = dict(Role.choices)[role]
        raise Invalid({field: f"{label}には所管課を 1 つ以上指定してください"})


def token_create(*, user: Any, name: str = "", actor_label: str) -> tuple[ApiToken, str]:
    """Create a personal API token; the raw token is returned once and never stored."""
    if problem := text_problem(name, multiline=False):
        raise Invalid({"name": problem})
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=token_digest(raw))
    audit_record(
        action="token.create", actor=user, actor_label=actor_label, target=f"{token.prefix}…"
    )
    return token, raw


def token_authenticate(*, raw: str) -> Any:
    """The active user behind a raw token, or None."""
    if not raw.startswith("gyk_") or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    enforce(can_revoke_token(actor, token))
    if token.revoked_at is None:
        token.revoke()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action="token.revoke",
            actor=actor.user,
            actor_label=actor.label,
            target=f"{token.prefix}…",
        )
    return token


def node_departments_set(*, node: Node, departments: list[Department], actor: Actor) -> Node:
    """Assign the departments responsible for ``node`` (plan office only)."""
    require_plan_office(actor, node.plan, "所管課の割り当て")
    foreign = [d.code for d in departments if d.municipality_id != node.plan.municipality_id]
    if foreign:
        raise Invalid({"departments": f"他の自治体の所管課です: {', '.join(foreign)}"})
    old = sorted(node.departments.values_list("code", flat=True))
    new = sorted(d.code for d in departments)
    if old != new:
        node.departments.set(departments)
        audit_record(
            action="node.departments",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=node.plan.slug,
            target=node.key,
            changes={"departments": [old, new]},
        )
    return node


# ---- people and departments on screen (the plan office) ------------------------------------


def person_save(
    *,
    actor: Actor,
    person: Profile | None,
    username: str,
    full_name: str,
    email: str,
    role: str,
    departments: list[Department],
) -> Any:
    """Create a person in the actor's municipality (``person`` None) or change one: name,
    e-mail, role and departments. A new person has no password until the office resets it
    (``person_password_reset``), so nobody can log in with a guessed one."""
    enforce(can_manage_person(actor, person, role))
    _check_role(role, departments, field="departments")
    foreign = [d.code for d in departments if d.municipality_id != actor.municipality_id]
    if foreign:
        raise Invalid({"departments": f"他の自治体の所管課です: {', '.join(foreign)}"})
    with transaction.atomic():
        if person is None:
            if User.objects.filter(username=username).exists():
                raise Invalid({"username": f"ログイン名 {username} はすでに使われています"})
            user = User(username=username)
            user.set_unusable_password()
            old: dict[str, Any] = {}
        else:
            user = person.user
            old = _person_facts(user, person.role, list(person.departments.all()))
        user.first_name, user.email = full_name, email
        user.save()
        profile, _ = Profile.objects.update_or_create(
            user=user, defaults={"municipality_id": actor.municipality_id, "role": role}
        )
        profile.departments.set(departments)
        new = _person_facts(user, role, departments)
        changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        if changes:
            audit_record(
                action="user.create" if person is None else "user.update",
                actor=actor.user,
                actor_label=actor.label,
                target=user.get_username(),
                changes=changes,
            )
    return user


def _person_facts(user: Any, role: str, departments: list[Department]) -> dict[str, Any]:
    """What the audit log compares before and after a change of a person."""
    return {
        "name": user.first_name,
        "email": user.email,
        "role": role,
        "departments": sorted(d.code for d in departments),
    }


def person_set_active(*, actor: Actor, person: Profile, active: bool) -> None:
    """Stop (利用停止) or restart an account. A stopped person cannot log in, their open
    sessions end at the next request and their API tokens stop working (access.py)."""
    enforce(can_stop_person(actor, person))
    user = person.user
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        action="user.activate" if active else "user.deactivate",
        actor=actor.user,
        actor_label=actor.label,
        target=user.get_username(),
    )


def person_password_reset(*, actor: Actor, person: Profile) -> str:
    """Give the person a new temporary password, returned once to be handed over; they change
    it on the password page after logging in. The old password stops working at once."""
    enforce(can_stop_person(actor, person))
    raw = secrets.token_urlsafe(12)  # 16 characters, about 96 bits
    user = person.user
    user.set_password(raw)
    user.save(update_fields=["password"])
    audit_record(
        action="user.password_reset",
        actor=actor.user,
        actor_label=actor.label,
        target=user.get_username(),
    )
    return raw


def department_save(*, actor: Actor, code: str, name: str) -> Department:
    """Add a department (所管課) to the actor's municipality, or rename one by its code."""
    enforce(can_manage_people(actor))
    assert actor.municipality_id is not None  # can_manage_people
    municipality = Municipality.objects.get(pk=actor.municipality_id)
    return department_upsert(
        municipality=municipality, code=code, name=name, actor_label=actor.label, actor=actor.user
    )
