"""The reports.generate job, run through the real database worker (run_jobs): it checks again
who asked, and fails with a message a person can read."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.accounts.models import Profile
from gyokaku.jobs.models import Job
from gyokaku.jobs.services import job_start
from gyokaku.jobs.testing import run_jobs
from gyokaku.reports.models import ReportFile

pytestmark = pytest.mark.django_db


def _start(world: Any, name: str = "carol", **params: Any) -> Job:
    return job_start(
        kind="reports.generate",
        by=world.users[name],
        label="進捗状況報告書",
        plan=world.plan,
        params={"fiscal_year": 2024, "format": "pdf", **params},
    )


def _run(job: Job) -> Job:
    run_jobs()
    job.refresh_from_db()
    return job


def test_it_makes_and_keeps_the_pdf(measured: Any) -> None:
    job = _run(_start(measured))
    assert job.state == Job.State.DONE, job.error
    kept = ReportFile.objects.get()
    assert kept.format == "pdf" and kept.created_by == measured.users["carol"]
    assert kept.edition == "internal"  # a job started before editions existed
    assert kept.file.read(5) == b"%PDF-"
    assert job.total > 0  # the charts were counted as they were drawn


def test_it_fails_when_the_person_is_no_longer_the_plan_office(measured: Any) -> None:
    job = _start(measured)
    Profile.objects.filter(user=measured.users["carol"]).update(role="viewer")
    job = _run(job)
    assert job.state == Job.State.FAILED
    assert job.error == "進捗状況報告書の作成は計画担当（行政経営課）だけが行えます"
    assert not ReportFile.objects.exists()


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"fiscal_year": 2030}, "2030年度は計画期間（2024〜2028年度）外です"),
        ({"format": "odt"}, "形式「odt」は使えません（pdf、html、xlsx、docx のいずれか）"),
        (
            {"edition": "draft"},
            "版「draft」は使えません（public（公表版）、internal（内部資料） のいずれか）",
        ),
        ({"fiscal_year": "two"}, "年度または形式の指定が正しくありません。"),
    ],
)
def test_it_fails_on_bad_parameters_saying_why(
    measured: Any, params: dict[str, Any], error: str
) -> None:
    job = _run(_start(measured, **params))
    assert (job.state, job.error) == (Job.State.FAILED, error)
