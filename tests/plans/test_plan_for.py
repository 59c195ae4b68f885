"""One way to load a plan by slug (``plans.selectors.plan_for``), and what each door answers for
a plan that is missing: the API's 404 JSON, a page's 404, a command's message."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from gyokaku.lib.errors import Hidden
from gyokaku.plans.selectors import plan_for

SLUG = "test-2024-2028"


def test_it_loads_the_plan_with_its_municipality(
    world: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        plan = plan_for(slug=SLUG)
        assert plan.municipality.name == "青森市"


def test_it_hides_a_missing_plan(world: Any) -> None:
    with pytest.raises(Hidden, match=r"^計画「nope」はありません$"):
        plan_for(slug="nope")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans/nope",
        "/api/v1/plans/nope/progress",
        "/api/v1/plans/nope/changes",
        "/api/v1/plans/nope/nodes/1-1",
        "/api/v1/plans/nope/rounds",
        "/api/v1/plans/nope/rating-scales",
        "/api/v1/plans/nope/effect-targets",
        "/api/v1/plans/nope/rollup?fy=2024",
    ],
)
def test_the_api_answers_404_json(as_user: Any, path: str) -> None:
    response = as_user("carol").get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "計画「nope」はありません"}


@pytest.mark.parametrize(
    "path",
    [
        "/plans/nope/",
        "/plans/nope/search/",
        "/plans/nope/changes/",
        "/plans/nope/nodes/1-1/",
        "/opendata/nope/",
        "/opendata/nope/datapackage.json",
        "/opendata/nope/feed.atom",
    ],
)
def test_a_public_page_answers_404(world: Any, path: str) -> None:
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize("slug", ["nope", "sapporo-2025-2029"])
@pytest.mark.parametrize("page", ["dashboard/", "rounds/", "sheet/", "reports/", "review/"])
def test_a_staff_page_answers_404_for_a_missing_plan_or_another_municipality(
    as_user: Any, slug: str, page: str
) -> None:
    assert as_user("carol").get(f"/plans/{slug}/{page}").status_code == 404


def _command(*args: str) -> str:
    with pytest.raises(CommandError) as failed:
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    return str(failed.value)


def test_plan_export_names_the_missing_plan(world: Any) -> None:
    assert _command("plan", "export", "nope") == "計画「nope」はありません"


@pytest.mark.parametrize(
    "args",
    [
        ("round", "list", "nope"),
        ("report", "nope", "--fy", "2024", "-o", "{tmp}"),
        ("publish", "nope", "{tmp}"),
        ("department", "assign", "nope", "1-1", "dx"),
    ],
)
def test_the_other_commands_say_how_to_bring_the_plan_in(
    world: Any, tmp_path: Path, args: tuple[str, ...]
) -> None:
    args = tuple(a.format(tmp=tmp_path / "out") for a in args)
    assert _command(*args) == "SLUG: 計画「nope」はありません（gyokaku plan import で取り込みます）"
