"""The OpenAPI schema lists the endpoints of indicators, effects, targets and the roll-up, and
the answers have the schema's shapes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.api_client import (
    TARGETS,
    effect,
    effects_path,
    indicator,
    indicators_path,
    rollup_path,
)
from tests.support.world import World

ENDPOINTS = [
    ("get", "/api/v1/plans/{slug}/nodes/{key}/indicators"),
    ("put", "/api/v1/plans/{slug}/nodes/{key}/indicators"),
    ("get", "/api/v1/plans/{slug}/nodes/{key}/effects/{fy}"),
    ("put", "/api/v1/plans/{slug}/nodes/{key}/effects/{fy}"),
    ("get", "/api/v1/plans/{slug}/effect-targets"),
    ("put", "/api/v1/plans/{slug}/effect-targets"),
    ("get", "/api/v1/plans/{slug}/rollup"),
]


@pytest.fixture
def schema(db: None) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()  # type: ignore[no-any-return]


def test_it_lists_every_endpoint(schema: dict[str, Any]) -> None:
    for method, path in ENDPOINTS:
        assert method in schema["paths"].get(path, {}), f"{method.upper()} {path}"
    puts = [schema["paths"][p]["put"]["responses"] for m, p in ENDPOINTS if m == "put"]
    assert all("412" in responses for responses in puts)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _check(schema: dict[str, Any], shape: dict[str, Any], value: Any, where: str) -> None:
    """Cheap validation, recursive: objects have exactly the schema's properties."""
    shape = _resolve(schema, shape)
    if "anyOf" in shape:
        if value is None:
            return
        shape = _resolve(schema, next(s for s in shape["anyOf"] if s.get("type") != "null"))
    if "properties" in shape:
        assert isinstance(value, dict), where
        assert set(value) == set(shape["properties"]), where
        for name, sub in shape["properties"].items():
            _check(schema, sub, value[name], f"{where}.{name}")
    elif shape.get("type") == "object" and isinstance(shape.get("additionalProperties"), dict):
        for key, sub in value.items():
            _check(schema, shape["additionalProperties"], sub, f"{where}.{key}")
    elif shape.get("type") == "array":
        for i, item in enumerate(value):
            _check(schema, shape["items"], item, f"{where}[{i}]")


def _answer_shape(schema: dict[str, Any], method: str, path: str, status: str) -> Any:
    content = schema["paths"][path][method]["responses"][status]["content"]
    return content["application/json"]["schema"]


def test_answers_match_the_schema(world: World, schema: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world.users["carol"])

    def put(path: str, body: dict[str, Any], version: int) -> Any:
        return client.put(
            path,
            data=body,
            content_type="application/json",
            headers={"If-Match": f'"{version}"'},
        ).json()

    put(indicators_path(), {"indicators": [indicator(actuals={"2024": 1})]}, 0)
    put(effects_path(), {"effects": [effect(actual_yen=3)]}, 0)
    targets = [{"kind": None, "fiscal_year": None, "target_yen": 9, "label": "計"}]
    put(TARGETS, {"targets": targets}, 0)
    stale = put(effects_path(), {"effects": []}, 0)

    base = "/api/v1/plans/{slug}"
    for method, path, status, body in [
        ("get", base + "/nodes/{key}/indicators", "200", client.get(indicators_path()).json()),
        ("get", base + "/nodes/{key}/effects/{fy}", "200", client.get(effects_path()).json()),
        ("put", base + "/nodes/{key}/effects/{fy}", "412", stale),
        ("get", base + "/effect-targets", "200", client.get(TARGETS).json()),
        ("get", base + "/rollup", "200", client.get(rollup_path()).json()),
        (
            "get",
            base + "/nodes/{key}",
            "200",
            client.get(indicators_path()[: -len("/indicators")]).json(),
        ),
    ]:
        _check(schema, _answer_shape(schema, method, path, status), body, f"{method} {path}")
