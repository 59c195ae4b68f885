"""The public site in Chromium, as a citizen uses it: no login, published data only.

axe-core (WCAG 2.1 A/AA, the JIS X 8341-3 AA target) checks every public page type, also
after each htmx swap (year links, the comparison form, search); the way from the landing page
to an item's history is walked with the mouse and with the keyboard alone; the item page fits
a 360 px screen without scrolling sideways; printing hides the controls.

The module runs its own app server and database (``fresh_server``): the rounds it opens would
show on the staff pages the round tests of the shared server read. The data is written first
through the API by the plan office, as a script would: FY2026 and FY2028 of 2-1-01-1 published
with different ratings and effects, FY2028 of 2-1-01-2 left a draft whose text carries a marker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.support.browser import CspWatch, fresh_server

pytestmark = pytest.mark.browser

SLUG = "aomori-2024-2028"
PLAN = f"/plans/{SLUG}/"
API = f"/api/v1/plans/{SLUG}"
ITEM, OTHER = "2-1-01-1", "2-1-01-2"
ITEM_TITLE = "マイナンバー制度の有効活用"
DRAFT_MARKER = "BROWSERDRAFTMARKER"
RESULTS = {2026: "マイナンバーカードでの申請を始めましたPUB26", 2028: "全手続に広げましたPUB28"}
RATINGS = {
    2026: {"status": "in_progress", "achievement": "B"},
    2028: {"status": "done", "achievement": "A"},
}


@pytest.fixture(scope="module")
def live_server_url() -> Iterator[str]:
    """This module's own server (overrides the shared one of tests/browser/conftest.py)."""
    with fresh_server() as url:
        yield url


class Office:
    """The plan office's session, calling the API with its CSRF token."""

    def __init__(self, page: Any) -> None:
        self.request = page.request
        token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
        self.csrf = {"X-CSRFToken": token}

    def send(self, method: str, path: str, data: Any, *, versioned: bool = False) -> Any:
        headers = dict(self.csrf)
        if versioned:
            headers["If-Match"] = self.request.get(path).headers["etag"]
        response = self.request.fetch(path, method=method, data=data, headers=headers)
        assert response.ok, f"{method} {path}: {response.status} {response.text()}"
        return response


@pytest.fixture
def published(page: Any, login: Callable[[str], Any]) -> None:
    """Publish the data once per app server (a second call finds it there)."""
    done = page.request.get(f"{API}/progress?fy=2028").json()
    if done["count"]:
        return
    office = Office(login("coord"))
    for fy in (2026, 2028):
        office.send("POST", f"{API}/rounds", {"fiscal_year": fy})
        node = f"{API}/nodes/{ITEM}"
        office.send(
            "PUT",
            f"{node}/year-plans/{fy}",
            {"stage": "implement" if fy == 2026 else "complete", "text": f"{fy}年度の計画"},
            versioned=True,
        )
        effect = {
            "kind": "expenditure",
            "target_yen": 5_000_000,
            "actual_yen": 4_000_000 * (fy - 2025),
            "note": "",
        }
        office.send("PUT", f"{node}/effects/{fy}", {"effects": [effect]}, versioned=True)
        office.send(
            "PUT",
            f"{node}/progress/{fy}",
            {"result_text": RESULTS[fy], "ratings": RATINGS[fy], "direction": "continue"},
            versioned=True,
        )
        for action in ("submit", "approve", "publish"):
            office.send("POST", f"{node}/progress/{fy}/transitions", {"action": action})
    office.send(
        "PUT",
        f"{API}/nodes/{OTHER}/progress/2028",
        {"result_text": f"下書き {DRAFT_MARKER}"},
        versioned=True,
    )


def active(page: Any, expression: str) -> Any:
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def tab_to(page: Any, condition: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, condition):
            return
    pytest.fail(f"Tab never reached an element where {condition}")


def test_a_citizen_goes_from_the_landing_page_to_an_items_history(
    published: None, page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto("/")
    assert "2028年度までの進み具合（公表済み）" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="青森市行財政改革プラン(2024-2028)", exact=True).click()
    page.wait_for_url(f"**{PLAN}")
    assert page.locator("svg.chart__svg[role=img][aria-label]").count() >= 4
    assert_accessible(page)  # the plan with its progress, charts and tree
    page.locator("#table-rows").get_by_role("link", name="2 DXの推進").click()
    page.wait_for_url(f"**{PLAN}nodes/2/")
    assert_accessible(page)  # a pillar: its progress and its items
    page.locator("#table-leaves").get_by_role("link", name=f"① {ITEM_TITLE}").click()
    page.wait_for_url(f"**{PLAN}nodes/{ITEM}/")
    main = page.locator("main")
    assert page.get_by_role("heading", name="年度ごとの経過").is_visible()
    assert RESULTS[2026] in main.inner_text() and RESULTS[2028] in main.inner_text()
    assert_accessible(page)  # the history, indicator and effect tables
    page.locator("#table-history").get_by_role("link", name="2026年度（令和8年度）").click()
    page.wait_for_url("**#fy-2026")
    assert page.locator("#fy-2026").is_visible()
    page.goto(f"{PLAN}nodes/{OTHER}/")
    assert DRAFT_MARKER not in page.content()  # the draft is not on the public page
    assert_accessible(page)


