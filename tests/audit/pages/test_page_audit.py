"""The audit page (監査ログ): plan office and admins only, filters, pages, constant queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gyokaku.audit.models import AuditEvent
from gyokaku.audit.services import audit_record
from gyokaku.tracking.services import progress_update

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def _edit(world: Any, key: str, by: str, text: str) -> None:
    report = world.report(key)
    progress_update(
        report=report,
        actor=world.actor(by),
        data={"result_text": text},
        expected_version=report.version,
    )


def test_it_lists_events_with_old_and_new(world: Any, as_user: Clients) -> None:
    _edit(world, "1-1", "alice", "新しい実績")
    html = as_user("carol").get("/audit/").content.decode()
    assert "progress.update" in html and "1-①（2024年度）" in html  # printed, not 1-1/2024
    assert "<code>result_text</code>: — → 新しい実績" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"key": "1-1"}, {"1-1/2024"}),
        ({"key": "2", "action": "progress"}, {"2/2024"}),
        ({"fy": "2024", "action": "progress.update"}, {"1-1/2024", "2/2024"}),
        ({"user": "bob", "action": "progress"}, {"2/2024"}),
        ({"plan": "sapporo-2025-2029"}, set()),
    ],
)
def test_it_filters(
    world: Any, as_user: Clients, query: dict[str, str], expected: set[str]
) -> None:
    _edit(world, "1-1", "alice", "a")
    _edit(world, "2", "bob", "b")
    response = as_user("carol").get("/audit/", query)
    assert {e.target for e in response.context["page"].object_list} == expected


def test_it_shows_only_the_own_municipality(world: Any, as_user: Clients) -> None:
    _edit(world, "1-1", "alice", "a")
    events = as_user("mallory").get("/audit/").context["page"].paginator.object_list
    slugs = {e.plan_slug for e in events}
    assert "test-2024-2028" not in slugs and "sapporo-2025-2029" in slugs
    assert not events.filter(actor_label="alice").exists()


def test_it_pages(world: Any, as_user: Clients) -> None:
    for i in range(120):
        audit_record(
            action="test.event", actor_label="carol", actor=world.users["carol"], target=str(i)
        )
    client = as_user("carol")
    html = client.get("/audit/", {"action": "test"}).content.decode()
    assert "120件の記録" in html and "1 / 3 ページ" in html
    assert 'href="?action=test&amp;page=2"' in html
    assert (
        len(client.get("/audit/", {"action": "test", "page": "3"}).context["page"].object_list)
        == 20
    )


def test_it_answers_htmx_with_the_table_alone(world: Any, as_user: Clients) -> None:
    html = as_user("erin").get("/audit/", headers={"HX-Request": "true"}).content.decode()
    assert html.startswith('<div id="audit-events">')


def test_it_says_where_the_input_is_wrong(world: Any, as_user: Clients) -> None:
    response = as_user("carol").get("/audit/", {"fy": "令和6"})
    assert response.status_code == 422
    assert "年度は西暦の数字で入力してください" in response.content.decode()


@pytest.mark.parametrize("user", ["alice", "dave"])
def test_it_refuses_other_roles_and_records_it(world: Any, as_user: Clients, user: str) -> None:
    response = as_user(user).get("/audit/")
    assert response.status_code == 403
    assert "監査ログは計画担当" in response.content.decode()
    assert AuditEvent.objects.filter(action="access.refused", actor_label=user).count() == 1


def test_it_reads_in_a_constant_number_of_queries(world: Any, as_user: Clients) -> None:
    client = as_user("carol")

    def queries() -> int:
        client.get("/audit/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/").status_code == 200
        return len(captured)

    few = queries()
    for i in range(60):
        _edit(world, "1-1", "alice", f"版{i}")
    assert queries() == few
