"""The committee's pages (委員会): the shared years, a year's items, one item's opinions with
the forms to write an opinion (members) and a reply (departments), the plan office's share,
close and publish, and the 意見一覧表 files. Each view: the access helper, one service call,
render or redirect; a domain error is shown on the page with its status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.committee import rules
from gyokaku.committee.forms import OpinionForm, ReplyForm, ShareForm
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview
from gyokaku.committee.selectors import (
    committee_plans,
    opinion_for,
    review_for,
    review_items,
    review_title,
)
from gyokaku.committee.services import (
    opinion_add,
    opinion_reply,
    opinion_update,
    opinion_withdraw,
    review_move,
    review_share,
)
from gyokaku.lib.errors import DomainError, Hidden, Reason
from gyokaku.lib.wareki import fy_label
from gyokaku.web.access import error_status, plan_or_404


def _review(request: HttpRequest, slug: str, fy: int) -> tuple[CommitteeReview, Actor]:
    """The shared year for whoever may read it; 404 for anybody else and for a year not shared."""
    actor = actor_for(request.user)
    plan = plan_or_404(slug)
    try:
        return review_for(actor, plan=plan, fiscal_year=fy), actor
    except Hidden:
        raise Http404("not shared") from None


def _opinion(request: HttpRequest, slug: str, fy: int, pk: int) -> tuple[CommitteeOpinion, Actor]:
    review, actor = _review(request, slug, fy)
    try:
        return opinion_for(actor, review, pk), actor
    except Hidden:
        raise Http404("no such opinion") from None


@login_required
def index(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    actor = actor_for(request.user)
    plans = committee_plans(actor=actor)
    if not plans and actor.municipality_id is None and not actor.is_committee:
        raise Http404("no committee")
    context = {
        "plans": plans,
        "share_forms": {
            p.plan.pk: extra.pop(f"form_{p.plan.pk}", None) or ShareForm(plan=p.plan)
            for p in plans
            if actor.is_plan_office_of(p.plan)
        },
        "is_committee": actor.is_committee,
        **extra,
    }
    return render(request, "committee/index.html", context, status=status)


@login_required
@require_POST
def share(request: HttpRequest, slug: str) -> HttpResponse:
    actor, plan = actor_for(request.user), plan_or_404(slug)
    if not rules.sees_committee_of(actor, plan):
        raise Http404("no such plan")
    form = ShareForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            review = review_share(plan=plan, actor=actor, **form.cleaned_data)
        except DomainError as exc:
            status = error_status(request, actor, exc, plan_slug=slug)
            form.add_domain_error(exc)
            return index(request, status, **{f"form_{plan.pk}": form})
        messages.success(request, f"{fy_label(review.fiscal_year)}を委員会に共有しました。")
        return redirect("committee:review", slug=slug, fy=review.fiscal_year)
    if reason := rules.can_manage_review(actor, plan, "委員会への共有"):
        error_status(request, actor, reason.as_error(), plan_slug=slug)
    return index(request, 422, **{f"form_{plan.pk}": form})


def _review_page(
    request: HttpRequest, review: CommitteeReview, actor: Actor, status: int = 200, error: str = ""
) -> HttpResponse:
    context = {
        "review": review,
        "plan": review.plan,
        "title": review_title(review),
        "fy_label": fy_label(review.fiscal_year),
        "items": review_items(actor, review),
        "is_office": actor.is_plan_office_of(review.plan),
        "is_committee": actor.is_committee,
        "error": error,
    }
    return render(request, "committee/review.html", context, status=status)


@login_required
def review_page(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    review, actor = _review(request, slug, fy)
    return _review_page(request, review, actor)


@login_required
@require_POST
def review_move_page(request: HttpRequest, slug: str, fy: int, move: str) -> HttpResponse:
    review, actor = _review(request, slug, fy)
    try:
        review_move(review=review, move=move, actor=actor)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        return _review_page(request, review, actor, status, exc.message)
    done = {"close": "委員会意見を確定しました。", "publish": "委員会意見と対応を公表しました。"}
    messages.success(request, done[move])
    return redirect("committee:review", slug=slug, fy=fy)


def _opinion_lines(actor: Actor, opinions: list[CommitteeOpinion], **forms: Any) -> list[Any]:
    """Each opinion with the forms the person may use on it now."""
    lines = []
    for opinion in opinions:
        edit = rules.can_edit_opinion(actor, opinion) is None
        reply = rules.can_reply(actor, opinion) is None
        lines.append(
            {
                "opinion": opinion,
                "edit_form": forms.get(f"edit_{opinion.pk}")
                or (OpinionForm(initial={"text": opinion.text}) if edit else None),
                "reply_form": forms.get(f"reply_{opinion.pk}")
                or (ReplyForm(initial={"reply": opinion.reply}) if reply else None),
                "can_withdraw": rules.can_withdraw_opinion(actor, opinion) is None,
                "mine": opinion.author_id == getattr(actor.user, "pk", None),
            }
        )
    return lines


def _item_page(
    request: HttpRequest,
    review: CommitteeReview,
    actor: Actor,
    key: str,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    items = review_items(actor, review, key=key)
    if not items:
        raise Http404("no such item")
    item = items[0]
    can_write = rules.can_write_opinion(actor, review) is None
    context = {
        "review": review,
        "plan": review.plan,
        "fy_label": fy_label(review.fiscal_year),
        "item": item,
        "lines": _opinion_lines(actor, item.opinions, **forms),
        "form": forms.get("form") or (OpinionForm() if can_write else None),
        "error": forms.get("error", ""),
    }
    return render(request, "committee/item.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_page(request: HttpRequest, slug: str, fy: int, key: str) -> HttpResponse:
    review, actor = _review(request, slug, fy)
    if request.method == "GET":
        return _item_page(request, review, actor, key)
    items = review_items(actor, review, key=key)
    if not items:
        raise Http404("no such item")
    form = OpinionForm(request.POST)
    try:
        rules_reason = rules.can_write_opinion(actor, review)
        if rules_reason is not None:
            raise rules_reason.as_error()
        if not form.is_valid():
            return _item_page(request, review, actor, key, 422, form=form)
        opinion_add(review=review, node=items[0].node, text=form.cleaned_data["text"], actor=actor)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        form.add_domain_error(exc)
        return _item_page(request, review, actor, key, status, form=form)
    messages.success(request, "意見を記入しました。")
    return redirect("committee:item", slug=slug, fy=fy, key=key)


def _opinion_post(
    request: HttpRequest,
    slug: str,
    fy: int,
    pk: int,
    *,
    form_class: type[OpinionForm] | type[ReplyForm],
    rule: Callable[[Actor, CommitteeOpinion], Reason | None],
    write: Callable[[CommitteeOpinion, str, Actor], object],
    field: str,  # the form's one field: text or reply
    part: str,  # the form's place on the item page: edit_{pk} or reply_{pk}
    done: str,
) -> HttpResponse:
    """One write on an opinion from the item page (its text, or the department's 対応): the
    rule, then the form, then the service; a refusal or a bad form shows the page again with
    the form as typed."""
    opinion, actor = _opinion(request, slug, fy, pk)
    form = form_class(request.POST)
    page_form = {f"{part}_{pk}": form}
    try:
        if reason := rule(actor, opinion):
            raise reason.as_error()
        if not form.is_valid():
            return _item_page(request, opinion.review, actor, opinion.node.key, 422, **page_form)
        write(opinion, form.cleaned_data[field], actor)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        form.add_domain_error(exc)
        return _item_page(request, opinion.review, actor, opinion.node.key, status, **page_form)
    messages.success(request, done)
    return redirect("committee:item", slug=slug, fy=fy, key=opinion.node.key)


@login_required
@require_POST
def opinion_edit(request: HttpRequest, slug: str, fy: int, pk: int) -> HttpResponse:
    return _opinion_post(
        request,
        slug,
        fy,
        pk,
        form_class=OpinionForm,
        rule=rules.can_edit_opinion,
        write=lambda o, text, a: opinion_update(opinion=o, text=text, actor=a),
        field="text",
        part="edit",
        done="意見を更新しました。",
    )


@login_required
@require_POST
def opinion_reply_page(request: HttpRequest, slug: str, fy: int, pk: int) -> HttpResponse:
    return _opinion_post(
        request,
        slug,
        fy,
        pk,
        form_class=ReplyForm,
        rule=rules.can_reply,
        write=lambda o, reply, a: opinion_reply(opinion=o, reply=reply, actor=a),
        field="reply",
        part="reply",
        done="対応を記入しました。",
    )


@login_required
@require_POST
def opinion_withdraw_page(request: HttpRequest, slug: str, fy: int, pk: int) -> HttpResponse:
    opinion, actor = _opinion(request, slug, fy, pk)
    withdrawn = request.POST.get("withdrawn", "1") == "1"
    try:
        opinion_withdraw(opinion=opinion, withdrawn=withdrawn, actor=actor)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        key = opinion.node.key
        return _item_page(request, opinion.review, actor, key, status, error=exc.message)
    messages.success(request, "意見を取り下げました。" if withdrawn else "意見を戻しました。")
    return redirect("committee:item", slug=slug, fy=fy, key=opinion.node.key)
