from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.public_cache import STAMP_QUERY

from gyokaku.audit.services import audit_record
from gyokaku.plans.models import Plan


def test_it_lists_plans(client: Client, plan: Plan) -> None:
    body = client.get("/api/v1/plans").json()
    assert body["count"] == 1  # a page of ``items`` (tests/site/public/test_public_api.py)
    assert body["items"] == [
        {
            "slug": "test-2024-2028",
            "title": "テスト行財政改革プラン",
            "municipality": {"code": "022012", "name": "青森市"},
            "period": {
                "start_fy": 2024,
                "end_fy": 2028,
                "label": "2024年度（令和6年度）〜2028年度（令和10年度）",
            },
            "url": "/plans/test-2024-2028/",
        }
    ]


def test_it_returns_a_plan_with_its_tree(client: Client, plan: Plan) -> None:
    body = client.get("/api/v1/plans/test-2024-2028").json()
    assert body["node_count"] == 4
    # the plan's settings (計画の設定): the defaults until the plan office changes them
    assert body["office_name"] == "行政経営課"
    assert body["directions"][0] == {"code": "continue", "label": "継続"}
    assert [d["code"] for d in body["directions"]] == [
        "continue",
        "expand",
        "revise",
        "complete",
        "abolish",
    ]
    plan.directions = [{"code": "reduce", "label": "縮小"}]
    plan.office_name = "行革推進課"
    plan.save()
    audit_record(action="plan.settings", actor_label="test")  # as every write does (cache stamp)
    body = client.get("/api/v1/plans/test-2024-2028").json()
    assert (body["office_name"], body["directions"]) == (
        "行革推進課",
        [{"code": "reduce", "label": "縮小"}],
    )
    assert [level["name"] for level in body["levels"]] == ["柱", "項目"]
    assert body["nodes"][0]["children"][0] == {
        "key": "1-1",
        "code": "①",
        "level": 2,
        "title": "書かない窓口の導入",
        "description": "",
        "children": [],
        "sheet": None,  # 個票 (issue 13): none in this plan
        "first_fy": None,  # the node's life in the plan (改定, issue 12)
        "ended_fy": None,
        "end_kind": "",
    }


def test_it_returns_a_node_with_breadcrumb_and_children(client: Client, plan: Plan) -> None:
    body: dict[str, Any] = client.get("/api/v1/plans/test-2024-2028/nodes/1-1").json()
    assert body["level_name"] == "項目"
    assert body["ancestors"] == [{"key": "1", "code": "1", "level": 1, "title": "DXの推進"}]
    assert body["children"] == [] and body["is_leaf"] is True
    parent = client.get("/api/v1/plans/test-2024-2028/nodes/1").json()
    assert [c["key"] for c in parent["children"]] == ["1-1", "1-2"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/plans/nope", "/api/v1/plans/nope/nodes/1", "/api/v1/plans/test-2024-2028/nodes/9"],
)
def test_it_answers_404_for_what_does_not_exist(client: Client, plan: Plan, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "ありません" in response.json()["detail"]


def test_the_openapi_schema_lists_the_read_endpoints(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/plans", "/api/v1/plans/{slug}", "/api/v1/plans/{slug}/nodes/{key}"} <= set(
        schema["paths"]
    )


def test_reading_a_plan_takes_constant_queries(
    client: Client, plan: Plan, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(7 + STAMP_QUERY):  # + the 個票
        client.get("/api/v1/plans/test-2024-2028")
    # + the published reports the caller may see (no year plans without one), + the years of
    # published actuals, the indicator sheet and the effect years (none here: nothing more;
    # tests/measures/api/test_api_node_measures.py counts a node that has them), + its
    # 更新日 (the newest publication) and its 訂正 (issue 12 #3), + its 個票 (issue 13), + its
    # published committee opinions (issue 14)
    with django_assert_num_queries(13 + STAMP_QUERY):
        client.get("/api/v1/plans/test-2024-2028/nodes/1")


def test_the_plan_and_the_node_carry_the_item_sheet(client: Client, plan: Plan) -> None:
    from gyokaku.plans.planfile import SheetIn
    from gyokaku.site.sheets import sheets_sync

    sheet = {
        "content": "書かない窓口を広げる",
        "situation": "",
        "goal": "主要手続の8割",
        "schedule": [{"fiscal_year": 2025, "stage": "implement", "text": "全窓口で実施"}],
        "effect_fiscal": "",
        "effect_other": "待ち時間の短縮",
    }
    sheets_sync(plan=plan, sheets={"1-1": SheetIn.model_validate(sheet)})
    body = client.get("/api/v1/plans/test-2024-2028").json()
    assert body["nodes"][0]["children"][0]["sheet"] == sheet
    assert body["nodes"][0]["sheet"] is None
    assert client.get("/api/v1/plans/test-2024-2028/nodes/1-1").json()["sheet"] == sheet
    assert client.get("/api/v1/plans/test-2024-2028/nodes/1-2").json()["sheet"] is None
