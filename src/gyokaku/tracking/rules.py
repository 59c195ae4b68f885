"""Who may write what of the yearly cycle, and when: ``can_…`` returns the reason why not (a
``Reason``: the Japanese message and the error it raises, Hidden 404, Refused 403 or Conflict
409), or None when allowed. Services enforce a rule (``enforce(can_…(…))``); pages ask it
(``can_…(…) is None``) to decide which forms and buttons to show.

A rule may read the database (is a round open?) but never writes.
"""

from __future__ import annotations

from collections.abc import Set

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.lib.errors import Conflict, Hidden, Reason, Refused
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import REPORT_TEXT_FIELDS, ProgressReport, Round, State
from gyokaku.tracking.moves import MOVES, Move

# A report's text may change while it is a draft or returned (下書き・差戻し).
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
STATE_LABELS = dict(State.choices)


def can_write_node(actor: Actor, node: Node, what: str) -> Reason | None:
    """Whether ``actor`` may write anything of ``node`` at all (``what``: 年度計画, 成果指標 …):
    people of the plan's municipality other than viewers; editors only for their departments'
    nodes. Asked before the input is read, so that a write that would change nothing is not
    a success for a viewer or another department."""
    if not actor.is_internal(node.plan):
        return Reason(Hidden, "この取組方策の情報はありません")
    if actor.role == Role.VIEWER:
        return Reason(Refused, f"閲覧者は{what}を編集できません")
    if actor.role == Role.EDITOR and not actor.owns_any(node.department_ids()):
        return Reason(Refused, "担当していない所管課の取組は編集できません")
    return None


def can_edit_plan_data(actor: Actor, node: Node, what: str) -> Reason | None:
    """Plan data of a tracked node (year plans, indicator definitions, effect targets): the
    plan office at any time, the node's departments while a round of the plan is open."""
    if reason := can_write_node(actor, node, what):
        return reason
    if (
        actor.role == Role.EDITOR
        and not Round.objects.filter(plan=node.plan, is_open=True).exists()
    ):
        return Reason(Conflict, f"受付中の進捗調査がないため、{what}は編集できません")
    if not Node.objects.filter(pk=node.pk).leaves().exists():
        return Reason(
            Conflict,
            f"「{node.key}」には下位の取組があるため、{what}は下位の取組ごとに記入します",
        )
    return None


def can_edit_year_plan(actor: Actor, node: Node, fiscal_year: int) -> Reason | None:
    """A year plan (年度計画) of ``fiscal_year`` follows that year's report, as its text does:
    the node's departments while the round of the year is open and the report is a draft or
    returned; once it is submitted (or approved, published), or the round is closed, only the
    plan office changes it. A year whose round has not begun (next year's plan, written during
    this year's round) has no report yet: plan data (``can_edit_plan_data``) decides."""
    if reason := can_edit_plan_data(actor, node, "年度計画"):
        return reason
    if actor.role != Role.EDITOR:
        return None  # the plan office, at any time
    report = (
        ProgressReport.objects.select_related("round")
        .filter(node=node, fiscal_year=fiscal_year)
        .first()
    )
    if report is None:
        return None
    if not report.round.is_open:
        return Reason(
            Conflict,
            f"{fiscal_year}年度の進捗調査は締め切られているため、年度計画は編集できません"
            "（計画担当（行政経営課）に依頼してください）",
        )
    if report.state not in EDITABLE_STATES:
        return Reason(
            Conflict,
            f"{fiscal_year}年度の取組状況が「{STATE_LABELS[report.state]}」のため、"
            "年度計画は編集できません（下書き・差戻しのときだけ編集できます。"
            "変更は計画担当（行政経営課）に依頼してください）",
        )
    return None


def can_edit_report(
    actor: Actor, report: ProgressReport, department_ids: Set[int], fields: Set[str]
) -> Reason | None:
    """Whether ``actor`` may write ``fields`` of ``report`` now: its department (or the plan
    office) while the round is open; the text only of a draft or a returned report; the
    committee's opinion (委員会意見) only the plan office."""
    plan = report.round.plan
    if not actor.is_internal(plan):
        return Reason(Hidden, "この取組状況はありません")
    if actor.role == Role.VIEWER:
        return Reason(Refused, "閲覧者は取組状況を編集できません")
    if "committee_opinion" in fields and not actor.is_plan_office:
        return Reason(Refused, "委員会意見は計画担当（行政経営課）だけが記入できます")
    if actor.role == Role.EDITOR and not actor.owns_any(set(department_ids)):
        return Reason(Refused, "担当していない所管課の取組は編集できません")
    if not report.round.is_open:
        return Reason(Conflict, f"{report.fiscal_year}年度の進捗調査は締め切られています")
    if fields & set(REPORT_TEXT_FIELDS) and report.state not in EDITABLE_STATES:
        return Reason(
            Conflict,
            f"「{STATE_LABELS[report.state]}」の取組状況は編集できません"
            "（下書き・差戻しのときだけ編集できます）",
        )
    return None


def can_move(
    actor: Actor, report: ProgressReport, move: Move, department_ids: Set[int]
) -> Reason | None:
    """Whether ``actor`` may make ``move`` of the workflow table on ``report`` now (the comment
    a move needs is the service's to check). A role that may never make it is Refused; a
    move not possible now (its state, a closed round) is a Conflict that says why."""
    if not actor.is_internal(report.round.plan):
        return Reason(Hidden, "この取組状況はありません")
    if actor.role not in move.roles:
        return Reason(Refused, f"{move.label}は{_roles_text(move.roles)}だけが行えます")
    if actor.role == Role.EDITOR and not actor.owns_any(set(department_ids)):
        return Reason(Refused, f"担当していない所管課の取組は{move.label}できません")
    if report.state not in move.sources:
        allowed = "・".join(STATE_LABELS[s] for s in sorted(move.sources))
        return Reason(
            Conflict,
            f"「{STATE_LABELS[report.state]}」の取組状況は{move.label}できません"
            f"（{move.label}できるのは{allowed}のとき）",
        )
    if not report.round.is_open and not move.allowed_when_closed:
        return Reason(Conflict, f"{report.fiscal_year}年度の進捗調査は締め切られています")
    return None


def can_see_rounds(actor: Actor, plan: Plan) -> Reason | None:
    """The list of reporting rounds is internal to the plan's municipality."""
    if not actor.is_internal(plan):
        return Reason(Refused, "進捗調査の一覧はこの自治体の職員だけが見られます")
    return None


def _roles_text(roles: frozenset[str]) -> str:
    labels = dict(Role.choices)
    return "・".join(labels[r] for r in (Role.ADMIN, Role.COORDINATOR, Role.EDITOR) if r in roles)


def moves_available(report: ProgressReport, actor: Actor, department_ids: set[int]) -> list[Move]:
    """The moves ``actor`` could make on ``report`` now (for buttons)."""
    return [m for m in MOVES.values() if can_move(actor, report, m, department_ids) is None]
