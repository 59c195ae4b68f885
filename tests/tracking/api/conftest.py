"""Helpers for API tests on the named world of tests/world.py.

``api`` logs a named person in (a session; CSRF is not enforced by Django's test client unless
asked, see test_api_auth.py) or stays anonymous, and sends JSON with an optional If-Match.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from gyokaku.tracking.models import ProgressReport, Round

PLAN = "/api/v1/plans/test-2024-2028"
OTHER_PLAN = "/api/v1/plans/sapporo-2025-2029"


def progress_path(key: str = "1-1", fy: int = 2024) -> str:
    return f"{PLAN}/nodes/{key}/progress/{fy}"


def year_plan_path(key: str = "1-1", fy: int = 2024) -> str:
    return f"{PLAN}/nodes/{key}/year-plans/{fy}"


@dataclass
class Answer:
    status: int
    body: Any
    headers: Any


class Api:
    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def call(
        self, method: str, path: str, body: Any = None, *, if_match: str | int | None = None
    ) -> Answer:
        headers = dict(self.headers)
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"' if isinstance(if_match, int) else if_match
        send = getattr(self.client, method.lower())
        if body is None or method.upper() in ("GET", "DELETE"):
            response = send(path, headers=headers)
        else:
            response = send(
                path, data=json.dumps(body), content_type="application/json", headers=headers
            )
        try:
            parsed = response.json()
        except ValueError:
            parsed = None
        return Answer(response.status_code, parsed, response.headers)

    def get(self, path: str) -> Answer:
        return self.call("GET", path)

    def put(self, path: str, body: Any, *, if_match: str | int | None = None) -> Answer:
        return self.call("PUT", path, body, if_match=if_match)

    def post(self, path: str, body: Any = None, *, if_match: str | int | None = None) -> Answer:
        return self.call("POST", path, body if body is not None else {}, if_match=if_match)

    def delete(self, path: str) -> Answer:
        return self.call("DELETE", path)


@pytest.fixture
def api(world: Any) -> Any:
    """``api("alice")`` is Alice's logged-in session; ``api(None)`` is anonymous."""

    def make(name: str | None) -> Api:
        client = Client()
        if name is not None:
            client.force_login(world.users[name])
        return Api(client)

    return make


def set_state(report: ProgressReport, state: str) -> None:
    """Put a report in a state for a test's set-up (the moves themselves are tested apart)."""
    ProgressReport.objects.filter(pk=report.pk).update(state=state)


def close_round(round_: Round) -> None:
    Round.objects.filter(pk=round_.pk).update(is_open=False)
