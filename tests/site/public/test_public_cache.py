"""Public answers kept per data stamp (web/public_cache.py): ETag and Last-Modified, 304 for a
matching ETag, a kept answer served without rebuilding the page, and a new ETag after every
write that the public may see (a publication, a reopening, a plan revision)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import (
    API,
    DRAFT_MARKER,
    PLAN,
    PUBLISHED_2025,
    REOPENED_MARKER,
    publish,
    write,
)

from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.workflow import transition_apply

ITEM = f"{PLAN}nodes/1-1/"


def test_a_public_page_carries_an_etag_and_answers_304(published: Any, client: Client) -> None:
    first = client.get(PLAN)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"p') and first["Last-Modified"].endswith("GMT")
    assert "no-cache" in first["Cache-Control"]  # browsers ask again, so a publication shows
    again = client.get(PLAN, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    later = client.get(PLAN, headers={"If-Modified-Since": first["Last-Modified"]})
    assert later.status_code == 304


def test_a_kept_answer_costs_one_query_and_is_the_same(
    published: Any, client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    first = client.get(f"{PLAN}?fy=2025")
    # no tree, no roll-up: the stamp alone, for each of the two reads
    with django_assert_num_queries(2 * STAMP_QUERY):
        second = client.get(f"{PLAN}?fy=2025")
        not_modified = client.get(f"{PLAN}?fy=2025", headers={"If-None-Match": first["ETag"]})
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert not_modified.status_code == 304


def test_publishing_changes_the_etag_and_the_page(published: Any, client: Client) -> None:
    before = client.get(ITEM)
    carol = published.actor("carol")
    report = published.report("1-2", 2024)
    publish(report, carol)
    after = client.get(ITEM, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert DRAFT_MARKER not in before.content.decode()
    node = client.get(f"{PLAN}nodes/1-2/").content.decode()
    assert DRAFT_MARKER in node  # published now: the public reads it at once


def test_reopening_and_republishing_change_the_etag(published: Any, client: Client) -> None:
    carol = published.actor("carol")
    report = published.report("1-1", 2025)
    seen = client.get(ITEM)
    assert PUBLISHED_2025 in seen.content.decode()
    transition_apply(report=report, action="reopen", actor=carol, comment="数値の確認")
    reopened = client.get(ITEM)
    assert reopened["ETag"] != seen["ETag"]
    report.refresh_from_db()
    write(report, carol, result_text="全窓口に広げました（訂正）")
    publish(report, carol)
    republished = client.get(ITEM)
    assert republished["ETag"] not in {seen["ETag"], reopened["ETag"]}
    assert "全窓口に広げました（訂正）" in republished.content.decode()


def test_a_revision_changes_the_etag(published: Any, client: Client) -> None:
    plan = published.plan
    before = client.get(PLAN)
    data = plan_file_data(plan=plan)
    data["title"] = "改定後の計画名"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    after = client.get(PLAN, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and "改定後の計画名" in after.content.decode()


def test_the_public_api_answers_304_too(published: Any, client: Client) -> None:
    first = client.get(f"{API}/progress?fy=2024")
    assert first.status_code == 200 and first["ETag"]
    assert first.json() == client.get(f"{API}/progress?fy=2024").json()
    again = client.get(f"{API}/progress?fy=2024", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    other = client.get(f"{API}/progress?fy=2025")
    assert other["ETag"] != first["ETag"]  # the address is part of the key


def test_staff_answers_are_never_kept_nor_served_to_the_public(
    published: Any, as_user: Any, client: Client
) -> None:
    staff = as_user("carol").get(f"{PLAN}nodes/1-2/")
    assert DRAFT_MARKER in staff.content.decode()
    assert not staff["ETag"].startswith('"p') if staff.has_header("ETag") else True
    assert "private" in staff["Cache-Control"]
    public = client.get(f"{PLAN}nodes/1-2/").content.decode()
    assert DRAFT_MARKER not in public
    assert REOPENED_MARKER not in client.get(f"{PLAN}nodes/2/").content.decode()


def test_a_page_part_and_each_language_are_kept_apart(published: Any, client: Client) -> None:
    whole = client.get(f"{PLAN}?fy=2024")
    part = client.get(f"{PLAN}?fy=2024", headers={"HX-Request": "true"})
    assert part["ETag"] != whole["ETag"] and len(part.content) < len(whole.content)
    assert b"<html" in client.get(f"{PLAN}?fy=2024").content  # the whole page again
    client.cookies["django_language"] = "en"
    english = client.get(f"{PLAN}?fy=2024")
    assert english["ETag"] != whole["ETag"] and english["Content-Language"] == "en"


def test_an_answer_to_a_visitor_with_a_session_is_not_kept(published: Any, client: Client) -> None:
    client.cookies["sessionid"] = "stale-or-anonymous"
    response = client.get(PLAN)
    assert response.status_code == 200 and not response.has_header("Last-Modified")


def test_a_shared_database_cache_serves_the_same(published: Any, client: Client) -> None:
    from django.core.management import call_command
    from django.test import override_settings

    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gyokaku_cache",
        }
    }
    with override_settings(CACHES=shared):
        call_command("createcachetable", verbosity=0)
        first = client.get(PLAN)
        second = client.get(PLAN, headers={"If-None-Match": first["ETag"]})
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM gyokaku_cache")
            kept = cursor.fetchone()[0]
    assert first.status_code == 200 and second.status_code == 304
    assert kept >= 1  # the answer went to the shared table, not to this process's memory


def test_a_reader_accepting_gzip_gets_the_kept_page_compressed_once(
    published: Any, client: Client
) -> None:
    import gzip

    plain = client.get(PLAN)
    packed = client.get(PLAN, headers={"Accept-Encoding": "gzip, deflate"})
    again = client.get(PLAN, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert again.content == packed.content  # the compressed bytes themselves were kept
    assert packed["ETag"] != plain["ETag"]  # two representations, two validators
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    not_modified = client.get(
        PLAN, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]}
    )
    assert not_modified.status_code == 304
