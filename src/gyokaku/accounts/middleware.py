"""Session limits (idle and absolute) and private answers to people who logged in."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

Handler = Callable[[HttpRequest], HttpResponse]
# Refresh the "last seen" stamp at most once a minute: a session write per request is waste.
_TOUCH_EVERY = 60


class SessionLimitsMiddleware:
    """End a session after GYOKAKU_SESSION_IDLE_SECONDS idle or ..._ABSOLUTE_SECONDS in all."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        started = session.get("gyokaku_login_at")
        seen = session.get("gyokaku_seen_at")
        if started is None or seen is None:
            session["gyokaku_login_at"] = started or now
            session["gyokaku_seen_at"] = now
            return
        idle = now - seen > settings.GYOKAKU_SESSION_IDLE_SECONDS
        too_old = now - started > settings.GYOKAKU_SESSION_ABSOLUTE_SECONDS
        if idle or too_old:
            from gyokaku.audit.services import audit_record

            audit_record(
                action="auth.session_expired",
                actor=request.user,
                actor_label=request.user.get_username(),
                summary="idle" if idle else "absolute",
            )
            logout(request)
            request.session["gyokaku_expired"] = True  # the login page says why
        elif now - seen > _TOUCH_EVERY:
            session["gyokaku_seen_at"] = now


class PrivateAnswersMiddleware:
    """An answer to someone who proved who they are may carry drafts: no shared cache (a proxy,
    a CDN) may keep it for the next person. Answers to anonymous callers are left as they are
    (published data only, cacheable); API answers say they depend on ``Authorization``, so a
    cache never gives a token holder the anonymous answer or the reverse.

    Credentials are the ``Authorization`` header or the session cookie: looking at them costs
    no query, and a stale session cookie only makes an answer private, which is safe.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        has_token = "Authorization" in request.headers
        if has_token or request.path_info.startswith("/api/"):
            patch_vary_headers(response, ["Authorization"])
        personal = has_token or settings.SESSION_COOKIE_NAME in request.COOKIES
        if personal and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)  # drops a "public" a view set
        return response
