"""The 工程表 in Chromium: public before any report is published, accessible (axe, WCAG 2.1
AA), headings that stay in view while the grid scrolls, and A3 landscape on paper.

The module runs its own server, whose Aomori plan gets the shipped 【サンプル】 個票 through
`gyokaku plan sheet-import`, as a city would load its filled template."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pikepdf
import pytest
from tests.support.browser import fresh_server

import gyokaku

pytestmark = pytest.mark.browser

SLUG = "aomori-2024-2028"
SCHEDULE = f"/plans/{SLUG}/schedule/"
SHEETS = f"{gyokaku.__path__[0]}/demo/data/aomori-item-sheets.xlsx"
A3_LANDSCAPE = (420 / 25.4 * 72, 297 / 25.4 * 72)  # points


@pytest.fixture(scope="module")
def live_server_url() -> Iterator[str]:
    with fresh_server(("plan", "sheet-import", SLUG, SHEETS)) as url:
        yield url


def test_the_public_reads_the_schedule_before_any_report(
    page: Any, live_server_url: str, assert_accessible: Callable[[Any], None]
) -> None:
    page.goto(live_server_url + f"/plans/{SLUG}/")
    page.get_by_role("link", name="工程表").first.click()
    page.wait_for_url(f"**{SCHEDULE}")
    table = page.get_by_role(
        "table", name="青森市行財政改革プラン(2024-2028)　工程表（柱ごと、年度別の工程と実績）"
    )
    assert table.is_visible()
    row = page.get_by_role("row", name="2-(1)-01-① マイナンバー制度の有効活用")
    assert "【サンプル】" in row.inner_text()
    assert page.get_by_role("columnheader", name="令和6年度").is_visible()
    assert "実績:" not in page.content()  # nothing published yet
    assert_accessible(page)


def test_the_headings_stay_in_view_while_the_grid_scrolls(page: Any, live_server_url: str) -> None:
    page.goto(live_server_url + SCHEDULE)
    region = page.locator(".schedule-scroll")
    heading = page.locator("thead th").nth(1)
    region.evaluate("el => { el.scrollTop = 600; }")
    after, frame = heading.bounding_box(), region.bounding_box()
    assert after and frame and abs(after["y"] - frame["y"]) < 2  # stuck to the top of the grid
    item = page.locator("tbody th.schedule-item").first
    region.evaluate("el => { el.scrollLeft = 800; }")
    assert item.evaluate("el => getComputedStyle(el).position") == "sticky"


def test_it_prints_on_a3_landscape(page: Any, live_server_url: str) -> None:
    page.goto(live_server_url + SCHEDULE)
    page.emulate_media(media="print")
    assert page.locator(".schedule-links").is_hidden()
    pdf = pikepdf.open(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[2] - box[0] == pytest.approx(A3_LANDSCAPE[0], abs=2)
    assert box[3] - box[1] == pytest.approx(A3_LANDSCAPE[1], abs=2)
    assert len(pdf.pages) >= 2  # 53 items and more: the heading row repeats on each sheet
