"""Reads that combine the plan with its departments and rating scales."""

from __future__ import annotations

from typing import Any

from gyokaku.accounts.selectors import plan_departments
from gyokaku.plans.models import DEFAULT_OFFICE_NAME, Node, Plan
from gyokaku.plans.planfile import FORMAT
from gyokaku.plans.selectors import TreeNode, item_sheets, plan_tree, sheet_data
from gyokaku.tracking.selectors import rating_scales_data


def node_life(node: Node, keys: dict[int, str]) -> dict[str, Any]:
    """The node's life as the plan file writes it (``keys``: node id → key, for 統合先): only
    what is set, so a plan never revised exports as it did before revisions existed. An import
    into a plan already here compares a file's life with this (``site.revision``)."""
    out: dict[str, Any] = {}
    if node.first_fy:
        out["first_fy"] = node.first_fy
    if node.ended_fy:
        out |= {"ended_fy": node.ended_fy, "end_kind": node.end_kind or "abolished"}
        if node.merged_into_id in keys:
            out["merged_into"] = keys[node.merged_into_id]
        if node.end_note:
            out["end_note"] = node.end_note
    return out


def plan_file_data(*, plan: Plan, with_life: bool = False) -> dict[str, Any]:
    """The plan as a `gyokaku-plan/1` dict (the shape every export format writes). With
    ``with_life`` (the API's tree, not a file), each node also says when a revision added or
    ended it (``first_fy``, ``ended_fy``, ``end_kind``)."""
    tree = plan_tree(plan=plan)
    keys = {item.node.pk: item.node.key for item in tree.walk()}

    departments, assigned = plan_departments(plan=plan)
    sheets = item_sheets(plan=plan)

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
        if node.pk in sheets:  # 個票: only where there is one, so older files stay as they were
            out["sheet"] = sheet_data(sheets[node.pk])
        out |= node_life(node, keys)
        if node.report_unit is not None:  # 報告単位 chosen for this item
            out["report_unit"] = node.report_unit
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
        **plan_settings_data(plan),
    }


def plan_settings_data(plan: Plan) -> dict[str, Any]:
    """The plan file's ``settings``: only the settings that differ from the defaults, and no
    key at all for a plan on the defaults (its file reads as before settings existed)."""
    settings: dict[str, Any] = {}
    if plan.office_name != DEFAULT_OFFICE_NAME:
        settings["office_name"] = plan.office_name
    if plan.directions:  # empty: the default list
        settings["directions"] = [
            {"code": code, "label": label} for code, label in plan.direction_labels.items()
        ]
    if plan.stages:  # empty: the default list
        settings["stages"] = [
            {"code": code, "label": label} for code, label in plan.stage_labels.items()
        ]
    if plan.report_depth:  # None: each leaf (the default)
        settings["report_depth"] = plan.report_depth
    return {"settings": settings} if settings else {}
