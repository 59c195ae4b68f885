"""Content-Security-Policy (issue 17): every answer carries a strict policy, and no template
holds what it would refuse — an inline script or style, a style attribute, an event handler.
The browser tests check the pages themselves (tests/browser/conftest.py, CspWatch)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import gyokaku
from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db

SRC = Path(gyokaku.__file__).parent
# The annual report's HTML is a file to download (Content-Disposition: attachment), read from
# disk with its CSS inside; no policy of ours applies to it. The 意見一覧表's HTML is never
# served: WeasyPrint turns it into the PDF.
DOWNLOADED = {
    SRC / "reports" / "templates" / "reports" / "document.html",
    SRC / "reports" / "templates" / "reports" / "opinion_list.html",
}
REFUSED = [
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\shx-on", re.I), "an htmx inline handler (eval)"),
]


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(
    "path", ["/", "/plans/aomori-2024-2028/", "/accounts/login/", "/api/v1/plans", "/nope/"]
)
def test_every_answer_carries_the_policy(client: Client, small_plan: Plan, path: str) -> None:
    policy = _directives(client.get(path)["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"
    assert "unsafe" not in ";".join(policy.values())


def test_the_api_docs_come_from_our_server_with_data_images_only_there(client: Client) -> None:
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert "cdn." not in html and "/static/ninja/swagger-ui-bundle.js" in html
    assert _directives(response["Content-Security-Policy"])["img-src"] == "'self' data:"
    assert not response.cookies


def test_no_template_holds_what_the_policy_refuses() -> None:
    found = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        if template in DOWNLOADED:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern, what in REFUSED:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(SRC)}:{line}: {what}")
    assert not found, "\n".join(found)


def test_htmx_inserts_no_indicator_style(client: Client) -> None:
    assert '"includeIndicatorStyles":false' in client.get("/").content.decode()
