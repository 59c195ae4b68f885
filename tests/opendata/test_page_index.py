"""/opendata/{slug}/ (the index of the open data) and the files it links to."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.opendata.conftest import MARKER, PUBLISHED_TEXT, Published, content_text

from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.tables import TABLES
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db


def _url(published: Published, rest: str = "") -> str:
    return f"/opendata/{published.plan.slug}/{rest}"


def test_it_lists_every_file_with_its_format_and_size(client: Client, published: Published) -> None:
    from django.core.cache import cache

    cache.clear()
    sizes = r'<span class="hint">[\d.,]+\s*(?:バイト|KB|bytes)'
    first = client.get(_url(published)).content.decode()
    assert not re.findall(sizes, first)  # the index makes no file: sizes of those made only
    client.get(_url(published, "nodes.csv"))
    assert len(re.findall(sizes, client.get(_url(published)).content.decode())) == 1
    for table in TABLES:
        for fmt in FORMATS:
            client.get(_url(published, f"{table}.{fmt}"))
    response = client.get(_url(published))
    assert response.status_code == 200
    html = response.content.decode()
    for table in TABLES.values():
        assert table.title in html
        for fmt in FORMATS:
            href = f'href="{_url(published, f"{table.name}.{fmt}")}"'
            assert href in html, href
    assert len(re.findall(r'<span class="hint">[\d.,]+\s*(?:バイト|KB|bytes)', html)) == 3 * len(
        TABLES
    )
    assert f'href="{_url(published, "datapackage.json")}"' in html
    assert f'href="{_url(published, "feed.atom")}"' in html
    feed_link = (
        f'<link rel="alternate" type="application/atom+xml" href="{_url(published, "feed.atom")}"'
    )
    assert feed_link in html  # feed readers find it from the page
    plan_page = client.get(f"/plans/{published.plan.slug}/").content.decode()
    assert feed_link in plan_page and f'href="{_url(published)}"' in plan_page


def test_it_shows_the_licence_and_how_to_attribute(client: Client, published: Published) -> None:
    html = client.get(_url(published)).content.decode()
    assert 'rel="license"' in html and "creativecommons.org/licenses/by/4.0" in html
    assert "出典：青森市「テスト行財政改革プラン」オープンデータ（CC BY 4.0）" in html
    assert html.index("<h1>") < html.index("ライセンスと出典の表示")


def test_it_reads_the_page_in_a_constant_number_of_queries(
    client: Client, published: Published, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    # the tables (+1 for the 個票 of item_sheets and schedule), the plan, sample flag
    with django_assert_max_num_queries(14 + 7 * 5 + 3):
        client.get(_url(published))


@pytest.mark.parametrize("who", [None, "carol", "alice", "mallory"])
def test_everybody_downloads_the_same_published_data(
    as_user: Callable[[str | None], Client], published: Published, who: str | None
) -> None:
    """Open data is public even when a staff member of the plan's city downloads it."""
    client = as_user(who)
    for fmt in FORMATS:
        response = client.get(_url(published, f"progress.{fmt}"))
        assert response.status_code == 200
        assert response["Content-Type"] == FORMATS[fmt].media_type
        text = content_text(response.content)
        assert PUBLISHED_TEXT in text and MARKER not in text


def test_a_csv_downloads_under_a_name_that_says_which_plan(
    client: Client, published: Published
) -> None:
    response = client.get(_url(published, "nodes.csv"))
    assert response["Content-Disposition"] == 'attachment; filename="test-2024-2028_nodes.csv"'
    assert response["ETag"] and "public" in response["Cache-Control"]
    again = client.get(_url(published, "nodes.csv"), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    ["/opendata/nope/", "/opendata/nope/nodes.csv", "/opendata/test-2024-2028/secrets.csv"],
)
def test_it_answers_404_for_what_does_not_exist(client: Client, world: Any, path: str) -> None:
    assert client.get(path).status_code == 404


def test_it_refuses_writes(client: Client, published: Published) -> None:
    assert client.post(_url(published, "nodes.csv")).status_code == 405


def test_it_speaks_english_when_asked(client: Client, published: Published) -> None:
    html = client.get(_url(published), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html and "Licence and attribution" in html
    assert "出典：青森市" in html  # the attribution stays as the licence asks for it


def test_a_file_changes_as_soon_as_the_data_does(client: Client, published: Published) -> None:
    """Files are cached by a digest of their rows: a publication or a correction shows at once,
    and a client's copy is current (304) exactly until then — a reopened report being reworked
    changes nothing the public reads."""
    world, url = published.world, _url(published, "progress.xlsx")
    before = client.get(url)
    assert client.get(url, headers={"if-none-match": before["ETag"]}).status_code == 304
    carol = world.actor("carol")
    transition_apply(report=world.report("1-1"), action="reopen", actor=carol, comment="訂正")
    report = world.report("1-1")
    progress_update(
        report=report, actor=carol, data={"result_text": "訂正後"}, expected_version=report.version
    )
    assert client.get(url, headers={"if-none-match": before["ETag"]}).status_code == 304
    for action in ("submit", "approve", "publish"):
        transition_apply(report=world.report("1-1"), action=action, actor=carol)
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "訂正後" not in content_text(before.content)
    assert "訂正後" in content_text(after.content)
