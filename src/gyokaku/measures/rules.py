"""Who may write indicators and fiscal effects, and when: ``can_…`` returns the reason why not
(a ``Reason``), or None when allowed; services enforce, pages ask (as tracking/rules.py).

Definitions and targets are plan data (``tracking.rules.can_edit_plan_data``); the actuals of
a year belong to that year's report and follow whether the report may be edited.
"""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.lib.errors import Conflict, Hidden, Reason
from gyokaku.plans.models import Node
from gyokaku.tracking.models import ProgressReport
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
