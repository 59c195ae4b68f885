"""/plans/{slug}/sheet/upload/: check an uploaded sheet (a background job), preview its changes,
apply on confirmation (another job) — exactly what was previewed, by the uploader only, or
nothing at all."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.exchange.pages.conftest import SHEET, UPLOAD, edited_book, upload_file
from tests.support.sheets import snapshot
from tests.support.world import StaffClient, World

from gyokaku.audit.models import AuditEvent
from gyokaku.exchange import forms as exchange_forms
from gyokaku.exchange.models import Upload
from gyokaku.jobs.models import Job
from gyokaku.jobs.testing import run_jobs
from gyokaku.measures.models import FiscalEffect
from gyokaku.tracking.services import progress_update

Login = Callable[[str | None], StaffClient]


def finished_job(client: StaffClient, response: Any) -> Job:
    """The job a response sent the browser to, after the worker has run it."""
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/jobs/")
    run_jobs()
    return Job.objects.get(pk=response["Location"].split("/")[2])


def preview(client: StaffClient, content: bytes, name: str = "進捗.xlsx") -> Any:
    """Upload, let the check run, follow to the preview; the response of the preview page."""
    job = finished_job(client, client.post(UPLOAD, upload_file(content, name)))
    assert job.state == Job.State.DONE, job.error
    status = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    return client.get(status["HX-Redirect"])  # htmx goes on to the preview by itself


def confirm_data(page: Any) -> dict[str, str]:
    html = page.content.decode()
    return {
        name: re.search(rf'name="{name}" value="([0-9a-f]+)"', html)[1]
        for name in ("sha256", "changes")
    }  # type: ignore[index]


def apply_url(page: Any) -> str:
    return str(re.search(r'action="([^"]+/apply/)"', page.content.decode())[1])  # type: ignore[index]


def test_it_previews_the_changes_then_applies_them(world: World, as_user: Login) -> None:
    alice = as_user("alice")
    page = preview(alice, edited_book(world))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1-① 書かない窓口の導入" in html
    assert '<th scope="row">取組実績</th>' in html and "申請書の電子化を実施" in html
    assert "この内容で反映する" in html
    assert world.report("1-1").result_text == ""  # nothing yet

    job = finished_job(alice, alice.post(apply_url(page), confirm_data(page)))
    assert job.state == Job.State.DONE, job.error
    assert world.report("1-1").result_text == "申請書の電子化を実施"
    event = AuditEvent.objects.get(action="sheet.import")
    assert event.actor_label == "alice" and "1-1" in event.changes
    assert not Upload.objects.exists()
    html = alice.get(job.get_absolute_url()).content.decode()
    assert "1 件の取組に反映しました" in html and f'href="{SHEET}"' in html


def test_it_lists_every_problem_and_changes_nothing(world: World, as_user: Login) -> None:
    content = edited_book(world, {"1-1": "自分の取組", "2": "他課の取組"})
    alice = as_user("alice")
    before = snapshot()
    response = preview(alice, content)
    html = response.content.decode()
    assert response.status_code == 422
    assert "取り込めませんでした" in html and "何も変更していません" in html
    assert re.search(r"<code>進捗!\w+\d+</code>", html)  # each problem says where
    assert snapshot() == before
    assert "apply/" not in html  # nothing to confirm


def test_only_the_uploader_may_confirm(world: World, as_user: Login, audit_count: Any) -> None:
    page = preview(as_user("alice"), edited_book(world))
    before = snapshot()
    response = as_user("carol").post(apply_url(page), confirm_data(page))
    assert response.status_code == 403
    assert snapshot()[:-1] == before[:-1]  # only the refusal was recorded
    assert AuditEvent.objects.filter(action="access.refused", actor_label="carol").count() == 1
    assert as_user("carol").get(apply_url(page).removesuffix("apply/")).status_code == 403


def test_it_applies_nothing_when_someone_saved_meanwhile(world: World, as_user: Login) -> None:
    alice = as_user("alice")
    page = preview(alice, edited_book(world, {"1-1": "ファイルの実績", "1-2": "もう一件"}))
    progress_update(
        report=world.report("1-1"),
        actor=world.actor("carol"),
        data={"result_text": "画面で保存"},
        expected_version=1,
    )
    before = snapshot()
    job = finished_job(alice, alice.post(apply_url(page), confirm_data(page)))
    assert job.state == Job.State.FAILED
    assert job.error.startswith("何も変更していません。")
    assert snapshot() == before
    assert world.report("1-1").result_text == "画面で保存" and world.report("1-2").result_text == ""


def test_it_refuses_a_confirmation_for_other_bytes(world: World, as_user: Login) -> None:
    alice = as_user("alice")
    page = preview(alice, edited_book(world))
    data = {**confirm_data(page), "sha256": "0" * 64}
    assert alice.post(apply_url(page), data).status_code == 409
    assert world.report("1-1").result_text == ""


def test_it_enforces_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["alice"])
    response = client.post(UPLOAD, upload_file(edited_book(world)))
    assert response.status_code == 403 and not Upload.objects.exists()


def test_it_enforces_csrf_on_the_confirmation(world: World, as_user: Login) -> None:
    page = preview(as_user("alice"), edited_book(world))
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["alice"])
    assert client.post(apply_url(page), confirm_data(page)).status_code == 403
    assert world.report("1-1").result_text == ""


def test_it_refuses_a_file_over_the_limit_before_reading_it(
    world: World, as_user: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange_forms, "MAX_UPLOAD_BYTES", 1000)
    response = as_user("alice").post(UPLOAD, upload_file(b"x" * 200_000))
    assert response.status_code == 413
    assert "ファイルが大きすぎます" in response.content.decode()


def test_it_refuses_what_is_not_an_xlsx(world: World, as_user: Login) -> None:
    alice = as_user("alice")
    response = alice.post(UPLOAD, upload_file(b"%PDF-1.7 ...", "report.pdf"))
    assert response.status_code == 422
    assert "Excel ブック（.xlsx）か CSV（.csv）を選んでください" in response.content.decode()
    response = preview(alice, b"%PDF-1.7 ...", "disguised.xlsx")  # found by the check
    assert response.status_code == 422
    assert "Excel ブック（.xlsx）ではありません" in response.content.decode()


def test_it_refuses_viewers(world: World, as_user: Login, audit_count: Any) -> None:
    response = as_user("dave").post(UPLOAD, upload_file(edited_book(world)))
    assert response.status_code == 403
    assert audit_count(action="access.refused", actor_label="dave") == 1


def test_it_hides_another_municipalitys_plan(world: World, as_user: Login) -> None:
    response = as_user("mallory").post(UPLOAD, upload_file(edited_book(world)))
    assert response.status_code == 404


def test_an_unchanged_file_says_so(world: World, as_user: Login) -> None:
    from tests.support.sheets import book_bytes, export_book

    response = preview(as_user("alice"), book_bytes(export_book(world, "alice")))
    assert response.status_code == 200 and "変更はありませんでした" in response.content.decode()


def test_the_preview_waits_for_the_check(world: World, as_user: Login) -> None:
    alice = as_user("alice")
    response = alice.post(UPLOAD, upload_file(edited_book(world)))
    job_url = response["Location"]
    upload = Upload.objects.get()
    preview_url = f"{UPLOAD}{upload.pk}/"
    assert alice.get(preview_url)["Location"] == job_url  # not checked yet: watch the check
    assert "順番を待っています" in alice.get(job_url).content.decode()
    run_jobs()
    job = Job.objects.get()
    assert (job.step, job.state) == ("反映できるかを確かめています", Job.State.DONE)
    assert job.total == 1 and job.result["follow"] is True
    assert alice.get(job_url, HTTP_HX_REQUEST="true")["HX-Redirect"] == preview_url


def test_a_replaced_upload_fails_its_queued_check(world: World, as_user: Login) -> None:
    alice = as_user("alice")
    alice.post(UPLOAD, upload_file(edited_book(world)))
    alice.post(UPLOAD, upload_file(edited_book(world, {"1-1": "二度目"})))
    run_jobs()
    first, second = Job.objects.order_by("created_at")
    assert first.state == Job.State.FAILED and "もうありません" in first.error
    assert second.state == Job.State.DONE


def test_abandoned_uploads_are_dropped_after_a_day(world: World, as_user: Login) -> None:
    from datetime import timedelta

    from django.utils import timezone

    as_user("alice").post(UPLOAD, upload_file(edited_book(world)))
    Upload.objects.update(created_at=timezone.now() - timedelta(hours=25))
    as_user("bob").post(UPLOAD, upload_file(edited_book(world, actor="bob")))
    assert list(Upload.objects.values_list("user__username", flat=True)) == ["bob"]


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_a_csv_of_effects_is_checked_previewed_and_applied(
    world: World, as_user: Login, encoding: str
) -> None:
    from tests.support.sheets import CsvFile, add_measures, export_csv

    add_measures(world)
    codec = "cp932" if encoding == "cp932" else "utf-8-sig"
    file = CsvFile(export_csv(world, "財政効果", actor="alice", encoding=encoding), codec)
    file.put("1-1", "実績額", "800000")
    alice = as_user("alice")
    page = preview(alice, file.bytes(codec), "財政効果.csv")
    html = page.content.decode()
    assert page.status_code == 200 and "財政効果（2024年度）" in html and "800,000円" in html
    job = finished_job(alice, alice.post(apply_url(page), confirm_data(page)))
    assert job.state == Job.State.DONE, job.error
    assert FiscalEffect.objects.get(effect_year__node=world.node("1-1")).actual_yen == 800_000


def test_a_csv_of_indicators_with_problems_names_its_lines(world: World, as_user: Login) -> None:
    from tests.support.sheets import CsvFile, add_measures, export_csv

    add_measures(world)
    file = CsvFile(export_csv(world, "指標", actor="alice"))
    file.put("1-1", "実績", "=1+1")
    file.put("1-1", "実績", "たくさん", nth=1)
    alice = as_user("alice")
    before = snapshot()
    response = preview(alice, file.bytes(), "指標.csv")
    html = response.content.decode()
    assert response.status_code == 422
    assert "<code>line 2, 実績（2024年度）</code>" in html and "数式は使えません" in html
    assert "<code>line 3, 実績（2024年度）</code>" in html and "「たくさん」" in html
    assert snapshot() == before
