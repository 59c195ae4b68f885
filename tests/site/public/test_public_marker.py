"""What is not published never reaches the public; what is published reaches every place it
should. A draft (and a reopened report) carries a unique marker in every text field and in its
year plan; its effect and indicator actuals carry numbers found nowhere else. Every public page
and every API answer is read as an anonymous visitor and as another municipality's person,
and none may contain them. (Open data and the static export are tested with the other helper's
code in tests/opendata/.)"""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.public_world import (
    API,
    DRAFT_MARKER,
    HIDDEN_ACTUAL_YEN,
    HIDDEN_INDICATOR,
    PLAN,
    PUBLISHED_2024,
    PUBLISHED_2025,
    PUBLISHED_BEFORE_REOPEN,
    REOPENED_MARKER,
)

PAGES = [
    "/",
    PLAN,
    f"{PLAN}?fy=2024",
    f"{PLAN}?fy=2025",
    f"{PLAN}nodes/1/",
    f"{PLAN}nodes/1/?fy=2024",
    f"{PLAN}nodes/1-1/",
    f"{PLAN}nodes/1-2/",
    f"{PLAN}nodes/2/",
    f"{PLAN}changes/",
    f"{PLAN}changes/?from=2024&to=2025",
    f"{PLAN}search/?q=DX",
]
API_PATHS = [
    "/api/v1/plans",
    API,
    f"{API}/nodes/1-1",
    f"{API}/nodes/1-2",
    f"{API}/nodes/2",
    f"{API}/progress",
    f"{API}/progress?fy=2024",
    f"{API}/progress?fy=2025",
    f"{API}/changes",
    f"{API}/changes?from=2024&to=2025",
    f"{API}/nodes/1-2/progress/2024",
    f"{API}/nodes/2/progress/2025",
    f"{API}/nodes/1-2/year-plans/2024",
    f"{API}/nodes/1-2/indicators",
    f"{API}/nodes/1-2/effects/2024",
    f"{API}/rollup?fy=2024",
    f"{API}/rollup?fy=2025",
    f"{API}/rating-scales",
    f"{API}/effect-targets",
]
SECRETS = [
    DRAFT_MARKER,
    REOPENED_MARKER,
    str(HIDDEN_ACTUAL_YEN),
    f"{HIDDEN_ACTUAL_YEN // 1000:,}",  # as the pages show it in 千円
    str(HIDDEN_INDICATOR),
    f"{HIDDEN_INDICATOR:,}",
]


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


@pytest.mark.parametrize("who", [None, "mallory"])
def test_it_shows_no_unpublished_text_on_any_public_page(
    published: Any, as_user: Any, who: str | None
) -> None:
    client = as_user(who)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert leaks(response.content.decode()) == [], path
        # the htmx parts of the same pages
        part = client.get(path, headers={"HX-Request": "true"})
        assert leaks(part.content.decode()) == [], f"{path} (htmx)"


@pytest.mark.parametrize("who", [None, "mallory"])
def test_it_answers_no_unpublished_text_in_the_api(
    published: Any, as_user: Any, who: str | None
) -> None:
    client = as_user(who)
    for path in API_PATHS:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert leaks(response.content.decode()) == [], path


def test_search_does_not_find_draft_text(published: Any, client: Any) -> None:
    html = client.get(f"{PLAN}search/?q={DRAFT_MARKER}").content.decode()
    assert "に一致する取組はありません" in html
    assert 'class="hit"' not in html


def test_it_answers_404_for_the_draft_and_the_reopened_report_as_published(
    published: Any, client: Any
) -> None:
    for path in (f"{API}/nodes/1-2/progress/2024", f"{API}/nodes/1-2/year-plans/2024"):
        assert client.get(path).status_code == 404, path
    reopened = client.get(f"{API}/nodes/2/progress/2025")
    assert reopened.status_code == 200
    assert (reopened.json()["result_text"], reopened.json()["state"]) == (
        PUBLISHED_BEFORE_REOPEN,
        "published",
    )


def test_it_shows_published_text_where_it_belongs(published: Any, client: Any) -> None:
    node = client.get(f"{PLAN}nodes/1-1/").content.decode()
    assert PUBLISHED_2024 in node and PUBLISHED_2025 in node
    assert "年度計画2024の内容" in node and "よい取組です" in node  # year plan, committee
    reports = client.get(f"{API}/progress").json()
    texts = [item["result_text"] for item in reports["items"]]
    assert PUBLISHED_2024 in texts and PUBLISHED_2025 in texts
    one = client.get(f"{API}/nodes/1-1/progress/2025").json()
    assert one["result_text"] == PUBLISHED_2025
    # the changes page shows what changed, not the texts: the item and its values are there
    changes = client.get(f"{PLAN}changes/?from=2024&to=2025").content.decode()
    assert "書かない窓口の導入" in changes and "継続" in changes and "拡充" in changes


def test_staff_see_the_draft_on_the_same_addresses(published: Any, as_user: Any) -> None:
    """The other direction: the plan's own staff read the draft where the public does not."""
    dave = as_user("dave")  # a viewer of the municipality
    node = dave.get(f"{PLAN}nodes/1-2/").content.decode()
    assert DRAFT_MARKER in node
    assert REOPENED_MARKER in dave.get(f"{PLAN}nodes/2/").content.decode()
    items = dave.get(f"{API}/progress?fy=2024&page_size=100").json()["items"]
    assert any(DRAFT_MARKER in item["result_text"] for item in items)


def test_a_reopened_report_stays_public_as_published_until_published_again(
    published: Any, client: Any
) -> None:
    from gyokaku.tracking.workflow import transition_apply

    node = client.get(f"{PLAN}nodes/2/").content.decode()
    assert "市民の声を集めました" in node  # FY2024 is still published
    assert PUBLISHED_BEFORE_REOPEN in node  # FY2025 as published, not the rework
    assert REOPENED_MARKER not in node and "訂正" not in node
    report = published.report("2", 2025)
    carol = published.actor("carol")
    for action in ("submit", "approve", "publish"):
        transition_apply(report=report, action=action, actor=carol)
    node = client.get(f"{PLAN}nodes/2/").content.decode()
    assert REOPENED_MARKER in node and PUBLISHED_BEFORE_REOPEN not in node
    assert "訂正した箇所" in node and "取組実績、評価（実施状況）" in node
    assert client.get(f"{API}/nodes/2/progress/2025").status_code == 200
