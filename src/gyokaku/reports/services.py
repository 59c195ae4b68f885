"""Making the annual progress report (進捗状況報告書): one service for the command line and the
background job. The plan office only; every generation is an audit event."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Invalid
from gyokaku.lib.progress_sink import NO_PROGRESS, ProgressSink
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan
from gyokaku.reports.content import ReportContent, report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.models import ReportFile
from gyokaku.reports.parts import Edition
from gyokaku.reports.snapshot import Snapshot


@dataclass
class Generated:
    content: bytes
    format: str
    edition: Edition
    snapshot: Snapshot
    file: ReportFile | None = None  # when kept


def check_request(*, plan: Plan, fiscal_year: int, fmt: str, edition: str = Edition.PUBLIC) -> None:
    """Refuse a year outside the plan, an unknown format or edition, saying which is wrong."""
    problems = {}
    if fiscal_year not in plan.fiscal_years:
        problems["fiscal_year"] = (
            f"{fiscal_year}年度は計画期間（{plan.start_fy}〜{plan.end_fy}年度）外です"
        )
    if fmt not in FORMATS:
        problems["format"] = f"形式「{fmt}」は使えません（{'、'.join(FORMATS)} のいずれか）"
    if edition not in {e.value for e in Edition}:
        names = "、".join(f"{e.value}（{e.label}）" for e in Edition)
        problems["edition"] = f"版「{edition}」は使えません（{names} のいずれか）"
    if problems:
        raise Invalid(problems)


def report_generate(
    *,
    plan: Plan,
    fiscal_year: int,
    fmt: str,
    actor: Actor,
    edition: str = Edition.PUBLIC,
    keep: bool = False,
    progress: ProgressSink | None = None,
) -> Generated:
    """Make the ``edition`` (公表版 or 内部資料) of the report of ``plan`` for ``fiscal_year``
    in ``fmt``; with ``keep``, store it as a ReportFile (with the data it reflects) for the
    plan office's list."""
    require_plan_office(actor, plan, "進捗状況報告書の作成")
    check_request(plan=plan, fiscal_year=fiscal_year, fmt=fmt, edition=edition)
    progress = progress or NO_PROGRESS
    progress.step("データを読み込んでいます")
    content = report_content(plan=plan, fiscal_year=fiscal_year, edition=Edition(edition))
    data = FORMATS[fmt].render(content, progress)
    generated = Generated(
        content=data,
        format=fmt,
        edition=content.edition,
        snapshot=content.snapshot,
    )
    progress.step("保存しています")
    try:
        with transaction.atomic():
            if keep:
                _keep(plan, content, generated, actor)
            _audit(plan, content, generated, actor)
    except BaseException:
        if generated.file is not None:  # the row is gone with the transaction: so is the file
            generated.file.file.delete(save=False)
        raise
    return generated


def _audit(plan: Plan, content: ReportContent, generated: Generated, actor: Actor) -> None:
    fy, fmt = content.fiscal_year, generated.format
    audit_record(
        action="report.generate",
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=plan.slug,
        target=f"{fy} {fmt} {content.edition.value}",
        summary=f"{fy_label(fy)}の進捗状況報告書（{content.edition.label}・{FORMATS[fmt].label}）を"
        f"{'作成・保存しました' if generated.file else '作成しました'}。{content.snapshot.summary}",
        changes={
            "fingerprint": content.snapshot.fingerprint,
            "bytes": len(generated.content),
            "file": generated.file.pk if generated.file else None,
        },
    )


def _keep(plan: Plan, content: ReportContent, generated: Generated, actor: Actor) -> None:
    snapshot = content.snapshot
    row = ReportFile(
        plan=plan,
        fiscal_year=content.fiscal_year,
        format=generated.format,
        edition=generated.edition.value,
        size=len(generated.content),
        created_by=actor.user,
        created_by_label=actor.label,
        state_counts=snapshot.state_counts,
        items=content.total.tracked,
        data_updated_at=snapshot.data_updated_at,
        fingerprint=snapshot.fingerprint,
    )
    # A name nobody can guess or collide with; downloads are named by report_file_name.
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = f"{plan.slug}/{content.fiscal_year}/{stamp}-{uuid.uuid4().hex[:12]}.{generated.format}"
    row.file.save(name, ContentFile(generated.content), save=False)
    generated.file = row  # set before the row is saved, so that a failure removes the file
    row.save()


def _safe(text: str) -> str:
    """A title as part of a file name: no separators or characters Windows refuses."""
    return re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", text).strip() or "report"


def report_file_name(row: ReportFile) -> str:
    """The name a kept file is downloaded as (its number keeps several of a year apart)."""
    fy = row.fiscal_year
    edition = row.get_edition_display()
    return f"{_safe(row.plan.title)}_{fy_label(fy)}_進捗状況報告書_{edition}_{row.pk}.{row.format}"
