"""The annual report in Chromium: the plan office asks for it on the report page, watches the
job page until the worker beside `gyokaku serve` has made it, downloads it, and finds it in
the list. axe-core checks the report page (WCAG 2.1 A/AA)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser

PLAN = "/plans/aomori-2024-2028"


def test_the_plan_office_makes_downloads_and_finds_the_report(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None]
) -> None:
    coord = login("coord")
    coord.goto(f"{PLAN}/rounds/")
    coord.get_by_role("link", name="進捗状況報告書").click()
    coord.wait_for_url(f"**{PLAN}/reports/")
    assert_accessible(coord)
    coord.get_by_label("年度", exact=True).select_option("2024")
    coord.get_by_label("内部資料（未公表の取組状況を含む。庁内・委員会用）").check()
    coord.get_by_label("Excel（集計・加工用）").check()
    coord.get_by_role("button", name="作成する").click()
    coord.wait_for_url("**/jobs/*/")

    link = coord.get_by_role("link", name="ダウンロード")
    link.wait_for(timeout=60_000)  # the worker picks the job up and htmx polls every second
    assert "完了しました。" in coord.locator("main").inner_text()
    with coord.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    assert "進捗状況報告書" in download.suggested_filename
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    cover = {row[0]: row[1:] for row in book["表紙"].iter_rows(values_only=True)}
    assert cover["年度"][0] == "令和6年度" and cover["版"][0] == "内部資料"
    assert "内部資料（未公表のデータを含む）" in cover

    coord.goto(f"{PLAN}/reports/")
    listed = coord.locator("#report-files tbody tr")
    assert listed.count() >= 1
    assert "同じ（最新）" in listed.first.inner_text()
    assert "内部資料" in listed.first.inner_text()
    assert_accessible(coord)
