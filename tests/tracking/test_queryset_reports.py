"""ProgressReport.objects and Transition.objects: what is published, who sees which reports,
reports of tracked nodes and of a subtree (the world of tests/world.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from tests.support.api_client import set_state

from gyokaku.accounts.access import ANONYMOUS, Actor
from gyokaku.tracking.models import ProgressReport, State, Transition
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db


def _names(reports: Iterable[ProgressReport]) -> list[str]:
    return sorted(f"{r.node.plan.municipality.code}:{r.node.key}" for r in reports)


@pytest.fixture
def published(world: Any) -> Any:
    """Aomori's 1-1 and Sapporo's 2 published; every other report a draft."""
    set_state(world.report("1-1"), State.PUBLISHED)
    set_state(
        ProgressReport.objects.get(node__plan=world.other_plan, node__key="2", fiscal_year=2025),
        State.PUBLISHED,
    )
    return world


def test_published_is_the_published_reports_only(published: Any) -> None:
    assert _names(ProgressReport.objects.published()) == ["011002:2", "022012:1-1"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # anybody outside a municipality: what is published, everywhere
        (None, ["011002:2", "022012:1-1"]),
        # another municipality: its own reports, and what is published of ours
        ("mallory", ["011002:1-1", "011002:1-2", "011002:2", "022012:1-1"]),
        # an editor and the plan office of Aomori: every Aomori report, Sapporo's published
        ("alice", ["011002:2", "022012:1-1", "022012:1-2", "022012:2"]),
        ("carol", ["011002:2", "022012:1-1", "022012:1-2", "022012:2"]),
        ("dave", ["011002:2", "022012:1-1", "022012:1-2", "022012:2"]),
    ],
)
def test_visible_to_is_the_municipality_or_published(
    published: Any, who: str | None, expected: list[str]
) -> None:
    actor = ANONYMOUS if who is None else published.actor(who)
    assert _names(ProgressReport.objects.visible_to(actor)) == expected


def test_a_user_without_a_role_sees_what_is_published(published: Any) -> None:
    roleless = Actor(user=published.users["alice"])
    assert _names(ProgressReport.objects.visible_to(roleless)) == ["011002:2", "022012:1-1"]


def test_of_leaves_leaves_out_a_report_of_a_branch(world: Any) -> None:
    branch = world.node("1")
    ProgressReport.objects.create(node=branch, round=world.round, fiscal_year=2024)
    aomori = ProgressReport.objects.filter(node__plan=world.plan)
    assert _names(aomori) == ["022012:1", "022012:1-1", "022012:1-2", "022012:2"]
    assert _names(aomori.of_leaves()) == ["022012:1-1", "022012:1-2", "022012:2"]


def test_under_is_a_subtree_by_node_or_by_key(world: Any) -> None:
    assert _names(ProgressReport.objects.under(world.node("1"))) == ["022012:1-1", "022012:1-2"]
    assert _names(ProgressReport.objects.under(world.node("1-1"))) == ["022012:1-1"]
    # a bare key matches in every plan: the caller limits the plan
    assert _names(ProgressReport.objects.under("1")) == [
        "011002:1-1",
        "011002:1-2",
        "022012:1-1",
        "022012:1-2",
    ]
    assert _names(ProgressReport.objects.filter(node__plan=world.plan).under("2")) == ["022012:2"]


def test_transitions_to_published_and_of_reports_still_public(world: Any) -> None:
    carol = world.actor("carol")
    for key in ("1-1", "1-2"):
        for action in ("submit", "approve", "publish"):
            transition_apply(report=world.report(key), action=action, actor=carol)
    transition_apply(report=world.report("1-2"), action="reopen", actor=carol, comment="誤記")
    moves = Transition.objects.filter(report__node__plan=world.plan)
    assert sorted(t.report.node.key for t in moves.publications()) == ["1-1", "1-2"]
    # a reopened report stays public, as last published, until it is published again
    public = moves.publications().of_published_reports()
    assert sorted(t.report.node.key for t in public) == ["1-1", "1-2"]


def test_published_reads_a_reopened_report_as_last_published(world: Any) -> None:
    carol = world.actor("carol")
    report = world.report("1-1")
    ProgressReport.objects.filter(pk=report.pk).update(result_text="公表した実績")
    for action in ("submit", "approve", "publish"):
        transition_apply(report=report, action=action, actor=carol)
    transition_apply(report=report, action="reopen", actor=carol, comment="数値の誤り")
    ProgressReport.objects.filter(pk=report.pk).update(result_text="手直し中の実績")
    [seen] = ProgressReport.objects.filter(pk=report.pk).published()
    assert (seen.result_text, seen.state) == ("公表した実績", State.PUBLISHED)
    [outside] = ProgressReport.objects.filter(pk=report.pk).visible_to(ANONYMOUS)
    assert outside.result_text == "公表した実績"
    [inside] = ProgressReport.objects.filter(pk=report.pk).visible_to(world.actor("alice"))
    assert (inside.result_text, inside.state) == ("手直し中の実績", State.DRAFT)
