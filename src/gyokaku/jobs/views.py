"""The page of one background job: what it is doing, how far it has come, and its result.

While the job runs, htmx asks for the status part every second and swaps it in; without
JavaScript a link shows the latest state."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from gyokaku.accounts.access import actor_for
from gyokaku.jobs.models import Job
from gyokaku.jobs.recovery import job_retry
from gyokaku.jobs.selectors import job_for
from gyokaku.lib.errors import Conflict, Hidden


def _job(request: HttpRequest, pk: uuid.UUID) -> Job:
    try:
        return job_for(actor=actor_for(request.user), pk=pk)
    except Hidden:
        raise Http404("no such job") from None


@never_cache
@login_required
@require_GET
def job_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = _job(request, pk)
    partial = "HX-Request" in request.headers
    template = "jobs/_status.html" if partial else "jobs/job.html"
    response = render(request, template, {"job": job})
    patch_vary_headers(response, ["HX-Request"])
    if partial and job.state == Job.State.DONE and job.result and job.result.get("follow"):
        response["HX-Redirect"] = job.result["url"]  # the next step of the flow, e.g. a preview
    return response


@login_required
@require_POST
def job_retry_view(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Start the same work again, for the person who started a failed job."""
    job = _job(request, pk)
    try:
        again = job_retry(job=job, by=request.user)
    except Hidden:
        raise Http404("no such job") from None
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect(job)
    return redirect(again)
