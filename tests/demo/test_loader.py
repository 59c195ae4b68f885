"""gyokaku.demo.loader: the demo dataset, made through the real services."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gyokaku.accounts.models import Department, Profile
from gyokaku.audit.models import AuditEvent
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview, ReviewState
from gyokaku.committee.selectors import published_opinions_q
from gyokaku.demo import data
from gyokaku.demo.loader import demo_load
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.measures.models import (
    EffectYear,
    FiscalEffect,
    IndicatorActual,
    IndicatorSheet,
    PlanTarget,
)
from gyokaku.plans.models import ItemSheet, Node, Plan
from gyokaku.tracking.models import (
    ChainStep,
    ProgressReport,
    Round,
    State,
    Transition,
    YearPlan,
)
from gyokaku.tracking.selectors import tracked_nodes

User = get_user_model()


@pytest.fixture
def plan(db: None) -> Plan:
    report = demo_load()
    assert report.changed and not report.notes
    return Plan.objects.get(slug=AOMORI_SLUG)


def _snapshot() -> dict[str, Any]:
    return {
        "events": AuditEvent.objects.count(),
        "transitions": Transition.objects.count(),
        "report_versions": sorted(ProgressReport.objects.values_list("pk", "version")),
        "year_plan_versions": sorted(YearPlan.objects.values_list("pk", "version")),
        "history": ProgressReport.history.count(),
        "users": sorted(User.objects.values_list("username", "password")),
        "assignments": Node.departments.through.objects.count(),
        "indicator_versions": sorted(IndicatorSheet.objects.values_list("pk", "version")),
        "effect_versions": sorted(EffectYear.objects.values_list("pk", "version")),
        "effects": FiscalEffect.objects.count(),
        "actuals": IndicatorActual.objects.count(),
        "plan_targets": sorted(PlanTarget.objects.values_list("pk", "target_yen")),
    }


def test_a_second_load_changes_nothing(plan: Plan) -> None:
    before = _snapshot()
    again = demo_load()
    assert not again.changed
    assert "変更なし" in again.summary()
    assert _snapshot() == before


def test_a_second_load_keeps_the_departments_assigned_since(plan: Plan) -> None:
    """`gyokaku run` loads the demo on every start: an assignment made in between stays."""
    node = Node.objects.get(plan=plan, key="2-1-01-3")
    call_command("department", "assign", plan.slug, node.key, "jinji", stdout=io.StringIO())
    events = AuditEvent.objects.count()
    again = demo_load()
    assert not again.changed
    assert list(node.departments.values_list("code", flat=True)) == ["jinji"]
    assert AuditEvent.objects.count() == events


def test_the_demo_assigns_departments_as_the_system(plan: Plan) -> None:
    events = AuditEvent.objects.filter(action="node.departments")
    assert events.count() == len(data.ASSIGNMENTS)
    assert set(events.values_list("actor_label", "actor")) == {("system:demo", None)}


def test_every_tracked_node_has_departments(plan: Plan) -> None:
    nodes = tracked_nodes(plan).prefetch_related("departments")
    assert len(nodes) == len(data.ASSIGNMENTS) == 49
    for node in nodes:
        assert sorted(d.code for d in node.departments.all()) == sorted(
            data.ASSIGNMENTS[node.key]
        ), node.key
    codes = {code for code, _ in data.DEPARTMENTS}
    assert {c for cs in data.ASSIGNMENTS.values() for c in cs} == codes  # none idle
    assert all(code.isascii() for code in codes)


def test_there_is_one_person_per_role_with_the_demo_password(plan: Plan) -> None:
    profiles = {p.user.username: p for p in Profile.objects.select_related("user")}
    assert {name: p.role for name, p in profiles.items()} == {
        "demo-admin": "admin",
        "demo-coordinator": "coordinator",
        "demo-editor": "editor",
        "demo-viewer": "viewer",
        "demo-chief": "chief",
        "demo-director": "director",
        "demo-committee": "committee",
    }
    for profile in profiles.values():
        assert profile.user.check_password(data.DEMO_PASSWORD)
        assert profile.municipality_id == plan.municipality_id
    assert 2 <= profiles["demo-editor"].departments.count() <= 3


def test_an_approval_chain_is_in_progress(plan: Plan) -> None:
    """課長確認 → 部長確認 → 行革担当確認, every department in a 部, and FY2025 reports waiting at
    each step: one for demo-chief, one for demo-director, the rest submitted before the chain was
    set at the plan office's step."""
    assert [s.name for s in ChainStep.objects.filter(plan=plan)] == [
        "課長確認",
        "部長確認",
        "行革担当確認",
    ]
    assert not Department.objects.filter(municipality=plan.municipality, bureau=None).exists()
    waiting = ProgressReport.objects.filter(round__plan=plan, state=State.SUBMITTED)
    steps = [
        current.code for current in (r.step for r in waiting.select_related("step")) if current
    ]
    assert steps.count("kacho") == 1 and steps.count("bucho") == 1
    at_bucho = waiting.get(step__code="bucho")
    return_comment = at_bucho.transitions.filter(action="return").last().comment
    assert return_comment.startswith(data.SAMPLE)
    assert list(at_bucho.transitions.values_list("action", flat=True))[-2:] == ["return", "confirm"]


