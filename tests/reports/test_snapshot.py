"""The data a report reflects: counts per state, the last change, and a fingerprint that moves
with any write the report would show."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.measured import effect

from gyokaku.measures.services import effects_update
from gyokaku.reports.snapshot import data_snapshot, data_snapshots
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import progress_update

pytestmark = pytest.mark.django_db


def test_it_counts_the_years_reports_per_state(measured: Any) -> None:
    snapshot = data_snapshot(plan=measured.plan, fiscal_year=2024)
    assert snapshot.state_counts == {
        "draft": 1,
        "submitted": 0,
        "returned": 0,
        "approved": 1,
        "published": 1,
    }
    assert snapshot.reports == 3 and snapshot.unapproved == 1
    latest = ProgressReport.objects.filter(node__plan=measured.plan).latest("updated_at")
    assert snapshot.data_updated_at is not None
    assert snapshot.data_updated_at >= latest.updated_at


def test_the_fingerprint_stays_while_nothing_changes(measured: Any) -> None:
    first = data_snapshot(plan=measured.plan, fiscal_year=2024).fingerprint
    assert data_snapshot(plan=measured.plan, fiscal_year=2024).fingerprint == first
    assert len(first) == 64


def test_a_saved_report_changes_the_fingerprint(measured: Any) -> None:
    before = data_snapshot(plan=measured.plan, fiscal_year=2024).fingerprint
    report = measured.report("2")
    report.round.plan = measured.plan
    report.node.plan = measured.plan
    progress_update(
        report=report,
        actor=measured.actor("bob"),
        data={"result_text": "書き直した"},
        expected_version=report.version,
    )
    assert data_snapshot(plan=measured.plan, fiscal_year=2024).fingerprint != before


def test_effects_count_up_to_the_year_only(measured: Any) -> None:
    """A FY2026 effect is in FY2026's cumulative figures, not in FY2024's."""
    snapshots = data_snapshots(plan=measured.plan, fiscal_years=[2024, 2026])
    effects_update(
        node=measured.node("1-1"),
        fiscal_year=2026,
        actor=measured.actor("carol"),
        effects=[effect("other", 1_000, None)],
        expected_version=0,
    )
    after = data_snapshots(plan=measured.plan, fiscal_years=[2024, 2026])
    assert after[2024].fingerprint == snapshots[2024].fingerprint
    assert after[2026].fingerprint != snapshots[2026].fingerprint


def test_it_reads_any_number_of_years_in_six_queries(
    measured: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(6):
        snapshots = data_snapshots(plan=measured.plan, fiscal_years=[2024, 2025, 2026, 2027])
    assert snapshots[2025].reports == 0
