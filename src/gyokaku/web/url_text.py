"""Refuse a URL whose path or query holds a character no text may hold (lib/text.py).

A query value reaches the database as a filter (``/api/v1/audit?plan=…``, ``/plans/?q=…``);
PostgreSQL refuses NUL with an error, which was a 500 (found by the schemathesis test on
PostgreSQL). No slug, key, filter or search word may hold such a character, so one check here,
before any view, answers for every page and operation:

- a query parameter (name or value): the API answers 422 naming the parameter, as for any
  other invalid parameter; a page answers the 400 page;
- the path: 404 (no URL holds such a character), in JSON under /api/.

Nothing is read or written; the message names the parameter and the character.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from gyokaku.lib.text import text_problem
from gyokaku.web.api_errors import API_PREFIX, error_message


def query_problem(request: HttpRequest) -> tuple[str, str] | None:
    """(parameter, what is wrong) for the first query parameter that holds a character no text
    may hold, or None. Tab and newlines are allowed, as in a multi-line text."""
    for name, values in request.GET.lists():
        if problem := text_problem(name, multiline=True):
            return name or "query", f"パラメータ名に{problem}"
        for value in values:
            if problem := text_problem(value, multiline=True):
                return name, problem
    return None


class UrlTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path_info.startswith(API_PREFIX)
        if text_problem(request.path_info, multiline=False):
            if is_api:
                return JsonResponse({"detail": error_message(404)}, status=404)
            raise Http404("path holds a control character")
        if found := query_problem(request):
            name, problem = found
            if is_api:
                body = {"detail": f"{name}: {problem}", "problems": {name: problem}}
                return JsonResponse(body, status=422)
            raise BadRequest(f"query parameter {name!r}: {problem}")
        return self.get_response(request)
