"""The 工程表 (/plans/{slug}/schedule/): public from adoption, with the planned 工程 of every
item and, beside it, the status of published reports only; staff also see the unpublished ones,
marked. An XLSX download of the same table. A constant number of queries."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries
from tests.support.built_plans import sized_plan
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import DRAFT_MARKER, PLAN, SLUG

from gyokaku.plans.models import ItemSheet, Node
from gyokaku.plans.planfile import SheetIn
from gyokaku.site.sheets import sheets_sync
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply

SCHEDULE = f"{PLAN}schedule/"


def _sheet(plan: Any, key: str = "1-1") -> None:
    sheets_sync(
        plan=plan,
        sheets={
            key: SheetIn.model_validate(
                {
                    "content": "書かない窓口を広げる",
                    "schedule": [
                        {"fiscal_year": 2024, "stage": "study", "text": "=先行事例の調査"},
                        {"fiscal_year": 2026, "stage": "implement", "text": "全窓口で実施"},
                    ],
                }
            )
        },
    )


def _cells(html: str, number: str) -> list[str]:
    """The visible text of the cells of the row whose heading starts with ``number``."""
    row = re.search(
        rf'<tr>\s*<th scope="row"[^>]*><span class="code">{re.escape(number)}</span>(.*?)</tr>',
        html,
        re.S,
    )
    assert row, number
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]


def test_the_public_sees_it_before_any_report_is_published(world: Any, client: Any) -> None:
    _sheet(world.plan)
    response = client.get(SCHEDULE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<caption id="schedule-caption">' in html and '<th scope="col"' in html
    assert '<th scope="colgroup" colspan="6"><span class="code">1</span> DXの推進</th>' in html
    assert _cells(html, "1-①") == [
        "検討 =先行事例の調査",
        "工程なし",
        "実施 全窓口で実施",
        "工程なし",
        "工程なし",
    ]
    assert "令和6年度" in html and "2024年度（令和6年度）" in html  # 和暦, 西暦 in the abbr
    assert "実績:" not in html  # nothing published yet
    visible = re.sub(r"<[^>]+>", " ", html)
    assert "1-1 " not in visible  # the printed number, never the key, where people read


def test_it_is_linked_from_the_plan_and_the_item(world: Any, client: Any) -> None:
    _sheet(world.plan)
    assert f'href="{SCHEDULE}"' in client.get(PLAN).content.decode()
    item = client.get(f"{PLAN}nodes/1-1/").content.decode()
    assert f'href="{SCHEDULE}"' in item and "書かない窓口を広げる" in item  # the 個票


def test_the_public_sees_published_actuals_only(published: Any, client: Any) -> None:
    _sheet(published.plan, "1-2")
    html = client.get(SCHEDULE).content.decode()
    assert "実績: 取組中・B" in _cells(html, "1-①")[0]
    assert _cells(html, "1-②")[0] == "検討 =先行事例の調査"  # its FY2024 report is a draft
    assert DRAFT_MARKER not in html and "下書き" not in html


def test_a_reopened_report_shows_what_was_published(published: Any, client: Any) -> None:
    """Reworked ratings of a published report reopened by the plan office stay off the public
    工程表 until it is published again: it shows the last publication, unmarked."""
    carol = published.actor("carol")
    transition_apply(
        report=published.report("1-1", 2024), action="reopen", actor=carol, comment="確認"
    )
    report = published.report("1-1", 2024)
    progress_update(
        report=report,
        actor=carol,
        data={"ratings": {"status": "done", "achievement": "A"}},
        expected_version=report.version,
    )
    cell = _cells(client.get(SCHEDULE).content.decode(), "1-①")[0]
    assert "実績: 取組中・B" in cell
    assert "完了" not in cell and "下書き" not in cell


def test_staff_see_unpublished_actuals_marked(published: Any, as_user: Any) -> None:
    html = as_user("dave").get(SCHEDULE).content.decode()
    assert "（下書き）" in " ".join(_cells(html, "1-②"))
    assert "公表前の取組状況" in html


def test_the_xlsx_download_is_the_same_table(published: Any, client: Any) -> None:
    _sheet(published.plan)
    response = client.get(f"{PLAN}schedule.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}-schedule.xlsx"'
    ws = openpyxl.load_workbook(io.BytesIO(response.content))["工程表"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[1][:6] == [
        "番号",
        "取組",
        "階層",
        "令和6年度 工程",
        "令和6年度 内容",
        "令和6年度 実績",
    ]
    item = next(r for r in rows if r[0] == "1-①")
    assert item[3:6] == ["検討", "=先行事例の調査", "取組中・B"]
    assert ws.cell(row=rows.index(item) + 1, column=5).data_type == "s"  # never a formula
    assert not any("ZZDRAFT" in str(v) for r in rows for v in r)


def test_an_unknown_plan_is_404(db: None, client: Any) -> None:
    assert client.get("/plans/nope/schedule/").status_code == 404
    assert client.get("/plans/nope/schedule.xlsx").status_code == 404


# plan_or_404, levels, nodes, 個票, reports, rating scales and values; + the data stamp
SCHEDULE_QUERIES = 7 + STAMP_QUERY


@pytest.mark.parametrize("size", [85, 2000])
def test_it_runs_a_constant_number_of_queries(
    db: None, client: Any, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    plan = sized_plan(size)
    for node in Node.objects.filter(plan=plan).leaves()[:50]:
        ItemSheet.objects.create(
            node=node, schedule=[{"fiscal_year": plan.start_fy, "stage": "study", "text": "x"}]
        )
    with django_assert_num_queries(SCHEDULE_QUERIES):
        response = client.get(f"/plans/{plan.slug}/schedule/")
    assert response.status_code == 200


def test_the_staff_view_runs_a_constant_number_of_queries(published: Any, as_user: Any) -> None:
    dave = as_user("dave")
    _sheet(published.plan, "1-2")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            html = dave.get(SCHEDULE).content.decode()
        assert "（下書き）" in html  # the staff view, with unpublished reports marked
        return len(queries)

    count()  # the session's first request reads more (the user's profile, once)
    first = count()
    _sheet(published.plan, "2")  # one more item with a 個票 and its reports
    assert count() == first
