"""How API callers prove who they are. Every class resolves the caller to an ``Actor``, which
ninja stores in ``request.auth``.

- ``BearerAuth``: ``Authorization: Bearer gyk_…`` (personal tokens, for scripts). A header that
  is present but names no active token is a 401 — never a silent fall-back to anonymous.
- ``SessionAuth``: the browser's login session. Unsafe methods must carry the CSRF token
  (``X-CSRFToken`` header or ``csrfmiddlewaretoken`` field), checked the way Django's
  middleware checks it. Ninja marks its views CSRF-exempt at the middleware level and leaves
  the check to cookie-based auth classes, so this class is where the check happens.
- ``AnonymousAuth``: last in the list of read endpoints; the caller is anonymous and sees
  published data only.

``WRITE_AUTH`` (token or session) and ``READ_AUTH`` (the same, then anonymous) are the two
lists the routers use.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from gyokaku.accounts.access import ANONYMOUS, Actor, actor_for
from gyokaku.accounts.services import token_authenticate
from gyokaku.audit.services import audit_record


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(
            403,
            "CSRF トークンがありません（X-CSRFToken ヘッダーを付けてください）"
            " / CSRF check failed: send the X-CSRFToken header",
        )


class BearerAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Actor | None:
        header = request.headers.get(self.header, "")
        if header and not header.lower().startswith("bearer "):
            # Basic, Token, …: credentials we do not take must not fall through to anonymous.
            raise AuthenticationError(401, "Authorization: Bearer gyk_… の形で送ってください")
        result: Actor | None = super().__call__(request)
        return result

    def authenticate(self, request: HttpRequest, token: str) -> Actor:
        user = token_authenticate(raw=token.strip())
        if user is None:
            audit_record(
                action="auth.token_failed",
                actor_label=token.strip()[:10] or "?",
                summary=request.META.get("REMOTE_ADDR", ""),
            )
            raise AuthenticationError(401, "API トークンが無効か失効しています / invalid token")
        # Model history (simple-history) and anything else reading request.user see the caller.
        request.user = user
        return actor_for(user)


class SessionAuth(APIKeyCookie):
    """Django's session, CSRF enforced on unsafe methods.

    Unlike ninja's ``django_auth``, the CSRF check runs only once the session is known to
    belong to someone: a caller with no session at all gets 401 ("log in"), not 403.
    """

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, after we know there is a user

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed()
        return actor_for(user)


class AnonymousAuth:
    """Lets the call through as the anonymous actor (published data only)."""

    def __call__(self, request: HttpRequest) -> Actor:
        return ANONYMOUS


bearer_auth = BearerAuth()
session_auth = SessionAuth()
anonymous_auth = AnonymousAuth()

WRITE_AUTH: list[Any] = [bearer_auth, session_auth]
READ_AUTH: list[Any] = [bearer_auth, session_auth, anonymous_auth]


def request_actor(request: HttpRequest) -> Actor:
    """The caller of an API operation (set by one of the auth classes above)."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, Actor) else ANONYMOUS
