"""The whole reporting round in Chromium: the coordinator opens FY2024, the editor writes and
submits, the coordinator returns it with a comment, the editor fixes and resubmits, the
coordinator approves (bulk) and publishes. axe-core checks the staff pages on the way, also
after an htmx swap; the edit form is used from the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PLAN = "/plans/aomori-2024-2028"
KEY = "2-1-01-2"  # in addresses; people read it as NUMBER
NUMBER = "2-(1)-01-②"


def state_of(page: Any) -> str:
    return str(page.locator("#report-facts .state").inner_text())


def open_round(page: Any, fy: int) -> None:
    page.goto(f"{PLAN}/rounds/")
    page.get_by_label("年度", exact=True).select_option(str(fy))
    page.get_by_label("締切日").fill(f"{fy + 1}-03-31")
    page.get_by_role("button", name="開始する").click()
    page.wait_for_url(f"**{PLAN}/rounds/")


def test_it_runs_a_whole_round(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None]
) -> None:
    report = f"{PLAN}/nodes/{KEY}/progress/2024/"
    coord = login("coord")
    open_round(coord, 2024)
    assert (
        "2024年度（令和6年度）の進捗調査を開始しました"
        in coord.get_by_role("status").first.inner_text()
    )
    assert_accessible(coord)

    editor = login("editor")
    item = editor.get_by_role("link", name=f"{NUMBER} 書かない窓口の導入")
    assert item.inner_text().startswith("入力する")
    assert_accessible(editor)  # my items
    item.click()
    editor.wait_for_url(f"**{report}")
    assert_accessible(editor)  # the report page
    editor.get_by_label("取組実績").fill("3つの窓口で導入しました。")
    editor.get_by_label("実施状況").select_option("in_progress")
    editor.get_by_role("button", name="保存", exact=True).click()
    editor.locator("#save-status", has_text="保存しました").wait_for()
    assert editor.locator("#report-facts dd", has_text="2").count() >= 1
    assert_accessible(editor)  # after the htmx swap
    editor.get_by_role("button", name="提出", exact=True).click()
    editor.wait_for_url(f"**{report}")
    assert state_of(editor) == "提出済"

    coord.goto(f"{PLAN}/review/")
    assert_accessible(coord)  # the review queue
    coord.get_by_role("link", name="書かない窓口の導入（2024）").click()
    coord.get_by_label("コメント").fill("数値の根拠を追記してください。")
    coord.get_by_role("button", name="差戻し").click()
    coord.wait_for_url(f"**{report}")
    assert state_of(coord) == "差戻し"

    editor.goto(report)
    assert "数値の根拠を追記してください。" in editor.locator("main").inner_text()
    editor.get_by_label("取組実績").fill("3つの窓口で導入しました（申請の8割を電子化）。")
    editor.get_by_role("button", name="保存", exact=True).click()
    editor.locator("#save-status", has_text="保存しました").wait_for()
    editor.get_by_role("button", name="提出", exact=True).click()
    editor.wait_for_url(f"**{report}")
    assert state_of(editor) == "提出済"

    coord.goto(f"{PLAN}/review/")
    coord.get_by_label(f"{NUMBER}（2024年度）を承認する").check()
    coord.get_by_role("button", name="選んだ取組状況を承認").click()
    assert "承認 1件、承認できなかったもの 0件" in coord.get_by_role("status").first.inner_text()
    coord.goto(report)
    coord.get_by_role("button", name="公表", exact=True).click()
    coord.wait_for_url(f"**{report}")
    assert state_of(coord) == "公表済"
    steps = coord.locator("#transitions-heading + div tbody tr").all_inner_texts()
    assert len(steps) == 5 and "承認済 → 公表済" in steps[-1]


def test_it_filters_the_review_queue_with_htmx_accessibly(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None]
) -> None:
    coord = login("coord")
    open_round(coord, 2026)
    coord.goto(f"{PLAN}/review/")
    coord.get_by_label("状態").select_option("draft")
    coord.wait_for_url("**state=draft**")
    coord.locator("#review-table tbody tr").first.wait_for()
    assert coord.locator("html").get_attribute("lang") == "ja"  # the table was swapped alone
    assert_accessible(coord)


def test_it_edits_a_report_from_the_keyboard(
    login: Callable[[str], Any], assert_accessible: Callable[[Any], None]
) -> None:
    open_round(login("coord"), 2025)
    editor = login("editor")
    editor.goto(f"{PLAN}/nodes/{KEY}/progress/2025/")
    for _ in range(60):
        editor.keyboard.press("Tab")
        if editor.evaluate("document.activeElement.id") == "id_result_text":
            break
    else:
        pytest.fail("Tab never reached the 取組実績 field")
    editor.keyboard.type("キーボードだけで入力しました。")
    for _ in range(20):
        editor.keyboard.press("Tab")
        if editor.evaluate("document.activeElement.id") == "report-save":
            break
    else:
        pytest.fail("Tab never reached the 保存 button")
    editor.keyboard.press("Enter")
    editor.locator("#save-status", has_text="保存しました").wait_for()
    # htmx swapped the form; focus stays on the save button, so the next Tab goes on from there.
    assert editor.evaluate("document.activeElement.id") == "report-save"
    assert editor.get_by_label("取組実績").input_value() == "キーボードだけで入力しました。"
    assert_accessible(editor)
