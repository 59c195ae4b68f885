"""The project's URLs plus one API path that fails, for the tests of API error answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from gyokaku.urls import urlpatterns as project_urlpatterns


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug that must not reach the caller")


urlpatterns = [path("api/v1/test-fails", fails), *project_urlpatterns]
