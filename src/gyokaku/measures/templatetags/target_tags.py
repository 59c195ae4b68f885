"""The public 「目標値の変更」 section, for the plan page and the node page: one inclusion tag,
so each page adds one line (the pages' views are shared with other work)."""

from __future__ import annotations

from typing import Any

from django import template

from gyokaku.measures.target_record import describe, value_label
from gyokaku.measures.target_selectors import target_change_rows
from gyokaku.plans.models import Node, Plan

register = template.Library()


@register.inclusion_tag("measures/_target_changes.html")
def target_changes_section(plan: Plan, node: Node | None = None) -> dict[str, Any]:
    """The changes of the plan (with the item each belongs to), or of one item (one query)."""
    return {"plan": plan, "node": node, "rows": target_change_rows(plan=plan, node=node)}


@register.simple_tag
def target_what(item: Any) -> str:
    """成果指標「…」の2025年度（令和7年度）の目標値, for a TargetChange or a TargetProposal."""
    return describe(item.subject, item.label, item.field, item.fiscal_year)


@register.simple_tag
def target_value(item: Any, which: str) -> str:
    """The old or new value of a change or proposal as people read it (千円, △, 和暦)."""
    value = item.old_value if which == "old" else item.new_value
    return value_label(value, item.field, item.unit)
