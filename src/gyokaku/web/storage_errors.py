"""A write the server cannot store — its disk is full, its var directory or database read-only
— answers 503 with a message that says so, instead of the generic 500 page ("an unexpected
error") that sends people to guess. Reads go on meanwhile (startup.sqlite_hold_open).

The error is still logged (an operator must act); the person is told that nothing of their
input was saved, so they know to enter it again once the administrator has made room.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from gyokaku.web.api_errors import API_PREFIX

log = logging.getLogger("gyokaku.storage")

MESSAGE = (
    "サーバーのデータの置き場所に空きがないか、書き込めない状態のため、保存できませんでした。"
    "入力した内容は保存されていません。システム管理者に連絡してください"
    " / Not saved: the server's storage is full or read-only."
)
# SQLite's and PostgreSQL's words for a full or read-only store
_DATABASE_SIGNS = (
    "database or disk is full",
    "disk i/o error",
    "readonly database",
    "no space left on device",
    "read-only transaction",
    "file too large",
)
_ERRNOS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG, errno.EACCES})


def is_storage_error(exc: BaseException) -> bool:
    if isinstance(exc, DatabaseError):
        text = str(exc).lower()
        return any(sign in text for sign in _DATABASE_SIGNS)
    return isinstance(exc, OSError) and exc.errno in _ERRNOS


class StorageErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_storage_error(exc):
            return None  # Django's 500
        log.error("cannot store %s %s: %s", request.method, request.path, exc)
        if request.path_info.startswith(API_PREFIX):
            response: HttpResponse = JsonResponse({"detail": MESSAGE}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
        response["Retry-After"] = "600"
        return response
