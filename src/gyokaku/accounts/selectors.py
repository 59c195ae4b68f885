"""Reads of departments (所管課) shared by exports, pages and the API."""

from __future__ import annotations

from gyokaku.accounts.models import Department
from gyokaku.plans.models import Node, Plan


def plan_departments(*, plan: Plan) -> tuple[list[Department], dict[int, list[Department]]]:
    """The municipality's departments, and node id → its departments, in two queries."""
    departments = list(Department.objects.filter(municipality_id=plan.municipality_id))
    by_id = {d.pk: d for d in departments}
    assigned: dict[int, list[Department]] = {}
    through = Node.departments.through.objects.filter(node__plan=plan).order_by("department__code")
    for node_id, department_id in through.values_list("node_id", "department_id"):
        assigned.setdefault(node_id, []).append(by_id[department_id])
    return departments, assigned
