"""The progress-report workflow: one table of allowed moves and one function that applies it.

    下書き draft ─submit→ 提出済 submitted ─approve→ 承認済 approved ─publish→ 公表済 published
    差戻し returned ─submit→ submitted        submitted ─return→ returned
    approved / published ─reopen→ draft  (the plan office takes a report back, with a reason)

Publishing stores what the public reads (``tracking.publication``); a reopened report stays
public as last published until it is published again (then with a 訂正 entry).

A plan with an approval chain (tracking/chain.py) keeps a submitted report at a step: submit
puts it at the first, confirm (確認) passes it to the next, approve is the last step's, and
return sends it back to any earlier step (``to_step``, still submitted) or to the department
(差戻し). Who may act at a step is ``can_move``.

A move the caller's role may never make is Refused (403); a move that is not possible now (wrong
state, closed round, missing comment, another department's item) is a Conflict (409) that says
why, or Refused where it is about who the caller is. Who may make a move when is the rule
``can_move`` (tracking/rules.py); the comment a move needs is checked here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gyokaku.accounts.access import Actor
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Conflict, Invalid, Stale, enforce
from gyokaku.lib.text import text_problem
from gyokaku.tracking.chain import (
    chain_steps,
    current_step,
    earlier_steps,
    item_steps,
    next_step,
    node_holders,
)
from gyokaku.tracking.models import ChainStep, ProgressReport, State, Transition
from gyokaku.tracking.moves import MOVES, Move
from gyokaku.tracking.publication import publication_record
from gyokaku.tracking.rules import can_move


def transition_apply(
    *,
    report: ProgressReport,
    action: str,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
    to_step: str = "",
) -> Transition:
    """Apply one move of the table, or raise why not. The report's version goes up by one.
    ``to_step``: for a return in a chain, the code of the earlier step to return to ("" or
    ``department``: to the department)."""
    move = MOVES.get(action)
    if move is None:
        raise Conflict(f"「{action}」という操作はありません（{', '.join(MOVES)}）")
    with transaction.atomic():
        locked = (
            ProgressReport.objects.select_for_update()
            .select_related("round__plan", "node")
            .get(pk=report.pk)
        )
        department_ids, bureau_ids = node_holders(locked.node)
        # only moves into or along the chain read it (publishing a year stays one query less
        # per report)
        on_chain = move.at_step or move.target == State.SUBMITTED
        steps = item_steps(chain_steps(locked.round.plan), bureau_ids) if on_chain else []
        enforce(can_move(actor, locked, move, department_ids, bureau_ids, steps))
        if move.needs_comment and not comment.strip():
            raise Conflict(f"{move.label}には理由（コメント）が必要です")
        if problem := text_problem(comment, multiline=True):
            raise Invalid({"comment": problem})
        if expected_version is not None and expected_version != locked.version:
            raise Stale(
                "この取組状況は他の人が更新しました。読み込み直してください",
                current_version=locked.version,
            )
        old_state = locked.state
        old_step = current_step(locked, steps)
        target, step = _destination(locked, move, steps, to_step)
        locked.state = target
        locked.step = step
        locked.version += 1
        locked.updated_by = actor.user
        locked._change_reason = f"{move.action}: {comment}".strip()  # type: ignore[attr-defined]
        published: dict[str, list[Any]] = {}
        if move.target == State.PUBLISHED:  # what the public reads from now on
            publication = publication_record(report=locked, actor=actor, reason=comment, save=False)
            published = {"publication": [publication.number - 1 or None, publication.number]}
            if publication.changes:
                published["corrected"] = [[], publication.changes]
        locked.save()
        done = Transition.objects.create(
            report=locked,
            action=move.action,
            from_state=old_state,
            to_state=target,
            from_step=old_step.name if old_step else "",
            to_step=step.name if step else "",
            actor=actor.user,
            comment=comment.strip(),
        )
        audit_record(
            action=f"progress.{move.action}",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=locked.round.plan.slug,
            target=f"{locked.node.key}/{locked.fiscal_year}",
            summary=comment.strip(),
            changes={
                "state": [old_state, target],
                "version": [locked.version - 1, locked.version],
                **published,
                **(
                    {"step": [done.from_step or None, done.to_step or None]}
                    if done.from_step or done.to_step
                    else {}
                ),
            },
        )
    report.refresh_from_db()
    return done


def _destination(
    report: ProgressReport, move: Move, steps: list[ChainStep], to_step: str
) -> tuple[str, ChainStep | None]:
    """The state and chain step a move leads to (``can_move`` has allowed it)."""
    if to_step and to_step != "department" and move.action != "return":
        raise Invalid({"to_step": "差戻し先は差戻しのときだけ指定します"})
    step = current_step(report, steps)
    if not steps:
        if to_step not in ("", "department"):
            raise Invalid({"to_step": "この計画には承認ルートがないため、差戻し先は指定できません"})
        return move.target, None
    if move.action == "submit":
        return State.SUBMITTED, steps[0]
    if move.action == "confirm" and step is not None:
        return State.SUBMITTED, next_step(step, steps)
    if move.action == "return" and step is not None and to_step not in ("", "department"):
        earlier = {s.code: s for s in earlier_steps(step, steps)}
        if to_step not in earlier:
            names = "、".join(f"{code}（{s.name}）" for code, s in earlier.items())
            raise Invalid(
                {
                    "to_step": f"差戻し先「{to_step}」は「{step.name}」より前の段階ではありません"
                    f"（指定できるのは department（所管課）{'、' + names if names else ''}）"
                }
            )
        return State.SUBMITTED, earlier[to_step]
    return move.target, None
