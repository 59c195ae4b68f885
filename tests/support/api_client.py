"""The API client of the tests, and the addresses and bodies of the test plan's API
(tests/support/world.py).

``Api`` sends JSON with an optional If-Match through a Django test client; the ``api`` fixture
(tests/conftest.py) gives one logged in as a named person (a session; CSRF is not enforced by
Django's test client unless asked, see tests/accounts/api/test_api_auth.py) or anonymous.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.test import Client

from gyokaku.tracking.models import ProgressReport, Publication, Round, State
from gyokaku.tracking.publication import publication_record

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


def set_state(report: ProgressReport, state: str) -> None:
    """Put a report in a state for a test's set-up (the moves themselves are tested apart).

    A write behind the services' back records no audit event, so the data stamp of the public
    cache does not move: forget kept answers, as an operator does after SQL by hand.

    公表済 stores the publication as the publish move does (what the public reads from now on);
    any other state leaves the report as if it had never been published."""
    ProgressReport.objects.filter(pk=report.pk).update(state=state, publication=None)
    Publication.objects.filter(report_id=report.pk).delete()
    if state == State.PUBLISHED:
        fresh = ProgressReport.objects.select_related("node").get(pk=report.pk)
        publication_record(report=fresh, actor=None)
    cache.clear()


def close_round(round_: Round) -> None:
    Round.objects.filter(pk=round_.pk).update(is_open=False)
    cache.clear()


# ---- indicators, fiscal effects, plan targets and the roll-up ----------------------------------

TARGETS = f"{PLAN}/effect-targets"


def indicators_path(key: str = "1-1", plan: str = PLAN) -> str:
    return f"{plan}/nodes/{key}/indicators"


def effects_path(key: str = "1-1", fy: int = 2024, plan: str = PLAN) -> str:
    return f"{plan}/nodes/{key}/effects/{fy}"


def rollup_path(fy: int = 2024, plan: str = PLAN) -> str:
    return f"{plan}/rollup?fy={fy}"


def indicator(**fields: Any) -> dict[str, Any]:
    """An indicator as a PUT sends it; ``fields`` override the defaults."""
    return {
        "name": "オンライン申請件数",
        "unit": "件",
        "direction": "higher",
        "baseline": {"value": 40, "fy": 2023},
        "final_target": {"value": "200", "fy": 2028},
        "targets": {"2024": 100, "2025": "120.5"},
        "actuals": {},
        **fields,
    }


def effect(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "revenue",
        "target_yen": 1_000_000,
        "actual_yen": None,
        "note": "使用料改定による増収見込み",
        **fields,
    }
