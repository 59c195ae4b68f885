"""A public answer that took long to make is made again in the background after a change, while
every reader, the first one too, gets the answer before it (web/public_cache.py,
``GYOKAKU_PUBLIC_REMAKE_BEHIND``; issue 16 #4: a 5,000-node plan page on publication day).
The suite turns this off (tests/conftest.py); these tests turn it on."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from tests.support.public_world import DRAFT_MARKER, PLAN, publish

from gyokaku.settings import remake_behind
from gyokaku.web import public_cache
from gyokaku.web.public_cache import FLIGHTS, KEY_PREFIX, answer_key, data_stamp

ITEM = f"{PLAN}nodes/1-2/"


def _key(path: str) -> str:
    return KEY_PREFIX + answer_key(RequestFactory().get(path), data_stamp()[0])


def test_a_slow_answer_is_made_behind_while_the_first_reader_gets_the_one_before(
    published: Any, client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.GYOKAKU_PUBLIC_REMAKE_BEHIND = 0.0  # every answer counts as slow
    started: list[Callable[[], None]] = []
    monkeypatch.setattr(public_cache, "start_behind", started.append)  # run it by hand below
    before = client.get(ITEM)
    assert DRAFT_MARKER not in before.content.decode()
    publish(published.report("1-2", 2024), published.actor("carol"))  # the stamp moves
    first = client.get(ITEM)
    assert first["ETag"] == before["ETag"] and first.content == before.content
    [work] = started
    key = _key(ITEM)
    assert cache.get(key) is None and FLIGHTS.join(key) is not None  # being made
    # a second reader meanwhile gets the one before too, and starts nothing more
    assert client.get(ITEM)["ETag"] == before["ETag"] and len(started) == 1
    work()
    assert cache.get(key) is not None
    assert FLIGHTS.join(key) is None  # landed: nothing is being made
    FLIGHTS.land(key)
    after = client.get(ITEM)
    assert after["ETag"] != before["ETag"] and DRAFT_MARKER in after.content.decode()
    assert len(started) == 1  # served as kept


def test_a_quick_answer_is_made_fresh_by_the_first_reader(
    published: Any, client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.GYOKAKU_PUBLIC_REMAKE_BEHIND = 600.0  # no answer takes that long
    started: list[Callable[[], None]] = []
    monkeypatch.setattr(public_cache, "start_behind", started.append)
    before = client.get(ITEM)
    publish(published.report("1-2", 2024), published.actor("carol"))
    after = client.get(ITEM)
    assert after["ETag"] != before["ETag"] and DRAFT_MARKER in after.content.decode()
    assert started == []


def test_a_thread_that_cannot_start_leaves_no_answer_marked_as_being_made(
    published: Any, client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.GYOKAKU_PUBLIC_REMAKE_BEHIND = 0.0

    def no_thread(work: Callable[[], None]) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(public_cache, "start_behind", no_thread)
    client.get(ITEM)
    publish(published.report("1-2", 2024), published.actor("carol"))
    with pytest.raises(RuntimeError):
        client.get(ITEM)
    key = _key(ITEM)
    assert FLIGHTS.join(key) is None  # landed: the next reader may make it
    FLIGHTS.land(key)


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_makes_the_answer_with_its_own_connection(
    published: Any, client: Client, settings: Any
) -> None:
    settings.GYOKAKU_PUBLIC_REMAKE_BEHIND = 0.0
    before = client.get(ITEM)
    publish(published.report("1-2", 2024), published.actor("carol"))
    assert client.get(ITEM)["ETag"] == before["ETag"]
    key = _key(ITEM)
    deadline = time.monotonic() + 30
    while cache.get(key) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    after = client.get(ITEM)
    assert after["ETag"] != before["ETag"] and DRAFT_MARKER in after.content.decode()


@pytest.mark.parametrize(
    ("value", "seconds"), [("off", None), ("", None), ("0.3", 0.3), (" 2 ", 2.0), ("0", 0.0)]
)
def test_the_setting_reads_seconds_or_off(value: str, seconds: float | None) -> None:
    assert remake_behind(value) == seconds


@pytest.mark.parametrize("value", ["-1", "soon", "nan"])
def test_a_bad_setting_says_what_it_takes(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="秒数"):
        remake_behind(value)
