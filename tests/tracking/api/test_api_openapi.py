"""The OpenAPI schema describes every endpoint, and answers match the schema's shapes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.api_client import PLAN, progress_path
from tests.support.world import World

ENDPOINTS = [
    ("get", "/api/v1/plans/{slug}/nodes/{key}/progress/{fy}"),
    ("put", "/api/v1/plans/{slug}/nodes/{key}/progress/{fy}"),
    ("post", "/api/v1/plans/{slug}/nodes/{key}/progress/{fy}/transitions"),
    ("get", "/api/v1/plans/{slug}/nodes/{key}/year-plans/{fy}"),
    ("put", "/api/v1/plans/{slug}/nodes/{key}/year-plans/{fy}"),
    ("put", "/api/v1/plans/{slug}/nodes/{key}/departments"),
    ("get", "/api/v1/plans/{slug}/rounds"),
    ("post", "/api/v1/plans/{slug}/rounds"),
    ("post", "/api/v1/plans/{slug}/rounds/{fy}/close"),
    ("post", "/api/v1/plans/{slug}/rounds/{fy}/reopen"),
    ("get", "/api/v1/plans/{slug}/rating-scales"),
    ("get", "/api/v1/audit"),
    ("get", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{token_id}"),
]


@pytest.fixture
def schema(db: None) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()  # type: ignore[no-any-return]


def test_it_lists_every_endpoint(schema: dict[str, Any]) -> None:
    for method, path in ENDPOINTS:
        assert method in schema["paths"].get(path, {}), f"{method.upper()} {path}"


def test_it_declares_both_ways_to_authenticate(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerAuth"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"


def _shape(schema: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    name = ref["$ref"].rsplit("/", 1)[-1]
    return schema["components"]["schemas"][name]  # type: ignore[no-any-return]


def _check(schema: dict[str, Any], ref: dict[str, Any], body: dict[str, Any]) -> None:
    """Cheap validation: the keys are the schema's properties and the required ones are set."""
    shape = _shape(schema, ref)
    assert set(body) == set(shape["properties"])
    assert set(shape.get("required", [])) <= set(body)


def _response_ref(schema: dict[str, Any], method: str, path: str, status: str) -> Any:
    content = schema["paths"][path][method]["responses"][status]["content"]
    return content["application/json"]["schema"]


def test_answers_match_the_schema(world: World, schema: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world.users["carol"])
    progress = "/api/v1/plans/{slug}/nodes/{key}/progress/{fy}"
    body = client.get(progress_path()).json()
    _check(schema, _response_ref(schema, "get", progress, "200"), body)
    transition = _shape(schema, _response_ref(schema, "get", progress, "200"))["properties"]
    assert transition["transitions"]["type"] == "array"

    for text in ("x", "y"):  # the second is stale
        stale = client.put(
            progress_path(),
            data={"result_text": text},
            content_type="application/json",
            headers={"If-Match": '"1"'},
        )
    assert stale.status_code == 412
    _check(schema, _response_ref(schema, "put", progress, "412"), stale.json())

    year_plan = client.get(f"{PLAN}/nodes/1-1/year-plans/2024").json()
    ref = _response_ref(schema, "get", "/api/v1/plans/{slug}/nodes/{key}/year-plans/{fy}", "200")
    _check(schema, ref, year_plan)

    rounds = client.get(f"{PLAN}/rounds").json()
    items = _response_ref(schema, "get", "/api/v1/plans/{slug}/rounds", "200")["items"]
    _check(schema, items, rounds[0])
