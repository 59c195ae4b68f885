"""Writes of the 個票 (ItemSheet): from a plan file's ``sheet`` blocks inside ``plan_import``,
and from the 個票 template on its own (``item_sheets_import``, with its own audit event).

Either way it is all or nothing: the caller's transaction, or this module's, holds every row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gyokaku.audit.services import audit_record
from gyokaku.plans.models import ItemSheet, Node, Plan, PlanVersion
from gyokaku.plans.planfile import NodeIn, PlanFileError, Problem, SheetIn
from gyokaku.plans.selectors import sheet_data
from gyokaku.plans.sheet_template import SheetTemplate, read_template
from gyokaku.site.import_report import Change


def file_sheets(nodes: list[NodeIn]) -> dict[str, SheetIn]:
    """The ``sheet`` blocks of a plan file's nodes, by key (nodes without one are left out)."""
    out: dict[str, SheetIn] = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node.sheet is not None:
            out[node.key] = node.sheet
        stack.extend(node.children)
    return out


def sheets_sync(
    *, plan: Plan, sheets: dict[str, SheetIn], version: PlanVersion | None = None
) -> list[Change]:
    """Make the 個票 of the items keyed in ``sheets`` say what ``sheets`` says (an empty one
    deletes the item's). Items not in ``sheets`` keep theirs. Runs in the caller's
    transaction; the keys are the plan's (checked by the caller). A 個票 changed by a revision
    (``version``, 改定) names it; every earlier content stays in the 個票's history."""
    revised = version if version is not None and version.number > 0 else None
    _check_stages(plan, sheets)
    nodes = {n.key: n for n in Node.objects.filter(plan=plan, key__in=list(sheets))}
    existing = {s.node_id: s for s in ItemSheet.objects.filter(node__in=list(nodes.values()))}
    changes: list[Change] = []
    for key, sheet_in in sheets.items():
        node = nodes[key]
        wanted = sheet_in.model_dump(mode="json")
        current = existing.get(node.pk)
        if not has_content(wanted):
            if current is not None:
                current.delete()
                changes.append(Change("delete", "sheet", key))
            continue
        if current is None:
            ItemSheet.objects.create(node=node, plan_version=revised, **wanted)
            changes.append(Change("create", "sheet", key))
            continue
        before = sheet_data(current)
        changed = [name for name, value in wanted.items() if before.get(name) != value]
        if changed:
            for name in changed:
                setattr(current, name, wanted[name])
            current.plan_version = revised
            current.save()
            changes.append(Change("update", "sheet", key, changed))
    return changes


def _check_stages(plan: Plan, sheets: dict[str, SheetIn]) -> None:
    """Every 工程 of ``sheets`` is one of the plan's (the file's settings are in already)."""
    stages = plan.stage_labels
    problems = [
        Problem(
            f"{key} の個票（{step.fiscal_year}年度）",
            f"工程「{step.stage}」はこの計画の工程にありません"
            f"（{'、'.join(f'{code}（{label}）' for code, label in stages.items())}）",
        )
        for key, sheet in sheets.items()
        for step in sheet.schedule
        if step.stage and step.stage not in stages
    ]
    if problems:
        raise PlanFileError(problems)


def has_content(sheet: dict[str, Any]) -> bool:
    steps = sheet.get("schedule") or []
    texts = [v for k, v in sheet.items() if k != "schedule"]
    return any(texts) or any(s.get("stage") or s.get("text") for s in steps)


def item_sheets_import(
    *, plan: Plan, content: bytes, name: str, actor: Any = None, actor_label: str, dry_run: bool
) -> list[Change]:
    """Read the 個票 template ``content`` (an XLSX file) and write every item's 個票, or nothing
    when any cell is wrong (``PlanFileError`` lists each problem with its sheet and cell)."""
    template = SheetTemplate.for_plan(plan, keys=_plan_keys(plan))
    sheets = read_template(content, name=name, template=template)
    with transaction.atomic():
        changes = sheets_sync(plan=plan, sheets=sheets)
        if dry_run:
            transaction.set_rollback(True)
        elif changes:
            audit_record(
                action="plan.sheets_import",
                actor=actor,
                actor_label=actor_label,
                plan_slug=plan.slug,
                target=name,
                summary=changes_summary(changes),
                changes=[str(c) for c in changes[:1000]],
            )
    return changes


def _plan_keys(plan: Plan) -> list[str]:
    keys = list(Node.objects.filter(plan=plan).order_by("position").values_list("key", flat=True))
    if not keys:
        raise PlanFileError([Problem("", f"計画「{plan.title}」に取組方策がありません")])
    return keys


def changes_summary(changes: list[Change]) -> str:
    counts = {a: sum(1 for c in changes if c.action == a) for a in ("create", "update", "delete")}
    return (
        f"個票: 追加 {counts['create']}、更新 {counts['update']}、削除 {counts['delete']}"
        if changes
        else "個票: 変更なし"
    )
