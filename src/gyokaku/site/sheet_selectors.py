"""Reads of the 個票 shaped for people: the template pre-filled with the plan's items, and one
item's 個票 for its page. Printed numbers (2-(1)-01-⑤), never internal keys, where people read."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils import timezone

from gyokaku.lib.wareki import fy_label, wareki_date
from gyokaku.plans.models import ItemSheet, Node, Plan, SheetProposal
from gyokaku.plans.printed import printed_numbers
from gyokaku.plans.selectors import PlanTree, item_sheets, plan_numbers, plan_tree, sheet_data
from gyokaku.plans.sheet_template import HEAD_FIELDS, TAIL_FIELDS, SheetTemplate, TemplateRow


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
    return SheetTemplate.for_plan(plan, rows=rows, keys=tree.by_key)


@dataclass(frozen=True)
class ScheduleLine:
    year: str  # 2024年度（令和6年度）
    stage: str  # 検討
    text: str


@dataclass(frozen=True)
class SheetChange:
    """One change of an item's 個票 after it was first written: when, by which revision (or
    "" for a change made with the 個票 template), which fields, and what they said before."""

    date_label: str  # 令和8年3月27日
    version_label: str  # 改定 第1版
    fields: list[str]  # 取組内容, 年度別工程, …
    before: list[tuple[str, str]]  # (field, the text before); the 年度別工程 as lines


@dataclass(frozen=True)
class SheetView:
    """One item's 個票 as its page shows it."""

    sheet: ItemSheet
    schedule: list[ScheduleLine]
    changes: list[SheetChange] = field(default_factory=list)  # newest first


# The 個票's fields in its order, named as the template names them.
SHEET_FIELDS = {**dict(HEAD_FIELDS), "schedule": "年度別工程", **dict(TAIL_FIELDS)}


def _schedule_text(schedule: list[dict[str, object]], stages: dict[str, str]) -> str:
    return "\n".join(
        f"{fy_label(int(str(s.get('fiscal_year'))))} {stages.get(str(s.get('stage')), '')} "
        f"{s.get('text') or ''}".strip()
        for s in schedule
    )


def sheet_changes(sheet: ItemSheet, stages: dict[str, str]) -> list[SheetChange]:
    """The changes of ``sheet`` from its history (one query), newest first; ``stages``: the
    plan's 工程 labels."""
    rows = list(
        ItemSheet.history.filter(id=sheet.pk)
        .select_related("plan_version")
        .order_by("history_date", "history_id")
    )
    out = []
    for before, after in pairwise(rows):
        changed = [f for f in SHEET_FIELDS if getattr(before, f) != getattr(after, f)]
        if not changed or after.history_type != "~":
            continue
        version = after.plan_version
        label = f"{version.get_kind_display()} 第{version.number}版" if version else ""
        out.append(
            SheetChange(
                date_label=wareki_date(timezone.localtime(after.history_date).date()),
                version_label=label,
                fields=[SHEET_FIELDS[f] for f in changed],
                before=[
                    (
                        SHEET_FIELDS[f],
                        _schedule_text(before.schedule, stages)
                        if f == "schedule"
                        else getattr(before, f),
                    )
                    for f in changed
                ],
            )
        )
    return out[::-1]


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
        step = sheet.step(fy, plan.stage_labels)
        if step["stage"] or step["text"]:
            lines.append(ScheduleLine(fy_label(fy), step["stage_label"], step["text"]))
    return SheetView(sheet=sheet, schedule=lines, changes=sheet_changes(sheet, plan.stage_labels))


@dataclass(frozen=True)
class PendingProposal:
    """A department's 個票 proposal waiting for the plan office, with what it would change."""

    proposal: SheetProposal
    number: str  # 2-(1)-01-⑤
    title: str
    fields: list[tuple[str, str, str]]  # (field, now, proposed) for the fields it changes


def _shown(name: str, value: object, stages: dict[str, str]) -> str:
    if name == "schedule":
        return _schedule_text(value if isinstance(value, list) else [], stages)
    return str(value or "")


def pending_sheet_proposals(*, plan: Plan) -> list[PendingProposal]:
    """The plan's 個票 proposals still to decide, oldest first (three queries)."""
    proposals = list(
        SheetProposal.objects.filter(node__plan=plan, state=SheetProposal.State.PROPOSED)
        .select_related("node")
        .order_by("proposed_at", "id")
    )
    if not proposals:
        return []
    numbers = plan_numbers(plan_id=plan.pk)
    sheets = {s.node_id: s for s in ItemSheet.objects.filter(node__in=[p.node for p in proposals])}
    stages = plan.stage_labels
    out = []
    for proposal in proposals:
        now = sheet_data(sheets[proposal.node_id]) if proposal.node_id in sheets else {}
        fields = []
        for name, label in SHEET_FIELDS.items():
            before = _shown(name, now.get(name), stages)
            after = _shown(name, proposal.sheet.get(name), stages)
            if before != after:
                fields.append((label, before, after))
        number = numbers.get(proposal.node.key, proposal.node.code)
        out.append(PendingProposal(proposal, number, proposal.node.title, fields))
    return out
