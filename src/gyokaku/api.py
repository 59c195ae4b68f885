"""The HTTP API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Errors have one shape: ``{"detail": "<message for a person>"}``, plus ``problems``
(``{field: message}``) for 422 and ``current_version`` for 412. Domain errors carry their own
status (lib/errors.py); a refused access (403) is also written to the audit log.
"""

from __future__ import annotations

import ast
from typing import Any

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gyokaku.accounts.access import actor_for
from gyokaku.accounts.api import router as tokens_router
from gyokaku.accounts.api_auth import CsrfFailed, request_actor
from gyokaku.audit.api import router as audit_router
from gyokaku.audit.services import audit_record
from gyokaku.committee.api import router as committee_router
from gyokaku.lib.errors import DomainError, Invalid, Refused, Stale
from gyokaku.measures.api import router as measures_router
from gyokaku.measures.api_national import router as national_router
from gyokaku.measures.target_api import router as targets_router
from gyokaku.site.api import router as plans_router
from gyokaku.tracking.api import router as tracking_router
from gyokaku.web.api_answers import declare_if_match
from gyokaku.web.api_messages import schema_message
from gyokaku.web.api_parser import JsonParser, Unreadable


class GyokakuAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return declare_if_match(super().get_openapi_schema(*args, **kwargs))


api = GyokakuAPI(
    title="gyokaku API",
    version="1",
    description=(
        "行財政改革プランの進行管理 API. Anonymous callers see published data only. "
        "Scripts authenticate with `Authorization: Bearer gyk_…` (a personal token); browser "
        "sessions must send the CSRF token (`X-CSRFToken`) on unsafe methods."
    ),
    urls_namespace="api-v1",
    parser=JsonParser(),
    # Swagger UI's stylesheet draws its icons as data: images; nothing else of ours needs them.
    docs_decorator=csp_update({"img-src": ["data:"]}),
)
api.add_router("/plans", plans_router)
api.add_router("/plans", tracking_router)
api.add_router("/plans", measures_router)
api.add_router("/rollups", national_router)
api.add_router("/plans", targets_router)
api.add_router("/plans", committee_router)
api.add_router("/audit", audit_router)
api.add_router("/tokens", tokens_router)


def _audit_refused(request: HttpRequest, message: str) -> None:
    actor = request_actor(request)
    if actor.is_anonymous:  # refused before authentication finished (CSRF): the session's user
        actor = actor_for(getattr(request, "user", None))
    match = getattr(request, "resolver_match", None)
    audit_record(
        action="access.refused",
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=str(match.kwargs.get("slug", "")) if match else "",
        target=f"{request.method} {request.path}"[:200],
        summary=message,
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, Any] = {"detail": exc.message}
    if isinstance(exc, Invalid):
        body["problems"] = exc.problems
    if isinstance(exc, Stale):
        body["current_version"] = exc.current_version
    if isinstance(exc, Refused):
        _audit_refused(request, exc.message)
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(CsrfFailed)
def csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
    _audit_refused(request, "CSRF")
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own errors; a body the parser could not read says where (api_parser.py)."""
    cause = exc.__cause__
    message = str(cause) if isinstance(cause, Unreadable) else exc.message
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = (
        exc.message
        if exc.message != "Unauthorized"
        else (
            "ログインするか、Authorization: Bearer でAPI トークンを送ってください"
            " / authentication required"
        )
    )
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="gyokaku"'
    return response


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja's schema errors in our shape: ``problems`` names each field (``ratings.status``),
    with a Japanese message (api_messages.py)."""
    problems: dict[str, str] = {}
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        # ("body", "payload", "ratings", "status") → "ratings.status"; ("query", "fy") → "fy"
        field = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
        problems[_field_name(field) or "body"] = schema_message(error)
    detail = "; ".join(f"{k}: {v}" for k, v in problems.items())
    return api.create_response(request, {"detail": detail, "problems": problems}, status=422)


def _field_name(loc: list[Any]) -> str:
    """("effects", 0, "kind") → "effects[0].kind"; a bad key of a mapping is named like its
    value: ("targets", "x", "[key]") → "targets.x"."""
    name = ""
    for part in loc:
        part = _key_text(part)
        if isinstance(part, int):
            name += f"[{part}]"
        elif part != "[key]":
            name += f".{part}" if name else str(part)
    return name


def _key_text(part: Any) -> Any:
    """A key with a lone surrogate, which the parser turned into bytes (api_parser.py), arrives
    in ``loc`` as their repr (``"b'\\xed\\xa0\\x80'"``); it is named as JSON escapes it:
    ``\\ud800``."""
    if isinstance(part, str) and part[:2] in ("b'", 'b"'):
        try:
            raw = ast.literal_eval(part)
        except (ValueError, SyntaxError):
            return part
        if isinstance(raw, bytes):
            text = raw.decode("utf-8", "surrogatepass")
            return text.encode("ascii", "backslashreplace").decode("ascii")
    return part
