"""Login, logout, password change (Django's views with our templates) and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from gyokaku.accounts.access import actor_for
from gyokaku.accounts.forms import TokenCreateForm
from gyokaku.accounts.models import ApiToken
from gyokaku.accounts.services import token_create, token_revoke
from gyokaku.audit.services import audit_record


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when a user name is locked after repeated failed logins."""
    return render(request, "accounts/locked_out.html", status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Set by SessionLimitsMiddleware when it ended the session: say why, once.
        context["expired"] = self.request.session.pop("gyokaku_expired", False)
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        audit_record(action="auth.password_change", actor=user, actor_label=user.get_username())
        return response


def _tokens_page(
    request: HttpRequest, form: TokenCreateForm, raw: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)  # type: ignore[misc]
    response = render(
        request, "accounts/tokens.html", {"tokens": tokens, "form": form, "raw": raw}, status=status
    )
    response["Cache-Control"] = "no-store"  # the raw token is shown once; never cache it
    return response


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _tokens_page(request, TokenCreateForm())
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=422)
    _, raw = token_create(
        user=request.user, name=form.cleaned_data["name"], actor_label=request.user.get_username()
    )
    return _tokens_page(request, TokenCreateForm(), raw=raw, status=201)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    # Only one's own tokens exist on this page: another person's token is a 404.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(token=token, actor=actor_for(request.user))
    messages.success(request, f"トークン {token.prefix}… を失効させました")
    return redirect("accounts:tokens")
