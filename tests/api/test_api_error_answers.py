"""API errors are JSON ``{"detail": …}`` in Japanese, never an HTML page or a traceback, with
or without DEBUG (issue 18 #10): a crash in an operation, a crash outside ninja, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, an unknown path, a method the path does not take."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from tests.support.world import World

from gyokaku.web.api_errors import SERVER_ERROR

PROGRESS = "/api/v1/plans/test-2024-2028/nodes/1-1/progress/2024"


def _detail(response: Any) -> str:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert list(body) == ["detail"]
    assert "Traceback" not in body["detail"] and "RuntimeError" not in body["detail"]
    return str(body["detail"])


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request: pytest.FixtureRequest) -> Any:
    with override_settings(DEBUG=request.param):
        yield request.param


@pytest.mark.urls("tests.api.failing_urls")
def test_a_crash_under_api_is_a_json_500(db: None, debug: bool) -> None:
    response = Client(raise_request_exception=False).get("/api/v1/test-fails")
    assert response.status_code == 500
    assert _detail(response) == SERVER_ERROR


def test_a_database_failure_in_an_operation_is_a_json_500(db: None, debug: bool) -> None:
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("ALTER TABLE plans_plan RENAME TO plans_plan_gone")
    response = Client(raise_request_exception=False).get("/api/v1/plans")
    assert response.status_code == 500
    assert _detail(response) == SERVER_ERROR


def test_pages_keep_their_html_error_page(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE plans_plan RENAME TO plans_plan_gone")
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_a_json_413_and_changes_nothing(world: World) -> None:
    client = Client()
    client.force_login(world.users["carol"])
    body = json.dumps({"result_text": "x" * 1000})
    response = client.put(
        PROGRESS, data=body, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert response.status_code == 413
    assert "1,000 バイトまで" in _detail(response)
    assert world.report("1-1").version == 1


def test_the_default_limit_applies(world: World) -> None:
    client = Client()
    client.force_login(world.users["carol"])
    body = json.dumps({"result_text": "x" * 3_000_000})  # over Django's 2.5 MB
    response = client.put(
        PROGRESS, data=body, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert response.status_code == 413
    _detail(response)


def test_an_unknown_api_path_is_a_json_404(db: None) -> None:
    response = Client().get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert "API はありません" in _detail(response)


def test_a_method_the_path_does_not_take_is_a_json_405(db: None) -> None:
    response = Client().delete("/api/v1/plans")
    assert response.status_code == 405
    assert "メソッド" in _detail(response)
    assert "GET" in response["Allow"]
