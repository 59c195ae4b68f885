"""Who may write indicators and fiscal effects, and when: ``can_…`` returns the reason why not
(a ``Reason``), or None when allowed; services enforce, pages ask (as tracking/rules.py).

Definitions and targets are plan data (``tracking.rules.can_edit_plan_data``); the actuals of
a year belong to that year's report and follow whether the report may be edited.
"""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.lib.errors import Conflict, Hidden, Reason, Refused
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ProgressReport, Round
from gyokaku.tracking.rules import can_edit_report


def can_write_actuals(actor: Actor, node: Node, fiscal_year: int) -> Reason | None:
    """Actuals of a year follow that year's report: its round open, the report editable."""
    report = (
        ProgressReport.objects.select_related("round__plan", "node")
        .filter(node=node, fiscal_year=fiscal_year)
        .first()
    )
    if report is None:
        if not actor.is_internal(node.plan):
            return Reason(Hidden, "この取組方策の情報はありません")
        return Reason(
            Conflict, f"{fiscal_year}年度の進捗調査が開始されていないため、実績は入力できません"
        )
    return can_edit_report(actor, report, node.department_ids(), {"result_text"})


def targets_adopted(plan: Plan) -> bool:
    """The plan is adopted (策定済み) once its first reporting round was opened: from then on
    its baselines and targets change only with a reason, recorded (measures.target_record)."""
    return Round.objects.filter(plan=plan).exists()


def can_change_targets(actor: Actor, plan: Plan) -> Reason | None:
    """Baselines and targets (基準値・目標値・最終目標・目標額) are the plan office's at any
    time; departments propose a change (目標値の変更提案), in every state of every round."""
    if not actor.is_internal(plan):
        return Reason(Hidden, "この計画の情報はありません")
    if not actor.is_plan_office_of(plan):
        return Reason(
            Refused,
            f"基準値・目標値は計画で定めた値のため、{plan.office_label}だけが変更できます"
            "（所管課は「目標値の変更提案」から提案してください）",
        )
    return None


def can_propose_targets(actor: Actor, node: Node) -> Reason | None:
    """A department proposes changes to the targets of its own items; the plan office, which
    changes them itself, has nothing to propose."""
    if not actor.is_internal(node.plan):
        return Reason(Hidden, "この取組方策の情報はありません")
    if actor.role != Role.EDITOR or not actor.owns_any(node.department_ids()):
        return Reason(Refused, "目標値の変更提案は、この取組を担当する所管課が行います")
    return None
