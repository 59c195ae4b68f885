"""API of the yearly cycle under /api/v1/plans/{slug}: progress reports and their workflow,
year plans, reporting rounds and rating scales.

Each operation: who is calling (``request_actor``), one selector that finds what they may see
(``Hidden`` → 404 otherwise), one service call that checks what they may do. Versioned records
send ``ETag: "<version>"``; a PUT needs ``If-Match`` (428 without, 412 when stale).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status

from gyokaku.accounts.access import Actor
from gyokaku.accounts.api_auth import READ_AUTH, WRITE_AUTH, request_actor
from gyokaku.accounts.rules import require_plan_office
from gyokaku.lib.errors import Stale
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.selectors import plan_for
from gyokaku.tracking import selectors
from gyokaku.tracking.models import ProgressReport, Round, State, Transition
from gyokaku.tracking.schemas import (
    ProgressIn,
    ProgressOut,
    RatingScaleOut,
    RoundOpenIn,
    RoundOut,
    RoundReopenIn,
    StaleOut,
    TransitionDoneOut,
    TransitionIn,
    YearPlanIn,
    YearPlanOut,
    YearPublicationOut,
    YearPublishedOut,
)
from gyokaku.tracking.services import (
    progress_update,
    round_close,
    round_open,
    round_reopen,
    year_plan_update,
    year_publish,
)
from gyokaku.tracking.workflow import transition_apply
from gyokaku.web.api_answers import (
    BODY,
    IF_MATCH_OPTIONAL,
    IF_MATCH_REQUIRED,
    READ,
    VERSIONED,
    WRITE,
    answers,
)
from gyokaku.web.versioned import if_match_optional, if_match_required, stale_answer

router = Router(tags=["progress"])

NODE = "/{slug}/nodes/{key}"


# ---- progress reports ---------------------------------------------------------------------


def _transition_out(t: Transition) -> dict[str, Any]:
    return {
        "action": t.action,
        "from_state": t.from_state,
        "to_state": t.to_state,
        "from_step": t.from_step,
        "to_step": t.to_step,
        "actor": t.actor.get_username(),
        "at": t.at,
        "comment": t.comment,
    }


def _progress_out(actor: Actor, report: ProgressReport) -> dict[str, Any]:
    plan = report.round.plan
    return {
        "plan": plan.slug,
        "key": report.node.key,
        "fiscal_year": report.fiscal_year,
        "fiscal_year_label": fy_label(report.fiscal_year),
        "result_text": report.result_text,
        "issues_text": report.issues_text,
        "next_plan_text": report.next_plan_text,
        "direction": report.direction,
        "ratings": report.ratings,
        "committee_opinion": report.committee_opinion,
        "state": report.state,
        "state_label": State(report.state).label,
        "step": report.step.code if report.step else "",
        "step_label": report.step.waiting_label if report.step else "",
        "version": report.version,
        "round_open": report.round.is_open,
        "updated_at": report.updated_at,
        "transitions": [_transition_out(t) for t in selectors.report_transitions(actor, report)],
    }


def _report(actor: Actor, slug: str, key: str, fy: int) -> ProgressReport:
    return selectors.report_get_for(actor, plan_for(slug=slug), key, fy)


@router.get(
    NODE + "/progress/{fy}",
    response=answers(ProgressOut, *READ, 422),
    auth=READ_AUTH,
    summary="A progress report",
)
def progress_get(
    request: HttpRequest, response: HttpResponse, slug: str, key: str, fy: int
) -> dict[str, Any]:
    actor = request_actor(request)
    report = _report(actor, slug, key, fy)
    response["ETag"] = report.etag
    return _progress_out(actor, report)


@router.put(
    NODE + "/progress/{fy}",
    response=answers({200: ProgressOut, 412: StaleOut}, *WRITE, *BODY, *VERSIONED, 409),
    openapi_extra=IF_MATCH_REQUIRED,
    auth=WRITE_AUTH,
    summary="Write fields of a progress report (If-Match required)",
)
def progress_put(
    request: HttpRequest, response: HttpResponse, slug: str, key: str, fy: int, payload: ProgressIn
) -> Any:
    actor = request_actor(request)
    report = _report(actor, slug, key, fy)
    expected = if_match_required(request)
    try:
        report = progress_update(
            report=report,
            actor=actor,
            data=payload.model_dump(exclude_unset=True),
            expected_version=expected,
        )
    except Stale as exc:
        report.refresh_from_db()
        return stale_answer(
            response,
            exc,
            version=report.version,
            current=_progress_out(actor, report),
            changed=selectors.report_changes_since(report, expected),
        )
    response["ETag"] = report.etag
    return _progress_out(actor, report)


@router.post(
    NODE + "/progress/{fy}/transitions",
    response=answers({201: TransitionDoneOut}, *WRITE, *BODY, 409, 412),
    openapi_extra=IF_MATCH_OPTIONAL,
    auth=WRITE_AUTH,
    summary="Move a progress report through the workflow (If-Match optional)",
)
def progress_transition(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    key: str,
    fy: int,
    payload: TransitionIn,
) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    report = _report(actor, slug, key, fy)
    done = transition_apply(
        report=report,
        action=payload.action,
        actor=actor,
        comment=payload.comment,
        expected_version=if_match_optional(request),
        to_step=payload.to_step,
    )
    response["ETag"] = report.etag
    return Status(201, {**_transition_out(done), "state": report.state, "version": report.version})


# ---- year plans ---------------------------------------------------------------------------


def _year_plan_out(view: selectors.YearPlanView) -> dict[str, Any]:
    year_plan = view.year_plan
    stage = year_plan.stage if year_plan else ""
    return {
        "plan": view.node.plan.slug,
        "key": view.node.key,
        "fiscal_year": view.fiscal_year,
        "fiscal_year_label": fy_label(view.fiscal_year),
        "stage": stage,
        "stage_label": view.node.plan.stage_label(stage),
        "text": year_plan.text if year_plan else "",
        "version": view.version,
        "updated_at": year_plan.updated_at if year_plan else None,
    }


@router.get(
    NODE + "/year-plans/{fy}",
    response=answers(YearPlanOut, *READ, 422),
    auth=READ_AUTH,
    summary="A year plan",
)
def year_plan_get(
    request: HttpRequest, response: HttpResponse, slug: str, key: str, fy: int
) -> dict[str, Any]:
    actor = request_actor(request)
    view = selectors.year_plan_get_for(actor, plan_for(slug=slug), key, fy)
    response["ETag"] = view.etag
    return _year_plan_out(view)


@router.put(
    NODE + "/year-plans/{fy}",
    response=answers(
        {200: YearPlanOut, 201: YearPlanOut, 412: StaleOut}, *WRITE, *BODY, *VERSIONED, 409
    ),
    openapi_extra=IF_MATCH_REQUIRED,
    auth=WRITE_AUTH,
    summary='Write a year plan (If-Match required; "0" creates it)',
)
def year_plan_put(
    request: HttpRequest, response: HttpResponse, slug: str, key: str, fy: int, payload: YearPlanIn
) -> Any:
    actor = request_actor(request)
    plan = plan_for(slug=slug)
    view = selectors.year_plan_get_for(actor, plan, key, fy)
    expected = if_match_required(request)
    try:
        year_plan = year_plan_update(
            node=view.node,
            fiscal_year=fy,
            actor=actor,
            data=payload.model_dump(exclude_unset=True),
            expected_version=expected,
        )
    except Stale as exc:
        now = selectors.year_plan_get_for(actor, plan, key, fy)
        return stale_answer(
            response,
            exc,
            version=now.version,
            current=_year_plan_out(now),
            changed=selectors.year_plan_changes_since(now, expected),
        )
    written = selectors.YearPlanView(node=view.node, fiscal_year=fy, year_plan=year_plan)
    response["ETag"] = written.etag
    return Status(201 if view.year_plan is None else 200, _year_plan_out(written))


# ---- rounds -------------------------------------------------------------------------------


def _round_out(round_: Round, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "fiscal_year": round_.fiscal_year,
        "fiscal_year_label": fy_label(round_.fiscal_year),
        "is_open": round_.is_open,
        "deadline": round_.deadline,
        "opened_at": round_.opened_at,
        "closed_at": round_.closed_at,
        "report_counts": counts,
    }


def _round_row_out(actor: Actor, round_: Round) -> dict[str, Any]:
    rows = selectors.rounds_for(actor, round_.plan)
    row = next(r for r in rows if r.round.pk == round_.pk)
    return _round_out(row.round, row.report_counts)


@router.get(
    "/{slug}/rounds",
    response=answers(list[RoundOut], *WRITE),
    auth=WRITE_AUTH,
    summary="Reporting rounds (進捗調査), newest first",
)
def rounds_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    rows = selectors.rounds_for(request_actor(request), plan_for(slug=slug))
    return [_round_out(row.round, row.report_counts) for row in rows]


@router.post(
    "/{slug}/rounds",
    response=answers({200: RoundOut, 201: RoundOut}, *WRITE, *BODY, 409),
    auth=WRITE_AUTH,
    summary="Open a reporting round (plan office); opening an open one sets its deadline",
)
def rounds_open(request: HttpRequest, slug: str, payload: RoundOpenIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    plan = plan_for(slug=slug)
    existed = Round.objects.filter(plan=plan, fiscal_year=payload.fiscal_year).exists()
    round_ = round_open(
        plan=plan, fiscal_year=payload.fiscal_year, actor=actor, deadline=payload.deadline
    )
    round_.plan = plan
    return Status(200 if existed else 201, _round_row_out(actor, round_))


@router.post(
    "/{slug}/rounds/{fy}/close",
    response=answers(RoundOut, *WRITE, 409),
    auth=WRITE_AUTH,
    summary="Close a round (plan office): its reports are locked",
)
def rounds_close(request: HttpRequest, slug: str, fy: int) -> dict[str, Any]:
    actor = request_actor(request)
    round_ = selectors.round_for(plan=plan_for(slug=slug), fy=fy)
    return _round_row_out(actor, round_close(round_=round_, actor=actor))


@router.post(
    "/{slug}/rounds/{fy}/reopen",
    response=answers(RoundOut, *WRITE, *BODY, 409),
    auth=WRITE_AUTH,
    summary="Reopen a closed round (plan office), with a reason",
)
def rounds_reopen(
    request: HttpRequest, slug: str, fy: int, payload: RoundReopenIn
) -> dict[str, Any]:
    actor = request_actor(request)
    round_ = selectors.round_for(plan=plan_for(slug=slug), fy=fy)
    return _round_row_out(actor, round_reopen(round_=round_, actor=actor, reason=payload.reason))


# ---- publishing a fiscal year (年度の公表) -------------------------------------------------


def _item_out(item: selectors.PreviewItem) -> dict[str, Any]:
    return {
        "key": item.node.key,
        "code": item.node.code,
        "title": item.node.title,
        "state": item.state,
        "state_label": item.state_label,
        "departments": list(item.departments),
    }


@router.get(
    "/{slug}/rounds/{fy}/publish",
    response=answers(YearPublicationOut, *WRITE),
    auth=WRITE_AUTH,
    summary="What publishing the fiscal year would do (plan office; a dry run)",
)
def year_publish_preview(request: HttpRequest, slug: str, fy: int) -> dict[str, Any]:
    plan = plan_for(slug=slug)
    require_plan_office(request_actor(request), plan, "年度の公表")
    selectors.round_for(plan=plan, fy=fy)
    preview = selectors.year_publication_preview(plan, fy)
    return {
        "fiscal_year": fy,
        "fiscal_year_label": fy_label(fy),
        "to_publish": [_item_out(i) for i in preview.to_publish],
        "already": [_item_out(i) for i in preview.already],
        "missing": [_item_out(i) for i in preview.missing],
        "now": preview.now.as_dict(),
        "after": preview.after.as_dict(),
    }


@router.post(
    "/{slug}/rounds/{fy}/publish",
    response=answers(YearPublishedOut, *WRITE, 409),
    auth=WRITE_AUTH,
    summary="Publish every approved report of the fiscal year at once (plan office)",
)
def year_publish_post(request: HttpRequest, slug: str, fy: int) -> dict[str, Any]:
    done = year_publish(plan=plan_for(slug=slug), fiscal_year=fy, actor=request_actor(request))
    return {
        "fiscal_year": fy,
        "fiscal_year_label": fy_label(fy),
        "published": [_item_out(i) for i in done.published],
        "coverage": done.coverage.as_dict(),
    }


# ---- rating scales ------------------------------------------------------------------------


@router.get(
    "/{slug}/rating-scales", response=answers(list[RatingScaleOut], 404), summary="Rating scales"
)
def rating_scales(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    scales = selectors.rating_scales_of(plan_for(slug=slug))
    return [
        {
            "code": s.code,
            "name": s.name,
            "values": [
                {
                    "code": v.code,
                    "label": v.label,
                    "description": v.description,
                    "on_track": v.on_track,
                    "not_rated": v.not_rated,
                }
                for v in s.values.all()
            ],
        }
        for s in scales
    ]
