"""Kept public answers survive writes the public cannot see, and a rebuild after a change is
made once (web/public_cache.py, issue 16 #4: reads collapsed while departments drafted)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import DRAFT_MARKER, PLAN, publish, write

from gyokaku.audit.models import AuditEvent
from gyokaku.audit.services import audit_record
from gyokaku.tracking.workflow import transition_apply
from gyokaku.web import public_cache
from gyokaku.web.public_cache import FLIGHTS, KEY_PREFIX, answer_key, data_stamp

ITEM = f"{PLAN}nodes/1-2/"


def _key(path: str) -> str:
    """The key the middleware keeps the test client's anonymous GET of ``path`` under."""
    return KEY_PREFIX + answer_key(RequestFactory().get(path), data_stamp()[0])


def test_drafting_submitting_and_approving_keep_the_public_answers(
    published: Any, client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    carol = published.actor("carol")
    before = client.get(ITEM)
    report = published.report("1-2", 2024)
    write(report, carol, result_text=f"下書きの追記 {DRAFT_MARKER}")
    for action in ("submit", "approve"):
        transition_apply(report=report, action=action, actor=carol)
    with django_assert_num_queries(STAMP_QUERY):  # still kept: nothing rebuilt
        kept = client.get(ITEM, headers={"If-None-Match": before["ETag"]})
    assert kept.status_code == 304
    assert client.get(ITEM)["ETag"] == before["ETag"]
    transition_apply(report=report, action="publish", actor=carol)
    after = client.get(ITEM, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and "下書きの追記" in after.content.decode()


@pytest.mark.django_db
def test_events_say_whether_the_public_may_see_their_write() -> None:
    for action, public in [
        ("progress.update", False),
        ("progress.approve", False),
        ("auth.login", False),
        ("progress.publish", True),
        ("progress.reopen", True),
        ("plan.import", True),
        ("some.new_action", True),  # unknown: counted as public, never stale
    ]:
        event = audit_record(action=action, actor_label="test")
        assert AuditEvent.objects.get(pk=event.pk).public is public, action
    newest_public = AuditEvent.objects.filter(action="some.new_action").get().pk
    assert data_stamp()[0] == newest_public
    audit_record(action="progress.update", actor_label="test")
    assert data_stamp()[0] == newest_public


def test_while_one_request_remakes_an_answer_the_others_get_the_one_before(
    published: Any, client: Client
) -> None:
    carol = published.actor("carol")
    old = client.get(PLAN)
    publish(published.report("1-2", 2024), carol)  # the stamp moves
    key = _key(PLAN)
    assert FLIGHTS.join(key) is None  # as if another request of this process were making it
    try:
        meanwhile = client.get(PLAN)
    finally:
        FLIGHTS.land(key)
    assert meanwhile["ETag"] == old["ETag"] and meanwhile.content == old.content
    assert cache.get(key) is None  # the waiting request made nothing
    made = client.get(PLAN)
    assert made["ETag"] != old["ETag"] and cache.get(key) is not None


def test_with_no_answer_before_a_waiting_request_makes_its_own_after_a_while(
    published: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public_cache, "WAIT_SECONDS", 0.05)
    key = _key(ITEM)
    assert FLIGHTS.join(key) is None
    try:
        answer = client.get(ITEM)
    finally:
        FLIGHTS.land(key)
    assert answer.status_code == 200 and answer["ETag"].startswith('"p')
    assert cache.get(key) is not None


def test_an_open_data_file_is_kept_too_but_not_its_index(
    published: Any, client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    url = f"/opendata/{published.plan.slug}/nodes.csv"
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(STAMP_QUERY):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    index = f"/opendata/{published.plan.slug}/"
    client.get(index)
    assert cache.get(_key(index)) is None


def test_an_address_that_stops_answering_a_page_is_not_served_from_before(
    published: Any, client: Client
) -> None:
    """An item a revision removed answers 404: readers waiting meanwhile must not get the page
    from before."""
    from gyokaku.plans.models import Node
    from gyokaku.web.public_cache import LATEST

    url = f"{PLAN}nodes/2/"
    assert client.get(url).status_code == 200
    latest = KEY_PREFIX + answer_key(RequestFactory().get(url), LATEST)
    assert cache.get(latest) is not None
    Node.objects.filter(plan=published.plan, key="2").update(key="9")  # gone from this address
    audit_record(action="plan.import", actor_label="test")  # the stamp moves
    assert client.get(url).status_code in (301, 404)
    assert cache.get(latest) is None
