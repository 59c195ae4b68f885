"""/opendata/{slug}/feed.atom: one entry per publication, newest first."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.opendata.conftest import MARKER, PUBLISHED_TEXT, Published
from tests.support.api_client import set_state

from gyokaku.tracking.models import ProgressReport, State
from gyokaku.tracking.services import progress_update, round_open
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(client: Client, slug: str) -> list[ET.Element]:
    response = client.get(f"/opendata/{slug}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed.findall(f"{ATOM}entry")


def _href(entry: ET.Element) -> str:
    link = entry.find(f"{ATOM}link")
    return "" if link is None else link.get("href", "")


def _publish(world: Any, key: str, fy: int = 2024) -> None:
    for action, who in (("submit", "carol"), ("approve", "carol"), ("publish", "carol")):
        transition_apply(report=world.report(key, fy), action=action, actor=world.actor(who))


def test_it_announces_a_publication_with_title_year_and_link(
    client: Client, published: Published
) -> None:
    [entry] = _entries(client, published.plan.slug)
    title = entry.findtext(f"{ATOM}title") or ""
    assert "書かない窓口の導入" in title and "2024年度（令和6年度）" in title
    assert _href(entry).endswith("/plans/test-2024-2028/nodes/1-1/")
    assert PUBLISHED_TEXT in (entry.findtext(f"{ATOM}summary") or "")
    assert (entry.findtext(f"{ATOM}id") or "").startswith("urn:uuid:")
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["2024年度（令和6年度）"]


def test_newest_publication_comes_first_and_drafts_never(
    client: Client, published: Published
) -> None:
    world = published.world
    _publish(world, "2")
    keys = [_href(e).split("/")[-2] for e in _entries(client, "test-2024-2028")]
    assert keys == ["2", "1-1"]
    body = client.get("/opendata/test-2024-2028/feed.atom").content.decode()
    assert MARKER not in body  # 1-2 is still a draft


def test_each_publication_is_an_entry_and_a_reopened_report_stays(
    client: Client, published: Published
) -> None:
    world = published.world
    carol = world.actor("carol")
    transition_apply(report=world.report("1-1"), action="reopen", actor=carol, comment="確認")
    report = world.report("1-1")
    progress_update(
        report=report, actor=carol, data={"result_text": "訂正後"}, expected_version=report.version
    )
    [kept] = _entries(client, "test-2024-2028")  # still public as published
    assert PUBLISHED_TEXT in (kept.findtext(f"{ATOM}summary") or "")
    _publish(world, "1-1")
    entries = _entries(client, "test-2024-2028")
    assert len(entries) == 2  # published twice: the correction first
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2
    newest, first = entries
    assert "訂正しました" in (newest.findtext(f"{ATOM}title") or "")
    assert "訂正した箇所：取組実績" in (newest.findtext(f"{ATOM}summary") or "")
    assert "訂正後" in (newest.findtext(f"{ATOM}summary") or "")
    assert "訂正" in [c.get("term") for c in newest.findall(f"{ATOM}category")]
    assert PUBLISHED_TEXT in (first.findtext(f"{ATOM}summary") or "")


def test_a_report_text_is_never_markup_in_the_feed(client: Client, published: Published) -> None:
    ProgressReport.objects.filter(pk=published.world.report("1-1").pk).update(
        result_text="<script>alert(1)</script>"
    )
    set_state(published.world.report("1-1"), State.PUBLISHED)  # published as it is now
    [entry] = _entries(client, "test-2024-2028")
    summary = entry.findtext(f"{ATOM}summary") or ""  # HTML, as a feed reader renders it
    assert "<script>" not in summary and "&lt;script&gt;" in summary


def test_the_feed_reads_in_a_constant_number_of_queries(
    client: Client, published: Published, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    world = published.world
    round_open(plan=world.plan, fiscal_year=2025, actor=world.actor("carol"))
    for key in ("1-2", "2"):
        _publish(world, key)
        _publish(world, key, 2025)
    with django_assert_max_num_queries(2):
        assert len(_entries(client, "test-2024-2028")) == 5


def test_it_answers_404_for_an_unknown_plan(client: Client, world: Any) -> None:
    assert client.get("/opendata/nope/feed.atom").status_code == 404
