"""Excel exchange in Chromium: the editor downloads the FY workbook of their department from
the page, fills in a result, uploads it, checks the preview and applies it. axe-core checks
the upload page, the preview and the problems page (WCAG 2.1 A/AA)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser

PLAN = "/plans/aomori-2024-2028"
FY = 2027  # a year no other browser test opens: the server's database is shared
KEY = "2-1-01-2"


def filled_in(download: Any, tmp_path: Path) -> Path:
    """The downloaded workbook with 取組実績 of KEY written, as a clerk would in Excel."""
    wb = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    ws = wb["進捗"]
    column = next(c.column for c in ws[1] if c.value == "取組実績")
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == KEY)
    ws.cell(row, column).value = "Excel で記入した実績"
    path = tmp_path / "進捗.xlsx"
    wb.save(path)
    return path


def test_it_downloads_previews_and_applies(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None], tmp_path: Path
) -> None:
    coord = login("coord")
    coord.goto(f"{PLAN}/rounds/")
    coord.get_by_label("年度", exact=True).select_option(str(FY))
    coord.get_by_role("button", name="開始する").click()
    coord.wait_for_url(f"**{PLAN}/rounds/")

    try:
        editor = login("editor")
        editor.get_by_role("link", name="Excel でダウンロード / アップロード").first.click()
        editor.wait_for_url(f"**{PLAN}/sheet/**")
        editor.get_by_label("年度", exact=True).select_option(str(FY))
        assert_accessible(editor)  # the download and upload page
        with editor.expect_download() as info:
            editor.get_by_role("button", name="ダウンロード", exact=True).click()
        download = info.value
        assert download.suggested_filename.endswith(".xlsx")

        editor.get_by_label("ファイル").set_input_files(str(filled_in(download, tmp_path)))
        editor.get_by_role("button", name="アップロードして確認する").click()
        editor.wait_for_url("**/sheet/upload/*/")
        assert "Excel で記入した実績" in editor.locator("main").inner_text()
        assert_accessible(editor)  # the preview
        editor.get_by_role("button", name="この内容で反映する").click()
        editor.wait_for_url("**/jobs/*/")  # applied in the background; its page shows progress
        editor.get_by_text("1 件の取組に反映しました").wait_for()
        assert "完了しました" in editor.get_by_role("status").first.inner_text()
        assert_accessible(editor)  # the job page
        editor.goto(f"{PLAN}/nodes/{KEY}/progress/{FY}/")
        assert editor.get_by_label("取組実績").input_value() == "Excel で記入した実績"

    finally:  # the round test expects only its own rounds on マイページ
        coord.goto(f"{PLAN}/rounds/")
        coord.get_by_role("button", name=f"{FY}年度の進捗調査を締め切る").click()
        coord.wait_for_url(f"**{PLAN}/rounds/")


def test_it_lists_the_problems_of_a_file(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None], tmp_path: Path
) -> None:
    editor = login("editor")
    editor.goto(f"{PLAN}/sheet/")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    editor.get_by_label("ファイル").set_input_files(str(broken))
    editor.get_by_role("button", name="アップロードして確認する").click()
    editor.get_by_role("heading", name="取り込めませんでした").wait_for()
    assert "Excel ブック（.xlsx）ではありません" in editor.locator("main").inner_text()
    assert_accessible(editor)  # the problems page
