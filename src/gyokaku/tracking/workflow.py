"""The progress-report workflow: one table of allowed moves and one function that applies it.

    下書き draft ─submit→ 提出済 submitted ─approve→ 承認済 approved ─publish→ 公表済 published
    差戻し returned ─submit→ submitted        submitted ─return→ returned
    approved / published ─reopen→ draft  (the plan office takes a report back, with a reason)

Publishing stores what the public reads (``tracking.publication``); a reopened report stays
public as last published until it is published again (then with a 訂正 entry).

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
from gyokaku.tracking.models import ProgressReport, State, Transition
from gyokaku.tracking.moves import MOVES
from gyokaku.tracking.publication import publication_record
from gyokaku.tracking.rules import can_move


def transition_apply(
    *,
    report: ProgressReport,
    action: str,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
) -> Transition:
    """Apply one move of the table, or raise why not. The report's version goes up by one."""
    move = MOVES.get(action)
    if move is None:
        raise Conflict(f"「{action}」という操作はありません（{', '.join(MOVES)}）")
    with transaction.atomic():
        locked = (
            ProgressReport.objects.select_for_update()
            .select_related("round__plan", "node")
            .get(pk=report.pk)
        )
        department_ids = set(locked.node.departments.values_list("pk", flat=True))
        enforce(can_move(actor, locked, move, department_ids))
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
        locked.state = move.target
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
            to_state=move.target,
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
                "state": [old_state, move.target],
                "version": [locked.version - 1, locked.version],
                **published,
            },
        )
    report.refresh_from_db()
    return done
