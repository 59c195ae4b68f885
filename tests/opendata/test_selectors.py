"""public.selectors: the rows of every table, as the public may read them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.opendata.conftest import DRAFT_ACTUAL_YEN, MARKER, PUBLISHED_TEXT, Published

from gyokaku.demo.loader import demo_load
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.measures.models import Indicator
from gyokaku.opendata.selectors import BUILDERS, PublicData, publish_events
from gyokaku.opendata.tables import TABLES
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db


def _all_rows(plan: Plan) -> dict[str, list[dict[str, object]]]:
    data = PublicData(plan)
    return {name: data.rows(name) for name in TABLES}


def test_every_table_has_a_builder_and_the_join_columns() -> None:
    assert set(BUILDERS) == set(TABLES)
    for table in TABLES.values():
        assert table.names[:2] == ["municipality_code", "plan_slug"], table.name
        if table.name not in ("rollups", "rollup_ratings"):
            assert table.names[2] == "node_key", table.name
        assert len(set(table.names)) == len(table.names), table.name


def test_it_reads_only_what_was_published(published: Published) -> None:
    rows = _all_rows(published.plan)
    assert [(r["node_key"], r["fiscal_year"]) for r in rows["progress"]] == [("1-1", 2024)]
    assert rows["progress"][0]["result_text"] == PUBLISHED_TEXT
    assert rows["progress"][0]["published_at"]
    assert {r["node_key"] for r in rows["ratings"]} == {"1-1"}
    assert [r["node_key"] for r in rows["year_plans"]] == ["1-1"]
    effects = {r["node_key"]: r for r in rows["effects"]}
    assert effects["1-1"]["actual_yen"] == 1_200_000 and effects["1-1"]["year_published"]
    # 1-2's target is plan data; its actual waits for the report's publication
    assert effects["1-2"]["target_yen"] == 1_000_000 and effects["1-2"]["actual_yen"] is None
    values = {(r["node_key"], r["fiscal_year"]): r for r in rows["indicator_values"]}
    assert values["1-1", 2024]["actual_value"] == Decimal("120")
    assert values["1-1", 2024]["achievement_rate"] == Decimal("1.4")  # (120-50)/(100-50)
    assert values["1-2", 2024]["actual_value"] is None
    assert values["1-2", 2024]["target_value"] == Decimal("30")
    assert not values["1-2", 2024]["year_published"]
    text = repr(rows)
    assert MARKER not in text and str(DRAFT_ACTUAL_YEN) not in text


def test_the_indicator_formula_decides_rate_or_points(published: Published) -> None:
    rows = _all_rows(published.plan)
    assert {r["rate_formula"] for r in rows["indicators"]} == {"auto"}
    assert rows["indicator_values"][0]["point_difference"] is None
    Indicator.objects.filter(sheet__node__key="1-1").update(formula="points")
    rows = _all_rows(published.plan)
    kinds = {r["node_key"]: r["rate_formula"] for r in rows["indicators"]}
    assert kinds["1-1"] == "points"
    values = {(r["node_key"], r["fiscal_year"]): r for r in rows["indicator_values"]}
    assert values["1-1", 2024]["achievement_rate"] is None
    assert values["1-1", 2024]["point_difference"] == Decimal("20")  # 120 − 100
    assert values["1-1", 2024]["formula"] == "120 − 100"


def test_roll_ups_count_published_reports_only(published: Published) -> None:
    rows = _all_rows(published.plan)
    plan_2024 = next(
        r for r in rows["rollups"] if r["scope"] == "plan" and r["fiscal_year"] == 2024
    )
    assert plan_2024["node_key"] is None and plan_2024["tracked"] == 3
    assert plan_2024["reported"] == 1
    assert plan_2024["single_year_actual_yen"] == 1_200_000  # not 1-2's draft actual
    assert plan_2024["single_year_target_yen"] == 1_000_000  # 1-1's alone: like with like
    years = {r["fiscal_year"] for r in rows["rollups"]}
    assert years == set(published.plan.fiscal_years)
    ratings = {
        (r["node_key"], r["scale_code"], r["value_code"]): r["count"]
        for r in rows["rollup_ratings"]
        if r["fiscal_year"] == 2024
    }
    assert ratings[None, "achievement", "A"] == 1
    assert (None, "achievement", "C") not in ratings  # 1-2 is a draft


def test_a_reopened_report_stays_in_the_open_data_as_published(published: Published) -> None:
    world = published.world
    before = _all_rows(published.plan)
    transition_apply(
        report=world.report("1-1"), action="reopen", actor=world.actor("carol"), comment="訂正"
    )
    ProgressReport.objects.filter(pk=world.report("1-1").pk).update(result_text="手直し中")
    rows = _all_rows(published.plan)
    assert [r["result_text"] for r in rows["progress"]] == [PUBLISHED_TEXT]
    for table in ("progress", "year_plans", "ratings", "effects", "rollups", "corrections"):
        assert rows[table] == before[table], table
    assert len(publish_events(published.plan)) == 1


def test_it_reads_in_a_constant_number_of_queries(published: Published) -> None:
    """The same number of queries for the 4-node test plan and the 85-node demo plan with two
    years of reports, indicators and effects."""

    def count(plan: Plan) -> int:
        plan = Plan.objects.select_related("municipality").get(pk=plan.pk)
        with CaptureQueriesContext(connection) as queries:
            rows = _all_rows(plan)
        assert rows["nodes"]
        return len(queries)

    small = count(published.plan)
    demo_load()
    large = count(Plan.objects.get(slug=AOMORI_SLUG))
    assert small == large
    # tree and departments 4, reports (with their publications: year plans and actuals as
    # published) 1, scales 2, indicators 2, effects 1, corrections 1, target changes 1, 個票 1
    # (item_sheets and schedule), committee opinions 1; roll-ups 7 a year
    assert large == 14 + 7 * len(published.plan.fiscal_years), large
