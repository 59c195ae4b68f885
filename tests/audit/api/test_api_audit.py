"""GET /api/v1/audit: the plan office's and administrator's view of the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.api_client import progress_path
from tests.support.world import World

from gyokaku.audit.services import audit_record
from gyokaku.tracking.services import progress_update

AUDIT = "/api/v1/audit"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [(None, 401), ("alice", 403), ("dave", 403), ("carol", 200), ("erin", 200)],
)
def test_it_is_for_the_plan_office_and_the_admin(
    world: World, api: Any, caller: str | None, expected: int
) -> None:
    assert api(caller).get(f"{AUDIT}?plan=test-2024-2028").status == expected


def test_another_municipality_sees_none_of_ours(world: World, api: Any) -> None:
    mallory = api("mallory")
    assert mallory.get(f"{AUDIT}?plan=test-2024-2028").status == 403
    answer = mallory.get(AUDIT)
    assert answer.status == 200
    assert answer.body["items"]
    assert {e["plan"] for e in answer.body["items"]} <= {"sapporo-2025-2029", ""}
    assert "alice" not in {e["actor"] for e in answer.body["items"]}


def test_it_lists_newest_first_with_old_and_new_values(world: World, api: Any) -> None:
    alice = api("alice")
    alice.put(progress_path(), {"result_text": "一"}, if_match=1)
    alice.post(progress_path() + "/transitions", {"action": "submit"})
    items = api("carol").get(f"{AUDIT}?plan=test-2024-2028&key=1-1&fy=2024").body["items"]
    assert [e["action"] for e in items] == ["progress.submit", "progress.update"]
    assert items[1]["changes"] == {"result_text": ["", "一"]}
    assert items[0]["actor"] == "alice" and items[0]["target"] == "1-1/2024"


def test_it_filters_by_key_year_action_and_actor(world: World, api: Any) -> None:
    carol = world.actor("carol")
    for key in ("1-1", "1-2"):
        progress_update(
            report=world.report(key), actor=carol, data={"issues_text": key}, expected_version=1
        )
    api("carol").put("/api/v1/plans/test-2024-2028/nodes/1-2/departments", {"departments": []})
    office = api("erin")

    def targets(query: str) -> list[str]:
        return [e["target"] for e in office.get(f"{AUDIT}?{query}").body["items"]]

    assert targets("key=1-2") == ["1-2", "1-2/2024"]
    assert targets("key=1-1&fy=2024") == ["1-1/2024"]
    assert "2024" in targets("fy=2024")  # the round, opened by the world
    assert targets("action=progress") == ["1-2/2024", "1-1/2024"]
    assert targets("action=node.departments") == ["1-2"]
    assert set(targets("actor=carol&plan=test-2024-2028")) >= {"1-1/2024", "1-2", "2024"}


def test_it_names_the_field_of_bad_input(world: World, api: Any) -> None:
    answer = api("carol").get(f"{AUDIT}?fy=next")
    assert answer.status == 422 and "fy" in answer.body["problems"]
    assert api("carol").get(f"{AUDIT}?plan=nope").status == 404


def test_it_pages(world: World, api: Any) -> None:
    for i in range(7):
        audit_record(
            action="test.event", actor_label="carol", plan_slug="test-2024-2028", target=str(i)
        )
    carol = api("carol")
    first = carol.get(f"{AUDIT}?action=test.event&page_size=5").body
    second = carol.get(f"{AUDIT}?action=test.event&page_size=5&page=2").body
    assert first["count"] == 7
    assert [e["target"] for e in first["items"]] == ["6", "5", "4", "3", "2"]
    assert [e["target"] for e in second["items"]] == ["1", "0"]


def test_listing_the_log_takes_constant_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(world.users["carol"])
    client.get(AUDIT)  # the first request of a session stamps it (a write)
    # session, user, profile, departments, plan, count, page
    with django_assert_num_queries(7):
        client.get(f"{AUDIT}?plan=test-2024-2028")
    for i in range(30):
        audit_record(
            action="test.event", actor_label="carol", plan_slug="test-2024-2028", target=str(i)
        )
    with django_assert_num_queries(7):
        assert len(client.get(f"{AUDIT}?plan=test-2024-2028").json()["items"]) > 30