def test_the_year_links_swap_the_progress_accessibly(
    published: None, page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto(f"{PLAN}?fy=2028")
    heading = page.locator("#progress-heading")
    assert "2028年度" in heading.inner_text()
    page.locator(".year-nav").get_by_role("link", name="2026年度（令和8年度）").click()
    page.wait_for_url("**?fy=2026")  # htmx pushes the address, so it can be shared
    # focus moves to the new heading; expect() polls without eval, which the CSP forbids
    expect(heading).to_be_focused()
    assert "2026年度" in heading.inner_text()
    assert page.locator("[data-tree]").count() == 1  # the rest of the page stayed
    current = page.locator(".year-nav [aria-current=page]")
    assert current.inner_text() == "2026年度（令和8年度）"
    assert_accessible(page)  # after the swap


def test_the_comparison_form_swaps_its_results_accessibly(
    published: None, page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto(f"{PLAN}changes/")
    assert_accessible(page)
    page.get_by_label("比較する年度（前）").select_option("2026")
    page.get_by_label("比較する年度（後）").select_option("2028")
    page.get_by_role("button", name="比べる").click()
    page.wait_for_url("**changes/?from=2026&to=2028")
    results = page.locator("#changes-results")
    results.get_by_role("link", name=ITEM_TITLE).wait_for()
    assert "2026年度（令和8年度）から2028年度（令和10年度）への変化" in results.inner_text()
    assert "取組中" in results.inner_text() and "完了" in results.inner_text()
    assert page.locator("html").get_attribute("lang") == "ja"  # the results alone were swapped
    assert_accessible(page)
    page.get_by_label("比較する年度（前）").select_option("2028")
    page.get_by_label("比較する年度（後）").select_option("2026")
    page.get_by_role("button", name="比べる").click()
    page.get_by_role("alert").filter(has_text="比べる年度を確かめてください").wait_for()
    assert_accessible(page)  # the 422 answer, swapped in


def test_search_results_swap_in_accessibly(
    published: None, page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto(f"{PLAN}search/")
    page.locator("#q").focus()
    page.keyboard.type("マイナンバー")
    page.get_by_role("link", name=ITEM_TITLE).wait_for()
    assert_accessible(page)


def test_the_keyboard_alone_reaches_an_items_history(published: None, page: Any) -> None:
    page.goto("/")
    tab_to(page, "el.tagName === 'A' && el.textContent === '青森市行財政改革プラン(2024-2028)'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{PLAN}")
    tab_to(
        page,
        "el.tagName === 'A' && !!el.closest('#table-rows') && el.textContent.includes('DXの推進')",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{PLAN}nodes/2/")
    tab_to(
        page,
        "el.tagName === 'A' && !!el.closest('#table-leaves')"
        f" && el.textContent.includes('{ITEM_TITLE}')",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"**nodes/{ITEM}/")
    # the history table scrolls inside its own box, which takes the focus (and shows it)
    tab_to(page, "el.getAttribute('aria-labelledby') === 'caption-history'")
    assert active(page, "getComputedStyle(el).outlineStyle") != "none"
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === '#fy-2028'")
    page.keyboard.press("Enter")
    page.wait_for_url("**#fy-2028")


def test_the_item_page_fits_a_phone_screen(
    published: None,
    browser: Any,
    live_server_url: str,
    assert_accessible: Callable[[Any], None],
    csp_watch: CspWatch,
) -> None:
    context = browser.new_context(
        locale="ja-JP", base_url=live_server_url, viewport={"width": 360, "height": 740}
    )
    csp_watch.watch(context)
    try:
        page = context.new_page()
        for path in (f"{PLAN}nodes/{ITEM}/", PLAN, f"{PLAN}nodes/2/", f"{PLAN}changes/", "/"):
            page.goto(path)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= 360, f"{path} scrolls sideways ({width}px)"
        page.goto(f"{PLAN}nodes/{ITEM}/")
        assert_accessible(page)  # the tables' scroll boxes are focusable regions
    finally:
        context.close()


def test_printing_hides_the_controls_and_keeps_the_content(published: None, page: Any) -> None:
    page.goto(f"{PLAN}?fy=2028")
    page.emulate_media(media="print")
    for hidden in (
        ".year-nav",
        ".page-links",
        ".site-header .search-form",
        ".lang-switch",
        ".skip-link",
    ):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("#chart-rows-effects").is_visible()
    assert page.locator("#table-rows").is_visible()


def test_the_public_pages_pass_axe_in_english(
    published: None, page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto(f"{PLAN}nodes/{ITEM}/")
    page.get_by_role("link", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", name="Year by year").is_visible()
    assert_accessible(page)
    page.goto(f"{PLAN}changes/")
    assert_accessible(page)
    page.goto("/")
    assert_accessible(page)
