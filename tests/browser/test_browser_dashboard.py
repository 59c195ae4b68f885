"""The dashboards in Chromium: axe-core (WCAG 2.1 A/AA) on the plan dashboard, a drill-down
and the department view; the year selector from the keyboard alone.

Fiscal effects are put in through the API first (the plan office's session, as a script in the
browser would), so the charts have something to draw whatever ran before in this session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SLUG = "aomori-2024-2028"
DASHBOARD = f"/plans/{SLUG}/dashboard/"
# Targets only: an actual belongs to a year's report, and no round need be open here.
EFFECTS = [("1-1-01-1", 2024, 12_000_000, None), ("2-1-01-1", 2025, 30_000_000, None)]


def put_effects(page: Any) -> None:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for key, fy, target, actual in EFFECTS:
        path = f"/api/v1/plans/{SLUG}/nodes/{key}/effects/{fy}"
        etag = page.request.get(path).headers["etag"]
        effect = {"kind": "expenditure", "target_yen": target, "actual_yen": actual, "note": ""}
        response = page.request.put(
            path,
            data={"effects": [effect]},
            headers={"If-Match": etag, "X-CSRFToken": token},
        )
        assert response.ok, response.text()


def active(page: Any, expression: str) -> Any:
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def tab_to(page: Any, condition: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, condition):
            return
    pytest.fail(f"Tab never reached an element where {condition}")


def test_it_passes_axe_and_drills_down(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None]
) -> None:
    coord = login("coord")
    put_effects(coord)
    coord.get_by_role("link", name="ダッシュボード", exact=True).click()
    coord.wait_for_url(f"**{DASHBOARD}")
    # two effects charts, and one rating chart per scale once a round has given the plan scales
    assert coord.locator("svg.chart__svg[role=img]").count() >= 2
    assert coord.locator("#table-per-year").is_visible()
    assert_accessible(coord)

    coord.locator("#table-effects").get_by_role("link", name="2 DXの推進").click()
    coord.wait_for_url("**/dashboard/nodes/2/?fy=*")
    assert "DXの推進" in coord.locator("h1").inner_text()
    assert coord.locator("#table-effects tbody tr").count() >= 1
    assert_accessible(coord)


def test_it_changes_the_year_from_the_keyboard(login: Callable[[str], Any]) -> None:
    coord = login("coord")
    coord.goto(DASHBOARD + "?fy=2024")
    tab_to(coord, "el.name === 'fy'")
    coord.keyboard.press("ArrowDown")  # 2025年度
    tab_to(coord, "el.name === 'unit'")
    coord.keyboard.press("ArrowDown")  # 百万円
    tab_to(coord, "el.id === 'dashboard-show'")
    coord.keyboard.press("Enter")
    coord.wait_for_url("**?fy=2025&unit=million")
    assert "2025年度（令和7年度）" in coord.locator("h1").inner_text()
    assert "百万円" in coord.locator("#table-effects caption").inner_text()


def test_it_shows_the_department_view(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None]
) -> None:
    editor = login("editor")
    editor.get_by_role("link", name="ダッシュボード", exact=True).click()
    editor.wait_for_url("**/my/dashboard/")
    assert editor.locator("h1").inner_text().startswith("所管課のダッシュボード")
    assert editor.locator("#table-items tbody tr").count() == 2  # the editor's two items
    assert_accessible(editor)
