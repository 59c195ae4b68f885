"""The public 「目標値の変更」 section, for the plan page and the node page: one inclusion tag,
so each page adds one line (the pages' views are shared with other work)."""

from __future__ import annotations

from typing import Any

from django import template

from gyokaku.measures.target_selectors import target_change_rows
from gyokaku.plans.models import Node, Plan

register = template.Library()


@register.inclusion_tag("measures/_target_changes.html")
def target_changes_section(plan: Plan, node: Node | None = None) -> dict[str, Any]:
    """The changes of the plan (with the item each belongs to), or of one item (one query)."""
    return {"plan": plan, "node": node, "rows": target_change_rows(plan=plan, node=node)}
