"""The committee's year in Chromium (issue 14): the plan office shares FY2024, a member reads
the draft (未確定) and writes an opinion (the staff report page stays 404 for her), the
department replies from the link on its report page, the office closes and publishes. axe-core
checks each committee page (what the public then reads: tests/committee/test_publication.py).
The module runs its own server: its open round would disturb the round test of the shared one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.support.browser import STAFF_ITEMS, STAFF_PASSWORD, fresh_server

pytestmark = pytest.mark.browser

PLAN = "/plans/aomori-2024-2028"
KEY = STAFF_ITEMS[0]  # 情報政策課's (the staff editor's)
SETUP = f"""
from gyokaku.accounts.access import actor_for
from gyokaku.accounts.services import user_add
from gyokaku.plans.models import Municipality, Plan
from gyokaku.tracking.services import round_open
town = Municipality.objects.get(code="022012")
user_add(username="iin", role="committee", municipality=town, department_codes=[],
         password={STAFF_PASSWORD!r}, actor_label="test")
from django.contrib.auth import get_user_model
get_user_model().objects.filter(username="iin").update(last_name="青森", first_name="花子")
coord = get_user_model().objects.get(username="coord")
round_open(plan=Plan.objects.get(slug="aomori-2024-2028"), fiscal_year=2024,
           actor=actor_for(coord))
"""


@pytest.fixture(scope="module")
def live_server_url() -> Iterator[str]:
    with fresh_server(("shell", "-c", SETUP)) as url:
        yield url


@pytest.fixture
def person(browser: Any, live_server_url: str) -> Iterator[Callable[[], Any]]:
    """A logged-in page for the member, whose login lands on /committee/ (not /my/)."""
    contexts = []

    def as_member() -> Any:
        context = browser.new_context(base_url=live_server_url, locale="ja-JP")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/accounts/login/")
        page.locator("#id_username").fill("iin")
        page.locator("#id_password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url("**/committee/")
        return page

    yield as_member
    for context in contexts:
        context.close()


def test_it_runs_a_committee_year(
    login: Callable[[str], Any],
    person: Callable[[], Any],
    assert_accessible: Callable[[Any], None],
) -> None:
    coord = login("coord")
    coord.goto("/committee/")
    assert_accessible(coord)
    coord.get_by_label("年度").select_option("2024")
    coord.get_by_label("会議名").fill("第1回推進委員会")
    coord.get_by_role("button", name="共有する").click()
    coord.wait_for_url(f"**{PLAN}/committee/2024/")
    assert "委員会に共有しました" in coord.get_by_role("status").first.inner_text()
    assert_accessible(coord)

    member = person()
    assert "第1回推進委員会" in member.locator("main").inner_text()
    assert_accessible(member)
    member.get_by_role("link", name="2024年度（令和6年度）").click()
    assert "未確定" in member.locator("main").inner_text()
    member.goto(f"{PLAN}/committee/2024/items/{KEY}/")
    assert_accessible(member)
    member.get_by_label("意見", exact=True).fill("成果を数値で示してください。")
    member.get_by_role("button", name="意見を記入する").click()
    member.wait_for_url(f"**/items/{KEY}/")
    mine = member.locator("article textarea[name=text]")  # her own: in its edit form
    assert mine.input_value() == "成果を数値で示してください。"
    assert_accessible(member)
    assert member.goto(f"{PLAN}/nodes/{KEY}/progress/2024/").status == 404

    editor = login("editor")
    editor.goto(f"{PLAN}/nodes/{KEY}/progress/2024/")
    editor.get_by_role("link", name="委員会意見と対応（1件・意見受付中）").click()
    editor.get_by_label("所管課の対応").fill("次回から件数を記載します。")
    editor.get_by_role("button", name="対応を保存する").click()
    editor.wait_for_url(f"**/items/{KEY}/")
    assert "対応を記入しました" in editor.get_by_role("status").first.inner_text()
    assert_accessible(editor)

    coord.goto(f"{PLAN}/committee/2024/")
    coord.get_by_role("button", name="意見を確定する").click()
    coord.get_by_role("button", name="意見と対応を公表する").click()
    assert "公表しました" in coord.get_by_role("status").first.inner_text()
    assert "公表済" in coord.locator("main").inner_text()