def test_fy2024_is_published_and_closed(plan: Plan) -> None:
    past = Round.objects.get(plan=plan, fiscal_year=2024)
    assert not past.is_open
    reports = ProgressReport.objects.filter(round=past)
    assert reports.count() == 49
    assert set(reports.values_list("state", flat=True)) == {State.PUBLISHED}
    assert reports.exclude(committee_opinion="").exists()
    for report in reports:
        assert report.result_text.startswith(data.SAMPLE)
        assert set(report.ratings) == {"status", "achievement"}
        moves = list(report.transitions.values_list("action", flat=True))
        assert moves == ["submit", "approve", "publish"]


def test_fy2025_is_open_with_reports_in_every_state(plan: Plan) -> None:
    current = Round.objects.get(plan=plan, fiscal_year=2025)
    assert current.is_open and current.deadline is not None
    reports = ProgressReport.objects.filter(round=current)
    assert set(reports.values_list("state", flat=True)) == set(State.values)
    returned = reports.filter(state=State.RETURNED).first()
    assert returned is not None
    comment = returned.transitions.get(action="return").comment
    assert comment.startswith(data.SAMPLE)
    # The demo editor has something to write and something to answer.
    editor = Profile.objects.get(user__username="demo-editor")
    theirs = reports.filter(node__departments__in=editor.departments.all()).distinct()
    assert {State.DRAFT, State.RETURNED} <= set(theirs.values_list("state", flat=True))
    for report in reports.exclude(result_text=""):
        assert report.result_text.startswith(data.SAMPLE)


def test_everything_is_on_record(plan: Plan) -> None:
    """Made through the services: every report move is a transition and an audit event."""
    assert (
        Transition.objects.count()
        == AuditEvent.objects.filter(action__startswith="progress.")
        .exclude(action="progress.update")
        .count()
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "department.create",
        "user.create",
        "node.departments",
        "round.open",
        "round.close",
        "yearplan.update",
        "progress.update",
        "progress.return",
        "demo.load",
    } <= actions
    assert YearPlan.objects.filter(node__plan=plan).count() == 49 * 5
    assert all(t.startswith(data.SAMPLE) for t in YearPlan.objects.values_list("text", flat=True))


def test_it_marks_the_plan_as_sample_data(plan: Plan) -> None:
    assert plan.has_sample_data


def test_migrations_alone_load_no_demo_data(db: None) -> None:
    assert not Plan.objects.filter(has_sample_data=True).exists()
    assert not User.objects.filter(username__startswith="demo-").exists()


def test_every_item_has_a_sample_sheet_from_the_shipped_template(plan: Plan) -> None:
    """個票 (issue 13): every 項目 and 詳細 of the Aomori plan, marked 【サンプル】."""
    items = Node.objects.filter(plan=plan, depth__gte=4)
    sheets = {s.node_id: s for s in ItemSheet.objects.filter(node__plan=plan)}
    assert items.count() == 53 and set(sheets) == set(items.values_list("pk", flat=True))
    for sheet in sheets.values():
        assert sheet.content.startswith("【サンプル】")
        assert sheet.schedule and all(s["text"].startswith("【サンプル】") for s in sheet.schedule)
    event = AuditEvent.objects.get(action="plan.sheets_import")
    assert event.actor_label == "system:demo" and "追加 53" in event.summary


def test_the_committee_has_a_published_year_and_an_open_one(plan: Plan) -> None:
    """行財政改革推進委員会 (issue 14): FY2024 published with its opinions and replies, FY2025
    shared and open with demo-committee's opinions, one replied by demo-editor."""
    reviews = {r.fiscal_year: r.state for r in CommitteeReview.objects.filter(plan=plan)}
    assert reviews == {2024: ReviewState.PUBLISHED, 2025: ReviewState.OPEN}
    published = list(published_opinions_q().filter(review__plan=plan))
    assert len(published) == 2 and all(o.reply for o in published)
    current = CommitteeOpinion.objects.filter(review__fiscal_year=2025, review__plan=plan)
    assert current.count() == 3 and current.exclude(reply="").count() == 1
    opinions = CommitteeOpinion.objects.filter(review__plan=plan)
    assert {o.author_name for o in opinions} == {"サンプル 委員"}
    assert all(o.text.startswith(data.SAMPLE) for o in opinions)
