"""The attachments a reader may see: everybody inside the plan's municipality sees the current
ones; the public sees those that were there when the report was last published."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from gyokaku.accounts.access import Actor
from gyokaku.attachments.models import Attachment
from gyokaku.tracking.models import ProgressReport, Publication


def last_published_at(report: ProgressReport) -> datetime | None:
    """When the publication the public reads was made (``ProgressReport.publication``)."""
    if report.publication_id is None:
        return None
    found = Publication.objects.filter(pk=report.publication_id)
    return found.values_list("published_at", flat=True).first()


def attachments_for(actor: Actor, report: ProgressReport) -> list[Attachment]:
    """What ``actor`` may see of ``report``'s attachments (one or two queries)."""
    rows = Attachment.objects.filter(report=report).select_related("uploaded_by")
    if actor.is_internal(report.round.plan):
        return list(rows.filter(removed_at__isnull=True))
    if not ProgressReport.objects.filter(pk=report.pk).published().exists():
        return []  # the central rule of what the public reads (tracking.models.published_q)
    published = last_published_at(report)
    if published is None:
        return []
    as_published = Q(uploaded_at__lte=published) & (
        Q(removed_at__isnull=True) | Q(removed_at__gt=published)
    )
    return list(rows.filter(as_published))
