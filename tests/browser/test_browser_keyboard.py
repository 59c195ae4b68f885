"""Everything works from the keyboard: skip link, the tree's <summary>, the search form."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

PLAN = "/plans/aomori-2024-2028/"


def active(page: Any, expression: str) -> Any:
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def tab_to(page: Any, condition: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, condition):
            return
    pytest.fail(f"Tab never reached an element where {condition}")


def test_it_reaches_the_skip_link_first_and_it_moves_focus_to_main(page: Any) -> None:
    page.goto(PLAN)
    page.keyboard.press("Tab")
    assert active(page, "el.className") == "skip-link"
    assert active(page, "el.textContent") == "本文へ移動"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert active(page, "el.id") == "main"
    # The next Tab goes on from main, not back to the header.
    page.keyboard.press("Tab")
    assert active(page, "!!el.closest('main')")


def test_it_toggles_a_summary_with_enter(page: Any) -> None:
    page.goto(PLAN)
    tab_to(page, "el.tagName === 'SUMMARY'")
    assert active(page, "el.parentElement.open") is True
    page.keyboard.press("Enter")
    assert active(page, "el.parentElement.open") is False
    page.keyboard.press("Enter")
    assert active(page, "el.parentElement.open") is True


def test_it_expands_and_collapses_the_whole_tree(page: Any) -> None:
    page.goto(PLAN)
    details = page.locator("[data-tree] details")
    assert details.count() > 0
    tab_to(page, "el.dataset.treeExpand === 'none'")
    page.keyboard.press("Enter")
    assert page.locator("[data-tree] details[open]").count() == 0
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.locator("[data-tree] details:not([open])").count() == 0


def test_it_searches_from_the_header_with_the_keyboard(page: Any) -> None:
    page.goto(PLAN)
    tab_to(page, "el.id === 'header-q'")
    page.keyboard.type("窓口")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    link = page.get_by_role("link", name="書かない窓口の導入")
    assert link.is_visible()
    assert page.get_by_role("status").inner_text() == "「窓口」に一致する取組が1件あります。"
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/nodes/2-1-01-2/")
    assert page.locator("h1").inner_text().endswith("書かない窓口の導入")


def test_it_shows_results_while_typing(page: Any) -> None:
    page.goto(PLAN + "search/")
    page.locator("#q").focus()
    page.keyboard.type("ＤＸ")  # full-width; no Enter: htmx asks for the results
    page.get_by_role("link", name="市民サービスのDXの推進").first.wait_for()
    assert "q=" in page.url  # the address follows, so the results can be shared
    assert "件あります" in page.get_by_role("status").inner_text()
    assert page.locator("html").get_attribute("lang") == "ja"  # still the whole page
