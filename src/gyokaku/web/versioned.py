"""What every versioned API resource shares: reading ``If-Match`` and answering a stale write.

A versioned record answers ``ETag: "<version>"``; a PUT sends it back as ``If-Match`` (428
without it, 400 when it is not an ETag, 412 when it is no longer current). Version 0 names a
record nobody has written yet.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.errors import HttpError
from ninja.responses import Status

from gyokaku.lib.errors import Invalid, Stale


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_optional(request: HttpRequest) -> int | None:
    """The version named by ``If-Match: "<version>"`` (or ``W/"<version>"``), if sent."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw:
        return None
    value = raw.removeprefix("W/").strip('"')
    if not value.isascii() or not value.isdigit():
        raise HttpError(
            400, f'If-Match は ETag の形（例: "3"）で送ってください（受け取った値: {raw[:40]}）'
        )
    return int(value)


def if_match_required(request: HttpRequest) -> int:
    version = if_match_optional(request)
    if version is None:
        raise HttpError(
            428,
            'If-Match ヘッダーが必要です。GET で受け取った ETag（例: "3"）を送ってください'
            " / If-Match required: send the ETag you read",
        )
    return version


def if_match_with_body(request: HttpRequest, body_version: int | None) -> int:
    """``If-Match`` (required); a ``version`` in the body, when sent, must say the same, so a
    body read earlier cannot be sent with a newer ETag by mistake."""
    expected = if_match_required(request)
    if body_version is not None and body_version != expected:
        raise Invalid(
            {"version": f"本文の version {body_version} が If-Match の {expected} と違います"}
        )
    return expected


def stale_answer(
    response: HttpResponse,
    exc: Stale,
    *,
    version: int,
    current: dict[str, Any],
    changed: dict[str, list[Any]] | None = None,
) -> Status[dict[str, Any]]:
    """412 with what the record looks like now (and its ETag), for the caller to merge."""
    response["ETag"] = etag(version)
    return Status(
        412,
        {
            "detail": exc.message,
            "current_version": exc.current_version,
            "changed": changed,
            "current": current,
        },
    )
