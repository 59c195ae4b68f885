"""Sending mails: what is due (``notices_send``, run by ``gyokaku remind`` from cron), a
reminder the plan office sends by hand (``department_remind``), and each person's settings.

A mail is recorded (``Notice``) before it is sent, under a unique constraint on (kind, event,
person): a second run, or two runs at once, send nothing already sent. A mail the server could
not send is un-recorded, so the next run tries again, and the run says so.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Department
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Conflict, Invalid
from gyokaku.notices.mail import compose
from gyokaku.notices.models import OPTIONAL_KINDS, Kind, Notice, NoticeSetting
from gyokaku.notices.selectors import (
    UNSUBMITTED,
    Event,
    Item,
    already_sent,
    editors_by_department,
    events_due,
    muted_kinds,
)
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import ProgressReport, Round

logger = logging.getLogger(__name__)


@dataclass
class SendResult:
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, key, to)
    failed: list[tuple[str, str, str]] = field(default_factory=list)


def _send(
    event: Event,
    result: SendResult,
    *,
    sent: AbstractSet[tuple[str, str, int]] = frozenset(),
    muted: dict[int, set[str]] | None = None,
) -> None:
    """Mail ``event`` to each of its users who has an address, has not turned its kind off
    (``muted``) and was not sent it before (``sent``; the unique constraint decides a race)."""
    if muted is None:
        muted = muted_kinds({u.pk for u in event.users})
    for user in event.users:
        off = muted.get(user.pk, set()) if event.kind in OPTIONAL_KINDS else set()
        if event.kind in off or not user.email or (event.kind, event.key, user.pk) in sent:
            continue
        subject, body = compose(event, user)
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    kind=event.kind, key=event.key, user=user, subject=subject
                )
        except IntegrityError:
            continue  # another run sent it a moment ago
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except OSError as exc:  # SMTP refused or unreachable: try again next run
            notice.delete()
            logger.warning("mail to %s failed: %s", user.email, exc)
            result.failed.append((event.kind, event.key, user.email))
        else:
            result.sent.append((event.kind, event.key, user.email))


def notices_send(*, today: dt.date | None = None, now: dt.datetime | None = None) -> SendResult:
    """Send every mail that is due and was not sent: rounds opened, deadlines near, items
    returned, the plan office's daily digest. What was sent and who turned what off are read
    once for the whole run."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    events = events_due(today, now, settings.GYOKAKU_REMIND_DAYS)
    sent = already_sent({e.key for e in events})
    muted = muted_kinds({u.pk for e in events for u in e.users})
    result = SendResult()
    for event in events:
        _send(event, result, sent=sent, muted=muted)
    return result


def department_remind(
    *, actor: Actor, plan: Plan, round_: Round, department: Department
) -> SendResult:
    """督促: mail the department's editors the items of ``round_`` they have not submitted.
    Sent each time the plan office asks (it is a deliberate act), audited."""
    require_plan_office(actor, plan, "督促")
    if department.municipality_id != plan.municipality_id:
        raise Invalid({"department": "この計画の自治体の所管課ではありません"})
    reports = list(
        ProgressReport.objects.filter(
            round=round_, node__departments=department, state__in=UNSUBMITTED
        )
        .select_related("node")
        .order_by("node__position")
    )
    if not reports:
        raise Conflict(f"{department.name}には未提出の取組がありません")
    users = editors_by_department(plan).get(department.pk, [])
    if not users:
        raise Conflict(f"{department.name}にはメールアドレスのある所管課担当者がいません")
    items = [Item.of(r) for r in reports]
    event = Event(
        Kind.REMIND,
        f"remind-{department.pk}-{timezone.now().isoformat()}",
        plan,
        users,
        {"round": round_, "items": items, "office": "行財政改革の担当課"},
    )
    result = SendResult()
    _send(event, result)  # the event's key is new each time: a reminder is sent each time
    audit_record(
        action="notice.remind",
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=plan.slug,
        target=department.code,
        summary=f"{department.name}に督促（未提出 {len(items)} 件、{len(result.sent)} 人に送信）",
    )
    return result


def notice_settings_save(*, user: Any, off: list[str]) -> NoticeSetting:
    unknown = [k for k in off if k not in OPTIONAL_KINDS]
    if unknown:
        raise Invalid({"off": f"選べない種類です: {', '.join(unknown)}"})
    setting, _ = NoticeSetting.objects.get_or_create(user=user)
    if sorted(setting.off) != sorted(off):
        audit_record(
            action="notice.settings",
            actor=user,
            actor_label=user.get_username(),
            target=user.get_username(),
            changes={"off": [sorted(setting.off), sorted(off)]},
        )
        setting.off = sorted(off)
        setting.save(update_fields=["off"])
    return setting
