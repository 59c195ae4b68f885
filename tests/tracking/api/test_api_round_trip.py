"""The whole yearly round through the API, as scripts would drive it with personal tokens."""

from __future__ import annotations

from django.test import Client
from tests.support.api_client import PLAN, Api
from tests.support.world import World

from gyokaku.accounts.services import token_create
from gyokaku.audit.models import AuditEvent


def _script(world: World, name: str) -> Api:
    _, raw = token_create(user=world.users[name], name="round trip", actor_label="test")
    return Api(Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {raw}"})


def test_the_whole_round_through_the_api(world: World) -> None:
    office, editor, public = _script(world, "carol"), _script(world, "alice"), Api(Client())
    report = f"{PLAN}/nodes/1-1/progress/2025"
    moves = f"{report}/transitions"

    opened = office.post(f"{PLAN}/rounds", {"fiscal_year": 2025, "deadline": "2026-05-31"})
    assert opened.status == 201

    etag = editor.get(report).headers["ETag"]
    edited = editor.put(
        report,
        {
            "result_text": "窓口 3 か所で開始",
            "direction": "expand",
            "ratings": {"status": "in_progress", "achievement": "A"},
        },
        if_match=etag,
    )
    assert edited.status == 200
    assert editor.post(moves, {"action": "submit"}).body["state"] == "submitted"

    returned = office.post(moves, {"action": "return", "comment": "件数を書いてください"})
    assert returned.body["state"] == "returned"
    seen = editor.get(report)
    assert seen.body["transitions"][-1]["comment"] == "件数を書いてください"

    fixed = editor.put(
        report, {"result_text": "窓口 3 か所で開始（申請 1,200 件）"}, if_match=seen.headers["ETag"]
    )
    assert fixed.status == 200
    assert editor.post(moves, {"action": "submit"}).status == 201
    assert public.get(report).status == 404  # not yet published
    submitted = office.get(report).headers["ETag"]
    assert office.put(report, {"committee_opinion": "評価できる"}, if_match=submitted).status == 200
    assert office.post(moves, {"action": "approve"}).body["state"] == "approved"
    assert office.post(moves, {"action": "publish"}).body["state"] == "published"

    published = public.get(report)
    assert published.status == 200
    assert published.body["result_text"] == "窓口 3 か所で開始（申請 1,200 件）"
    assert published.body["committee_opinion"] == "評価できる"
    assert published.body["ratings"] == {"status": "in_progress", "achievement": "A"}
    history = office.get(report).body["transitions"]
    assert [t["action"] for t in history] == ["submit", "return", "submit", "approve", "publish"]
    actions = list(
        AuditEvent.objects.filter(plan_slug="test-2024-2028", target="1-1/2025")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "progress.update",
        "progress.submit",
        "progress.return",
        "progress.update",
        "progress.submit",
        "progress.update",
        "progress.approve",
        "progress.publish",
    ]
