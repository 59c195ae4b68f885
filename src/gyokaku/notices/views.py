"""提出状況 (the plan office's view of each department's items in a round, with 督促) and each
person's mail settings. Thin: selectors read, services check and write."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gyokaku.accounts.models import Department
from gyokaku.lib.errors import DomainError
from gyokaku.lib.wareki import fy_label
from gyokaku.notices.models import OPTIONAL_KINDS, Kind, NoticeSetting
from gyokaku.notices.selectors import submission_status
from gyokaku.notices.services import department_remind, notice_settings_save
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import Round
from gyokaku.web.access import error_status, office_plan


def _round(plan: Plan, fy: str | None) -> Round | None:
    rounds = Round.objects.filter(plan=plan)
    if fy and fy.isdigit():
        return rounds.filter(fiscal_year=int(fy)).first()
    return rounds.filter(is_open=True).order_by("-fiscal_year").first() or rounds.first()


@login_required
def submissions(request: HttpRequest, slug: str) -> HttpResponse:
    plan, _ = office_plan(request, slug, "提出状況の確認")
    round_ = _round(plan, request.GET.get("fy"))
    rows = submission_status(round_, timezone.localdate()) if round_ else []
    context = {
        "plan": plan,
        "round": round_,
        "rows": rows,
        "has_bureaus": any(row.department.bureau_id for row in rows),
        "rounds": Round.objects.filter(plan=plan).order_by("-fiscal_year"),
        "fy_label": fy_label(round_.fiscal_year) if round_ else "",
        "days_left": round_.days_left() if round_ else None,
    }
    return render(request, "notices/submissions.html", context)


@login_required
@require_POST
def remind(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, "督促")
    round_ = _round(plan, request.POST.get("fy"))
    department = Department.objects.filter(
        pk=request.POST.get("department") or 0, municipality_id=plan.municipality_id
    ).first()
    if round_ is None or department is None:
        raise Http404("no such round or department")
    try:
        result = department_remind(actor=actor, plan=plan, round_=round_, department=department)
    except DomainError as exc:
        error_status(request, actor, exc, plan_slug=plan.slug)
        messages.error(request, exc.message)
    else:
        text = f"{department.name}の担当者 {len(result.sent)} 人に督促のメールを送りました"
        if result.failed:
            text += f"（{len(result.failed)} 人には送れませんでした）"
        messages.success(request, text)
    page = reverse("notices:submissions", args=[plan.slug])
    return redirect(f"{page}?fy={round_.fiscal_year}")


class SettingsForm(forms.Form):
    receive = forms.MultipleChoiceField(
        label="受け取るお知らせ",
        choices=[(k.value, k.label) for k in OPTIONAL_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="チェックを外した種類のメールは送られません。計画担当からの督促は必ず届きます。",
    )


@login_required
def notice_settings(request: HttpRequest) -> HttpResponse:
    setting = NoticeSetting.objects.filter(user_id=request.user.pk or 0).first()
    off = setting.off if setting else []
    receive = [k.value for k in OPTIONAL_KINDS if k.value not in off]
    form = SettingsForm(request.POST or None, initial={"receive": receive})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["receive"])
        notice_settings_save(
            user=request.user, off=[k.value for k in OPTIONAL_KINDS if k.value not in chosen]
        )
        messages.success(request, "お知らせの設定を保存しました")
        return redirect("notices:settings")
    email = getattr(request.user, "email", "")
    return render(request, "notices/settings.html", {"form": form, "email": email, "kinds": Kind})
