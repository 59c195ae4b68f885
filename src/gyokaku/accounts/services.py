"""Writes about people, departments, assignments and tokens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import ApiToken, Department, Profile, Role, token_digest
from gyokaku.accounts.rules import can_revoke_token, require_plan_office
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
    if role not in Role.values:
        raise Invalid({"role": f"役割は {', '.join(Role.values)} のいずれかです"})
    codes = list(dict.fromkeys(department_codes))
    departments = list(Department.objects.filter(municipality=municipality, code__in=codes))
    missing = set(codes) - {d.code for d in departments}
    if missing:
        raise Invalid({"department": f"所管課コード {', '.join(sorted(missing))} はありません"})
    if role == Role.EDITOR and not departments:
        raise Invalid({"department": "所管課担当者には所管課を 1 つ以上指定してください"})
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
