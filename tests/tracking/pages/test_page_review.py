"""The review queue (確認待ち): filters, htmx table, bulk approve with a result per item."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.support.chain import add_chain
from tests.support.pages import PLAN

from gyokaku.plans.models import Node
from gyokaku.tracking.models import ProgressReport, State
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
QUEUE = f"{PLAN}/review/"


def _submit(world: Any, key: str, by: str) -> ProgressReport:
    transition_apply(report=world.report(key), action="submit", actor=world.actor(by))
    return world.report(key)


def test_it_lists_the_submitted_reports_by_default(world: Any, as_user: Clients) -> None:
    _submit(world, "1-1", "alice")
    html = as_user("carol").get(QUEUE).content.decode()
    assert "1件の取組状況" in html
    assert "書かない窓口の導入" in html and "電子契約の導入" not in html
    assert 'name="report"' in html and "情報政策課" in html


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ({"state": ""}, {"1-1", "1-2", "2"}),
        ({"state": "draft"}, {"1-2", "2"}),
        ({"state": "", "department": "shimin"}, {"2"}),
        ({"state": "", "pillar": "1"}, {"1-1", "1-2"}),
        ({"state": "", "fy": "2024"}, {"1-1", "1-2", "2"}),
        ({"state": "", "fy": "2025"}, set()),
        ({"state": "", "department": "nope"}, set()),
    ],
)
def test_it_filters(world: Any, as_user: Clients, query: dict[str, str], keys: set[str]) -> None:
    _submit(world, "1-1", "alice")
    response = as_user("carol").get(QUEUE, query)
    shown = {r.node.key for r in response.context["reports"]}
    assert shown == keys


def test_it_filters_by_bureau(world: Any, as_user: Clients) -> None:
    add_chain(world, steps=False)  # 情報政策課 in 総務部 (somu), 市民課 in 市民生活部 (shimin)
    client = as_user("carol")
    html = client.get(QUEUE, {"state": ""}).content.decode()
    assert '<option value="somu">総務部</option>' in html
    response = client.get(QUEUE, {"state": "", "bureau": "somu"})
    assert {r.node.key for r in response.context["reports"]} == {"1-1", "1-2"}


def test_it_answers_htmx_with_the_table_alone(world: Any, as_user: Clients) -> None:
    response = as_user("carol").get(QUEUE, {"state": ""}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<div id="review-table">') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_it_ignores_a_bad_filter_and_says_so(world: Any, as_user: Clients) -> None:
    response = as_user("carol").get(QUEUE, {"fy": "abc", "state": "nonsense"})
    assert response.status_code == 422
    assert "絞り込みの条件に誤りがあります" in response.content.decode()


def test_it_refuses_other_roles_and_hides_from_other_municipalities(
    world: Any, as_user: Clients
) -> None:
    assert as_user("alice").get(QUEUE).status_code == 403
    assert as_user("dave").get(QUEUE).status_code == 403
    assert as_user("mallory").get(QUEUE).status_code == 404
    assert as_user("erin").get(QUEUE).status_code == 200


def test_it_approves_in_bulk_and_reports_each_item(world: Any, as_user: Clients) -> None:
    one, two = _submit(world, "1-1", "alice"), _submit(world, "2", "bob")
    draft = world.report("1-2")
    foreign = world.report("1-1", 2025, world.other_plan)
    response = as_user("carol").post(
        f"{QUEUE}approve/", {"report": [one.pk, draft.pk, two.pk, foreign.pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "承認 2件、承認できなかったもの 2件" in html
    assert "「下書き」の取組状況は承認できません" in html  # the failure says why
    assert "この取組状況はありません" in html  # another plan's report is not touched
    assert world.report("1-1").state == State.APPROVED
    assert world.report("2").state == State.APPROVED  # after a failure, the rest go on
    assert world.report("1-2").state == State.DRAFT
    assert world.report("1-1", 2025, world.other_plan).state == State.DRAFT


def test_it_asks_to_choose_something(world: Any, as_user: Clients) -> None:
    response = as_user("carol").post(f"{QUEUE}approve/", {"report": ["x"]})
    assert response.status_code == 422
    assert "承認する取組状況を選んでください" in response.content.decode()


def _more_reports(world: Any, n: int) -> None:
    nodes = Node.objects.bulk_create(
        Node(
            plan=world.plan,
            parent=world.node("2").parent,
            depth=1,
            key=str(10 + i),
            code=str(10 + i),
            title=f"追加{i}",
            order=10 + i,
            position=100 + i,
        )
        for i in range(n)
    )
    nodes = list(Node.objects.filter(plan=world.plan, key__in=[x.key for x in nodes]))
    for node in nodes:
        node.departments.add(world.shimin, world.dx)
    ProgressReport.objects.bulk_create(
        ProgressReport(node=node, round=world.round, fiscal_year=2024, state=State.SUBMITTED)
        for node in nodes
    )


def test_it_reads_in_a_constant_number_of_queries(world: Any, as_user: Clients) -> None:
    client = as_user("carol")

    def queries() -> int:
        client.get(QUEUE)  # the first request after login writes the session's time stamps
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE, {"state": ""}).status_code == 200
        return len(captured)

    few = queries()
    _more_reports(world, 40)
    assert queries() == few
    assert len(client.get(QUEUE, {"state": ""}).context["reports"]) == 43
