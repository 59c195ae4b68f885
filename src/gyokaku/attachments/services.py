"""Attaching and removing 根拠資料. Each write checks the rule (rules.py), keeps the file under
the var dir by a name of our own, and is audited; a refused file leaves nothing behind."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.attachments.content import kind_of, scan
from gyokaku.attachments.models import Attachment
from gyokaku.attachments.rules import can_attach
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Conflict, Invalid, enforce
from gyokaku.lib.text import text_problem
from gyokaku.tracking.models import ProgressReport

MAX_PER_REPORT = 20


def max_bytes() -> int:
    return int(getattr(settings, "GYOKAKU_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def storage_root() -> Path:
    return Path(settings.VAR_DIR) / "attachments"


def _clean_name(name: str) -> str:
    name = Path(name.replace("\\", "/")).name.strip() or "file"
    if problem := text_problem(name, multiline=False):
        raise Invalid({"file": f"ファイル名に{problem}"})
    return name[-200:]


def attachment_add(
    *, actor: Actor, report: ProgressReport, name: str, content: bytes
) -> Attachment:
    enforce(can_attach(actor, report, report.node.department_ids()))
    name = _clean_name(name)
    if len(content) > max_bytes():
        raise Invalid({"file": f"ファイルが大きすぎます（{max_bytes() // (1024 * 1024)} MB まで）"})
    if not content:
        raise Invalid({"file": "空のファイルは添付できません"})
    kind = kind_of(content)
    if isinstance(kind, str):
        raise Invalid({"file": kind})
    if Attachment.objects.filter(report=report, removed_at__isnull=True).count() >= MAX_PER_REPORT:
        raise Conflict(f"1 つの取組状況に添付できるのは {MAX_PER_REPORT} 件までです")
    stored_as = f"{report.pk}/{uuid.uuid4().hex}{kind.suffix}"
    path = storage_root() / stored_as
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    try:
        if problem := scan(path):
            raise Invalid({"file": problem})
        with transaction.atomic():
            attachment = Attachment.objects.create(
                report=report,
                name=name,
                stored_as=stored_as,
                content_type=kind.content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=actor.user,
            )
            audit_record(
                action="attachment.add",
                actor=actor.user,
                actor_label=actor.label,
                plan_slug=report.round.plan.slug,
                target=f"{report.node.key} {report.fiscal_year}",
                summary=f"根拠資料「{name}」（{kind.label}、{len(content):,} バイト）を添付",
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    """Remove from the report: marked ``removed_at``, the file kept, so that the public goes on
    seeing what was published with the report until it is published again."""
    report = attachment.report
    enforce(can_attach(actor, report, report.node.department_ids()))
    if attachment.removed_at is not None:
        return
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    audit_record(
        action="attachment.remove",
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=report.round.plan.slug,
        target=f"{report.node.key} {report.fiscal_year}",
        summary=f"根拠資料「{attachment.name}」を取り外し",
    )


def stored_path(attachment: Attachment) -> Path:
    return storage_root() / attachment.stored_as
