"""Reads of the 個票 shaped for people: the template pre-filled with the plan's items, and one
item's 個票 for its page. Printed numbers (2-(1)-01-⑤), never internal keys, where people read."""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import ItemSheet, Node, Plan
from gyokaku.plans.printed import printed_numbers
from gyokaku.plans.selectors import PlanTree, item_sheets, plan_tree, sheet_data
from gyokaku.plans.sheet_template import SheetTemplate, TemplateRow


def tree_numbers(tree: PlanTree) -> dict[str, str]:
    """Each node's printed number by key (no query)."""
    return printed_numbers({item.node.key: item.node.code for item in tree.walk()})


def sheet_template_for(*, plan: Plan) -> SheetTemplate:
    """The 個票 template of ``plan``: every item in plan order, with its 個票 so far (3 queries)."""
    tree = plan_tree(plan=plan)
    sheets = item_sheets(plan=plan)
    numbers = tree_numbers(tree)
    rows = tuple(
        TemplateRow(
            key=item.node.key,
            number=numbers[item.node.key],
            title=item.node.title,
            sheet=sheet_data(sheets[item.node.pk]) if item.node.pk in sheets else None,
        )
        for item in tree.walk()
    )
    return SheetTemplate(
        title=plan.title, years=tuple(plan.fiscal_years), rows=rows, keys=frozenset(tree.by_key)
    )


@dataclass(frozen=True)
class ScheduleLine:
    year: str  # 2024年度（令和6年度）
    stage: str  # 検討
    text: str


@dataclass(frozen=True)
class SheetView:
    """One item's 個票 as its page shows it."""

    sheet: ItemSheet
    schedule: list[ScheduleLine]


def node_sheet_data(*, node: Node) -> dict[str, object] | None:
    """The 個票 of ``node`` in the plan file's shape, for the API (one query)."""
    sheet = ItemSheet.objects.filter(node=node).first()
    return sheet_data(sheet) if sheet is not None else None


def node_sheet(*, plan: Plan, node: Node) -> SheetView | None:
    """The 個票 of ``node`` for its page (one query), or None when it has none. Plan data: the
    same for everybody, from adoption."""
    sheet = ItemSheet.objects.filter(node=node).first()
    if sheet is None:
        return None
    lines = []
    for fy in plan.fiscal_years:
        step = sheet.step(fy)
        if step["stage"] or step["text"]:
            lines.append(ScheduleLine(fy_label(fy), step["stage_label"], step["text"]))
    return SheetView(sheet=sheet, schedule=lines)
