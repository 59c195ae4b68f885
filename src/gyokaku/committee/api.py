"""API of the committee under /api/v1/plans/{slug}/committee/{fy}: the shared year, its
opinions (意見) with their replies (対応), a member's new opinion and its change, and the
department's reply. The same rules as the pages (committee/rules.py): a year not shared, or
shared with another city's committee, answers 404; a role that may never write it, 403; a
year no longer open, 409. Opinions carry no version: the last write wins (as on the page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from gyokaku.accounts.access import Actor
from gyokaku.accounts.api_auth import READ_AUTH, WRITE_AUTH, request_actor
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview
from gyokaku.committee.rules import can_write_opinion
from gyokaku.committee.schemas import OpinionIn, OpinionOut, OpinionUpdateIn, ReplyIn, ReviewOut
from gyokaku.committee.selectors import opinion_for, review_for, review_items
from gyokaku.committee.services import opinion_add, opinion_reply, opinion_update
from gyokaku.lib.errors import Invalid, enforce
from gyokaku.plans.selectors import plan_for
from gyokaku.web.api_answers import BODY, READ, WRITE, answers

router = Router(tags=["committee"])

YEAR = "/{slug}/committee/{fy}"


def _review(actor: Actor, slug: str, fy: int) -> CommitteeReview:
    return review_for(actor, plan=plan_for(slug=slug), fiscal_year=fy)


def _review_out(review: CommitteeReview) -> dict[str, Any]:
    return {
        "plan": review.plan.slug,
        "fiscal_year": review.fiscal_year,
        "fiscal_year_label": review.fy_label,
        "meeting_name": review.meeting_name,
        "meeting_date": review.meeting_date,
        "state": review.state,
        "state_label": review.state_label,
    }


def _opinion_out(opinion: CommitteeOpinion, number: str) -> dict[str, Any]:
    return {
        "id": opinion.pk,
        "key": opinion.node.key,
        "number": number,
        "title": opinion.node.title,
        "member": opinion.author_name,
        "opinion": opinion.text,
        "reply": opinion.reply,
        "reply_at": opinion.reply_at,
        "withdrawn": opinion.withdrawn,
        "created_at": opinion.created_at,
        "updated_at": opinion.updated_at,
    }


def _one_out(actor: Actor, opinion: CommitteeOpinion) -> dict[str, Any]:
    [item] = review_items(actor, opinion.review, key=opinion.node.key)
    return _opinion_out(opinion, item.number)


@router.get(
    YEAR,
    response=answers(ReviewOut, *READ, 422),
    auth=READ_AUTH,
    summary="A fiscal year shared with the committee (committee members and the city's staff)",
)
def review_get(request: HttpRequest, slug: str, fy: int) -> dict[str, Any]:
    return _review_out(_review(request_actor(request), slug, fy))


@router.get(
    YEAR + "/opinions",
    response=answers(list[OpinionOut], *READ, 422),
    auth=READ_AUTH,
    summary="The committee's opinions of a shared year with the departments' replies",
)
def opinions_list(request: HttpRequest, slug: str, fy: int) -> list[dict[str, Any]]:
    actor = request_actor(request)
    review = _review(actor, slug, fy)
    return [
        _opinion_out(opinion, item.number)
        for item in review_items(actor, review)
        for opinion in item.opinions
    ]


@router.post(
    YEAR + "/opinions",
    response=answers({201: OpinionOut}, *WRITE, *BODY, 409),
    auth=WRITE_AUTH,
    summary="Write an opinion on an item (committee members, while the year is open)",
)
def opinion_post(
    request: HttpRequest, slug: str, fy: int, payload: OpinionIn
) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    review = _review(actor, slug, fy)
    enforce(can_write_opinion(actor, review))  # who, before the input is read
    items = review_items(actor, review, key=payload.key)
    if not items:
        raise Invalid({"key": f"取組「{payload.key}」はこの年度の取組状況にありません"})
    opinion = opinion_add(review=review, node=items[0].node, text=payload.opinion, actor=actor)
    return Status(201, _opinion_out(opinion, items[0].number))


@router.put(
    YEAR + "/opinions/{opinion_id}",
    response=answers(OpinionOut, *WRITE, *BODY, 409),
    auth=WRITE_AUTH,
    summary="Change an opinion (its member while open, the plan office until published)",
)
def opinion_put(
    request: HttpRequest, slug: str, fy: int, opinion_id: int, payload: OpinionUpdateIn
) -> dict[str, Any]:
    actor = request_actor(request)
    opinion = opinion_for(actor, _review(actor, slug, fy), opinion_id)
    return _one_out(actor, opinion_update(opinion=opinion, text=payload.opinion, actor=actor))


@router.put(
    YEAR + "/opinions/{opinion_id}/reply",
    response=answers(OpinionOut, *WRITE, *BODY, 409),
    auth=WRITE_AUTH,
    summary="Write the reply (対応) to an opinion (the item's departments, the plan office)",
)
def reply_put(
    request: HttpRequest, slug: str, fy: int, opinion_id: int, payload: ReplyIn
) -> dict[str, Any]:
    actor = request_actor(request)
    opinion = opinion_for(actor, _review(actor, slug, fy), opinion_id)
    return _one_out(actor, opinion_reply(opinion=opinion, reply=payload.reply, actor=actor))
