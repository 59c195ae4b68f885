"""Reads of departments (所管課) and people, shared by exports, pages and the API."""

from __future__ import annotations

from django.db.models import Count, Q

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Department, Profile, Role
from gyokaku.plans.models import Node, Plan


def scope_department_ids(*, actor: Actor) -> frozenset[int]:
    """The departments whose items are ``actor``'s own view (マイページの範囲, the department
    dashboard): an editor's and a 課長's departments; a 部長's whole 部 (one query)."""
    if actor.role == Role.DIRECTOR:
        return frozenset(
            Department.objects.filter(bureau_id__in=actor.bureau_ids).values_list("pk", flat=True)
        )
    return actor.department_ids


def plan_departments(*, plan: Plan) -> tuple[list[Department], dict[int, list[Department]]]:
    """The municipality's departments, and node id → its departments, in two queries."""
    departments = list(Department.objects.filter(municipality_id=plan.municipality_id))
    by_id = {d.pk: d for d in departments}
    assigned: dict[int, list[Department]] = {}
    through = Node.departments.through.objects.filter(node__plan=plan).order_by("department__code")
    for node_id, department_id in through.values_list("node_id", "department_id"):
        assigned.setdefault(node_id, []).append(by_id[department_id])
    return departments, assigned


def people_of(*, municipality_id: int) -> list[Profile]:
    """The municipality's people with their user, departments and the number of their API
    tokens still in force, in three queries whatever their number."""
    return list(
        Profile.objects.filter(municipality_id=municipality_id)
        .select_related("user")
        .prefetch_related("departments")
        .annotate(
            active_tokens=Count("user__api_tokens", filter=Q(user__api_tokens__revoked_at=None))
        )
        .order_by("user__username")
    )


def person_of(*, municipality_id: int, pk: int) -> Profile | None:
    """One person of the municipality by their user id (None elsewhere: a 404 to the page)."""
    return (
        Profile.objects.filter(municipality_id=municipality_id, user_id=pk)
        .select_related("user")
        .prefetch_related("departments")
        .first()
    )


def departments_of(*, municipality_id: int) -> list[Department]:
    return list(Department.objects.filter(municipality_id=municipality_id).order_by("code"))
