"""axe-core (WCAG 2.1 A and AA rules) finds nothing on any page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PLAN = "/plans/aomori-2024-2028/"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        PLAN,
        PLAN + "nodes/3-2-01-2-a/",
        PLAN + "nodes/2/",
        PLAN + "search/?q=%E7%AA%93%E5%8F%A3",  # 窓口
        PLAN + "search/?q=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84",  # no result
        PLAN + "search/",
    ],
)
def test_it_has_no_accessibility_violations(
    page: Any, assert_accessible: Callable[[Any], None], path: str
) -> None:
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)


def test_it_has_none_with_the_whole_tree_open(
    page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto(PLAN)
    page.get_by_role("button", name="すべて開く").click()
    assert page.locator("[data-tree] details:not([open])").count() == 0
    assert_accessible(page)


def test_it_has_none_in_english(page: Any, assert_accessible: Callable[[Any], None]) -> None:
    page.goto(PLAN)
    page.get_by_role("link", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert_accessible(page)
    page.goto(PLAN + "search/?q=DX")
    assert_accessible(page)
