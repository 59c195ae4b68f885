"""What API resources share: reading ``If-Match`` and answering a stale write, and the pages
of a list.

A versioned record answers ``ETag: "<version>"``; a PUT sends it back as ``If-Match`` (428
without it, 400 when it is not an ETag, 412 when it is no longer current). Version 0 names a
record nobody has written yet.

A list comes a page at a time (``Pages``): ``page`` from 1 to ``MAX_PAGE``, ``page_size`` from 1
to ``MAX_PAGE_SIZE``; anything else is a 422 that names the parameter.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination
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


PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# A bound, so that (page - 1) × page_size always fits the databases' 64-bit OFFSET: ninja
# multiplies without one, and page=9223372036854775807 was a 500 on both.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """ninja's page-number pagination with both parameters bounded (and so declared in the
    OpenAPI document); a ``page_size`` over the maximum is refused, not silently cut."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="page number, from 1")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"items a page ({PAGE_SIZE} if not sent)"
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
