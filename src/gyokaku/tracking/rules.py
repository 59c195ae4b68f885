"""Who may write what of the yearly cycle, and when: ``can_…`` returns the reason why not (a
``Reason``: the Japanese message and the error it raises, Hidden 404, Refused 403 or Conflict
409), or None when allowed. Services enforce a rule (``enforce(can_…(…))``); pages ask it
(``can_…(…) is None``) to decide which forms and buttons to show.

A rule may read the database (is a round open?) but never writes.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from gyokaku.accounts.access import PLAN_OFFICE, Actor
from gyokaku.accounts.models import APPROVER_ROLES, Role
from gyokaku.lib.errors import Conflict, Hidden, Reason, Refused
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.chain import (
    acts_at,
    chain_steps,
    current_step,
    item_steps,
    step_role_label,
)
from gyokaku.tracking.models import (
    REPORT_TEXT_FIELDS,
    STATE_LABELS,
    ChainStep,
    ProgressReport,
    Round,
    State,
)
from gyokaku.tracking.moves import MOVES, Move

# A report's text may change while it is a draft or returned (下書き・差戻し).
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
ROLE_LABELS = dict(Role.choices)
# Who writes what a report says: the departments' editors and the plan office. Viewers, 課長
# and 部長 read; 課長 and 部長 act only at their step of an approval chain.
WRITER_ROLES = frozenset({Role.EDITOR, *PLAN_OFFICE})


def _not_a_writer(actor: Actor, what: str) -> Reason | None:
    if actor.role not in WRITER_ROLES:
        return Reason(Refused, f"{ROLE_LABELS.get(actor.role or '', '')}は{what}を編集できません")
    return None


def can_write_node(actor: Actor, node: Node, what: str) -> Reason | None:
    """Whether ``actor`` may write anything of ``node`` at all (``what``: 年度計画, 成果指標 …):
    people of the plan's municipality other than viewers; editors only for their departments'
    nodes. Asked before the input is read, so that a write that would change nothing is not
    a success for a viewer or another department."""
    if not actor.is_internal(node.plan):
        return Reason(Hidden, "この取組方策の情報はありません")
    if reason := _not_a_writer(actor, what):
        return reason
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
            f"「{node.title}」は報告単位ではない（下位の取組、または上位の取組の内訳として"
            f"報告する）ため、{what}は報告単位の取組ごとに記入します",
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
        ProgressReport.objects.select_related("round__plan")
        .filter(node=node, fiscal_year=fiscal_year)
        .first()
    )
    if report is None:
        return None
    if not report.round.is_open:
        return Reason(
            Conflict,
            f"{fiscal_year}年度の進捗調査は締め切られているため、年度計画は編集できません"
            f"（{report.round.plan.office_label}に依頼してください）",
        )
    if report.state not in EDITABLE_STATES:
        return Reason(
            Conflict,
            f"{fiscal_year}年度の取組状況が「{STATE_LABELS[report.state]}」のため、"
            "年度計画は編集できません（下書き・差戻しのときだけ編集できます。"
            f"変更は{report.round.plan.office_label}に依頼してください）",
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
    if reason := _not_a_writer(actor, "取組状況"):
        return reason
    if "committee_opinion" in fields and not actor.is_plan_office:
        return Reason(Refused, f"委員会意見は{plan.office_label}だけが記入できます")
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
    actor: Actor,
    report: ProgressReport,
    move: Move,
    department_ids: Set[int],
    bureau_ids: Set[int] = frozenset(),
    steps: Sequence[ChainStep] | None = None,
) -> Reason | None:
    """Whether ``actor`` may make ``move`` of the workflow table on ``report`` now (the comment
    a move needs is the service's to check). A role that may never make it is Refused; a
    move not possible now (its state, a closed round) is a Conflict that says why.

    Moves made at a step (confirm, return, approve) follow the plan's approval chain
    (``steps``, read when not given; ``bureau_ids`` are the 部 of the item's departments):
    only whom the step names may make them. Without a chain, as ever: the plan office."""
    if not actor.is_internal(report.round.plan):
        return Reason(Hidden, "この取組状況はありません")
    if actor.role not in move.roles:
        return Reason(Refused, f"{move.label}は{_roles_text(move.roles)}だけが行えます")
    if actor.role == Role.EDITOR and not actor.owns_any(set(department_ids)):
        return Reason(Refused, f"担当していない所管課の取組は{move.label}できません")
    chain: Sequence[ChainStep] = ()
    if move.at_step:
        chain = item_steps(chain_steps(report.round.plan) if steps is None else steps, bureau_ids)
        if reason := _step_actor(actor, report, move, chain, department_ids, bureau_ids):
            return reason
    if report.state not in move.sources:
        allowed = "・".join(STATE_LABELS[s] for s in sorted(move.sources))
        return Reason(
            Conflict,
            f"「{STATE_LABELS[report.state]}」の取組状況は{move.label}できません"
            f"（{move.label}できるのは{allowed}のとき）",
        )
    if not report.round.is_open and not move.allowed_when_closed:
        return Reason(Conflict, f"{report.fiscal_year}年度の進捗調査は締め切られています")
    if move.at_step:
        return _step_position(report, move, chain)
    return None


def _step_actor(
    actor: Actor,
    report: ProgressReport,
    move: Move,
    steps: Sequence[ChainStep],
    department_ids: Set[int],
    bureau_ids: Set[int],
) -> Reason | None:
    """Whether ``actor`` is whom the step the report waits at names (before it is submitted:
    any step of the item's chain), for a move made at a step."""
    if not steps:
        if actor.role in APPROVER_ROLES:
            return Reason(
                Refused,
                f"この計画には承認ルートがないため、{ROLE_LABELS[actor.role]}は"
                f"{move.label}できません",
            )
        return None
    step = current_step(report, steps)
    if step is not None:
        if not acts_at(actor, step, department_ids, bureau_ids):
            who = step_role_label(step.role, report.round.plan)
            return Reason(Refused, f"「{step.name}」は{who}が行います")
        return None
    if not any(acts_at(actor, s, department_ids, bureau_ids) for s in steps):
        return Reason(Refused, f"この取組の{move.label}を行う段階の担当ではありません")
    return None


def _step_position(report: ProgressReport, move: Move, steps: Sequence[ChainStep]) -> Reason | None:
    """確認 passes a report on to the next step; 承認 is the last step's."""
    step = current_step(report, steps)
    if step is None:
        if move.action == "confirm":
            return Reason(Conflict, "この計画には承認ルートがないため、確認はありません")
        return None
    last = step.pk == steps[-1].pk
    if move.action == "confirm" and last:
        return Reason(Conflict, f"「{step.name}」は最後の段階のため、確認ではなく承認します")
    if move.action == "approve" and not last:
        return Reason(
            Conflict,
            f"「{step.waiting_label}」の取組状況は承認できません"
            f"（承認は「{steps[-1].name}」で行います）",
        )
    return None


def can_see_rounds(actor: Actor, plan: Plan) -> Reason | None:
    """The list of reporting rounds is internal to the plan's municipality."""
    if not actor.is_internal(plan):
        return Reason(Refused, "進捗調査の一覧はこの自治体の職員だけが見られます")
    return None


def _roles_text(roles: frozenset[str]) -> str:
    labels = dict(Role.choices)
    order = (Role.ADMIN, Role.COORDINATOR, Role.EDITOR, Role.CHIEF, Role.DIRECTOR)
    return "・".join(labels[r] for r in order if r in roles)


def moves_available(
    report: ProgressReport,
    actor: Actor,
    department_ids: Set[int],
    bureau_ids: Set[int] = frozenset(),
    steps: Sequence[ChainStep] | None = None,
) -> list[Move]:
    """The moves ``actor`` could make on ``report`` now (for buttons)."""
    steps = item_steps(chain_steps(report.round.plan) if steps is None else steps, bureau_ids)
    return [
        m
        for m in MOVES.values()
        if can_move(actor, report, m, department_ids, bureau_ids, steps) is None
    ]
