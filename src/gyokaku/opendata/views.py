"""Open data pages: the index of a plan's files, each file, ``datapackage.json`` and the feed.

Everything is public and read as the anonymous visitor (see ``opendata.selectors``), whoever is
logged in. Files are made on request; an ETag (a hash of the content) lets caches and clients
skip the download when nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from gyokaku.lib.wareki import period_label
from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.package import Bundle, etag_of
from gyokaku.opendata.tables import TABLES
from gyokaku.web.access import plan_or_404

JSON = "application/json"


def _bundle(slug: str) -> Bundle:
    return Bundle(plan_or_404(slug))


def _send(
    request: HttpRequest, etag: str, content: Callable[[], bytes], content_type: str
) -> HttpResponse:
    """200 with the content, or 304 (without making it) when the client has this version."""
    conditional = get_conditional_response(request, etag=etag)
    response = conditional or HttpResponse(content(), content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def index(request: HttpRequest, slug: str) -> HttpResponse:
    bundle = _bundle(slug)
    files = bundle.files()
    context = {
        "plan": bundle.plan,
        "period": period_label(bundle.plan.start_fy, bundle.plan.end_fy),
        "notice": bundle.notice,
        "tables": [
            (TABLES[name], list(group)) for name, group in groupby(files, lambda f: f.table.name)
        ],
        "formats": list(FORMATS.values()),
    }
    return render(request, "opendata/index.html", context)


@require_safe
def datapackage(request: HttpRequest, slug: str) -> HttpResponse:
    descriptor = _bundle(slug).datapackage()
    content = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
    return _send(request, etag_of(content), lambda: content, JSON)


@require_safe
def data_file(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    if table not in TABLES or fmt not in FORMATS:
        raise Http404("no such file")
    bundle = _bundle(slug)
    response = _send(
        request,
        bundle.etag(table, fmt),
        lambda: bundle.content(table, fmt),
        FORMATS[fmt].media_type,
    )
    if fmt != "json":
        name = f"{bundle.plan.slug}_{table}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
