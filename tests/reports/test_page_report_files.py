"""The plan office's report page: the kept files with the data each reflects, the form that
starts a background job, and downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.reports.conftest import OTHER_PLAN, PLAN, REPORTS, workbook

from gyokaku.audit.models import AuditEvent
from gyokaku.jobs.models import Job
from gyokaku.jobs.testing import run_jobs
from gyokaku.reports.models import ReportFile
from gyokaku.reports.services import report_generate
from gyokaku.tracking.models import ProgressReport

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def _keep(world: Any, fy: int = 2024, fmt: str = "xlsx") -> ReportFile:
    generated = report_generate(
        plan=world.plan, fiscal_year=fy, fmt=fmt, actor=world.actor("carol"), keep=True
    )
    assert generated.file is not None
    return generated.file


@pytest.mark.parametrize("name", ["carol", "erin"])
def test_the_plan_office_sees_the_form(measured: Any, as_user: Clients, name: str) -> None:
    response = as_user(name).get(REPORTS)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="2024" selected>2024年度（令和6年度）</option>' in html
    assert '<option value="2028">2028年度（令和10年度）</option>' in html
    assert 'value="pdf"' in html and "Excel（集計・加工用）" in html
    assert "まだ報告書はありません。" in html


@pytest.mark.parametrize("name", ["alice", "dave"])
def test_other_people_of_the_municipality_get_403(
    measured: Any, as_user: Clients, name: str
) -> None:
    response = as_user(name).get(REPORTS)
    assert response.status_code == 403
    assert "計画担当（行政経営課）だけが行えます" in response.content.decode()
    assert AuditEvent.objects.filter(action="access.refused", actor_label=name).exists()


def test_outsiders_get_404_and_strangers_the_login_page(measured: Any, as_user: Clients) -> None:
    assert as_user("mallory").get(REPORTS).status_code == 404
    response = as_user(None).get(REPORTS)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert as_user("carol").get(f"{OTHER_PLAN}/reports/").status_code == 404


def test_it_lists_kept_files_with_the_data_they_reflect(measured: Any, as_user: Clients) -> None:
    kept = _keep(measured)
    html = as_user("carol").get(REPORTS).content.decode()
    assert "公表済 1件・承認済 1件・未承認 1件" in html
    assert "同じ（最新）" in html and "carol" in html
    assert f'href="{REPORTS}{kept.pk}/download/"' in html
    # a report changes afterwards: the list says the file no longer reflects the data
    ProgressReport.objects.filter(pk=measured.report("2").pk).update(version=5)
    assert "作成後に更新あり" in as_user("carol").get(REPORTS).content.decode()


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(REPORTS).status_code == 200
    return len(queries)


def test_the_list_reads_in_the_same_number_of_queries_for_any_number_of_files(
    measured: Any, as_user: Clients
) -> None:
    client = as_user("carol")
    client.get("/my/")  # the first request of a session reads more
    _keep(measured)
    one = _queries(client)
    for fy in (2024, 2025, 2026):
        _keep(measured, fy)
        _keep(measured, fy, "html")
    # session, user, actor 2, plan; the form's default year; files, the snapshot's 6; the
    # header's サンプル flag, profile and departments
    assert _queries(client) == one <= 16


def test_the_button_starts_a_job_that_keeps_the_file(measured: Any, as_user: Clients) -> None:
    client = as_user("carol")
    data = {"fiscal_year": "2024", "format": "xlsx", "edition": "internal"}
    response = client.post(f"{REPORTS}generate/", data)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.kind == "reports.generate" and job.plan == measured.plan
    assert job.params == {"fiscal_year": 2024, "format": "xlsx", "edition": "internal"}
    assert job.label == "進捗状況報告書 2024年度（令和6年度）（内部資料・Excel）"

    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    kept = ReportFile.objects.get()
    assert kept.edition == "internal"
    assert job.result is not None
    assert job.result["url"] == f"{REPORTS}{kept.pk}/download/"
    assert job.result["label"] == "ダウンロード"
    assert "公表済 1件・承認済 1件・未承認 1件" in job.result["message"]
    assert "ダウンロード" in client.get(job.get_absolute_url()).content.decode()

    download = client.get(job.result["url"])
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert "表紙" in workbook(body).sheetnames
    name = f"テスト行財政改革プラン_2024年度（令和6年度）_進捗状況報告書_内部資料_{kept.pk}.xlsx"
    assert f"filename*=utf-8''{quote(name)}" in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(action="report.generate", actor_label="carol").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fiscal_year": "2030", "format": "pdf", "edition": "public"}, "2030 は候補にありません"),
        ({"fiscal_year": "2024", "format": "odt", "edition": "public"}, "odt は候補にありません"),
        ({"fiscal_year": "2024", "format": "pdf", "edition": "draft"}, "draft は候補にありません"),
        ({"format": "pdf", "edition": "public"}, "このフィールドは必須です"),
    ],
)
def test_it_refuses_bad_input_and_starts_nothing(
    measured: Any, as_user: Clients, data: dict[str, str], message: str
) -> None:
    response = as_user("carol").post(f"{REPORTS}generate/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_only_the_plan_office_may_start_it(measured: Any, as_user: Clients) -> None:
    data = {"fiscal_year": "2024", "format": "pdf", "edition": "public"}
    assert as_user("alice").post(f"{REPORTS}generate/", data).status_code == 403
    assert as_user("mallory").post(f"{REPORTS}generate/", data).status_code == 404
    assert not Job.objects.exists()


def test_downloads_are_for_the_plan_office_of_the_plan(measured: Any, as_user: Clients) -> None:
    kept = _keep(measured)
    url = f"{REPORTS}{kept.pk}/download/"
    assert as_user("erin").get(url).status_code == 200
    assert as_user("dave").get(url).status_code == 403
    assert as_user("mallory").get(url).status_code == 404
    assert as_user("carol").get(f"{REPORTS}{kept.pk + 1}/download/").status_code == 404
    assert as_user("mallory").get(f"{OTHER_PLAN}/reports/{kept.pk}/download/").status_code == 404


def test_a_file_gone_from_the_disk_is_a_404(measured: Any, as_user: Clients) -> None:
    kept = _keep(measured)
    kept.file.delete(save=False)
    assert as_user("carol").get(f"{REPORTS}{kept.pk}/download/").status_code == 404


@pytest.mark.parametrize("page", ["rounds/", "review/"])
def test_the_plan_offices_pages_link_to_it(measured: Any, as_user: Clients, page: str) -> None:
    html = as_user("carol").get(f"{PLAN}/{page}").content.decode()
    assert f'href="{REPORTS}"' in html
