"""The site's URLs with a few pages added in front, for the crawl of the static export: a home
page that links to a page with year links (query strings), a fragment that only htmx may ask
for, a redirect and a broken link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path

from gyokaku.urls import urlpatterns as site

PLAN = "/plans/test-2024-2028"


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        f'<!DOCTYPE html><html lang="ja"><body><a href="{PLAN}/years/">年度別</a>'
        f'<a href="{PLAN}/old/">古い住所</a><a href="{PLAN}/missing/">無い</a></body></html>'
    )


def years(request: HttpRequest) -> HttpResponse:
    fy = request.GET.get("fy", "")
    return HttpResponse(
        f'<!DOCTYPE html><html lang="ja"><body><h1>年度 {fy}</h1>'
        '<a href="?fy=2024">2024</a> <a href="?fy=2025&amp;view=all">2025</a>'
        f'<a href="{PLAN}/fragment/" hx-get="{PLAN}/fragment/" hx-target="#x">もっと見る</a>'
        f'<a href="../years/?fy=2024#top">戻る</a></body></html>'
    )


def fragment(request: HttpRequest) -> HttpResponse:
    if "HX-Request" not in request.headers:
        return HttpResponseBadRequest("htmx only")
    return HttpResponse("<p>fragment</p>")


urlpatterns = [
    path("", home),
    path("plans/test-2024-2028/years/", years),
    path("plans/test-2024-2028/fragment/", fragment),
    path("plans/test-2024-2028/old/", lambda r: HttpResponseRedirect(f"{PLAN}/years/")),
    *site,
]
