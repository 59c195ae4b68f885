"""Writes of the committee's review, each checked by ``rules`` and recorded in the audit log:
share a year (共有), write and change opinions (意見), withdraw one (取下げ), reply (対応),
close the opinions (確定) and publish them (公表)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.audit.services import audit_record
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview, ReviewState
from gyokaku.committee.rules import (
    can_edit_opinion,
    can_manage_review,
    can_reply,
    can_withdraw_opinion,
    can_write_opinion,
)
from gyokaku.lib.errors import Conflict, Invalid, enforce
from gyokaku.lib.text import text_problem
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ProgressReport

TEXT_LIMIT = 4000


def _audit(actor: Actor, action: str, review: CommitteeReview, target: str, **kw: Any) -> None:
    audit_record(
        action=action,
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=review.plan.slug,
        target=target,
        **kw,
    )


def _lock(review: CommitteeReview) -> None:
    """Read the year's state again under a row lock (inside the write's transaction), so that
    a write checked against an open year cannot land after it was closed or published."""
    locked = CommitteeReview.objects.select_for_update().filter(pk=review.pk)
    review.state = locked.values_list("state", flat=True).get()


def _text(value: str, field: str, what: str, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise Invalid({field: f"{what}を入力してください"})
    if len(value) > TEXT_LIMIT:
        raise Invalid({field: f"{what}は{TEXT_LIMIT:,}字以内で入力してください"})
    if problem := text_problem(value, multiline=True):
        raise Invalid({field: problem})
    return value


def review_share(
    *,
    plan: Plan,
    fiscal_year: int,
    actor: Actor,
    meeting_name: str = "",
    meeting_date: datetime.date | None = None,
) -> CommitteeReview:
    """共有: the year's reports become readable by the committee, which may write opinions."""
    enforce(can_manage_review(actor, plan, "委員会への共有"))
    if fiscal_year not in plan.fiscal_years:
        raise Invalid({"fiscal_year": f"{fy_label(fiscal_year)}はこの計画の期間外です"})
    if problem := text_problem(meeting_name, multiline=False):
        raise Invalid({"meeting_name": problem})
    if len(meeting_name) > 200:
        raise Invalid({"meeting_name": "会議名は200字以内で入力してください"})
    with transaction.atomic():
        if CommitteeReview.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
            raise Conflict(f"{fy_label(fiscal_year)}はすでに委員会に共有しています")
        review = CommitteeReview.objects.create(
            plan=plan,
            fiscal_year=fiscal_year,
            meeting_name=meeting_name.strip(),
            meeting_date=meeting_date,
        )
        _audit(
            actor,
            "committee.share",
            review,
            str(fiscal_year),
            summary=f"{fy_label(fiscal_year)}を委員会に共有",
            changes={"state": [None, ReviewState.OPEN]},
        )
    return review


_MOVES = {
    # what, from, to, action, time field
    "close": ("意見の確定", ReviewState.OPEN, ReviewState.CLOSED, "closed_at"),
    "publish": ("委員会意見の公表", ReviewState.CLOSED, ReviewState.PUBLISHED, "published_at"),
}


def review_move(*, review: CommitteeReview, move: str, actor: Actor) -> CommitteeReview:
    """確定 (close: members stop writing) or 公表 (publish, once closed: the public reads the
    opinions and replies with the published reports)."""
    what, before, after, stamp = _MOVES[move]
    enforce(can_manage_review(actor, review.plan, what))
    with transaction.atomic():
        current = CommitteeReview.objects.select_for_update().get(pk=review.pk)
        if current.state != before:
            state = ReviewState(current.state).label
            raise Conflict(f"{what}は{ReviewState(before).label}のときだけ行えます（いま{state}）")
        review.state = after
        setattr(review, stamp, timezone.now())
        review.save(update_fields=["state", stamp])
        _audit(
            actor,
            f"committee.{move}",
            review,
            str(review.fiscal_year),
            summary=f"{fy_label(review.fiscal_year)}の{what}",
            changes={"state": [before, after]},
        )
    return review


def opinion_add(
    *, review: CommitteeReview, node: Node, text: str, actor: Actor
) -> CommitteeOpinion:
    """A member's opinion on an item of the shared year."""
    enforce(can_write_opinion(actor, review))  # who, before the input is read
    text = _text(text, "text", "意見")
    reported = ProgressReport.objects.filter(
        node=node, node__plan=review.plan, fiscal_year=review.fiscal_year
    ).exists()
    if not reported:
        raise Invalid({"key": "この年度の取組状況がない取組には意見を記入できません"})
    user = actor.user
    # The name as the people page stores it (氏名 in first_name; 姓 名 when both are set), the
    # login name when none is given
    name = f"{user.last_name} {user.first_name}".strip() or user.get_username()
    with transaction.atomic():
        _lock(review)
        enforce(can_write_opinion(actor, review))
        opinion = CommitteeOpinion.objects.create(
            review=review, node=node, author=user, author_name=name, text=text
        )
        _audit(
            actor,
            "committee.opinion.add",
            review,
            f"{node.key}/{review.fiscal_year}",
            changes={"text": [None, text]},
        )
    return opinion


def opinion_update(*, opinion: CommitteeOpinion, text: str, actor: Actor) -> CommitteeOpinion:
    enforce(can_edit_opinion(actor, opinion))
    text = _text(text, "text", "意見")
    if text == opinion.text:
        return opinion
    with transaction.atomic():
        _lock(opinion.review)
        enforce(can_edit_opinion(actor, opinion))
        old, opinion.text, opinion.updated_at = opinion.text, text, timezone.now()
        opinion.save(update_fields=["text", "updated_at"])
        _audit(
            actor,
            "committee.opinion.update",
            opinion.review,
            f"{opinion.node.key}/{opinion.review.fiscal_year} #{opinion.pk}",
            changes={"text": [old, text]},
        )
    return opinion


def opinion_withdraw(
    *, opinion: CommitteeOpinion, withdrawn: bool, actor: Actor
) -> CommitteeOpinion:
    """取下げ (``withdrawn``) or bring back: a withdrawn opinion is kept but shown nowhere."""
    enforce(can_withdraw_opinion(actor, opinion))
    if opinion.withdrawn == withdrawn:
        return opinion
    with transaction.atomic():
        _lock(opinion.review)
        enforce(can_withdraw_opinion(actor, opinion))
        opinion.withdrawn = withdrawn
        opinion.save(update_fields=["withdrawn"])
        _audit(
            actor,
            "committee.opinion.withdraw",
            opinion.review,
            f"{opinion.node.key}/{opinion.review.fiscal_year} #{opinion.pk}",
            changes={"withdrawn": [not withdrawn, withdrawn]},
        )
    return opinion


def opinion_reply(*, opinion: CommitteeOpinion, reply: str, actor: Actor) -> CommitteeOpinion:
    """対応: the department's answer to an opinion (empty clears it)."""
    enforce(can_reply(actor, opinion))
    reply = _text(reply, "reply", "対応", required=False)
    if reply == opinion.reply:
        return opinion
    with transaction.atomic():
        _lock(opinion.review)
        enforce(can_reply(actor, opinion))
        old = opinion.reply
        opinion.reply, opinion.reply_by, opinion.reply_at = reply, actor.user, timezone.now()
        opinion.save(update_fields=["reply", "reply_by", "reply_at"])
        _audit(
            actor,
            "committee.reply",
            opinion.review,
            f"{opinion.node.key}/{opinion.review.fiscal_year} #{opinion.pk}",
            changes={"reply": [old or None, reply or None]},
        )
    return opinion
