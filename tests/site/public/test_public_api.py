"""The anonymous API's lists: plans, a plan's reports and its changes between years — published
data only for outsiders, a page at a time (ninja's PageNumberPagination), in the OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import (
    API,
    DRAFT_MARKER,
    PUBLISHED_2024,
    PUBLISHED_2025,
    PUBLISHED_BEFORE_REOPEN,
)


def test_the_plan_list_comes_a_page_at_a_time(published: Any, client: Any) -> None:
    body = client.get("/api/v1/plans").json()
    assert body["count"] == 2
    assert [p["slug"] for p in body["items"]] == ["sapporo-2025-2029", "test-2024-2028"]
    page = client.get("/api/v1/plans?page=2&page_size=1").json()
    assert page == {"count": 2, "items": [body["items"][1]]}
    assert client.get("/api/v1/plans?page=3&page_size=1").json() == {"count": 2, "items": []}
    bad = client.get("/api/v1/plans?page=0")
    assert bad.status_code == 422 and "page" in bad.json()["problems"]


def test_outsiders_list_published_reports_only(published: Any, as_user: Any) -> None:
    for who in (None, "mallory"):
        body = as_user(who).get(f"{API}/progress").json()
        assert [(i["key"], i["fiscal_year"]) for i in body["items"]] == [
            ("1-1", 2024),
            ("2", 2024),
            ("1-1", 2025),
            ("2", 2025),  # reopened and reworked: read as last published (issue 12 #3)
        ]
        assert body["count"] == 4 and {i["state"] for i in body["items"]} == {"published"}
        assert body["items"][3]["result_text"] == PUBLISHED_BEFORE_REOPEN
    first = body["items"][0]
    assert first["result_text"] == PUBLISHED_2024
    assert first["ratings"] == {"status": "in_progress", "achievement": "B"}
    assert first["year_plan"] == {
        "stage": "study",
        "stage_label": "検討",
        "text": "年度計画2024の内容",
    }
    assert first["committee_opinion"] == "よい取組です"
    assert first["url"] == f"{API}/nodes/1-1/progress/2024"
    assert first["page_url"] == "/plans/test-2024-2028/nodes/1-1/"
    assert body["items"][1]["year_plan"] is None  # 2 has no year plan


def test_it_filters_one_year_and_pages(published: Any, client: Any) -> None:
    body = client.get(f"{API}/progress?fy=2025").json()
    assert [i["result_text"] for i in body["items"]] == [PUBLISHED_2025, PUBLISHED_BEFORE_REOPEN]
    page = client.get(f"{API}/progress?page=2&page_size=2").json()
    assert page["count"] == 4 and [i["key"] for i in page["items"]] == ["1-1", "2"]


def test_staff_list_every_report(published: Any, as_user: Any) -> None:
    body = as_user("dave").get(f"{API}/progress?fy=2024").json()
    assert body["count"] == 3
    states = {i["key"]: i["state"] for i in body["items"]}
    assert states == {"1-1": "published", "1-2": "draft", "2": "published"}
    assert DRAFT_MARKER in body["items"][1]["result_text"]


def test_it_answers_bad_input_clearly(published: Any, client: Any) -> None:
    response = client.get(f"{API}/progress?fy=2031")
    assert response.status_code == 422
    assert response.json()["problems"] == {"fy": "2031年度は計画期間（2024〜2028年度）外です"}
    assert client.get("/api/v1/plans/nope/progress").status_code == 404
    assert client.get(f"{API}/progress?fy=x").status_code == 422


def test_the_report_list_reads_a_constant_number_of_queries(
    published: Any, client: Any, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # the plan, the count, the page, its year plans, its published committee opinions
    for size in (1, 100):
        with django_assert_num_queries(5 + STAMP_QUERY):
            client.get(f"{API}/progress?page_size={size}")


def test_it_lists_the_changes_between_years(published: Any, as_user: Any) -> None:
    for who in (None, "carol"):  # the same published answer for everybody
        body = as_user(who).get(f"{API}/changes").json()
        # 2's FY2025 reads as published (done), though it is reopened and reworked
        assert body["count"] == 2 and body["items"][1]["changed"] == ["ratings.status"]
        item = body["items"][0]
        assert item["key"] == "1-1" and (item["from_fy"], item["to_fy"]) == (2024, 2025)
        assert item["changed"] == [
            "ratings.achievement",
            "ratings.status",
            "direction",
            "stage",
            "effects",
        ]
        assert item["ratings_before"] == {"status": "in_progress", "achievement": "B"}
        assert (item["direction_before"], item["direction_after"]) == ("continue", "expand")
        assert (item["stage_before"], item["stage_after"]) == ("study", "implement")
        assert item["effects_after"] == {"target_yen": 2_000_000, "actual_yen": 2_500_000}
        assert item["published_before"] is True


def test_the_changes_name_a_bad_year(published: Any, client: Any) -> None:
    response = client.get(f"{API}/changes?from=2025&to=2024")
    assert response.status_code == 422
    assert set(response.json()["problems"]) == {"to"}
    response = client.get(f"{API}/changes?from=x&to=2031")
    assert set(response.json()["problems"]) == {"from", "to"}


def test_there_is_nothing_to_compare_before_anything_is_published(world: Any, client: Any) -> None:
    assert client.get(f"{API}/changes").json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    ("path", "item"),
    [
        ("/api/v1/plans", "PlanSummaryOut"),
        ("/api/v1/plans/{slug}/progress", "ReportItemOut"),
        ("/api/v1/plans/{slug}/changes", "ChangeItemOut"),
    ],
)
def test_the_openapi_schema_documents_the_paged_lists(
    published: Any, client: Any, path: str, item: str
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][path]["get"]
    params = {p["name"] for p in operation["parameters"]}
    assert {"page", "page_size"} <= params
    assert operation["summary"] and operation.get("description")
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    paged = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert set(paged["properties"]) == {"items", "count"}
    assert paged["properties"]["items"]["items"]["$ref"].endswith(f"/{item}")
    # the answers have exactly the documented fields
    fields = set(schema["components"]["schemas"][item]["properties"])
    real = client.get(path.replace("{slug}", "test-2024-2028")).json()["items"][0]
    assert set(real) == fields


def test_the_changes_answer_validates_against_the_openapi_document(
    published: Any, client: Any
) -> None:
    """Nulls included: ``effects_before`` of a newly published node is all null, which the
    document once declared non-null (its ``MoneyOut`` was the roll-up's, of the same name)."""
    from jsonschema import Draft202012Validator

    # 2 has no effects in either year; its FY2025 reads as published though reopened
    document = client.get("/api/v1/openapi.json").json()
    answer = document["paths"]["/api/v1/plans/{slug}/changes"]["get"]["responses"]["200"]
    ref = answer["content"]["application/json"]["schema"]["$ref"]
    validator = Draft202012Validator({"$ref": ref, "components": document["components"]})
    for path in (f"{API}/changes", f"{API}/changes?from=2024&to=2025"):
        body = client.get(path).json()
        assert {"target_yen": None, "actual_yen": None} in [
            i["effects_before"] for i in body["items"]
        ]
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
        assert errors == []
