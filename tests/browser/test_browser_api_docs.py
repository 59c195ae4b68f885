"""The API docs page (Swagger UI) works from our own static files under the
Content-Security-Policy (the page fixture fails on any violation)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_the_api_docs_render_under_the_policy(page: Any) -> None:
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "gyokaku API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock").first.wait_for()  # the operations, read from openapi.json
