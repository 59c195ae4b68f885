"""Every kind of read of a plan — the public pages and their year pages, search and changes,
each GET operation of the OpenAPI document, the open data files, and the staff dashboard and
report pages — for the tests that must see no 5xx whatever the API accepted (issue 18).

Pages are listed here, not crawled, so a page type that stops being read fails loudly (a KeyError
in the list) rather than silently going untested.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.test import Client

from gyokaku.api import api
from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.tables import TABLES


def public_urls(slug: str, keys: Sequence[str], years: Sequence[int]) -> list[str]:
    plan = f"/plans/{slug}/"
    first, last = years[0], years[-1]
    return [
        "/",
        plan,
        *(f"{plan}?fy={fy}" for fy in years),
        f"{plan}search/?q=%E6%8C%87%E6%A8%99",  # 指標
        f"{plan}changes/",
        f"{plan}changes/?from={first}&to={last}",
        *(f"{plan}nodes/{key}/" for key in keys),
        *(f"{plan}nodes/{key}/?fy={fy}" for key in keys for fy in years),
        f"/opendata/{slug}/",
        f"/opendata/{slug}/datapackage.json",
        f"/opendata/{slug}/feed.atom",
        *(f"/opendata/{slug}/{table}.{fmt}" for table in TABLES for fmt in FORMATS),
        *api_urls(slug, keys, years),
    ]


def api_urls(slug: str, keys: Sequence[str], years: Sequence[int]) -> list[str]:
    """Each GET operation of the API, for every node and year it takes."""
    urls = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" not in operations:
            continue
        for key in keys if "{key}" in path else [""]:
            for fy in years if "{fy}" in path else [""]:
                url = path.replace("{slug}", slug).replace("{key}", key).replace("{fy}", str(fy))
                # unknown query parameters are ignored; these are what some operations need
                urls.append(f"{url}?fy={years[0]}&from={years[0]}&to={years[-1]}")
    return urls


def staff_urls(slug: str, keys: Sequence[str], years: Sequence[int]) -> list[str]:
    plan = f"/plans/{slug}/"
    units = ("thousand", "million")
    return [
        f"{plan}dashboard/",
        *(f"{plan}dashboard/?fy={fy}&unit={units[i % 2]}" for i, fy in enumerate(years)),
        *(f"{plan}dashboard/nodes/{key}/?fy={years[-1]}" for key in keys),
        *(f"{plan}nodes/{key}/progress/{years[0]}/" for key in keys),
        "/my/dashboard/",
    ]


def server_errors(client: Client, urls: Iterable[str]) -> list[tuple[str, int]]:
    """The URLs that answered 5xx (an exception is raised by the test client as it is)."""
    cache.clear()  # open data files and summaries are cached: read what is stored now
    failed = []
    for url in urls:
        status = client.get(url).status_code
        if status >= 500:
            failed.append((url, status))
    return failed
