"""Changes applied through the services, with the versions the file was read from.

A parse runs the same calls in a transaction it then rolls back (a savepoint per call), so the
problems it lists are the services' own — permissions, locked reports, stale versions — and
nothing is ever written. Applying runs them in one transaction: any refusal undoes them all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from gyokaku.accounts.access import Actor
from gyokaku.audit.services import audit_record
from gyokaku.exchange.columns import ItemChange, Op, SheetPlan, SheetProblem
from gyokaku.lib.errors import Conflict, DomainError, Hidden, Invalid
from gyokaku.lib.progress_sink import NO_PROGRESS, ProgressSink
from gyokaku.measures.models import IndicatorSheet
from gyokaku.measures.selectors import indicator_dicts
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.plans.models import Node
from gyokaku.plans.selectors import plan_for
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import progress_update, year_plan_update


def run_op(op: Op, *, fiscal_year: int, actor: Actor) -> None:
    node = Node.objects.select_related("plan").get(pk=op.node_id)
    if op.record == "report":
        report = ProgressReport.objects.get(node=node, fiscal_year=fiscal_year)
        progress_update(
            report=report, actor=actor, data=dict(op.data), expected_version=op.expected_version
        )
    elif op.record == "year_plan":
        year_plan_update(
            node=node,
            fiscal_year=fiscal_year,
            actor=actor,
            data=dict(op.data),
            expected_version=op.expected_version,
        )
    elif op.record == "indicators":
        indicators = indicator_dicts(IndicatorSheet.objects.filter(node=node).first())
        for index, value in op.data.items():
            if index < len(indicators):  # otherwise the version check below refuses it
                actuals = dict(indicators[index]["actuals"])
                if value is None:
                    actuals.pop(fiscal_year, None)
                else:
                    actuals[fiscal_year] = value
                indicators[index]["actuals"] = actuals
        indicators_update(
            node=node, actor=actor, indicators=indicators, expected_version=op.expected_version
        )
    else:
        effects_update(
            node=node,
            fiscal_year=fiscal_year,
            actor=actor,
            effects=list(op.data),
            expected_version=op.expected_version,
            reason=op.reason,
        )


def _place(op: Op, name: str) -> str:
    """The cell of a service's field name (``ratings.status``, ``effects[1].kind``)."""
    best = ""
    for prefix in op.places:
        if (name == prefix or name.startswith((f"{prefix}.", f"{prefix}["))) and len(prefix) > len(
            best
        ):
            best = prefix
    return op.places[best] if best else op.where


def dry_run(
    ops: list[Op], *, fiscal_year: int, actor: Actor, progress: ProgressSink = NO_PROGRESS
) -> list[SheetProblem]:
    problems: list[SheetProblem] = []
    # The step's size goes with each advance, not the step: inside the transaction a job's page
    # can't see the advances, so it shows work of unknown size; a command prints them.
    progress.step("反映できるかを確かめています")
    with transaction.atomic():
        for done, op in enumerate(ops, 1):
            progress.advance(done, len(ops))
            try:
                with transaction.atomic():
                    run_op(op, fiscal_year=fiscal_year, actor=actor)
            except Invalid as exc:
                problems += [SheetProblem(_place(op, k), m) for k, m in exc.problems.items()]
            except DomainError as exc:
                problems.append(SheetProblem(op.where, exc.message))
        transaction.set_rollback(True)
    return problems


def _jsonable(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def sheet_apply(
    *, sheet: SheetPlan, actor: Actor, progress: ProgressSink = NO_PROGRESS
) -> list[ItemChange]:
    if sheet.problems:
        raise Conflict(f"問題が {len(sheet.problems)} 件あるため取り込めません")
    plan = plan_for(slug=sheet.plan_slug)
    if not actor.is_internal(plan):  # the same answer as a missing plan
        raise Hidden(f"計画「{sheet.plan_slug}」はありません")
    progress.step("反映しています")  # of unknown size on a job's page, as above
    with transaction.atomic():
        for done, op in enumerate(sheet.ops, 1):
            progress.advance(done, len(sheet.ops))
            run_op(op, fiscal_year=sheet.fiscal_year, actor=actor)
        if sheet.changes:
            audit_record(
                action="sheet.import",
                actor=actor.user,
                actor_label=actor.label,
                plan_slug=plan.slug,
                target=str(sheet.fiscal_year),
                summary=f"Excel/CSV から {len(sheet.changes)} 件の取組を更新",
                changes={
                    item.key: {f.field: [_jsonable(f.old), _jsonable(f.new)] for f in item.fields}
                    for item in sheet.changes
                },
            )
    return sheet.changes
