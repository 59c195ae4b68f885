"""The job page: its starter watches it; nobody else can tell it exists."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.jobs.models import Job
from gyokaku.jobs.testing import run_jobs


@pytest.fixture
def job(world: Any, start: Any) -> Job:
    return start(world, rows=3)  # type: ignore[no-any-return]


def test_it_shows_a_queued_job_polling_for_news(as_user: Any, job: Job) -> None:
    response = as_user("carol").get(job.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "順番を待っています" in html
    assert 'hx-trigger="every 1s"' in html
    assert "<progress" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_shows_the_result_link_when_done(as_user: Any, job: Job) -> None:
    run_jobs()
    html = as_user("carol").get(job.get_absolute_url()).content.decode()
    assert "完了しました。" in html and "3 行を数えました" in html
    assert 'href="/somewhere/"' in html
    assert "every 1s" not in html  # finished: no more polling


def test_htmx_gets_the_status_alone(as_user: Any, job: Job) -> None:
    response = as_user("carol").get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="job-status"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name", ["alice", "dave", "mallory"])
def test_others_get_404(as_user: Any, job: Job, name: str) -> None:
    assert as_user(name).get(job.get_absolute_url()).status_code == 404


def test_an_admin_of_the_plan_may_watch(as_user: Any, job: Job) -> None:
    assert as_user("erin").get(job.get_absolute_url()).status_code == 200


def test_anonymous_callers_are_sent_to_log_in(as_user: Any, job: Job) -> None:
    response = as_user(None).get(job.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_job_is_404(as_user: Any, world: Any) -> None:
    assert as_user("carol").get("/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_reads_in_few_queries(
    as_user: Any, job: Job, django_assert_max_num_queries: Any
) -> None:
    client = as_user("carol")
    with django_assert_max_num_queries(12):  # session, user, profile, banner…
        client.get(job.get_absolute_url())


def test_it_says_when_a_job_may_have_stopped(as_user: Any, job: Job) -> None:
    from datetime import timedelta

    from django.utils import timezone

    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    html = as_user("carol").get(job.get_absolute_url()).content.decode()
    assert "ワーカー（gyokaku worker）が動いていない可能性があります" in html


def test_a_starter_who_moved_away_no_longer_sees_it(as_user: Any, job: Job, world: Any) -> None:
    from gyokaku.accounts.models import Profile

    Profile.objects.filter(user=world.users["carol"]).update(
        municipality=world.other_plan.municipality
    )
    assert as_user("carol").get(job.get_absolute_url()).status_code == 404
