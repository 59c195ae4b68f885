"""Input the schema let through and the database could not take was a 500 (issue 18 #5): a page
past any offset the database can hold, integers past 64 bits, a lone UTF-16 surrogate in JSON.
Each is a 422 that names the parameter or field, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.support.world import World

from gyokaku.web.paging import MAX_PAGE, MAX_PAGE_SIZE

PLAN = "/api/v1/plans/test-2024-2028"
LISTS = ["/api/v1/plans", f"{PLAN}/progress", f"{PLAN}/changes", "/api/v1/audit"]
HUGE = "9223372036854775807"  # the largest 64-bit integer: the offset overflowed with it


@pytest.fixture
def carol(world: World) -> Client:
    client = Client()
    client.force_login(world.users["carol"])
    return client


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("query", "name"),
    [
        (f"page={HUGE}", "page"),
        ("page=99999999999999999999", "page"),
        (f"page={MAX_PAGE + 1}", "page"),
        (f"page_size={HUGE}", "page_size"),
        (f"page_size={MAX_PAGE_SIZE + 1}", "page_size"),
        ("page=0", "page"),
    ],
)
def test_it_refuses_a_page_out_of_bounds_by_name(
    carol: Client, path: str, query: str, name: str
) -> None:
    response = carol.get(f"{path}?{query}")
    assert response.status_code == 422, response.content
    assert set(response.json()["problems"]) == {name}


@pytest.mark.parametrize("path", LISTS)
def test_the_last_page_allowed_is_answered(carol: Client, path: str) -> None:
    response = carol.get(f"{path}?page={MAX_PAGE}&page_size={MAX_PAGE_SIZE}")
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/audit?fy={HUGE}",
        "/api/v1/audit?fy=99999999999999999999",
        f"{PLAN}/nodes/1-1/progress/{HUGE}",
        f"{PLAN}/nodes/1-1/year-plans/99999999999999999999",
        f"{PLAN}/nodes/1-1/effects/{HUGE}",
        f"{PLAN}/progress?fy={HUGE}",
        f"{PLAN}/rollup?fy={HUGE}",
    ],
)
def test_integers_past_64_bits_elsewhere_are_no_500(carol: Client, path: str) -> None:
    assert carol.get(path).status_code in (200, 404, 422)


def _put_progress(client: Client, body: str | bytes) -> Any:
    return client.put(
        f"{PLAN}/nodes/1-1/progress/2024",
        data=body,
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"result_text": "\\ud800"}', "result_text"),
        ('{"issues_text": "before \\udfff after"}', "issues_text"),
        ('{"ratings": {"\\ud800": "a"}}', "ratings.\\ud800"),
        ('{"ratings": {"status": "\\udc00"}}', "ratings.status"),
    ],
)
def test_a_lone_surrogate_is_a_422_naming_the_field(
    world: World, carol: Client, body: str, field: str
) -> None:
    response = _put_progress(carol, body)
    assert response.status_code == 422, response.content
    problems = response.json()["problems"]
    assert list(problems) == [field]
    assert "サロゲート" in problems[field]
    assert world.report("1-1").version == 1  # nothing written


def test_a_surrogate_pair_is_a_character_like_any_other(world: World, carol: Client) -> None:
    response = _put_progress(carol, json.dumps({"result_text": "😀"}))  # "\ud83d\ude00"
    assert response.status_code == 200
    assert world.report("1-1").result_text == "😀"


def test_the_openapi_document_declares_the_page_bounds(carol: Client) -> None:
    schema = carol.get("/api/v1/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/plans"]["get"]["parameters"]}
    assert params["page"]["maximum"] == MAX_PAGE
    page_size = params["page_size"]
    bounds = page_size.get("anyOf", [page_size])
    assert any(b.get("maximum") == MAX_PAGE_SIZE for b in bounds)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("plan=k%00", "plan"),  # found by schemathesis on PostgreSQL: NUL reached the query
        ("key=1-1%01", "key"),
        ("action=%7F", "action"),
        ("plan=test-2024-2028&act%00or=1", "act\x00or"),
    ],
)
def test_a_control_character_in_the_query_is_a_422_naming_the_parameter(
    carol: Client, query: str, name: str
) -> None:
    response = carol.get(f"/api/v1/audit?{query}")
    assert response.status_code == 422, response.content
    body = response.json()
    assert list(body["problems"]) == [name]
    assert "使えない文字" in body["problems"][name]


@pytest.mark.parametrize(
    "path", [f"{PLAN}%00/progress", f"{PLAN}/nodes/1-1%00", f"{PLAN}/nodes/1-1%0B/progress/2024"]
)
def test_a_control_character_in_the_path_is_a_json_404(carol: Client, path: str) -> None:
    response = carol.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_tab_in_a_query_value_is_only_text(carol: Client) -> None:
    assert carol.get("/api/v1/audit?action=%09").status_code == 200


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'{"result_text": "x",\n  oops}', "2 行 3 列"),
        (b"", None),  # an empty body is no body: the schema answers
        (b'{"result_text": "\xff"}', "UTF-8 ではありません（18 バイト目）"),
    ],
)
def test_a_body_that_is_not_json_says_where_in_japanese(
    world: World, carol: Client, body: bytes, where: str | None
) -> None:
    response = _put_progress(carol, body)
    if where is None:
        assert response.status_code in (400, 422)
        return
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert where in detail and "Cannot parse" not in detail
    assert world.report("1-1").version == 1  # nothing written


def test_a_control_character_in_a_department_code_is_a_422(world: World, carol: Client) -> None:
    """Found by schemathesis on PostgreSQL: a NUL in a code reached the lookup (a 500)."""
    response = carol.put(
        f"{PLAN}/nodes/1-1/departments",
        data=json.dumps({"departments": ["dx", "a\u0000b"]}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "departments" in next(iter(response.json()["problems"]))
