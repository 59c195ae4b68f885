"""The OpenAPI document says what the API answers (issue 18 #6): every error status of every
operation with its schema, the If-Match header where it is read, one component per name. The
schemathesis test (test_api_schemathesis.py) checks real answers against it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from gyokaku.web.api_answers import ERRORS


@pytest.fixture
def document(db: None) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()  # type: ignore[no-any-return]


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def _ref(operation: dict[str, Any], status: int) -> str:
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    return str(schema["$ref"]).rsplit("/", 1)[-1]


def test_no_two_models_share_a_component_name() -> None:
    """Components are named by class name: two ``MoneyOut`` classes made /changes document the
    roll-up's non-null amounts for its own nullable ones."""
    import gyokaku.api  # noqa: F401  (every schema module)

    names: dict[str, set[str]] = {}

    def walk(cls: type[BaseModel]) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("gyokaku."):
                names.setdefault(sub.__name__, set()).add(f"{sub.__module__}.{sub.__qualname__}")
            walk(sub)

    walk(BaseModel)
    assert {n: c for n, c in names.items() if len(c) > 1} == {}


def test_every_operation_declares_its_errors(document: dict[str, Any]) -> None:
    for method, path, operation in _operations(document):
        where = f"{method.upper()} {path}"
        declared = {int(s) for s in operation["responses"]}
        params = operation.get("parameters", [])
        if operation.get("security"):
            assert 401 in declared, where
        if any(p["in"] == "path" for p in params):
            assert 404 in declared, where
        if "requestBody" in operation:
            assert {400, 413, 422} <= declared, where
        if method in ("put", "post", "delete") and operation.get("security"):
            assert 403 in declared, where  # the role, or CSRF on a session
        for status in declared & set(ERRORS):
            if status != 412:  # a PUT's 412 carries the current record (StaleOut)
                assert _ref(operation, status) == ERRORS[status].__name__, (where, status)


def test_writes_with_a_version_declare_if_match(document: dict[str, Any]) -> None:
    puts = [
        (p, op) for m, p, op in _operations(document) if m == "put" and "412" in op["responses"]
    ]
    assert len(puts) == 5
    for path, operation in puts:
        header = next(p for p in operation["parameters"] if p["name"] == "If-Match")
        assert header["in"] == "header" and header["required"] is True, path
        assert {"412", "428"} <= set(operation["responses"]), path
        assert _ref(operation, 412) == "StaleOut"
    transitions = document["paths"]["/api/v1/plans/{slug}/nodes/{key}/progress/{fy}/transitions"]
    header = next(p for p in transitions["post"]["parameters"] if p["name"] == "If-Match")
    assert header["required"] is False
    assert _ref(transitions["post"], 412) == "StaleVersionOut"


def test_a_422_is_documented_with_its_problems(document: dict[str, Any]) -> None:
    invalid = document["components"]["schemas"]["InvalidOut"]
    assert set(invalid["required"]) == {"detail", "problems"}
    assert invalid["properties"]["problems"]["additionalProperties"] == {"type": "string"}
