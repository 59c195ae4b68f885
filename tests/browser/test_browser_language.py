from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_it_switches_to_english_and_back(page: Any) -> None:
    page.goto("/plans/aomori-2024-2028/nodes/2/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.get_by_role("link", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.url.endswith("/plans/aomori-2024-2028/nodes/2/")  # same page
    assert page.get_by_role("navigation", name="Breadcrumb").is_visible()
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    page.goto("/")
    assert page.locator("h1").inner_text() == "Plans"  # the choice is remembered
    page.get_by_role("link", name="日本語").click()
    page.wait_for_selector("html[lang=ja]")
    assert page.locator("h1").inner_text() == "計画一覧"
