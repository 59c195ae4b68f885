"""Reads that combine the plan with its departments and rating scales."""

from __future__ import annotations

from typing import Any

from gyokaku.accounts.selectors import plan_departments
from gyokaku.plans.models import Plan
from gyokaku.plans.planfile import FORMAT
from gyokaku.plans.selectors import TreeNode, plan_tree
from gyokaku.tracking.selectors import rating_scales_data


def plan_file_data(*, plan: Plan, with_life: bool = False) -> dict[str, Any]:
    """The plan as a `gyokaku-plan/1` dict (the shape every export format writes). With
    ``with_life`` (the API's tree, not a file), each node also says when a revision added or
    ended it (``first_fy``, ``ended_fy``, ``end_kind``)."""
    tree = plan_tree(plan=plan)

    departments, assigned = plan_departments(plan=plan)

    def node_dict(item: TreeNode) -> dict[str, Any]:
        node = item.node
        out: dict[str, Any] = {
            "key": node.key,
            "code": node.code,
            "level": node.depth,
            "title": node.title,
            "description": node.description,
        }
        if departments:
            out["departments"] = [d.code for d in assigned.get(node.pk, [])]
        out["children"] = [node_dict(child) for child in item.children]
        if with_life:
            out |= {"first_fy": node.first_fy, "ended_fy": node.ended_fy, "end_kind": node.end_kind}
        return out

    return {
        "format": FORMAT,
        "municipality": {"code": plan.municipality.code, "name": plan.municipality.name},
        "slug": plan.slug,
        "title": plan.title,
        "period": {"start_fy": plan.start_fy, "end_fy": plan.end_fy},
        "parent_plan": plan.parent_plan or None,
        "lead": plan.lead,
        "background": plan.background,
        **(
            {"departments": [{"code": d.code, "name": d.name} for d in departments]}
            if departments
            else {}
        ),
        **rating_scales_data(plan),
        "levels": [
            {
                "depth": level.depth,
                "name": level.name,
                "description": level.description,
                "numbering": level.numbering,
            }
            for level in tree.levels
        ],
        "nodes": [node_dict(root) for root in tree.roots],
    }
