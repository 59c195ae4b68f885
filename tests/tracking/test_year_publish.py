"""Publishing a whole fiscal year in one act (年度の公表): every approved report through the
workflow's publish move, nothing else touched, one audit event for the lot."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import set_state
from tests.support.built_plans import sized_plan

from gyokaku.accounts.access import actor_for
from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Conflict, Hidden, Refused
from gyokaku.plans.models import Node
from gyokaku.tracking.models import ProgressReport, Publication, State, Transition
from gyokaku.tracking.selectors import year_coverage, year_publication_preview
from gyokaku.tracking.services import round_open, year_publish

pytestmark = pytest.mark.django_db


def _states(world: Any) -> dict[str, str]:
    return dict(
        ProgressReport.objects.filter(node__plan=world.plan, fiscal_year=2024).values_list(
            "node__key", "state"
        )
    )


def test_it_publishes_every_approved_report_and_nothing_else(world: Any) -> None:
    set_state(world.report("1-1"), State.APPROVED)
    set_state(world.report("1-2"), State.SUBMITTED)
    done = year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    assert _states(world) == {"1-1": "published", "1-2": "submitted", "2": "draft"}
    assert [item.node.key for item in done.published] == ["1-1"]
    assert (done.coverage.published, done.coverage.tracked) == (1, 3)
    assert done.coverage.statement == "令和6年度の実績：公表済 1 / 3 項目（一部公表）"


def test_each_report_goes_through_the_publish_move(world: Any) -> None:
    for key in ("1-1", "2"):
        set_state(world.report(key), State.APPROVED)
    year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    moves = Transition.objects.filter(report__node__plan=world.plan, action="publish")
    assert sorted(t.report.node.key for t in moves) == ["1-1", "2"]
    assert {t.from_state for t in moves} == {State.APPROVED}
    assert world.report("1-1").version == 2  # the move bumps the version


def test_it_stores_a_publication_of_each_report_it_publishes(world: Any) -> None:
    ProgressReport.objects.filter(pk=world.report("1-1").pk).update(result_text="年度の実績")
    for key in ("1-1", "2"):
        set_state(world.report(key), State.APPROVED)
    year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    found = Publication.objects.filter(report__node__plan=world.plan).select_related("report")
    assert sorted((p.report.node.key, p.number) for p in found) == [("1-1", 1), ("2", 1)]
    first = found.get(report__node__key="1-1")
    assert (first.result_text, first.published_by, first.changes) == (
        "年度の実績",
        world.users["carol"],
        [],
    )
    assert world.report("1-1").publication == first


def test_it_records_one_summary_and_the_per_report_events(world: Any) -> None:
    for key in ("1-1", "1-2", "2"):
        set_state(world.report(key), State.APPROVED)
    year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    summary = AuditEvent.objects.get(action="year.publish")
    assert summary.target == "2024"
    assert summary.plan_slug == world.plan.slug
    assert summary.changes == {"published": [0, 3], "tracked": 3, "keys": ["1-1", "1-2", "2"]}
    assert "全項目公表済" in summary.summary
    assert AuditEvent.objects.filter(action="progress.publish").count() == 3


def test_it_refuses_when_nothing_is_approved(world: Any) -> None:
    set_state(world.report("1-1"), State.PUBLISHED)
    with pytest.raises(Conflict) as caught:
        year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    assert "公表できる取組状況（承認済）はありません" in caught.value.message
    assert "公表済 1 / 3 項目" in caught.value.message
    assert not AuditEvent.objects.filter(action="year.publish").exists()


@pytest.mark.parametrize("name", ["alice", "dave"])
def test_it_refuses_other_roles(world: Any, name: str) -> None:
    set_state(world.report("1-1"), State.APPROVED)
    with pytest.raises(Refused):
        year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor(name))
    assert world.report("1-1").state == State.APPROVED


def test_another_municipalitys_office_is_refused(world: Any) -> None:
    set_state(world.report("1-1"), State.APPROVED)
    with pytest.raises((Refused, Hidden)):
        year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor("mallory"))
    assert world.report("1-1").state == State.APPROVED


def test_a_year_without_a_round_is_hidden(world: Any) -> None:
    with pytest.raises(Hidden):
        year_publish(plan=world.plan, fiscal_year=2026, actor=world.actor("carol"))


def test_a_closed_round_can_still_be_published(world: Any) -> None:
    set_state(world.report("1-1"), State.APPROVED)
    world.round.is_open = False
    world.round.save()
    year_publish(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    assert world.report("1-1").state == State.PUBLISHED


def test_the_preview_sorts_items_and_says_what_the_page_will_say(world: Any) -> None:
    set_state(world.report("1-1"), State.APPROVED)
    set_state(world.report("1-2"), State.PUBLISHED)
    set_state(world.report("2"), State.RETURNED)
    preview = year_publication_preview(world.plan, 2024)
    assert [i.node.key for i in preview.to_publish] == ["1-1"]
    assert [i.node.key for i in preview.already] == ["1-2"]
    assert [(i.node.key, i.state_label) for i in preview.missing] == [("2", "差戻し")]
    assert [(d.name, d.counts) for d in preview.missing_by_department] == [
        ("市民課", [("差戻し", 1)])
    ]
    assert preview.now.statement == "令和6年度の実績：公表済 1 / 3 項目（一部公表）"
    assert preview.after.statement == "令和6年度の実績：公表済 2 / 3 項目（一部公表）"


def test_coverage_counts_the_items_tracked_that_year(world: Any) -> None:
    set_state(world.report("1-1"), State.PUBLISHED)
    set_state(world.report("2"), State.PUBLISHED)
    # 1-2 ended by a revision from FY2024: not tracked that year, so not missing either
    Node.objects.filter(plan=world.plan, key="1-2").update(ended_fy=2024)
    coverage = year_coverage(world.plan, 2024)
    assert (coverage.published, coverage.tracked, coverage.complete) == (2, 2, True)
    assert coverage.statement == "令和6年度の実績：全項目公表済（2 項目）"


def test_a_year_with_nothing_published_says_so(world: Any) -> None:
    coverage = year_coverage(world.plan, 2024)
    assert coverage.statement == "令和6年度の実績：公表済 0 / 3 項目（未公表）"


def test_it_publishes_fifty_reports_in_bounded_queries(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    plan = sized_plan(85, slug="big")
    carol = actor_for(world.users["carol"])
    round_open(plan=plan, fiscal_year=2024, actor=carol)
    reports = ProgressReport.objects.filter(node__plan=plan, fiscal_year=2024)
    n = reports.count()
    assert n >= 40
    reports.update(state=State.APPROVED)
    # the publish move's own queries for each report, and a constant for the rest; storing
    # the publication (issue 12) reads the year's plan, effects and actuals and inserts one row
    with django_assert_max_num_queries(15 + (9 + 4) * n):
        done = year_publish(plan=plan, fiscal_year=2024, actor=carol)
    assert len(done.published) == n
    assert done.coverage.complete
