"""Every error of the API is JSON, ``{"detail": "<message>"}``, even where ninja never sees it.

ninja answers its own errors in JSON (api.py). What it does not answer was HTML or a traceback:
a crash (Django's 500 page, or with DEBUG the traceback as text), a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's HTML 400), an unknown URL under /api/ (HTML 404), a
method the path does not take (ninja's plain-text 405), a failure in a middleware (the database
gone). This middleware, near the top of the stack, sees all of them for paths under /api/: it
refuses an oversized body with 413 before anything reads it, and turns any other error answer
that is not JSON into our shape, keeping its status and headers. The error was logged where it
happened, by Django or ninja; the caller never sees a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"

MESSAGES = {
    400: "リクエストを読み取れません / bad request",
    404: "この URL の API はありません / no such API endpoint",
    405: "このメソッドは使えません / method not allowed",
}
SERVER_ERROR = (
    "サーバーで予期しないエラーが起きました。時間をおいてもう一度お試しください。"
    "続くときは管理者に連絡してください / internal server error"
)


def too_large_message(limit: int) -> str:
    return (
        f"送信されたデータが大きすぎます（{limit:,} バイトまで）。分けて送ってください"
        " / request body too large"
    )


def error_message(status: int) -> str:
    if status >= 500:
        return SERVER_ERROR
    try:
        return MESSAGES.get(status) or HTTPStatus(status).phrase
    except ValueError:
        return "エラー / error"


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django's own parsing refuses it later, and that answer is turned into JSON


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


class ApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # Django checks the same header when the body is read, but raises an error that becomes
        # a 400 deep inside ninja; refusing here keeps the status right and reads nothing.
        if limit is not None and _content_length(request) > limit:
            return JsonResponse({"detail": too_large_message(limit)}, status=413)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.streaming and not _is_json(response):
            _as_json(response)
        return response


def _as_json(response: HttpResponse) -> None:
    """In place, so the headers the other middleware set (Allow, security headers) stay."""
    response.content = json.dumps({"detail": error_message(response.status_code)}).encode()
    response["Content-Type"] = "application/json"
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
