"""Every API operation, driven by schemathesis from the OpenAPI document, as an editor (alice) and
as the plan office (carol): no answer is a 5xx, and every answer — status, content type, body —
is what the document declares (issue 18 #6). Examples are bounded per operation so that the
whole file runs in about a minute; the path parameters mostly name the test plan's real plan,
nodes and years, so the bodies reach the services instead of stopping at a 404."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.support.world import World

from gyokaku.accounts.services import token_create
from gyokaku.api import api

EXAMPLES = 10  # per operation and caller; ~26 operations × 2 callers
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

CONFIG: dict[str, Any] = {
    # Real names most of the time, anything the schema allows the rest of the time.
    "dictionaries": {
        "slugs": {"values": ["test-2024-2028"]},
        "keys": {"values": ["1-1", "1-2", "2", "1"]},
        "years": {"values": [2024, 2025, 2028]},
        # New records are version 0, the world's reports version 1; later ones count up.
        "versions": {"values": ['"0"', '"1"', '"2"', '"3"']},
    },
    "parameters": {
        "path.slug": {"dictionary": "slugs", "probability": 0.9},
        "path.key": {"dictionary": "keys", "probability": 0.8},
        "path.fy": {"dictionary": "years", "probability": 0.7},
        "query.fy": {"dictionary": "years", "probability": 0.5},
        "header.If-Match": {"dictionary": "versions", "probability": 0.8},
    },
}


# Loaded when the module is collected, from the API object itself (no request, no database);
# the answers come from the WSGI application, inside each test's transaction.
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(), config=schemathesis.Config.from_dict(CONFIG)
)
schema.app = get_wsgi_application()


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, as in production;
    the test's transaction lives on it (PostgreSQL). Django's test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_of(world: World, keep_connection: None) -> Any:
    """A fresh token for each example: an example may revoke the one before it (DELETE
    /tokens/{id} with a small id), which would leave the rest of the run at 401."""

    def make(name: str) -> dict[str, str]:
        _, raw = token_create(user=world.users[name], actor_label="test")
        # schemathesis' WSGI transport reads the body as sent: no gzip (GZipMiddleware
        # compresses for a client that asks; tests/ops/test_compression.py covers that).
        return {"Authorization": f"Bearer {raw}", "Accept-Encoding": "identity"}

    return make


pytestmark = pytest.mark.fuzz

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize()
@SETTINGS
def test_every_operation_answers_as_documented_to_an_editor(
    world: World, case: Any, token_of: Any
) -> None:
    case.call_and_validate(headers=token_of("alice"), checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_every_operation_answers_as_documented_to_the_plan_office(
    world: World, case: Any, token_of: Any
) -> None:
    case.call_and_validate(headers=token_of("carol"), checks=CHECKS)
