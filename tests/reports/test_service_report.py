"""report_generate: the plan office only, a year of the plan, a known format; kept files go
under VAR_DIR/reports with the data they reflect; every generation is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Invalid, Refused
from gyokaku.reports.models import ReportFile
from gyokaku.reports.services import report_file_name, report_generate
from gyokaku.reports.snapshot import data_snapshot

pytestmark = pytest.mark.django_db


def test_it_keeps_the_file_with_the_data_it_reflects(measured: Any, var_dir: Path) -> None:
    generated = report_generate(
        plan=measured.plan,
        fiscal_year=2024,
        fmt="xlsx",
        edition="internal",
        actor=measured.actor("carol"),
        keep=True,
    )
    row = ReportFile.objects.get()
    assert generated.file == row
    path = Path(row.file.path)
    assert path.is_relative_to(var_dir / "reports" / "test-2024-2028" / "2024")
    assert path.read_bytes() == generated.content and row.size == len(generated.content)
    assert (row.fiscal_year, row.format, row.edition) == (2024, "xlsx", "internal")
    assert row.created_by_label == "carol"
    assert row.created_by == measured.users["carol"]
    assert row.state_counts["approved"] == 1 and row.state_counts["draft"] == 1
    assert row.items == 3
    now = data_snapshot(plan=measured.plan, fiscal_year=2024)
    assert row.fingerprint == now.fingerprint and row.data_updated_at == now.data_updated_at
    assert (
        report_file_name(row)
        == f"テスト行財政改革プラン_2024年度（令和6年度）_進捗状況報告書_内部資料_{row.pk}.xlsx"
    )
    event = AuditEvent.objects.get(action="report.generate")
    assert event.actor == measured.users["carol"] and event.target == "2024 xlsx internal"
    assert event.changes["file"] == row.pk and event.changes["fingerprint"] == row.fingerprint
    assert "作成・保存しました" in event.summary


@pytest.mark.parametrize("name", ["alice", "dave", "mallory"])
def test_only_the_plan_office_may_make_it(measured: Any, name: str) -> None:
    with pytest.raises(Refused) as refused:
        report_generate(plan=measured.plan, fiscal_year=2024, fmt="pdf", actor=measured.actor(name))
    assert "計画担当（行政経営課）だけ" in refused.value.message
    assert not AuditEvent.objects.filter(action="report.generate").exists()


def test_admins_may_make_it(measured: Any) -> None:
    generated = report_generate(
        plan=measured.plan, fiscal_year=2024, fmt="html", actor=measured.actor("erin")
    )
    assert generated.content.startswith(b"<!DOCTYPE html>") and generated.file is None


def test_it_refuses_a_year_outside_the_plan_and_an_unknown_format(measured: Any) -> None:
    with pytest.raises(Invalid) as invalid:
        report_generate(
            plan=measured.plan,
            fiscal_year=2023,
            fmt="odt",
            edition="draft",
            actor=measured.actor("carol"),
        )
    assert invalid.value.problems == {
        "fiscal_year": "2023年度は計画期間（2024〜2028年度）外です",
        "format": "形式「odt」は使えません（pdf、html、xlsx、docx のいずれか）",
        "edition": "版「draft」は使えません（public（公表版）、internal（内部資料） のいずれか）",
    }
    assert not ReportFile.objects.exists()
