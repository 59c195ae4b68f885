"""A write the server cannot store (the database read-only, the disk full) answers 503 that
says so and that nothing was saved — on a page and in the API — not the generic 500 page and
never a traceback (issue 17 #3). The running server on a full disk: test_startup_checks.py.

SQLite's ``query_only`` makes the test database refuse writes as a read-only file does
("attempt to write a readonly database"); PostgreSQL's read-only transactions cannot be
switched on inside a test's transaction, so these run on SQLite only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from tests.support.api_client import year_plan_path
from tests.support.pages import PLAN

from gyokaku.tracking.models import YearPlan

pytestmark = pytest.mark.django_db

SAYS = "保存できませんでした"


@pytest.fixture
def read_only(world: Any) -> Iterator[Callable[[], None]]:
    """Call it once logged in (a login writes its session): from then on nothing is stored."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query_only stands in for a read-only store")

    def switch() -> None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")

    yield switch
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = OFF")


def test_a_page_says_it_could_not_save(
    read_only: Callable[[], None], as_user: Callable[[str | None], Any]
) -> None:
    client = as_user("alice")
    page = f"{PLAN}/nodes/1-1/yearplans/2025/"
    client.csrf_token()
    read_only()
    response = client.post(page, {"version": 0, "stage": "study", "text": "検討する"})
    html = response.content.decode()
    assert response.status_code == 503
    assert SAYS in html and "入力した内容は保存されていません" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert client.get(page).status_code == 200  # reads go on


def test_the_api_says_it_could_not_save(
    read_only: Callable[[], None], api: Callable[[str | None], Any]
) -> None:
    alice = api("alice")
    read_only()
    answer = alice.put(year_plan_path("1-1", 2025), {"text": "検討する"}, if_match=0)
    assert answer.status == 503
    assert SAYS in answer.body["detail"]
    assert answer.headers["Retry-After"] == "600"


def test_nothing_was_stored(
    read_only: Callable[[], None], api: Callable[[str | None], Any]
) -> None:
    alice = api("alice")
    read_only()
    alice.put(year_plan_path("1-1", 2025), {"text": "検討する"}, if_match=0)
    assert not YearPlan.objects.filter(node__key="1-1", fiscal_year=2025).exists()
