from __future__ import annotations

import uuid

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.jobs.models import Job
from gyokaku.lib.errors import Hidden


def job_for(*, actor: Actor, pk: uuid.UUID) -> Job:
    """A job its starter (or an admin of the same municipality) may watch; ``Hidden`` (404) for
    anybody else, who can't tell it exists."""
    job = Job.objects.select_related("plan").filter(pk=pk).first()
    if job is None or actor.is_anonymous:
        raise Hidden("no such job")
    still_inside = job.plan is None or actor.is_internal(job.plan)  # moved away: no longer
    if job.created_by_id == actor.user.pk and still_inside:
        return job
    if actor.role == Role.ADMIN and job.plan is not None and actor.is_internal(job.plan):
        return job
    raise Hidden("no such job")
